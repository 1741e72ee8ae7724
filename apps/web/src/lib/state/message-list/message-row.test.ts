import type { BodyStructure, Envelope } from '@webmail/imap-core';
import { describe, expect, it } from 'vitest';
import {
  changedFlags,
  hasAttachment,
  isLabelKeyword,
  keywordsAllowedBy,
  mergeKeywords,
  rowFromFetch,
  sameFlags,
  withFlags,
} from './message-row.ts';

const params = (entries: [string, string][] = []) => new Map(entries);
const text = (subtype = 'plain', part = '1'): BodyStructure => ({
  kind: 'text',
  type: 'text',
  subtype,
  part,
  params: params([['charset', 'utf-8']]),
  id: null,
  description: null,
  encoding: '7bit',
  size: 10,
  lines: 1,
});
const basic = (type: string, subtype: string, extra: Partial<BodyStructure> = {}): BodyStructure =>
  ({
    kind: 'basic',
    type,
    subtype,
    part: '2',
    params: params(),
    id: null,
    description: null,
    encoding: 'base64',
    size: 100,
    ...extra,
  }) as BodyStructure;
const multipart = (subtype: string, children: BodyStructure[]): BodyStructure => ({
  kind: 'multipart',
  type: 'multipart',
  subtype,
  part: '',
  children,
});

describe('hasAttachment', () => {
  it.each<[string, BodyStructure, boolean]>([
    ['a plain text message', text(), false],
    ['an HTML alternative', multipart('alternative', [text(), text('html', '2')]), false],
    [
      'a part with Content-Disposition attachment',
      multipart('mixed', [
        text(),
        basic('application', 'pdf', { disposition: { type: 'attachment', params: params() } }),
      ]),
      true,
    ],
    [
      'a named part without a disposition',
      multipart('mixed', [text(), basic('image', 'png', { params: params([['name', 'a.png']]) })]),
      true,
    ],
    [
      'inline images of an HTML body (multipart/related)',
      multipart('related', [text('html'), basic('image', 'png', { params: params([['name', 'logo.png']]) })]),
      false,
    ],
    [
      'an explicitly inline named image',
      multipart('mixed', [
        text(),
        basic('image', 'png', {
          params: params([['name', 'a.png']]),
          disposition: { type: 'inline', params: params() },
        }),
      ]),
      false,
    ],
  ])('%s: %s', (_name, structure, expected) => {
    expect(hasAttachment(structure)).toBe(expected);
  });
});

describe('rowFromFetch', () => {
  const envelope: Envelope = {
    date: 'Mon, 3 Nov 2025 09:00:00 +0800',
    subject: '=?UTF-8?B?5bel5L2c?=',
    from: [{ name: 'Ann', adl: null, mailbox: 'ann', host: 'example.org' }],
    sender: [],
    replyTo: [],
    to: [{ name: null, adl: null, mailbox: 'bob', host: 'example.org' }],
    cc: [{ name: 'Cy', adl: null, mailbox: 'cy', host: 'example.org' }],
    bcc: [],
    inReplyTo: null,
    messageId: null,
  };

  it('decodes what the row shows and reads the flags', () => {
    const row = rowFromFetch(7, {
      flags: ['\\Seen', '\\Flagged'],
      envelope,
      rfc822Size: 2048,
      internalDate: 0,
    });
    expect(row).toMatchObject({
      uid: 7,
      seen: true,
      flagged: true,
      answered: false,
      subject: '工作',
      from: 'Ann',
      fromEmail: 'ann@example.org',
      to: 'bob@example.org, Cy',
      size: 2048,
      date: Date.UTC(2025, 10, 3, 1, 0),
    });
  });

  it('falls back to INTERNALDATE when the Date header is unreadable', () => {
    const row = rowFromFetch(1, { envelope: { ...envelope, date: 'garbage' }, internalDate: 1234 });
    expect(row.date).toBe(1234);
  });

  it('replaces flags without touching the rest', () => {
    const row = rowFromFetch(1, { flags: [], envelope });
    const seen = withFlags(row, ['\\Seen', '\\Answered']);
    expect([seen.seen, seen.answered, seen.subject]).toEqual([true, true, '工作']);
    expect(sameFlags(['\\Seen', 'A'], ['a', '\\seen'])).toBe(true);
  });
});

describe('keywords', () => {
  it.each([
    ['Work', true],
    ['$label1', true],
    ['\\Seen', false],
    ['$Junk', false],
    ['$NOTJUNK', false],
    ['$Forwarded', false],
    ['$MDNSent', false],
    ['NonJunk', false],
    ['Junk', false],
  ])('%s is a label: %s', (flag, label) => {
    expect(isLabelKeyword(flag)).toBe(label);
  });

  it('puts labels and junk on the row', () => {
    const row = rowFromFetch(1, { flags: ['\\Seen', 'Work', '$junk', '$Forwarded'] });
    expect([row.keywords, row.junk]).toEqual([['Work'], true]);
  });

  it('adds and removes flags case-insensitively, without duplicates', () => {
    expect(changedFlags(['\\Seen', 'Work'], ['work', '\\Flagged'], ['\\SEEN'])).toEqual([
      'Work',
      '\\Flagged',
    ]);
  });

  it('merges the label keywords it has not seen, keeping the same array when none are new', () => {
    const known = ['Work'];
    expect(mergeKeywords(known, ['work', '\\Seen', '$Junk'])).toBe(known);
    expect(mergeKeywords(known, ['Home', 'home', '\\*'])).toEqual(['Work', 'Home']);
  });

  it('allows new keywords only when PERMANENTFLAGS has \\*', () => {
    expect([
      keywordsAllowedBy(null),
      keywordsAllowedBy(['\\Seen']),
      keywordsAllowedBy(['\\Seen', '\\*']),
    ]).toEqual([false, false, true]);
  });
});
