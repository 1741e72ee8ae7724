import { describe, expect, it } from 'vitest';
import { bytesOf, parseOne, parseSplitEverywhere } from '../../../test/support/wire-fixtures.ts';
import type { Envelope } from '../../types.ts';
import type { Response } from '../response.ts';

const envelopeOf = (response: Response): Envelope => {
  if (response.kind !== 'fetch' || response.attributes.envelope === undefined) throw new Error('no envelope');
  return response.attributes.envelope;
};
const envelope = (value: string | Uint8Array): Envelope =>
  envelopeOf(parseSplitEverywhere(bytesOf('* 1 FETCH (ENVELOPE ', value, ')\r\n')));

describe('ENVELOPE (RFC 9051 7.5.2)', () => {
  it('reads the RFC 3501 example envelope', () => {
    expect(
      envelope(
        '("Wed, 17 Jul 1996 02:23:25 -0700 (PDT)" "IMAP4rev1 WG mtg summary and minutes" ' +
          '(("Terry Gray" NIL "gray" "cac.washington.edu")) (("Terry Gray" NIL "gray" "cac.washington.edu")) ' +
          '(("Terry Gray" NIL "gray" "cac.washington.edu")) ((NIL NIL "imap" "cac.washington.edu")) ' +
          '((NIL NIL "minutes" "CNRI.Reston.VA.US")("John Klensin" NIL "KLENSIN" "MIT.EDU")) NIL NIL ' +
          '"<B27397-0100000@cac.washington.edu>")',
      ),
    ).toEqual({
      date: 'Wed, 17 Jul 1996 02:23:25 -0700 (PDT)',
      subject: 'IMAP4rev1 WG mtg summary and minutes',
      from: [{ name: 'Terry Gray', adl: null, mailbox: 'gray', host: 'cac.washington.edu' }],
      sender: [{ name: 'Terry Gray', adl: null, mailbox: 'gray', host: 'cac.washington.edu' }],
      replyTo: [{ name: 'Terry Gray', adl: null, mailbox: 'gray', host: 'cac.washington.edu' }],
      to: [{ name: null, adl: null, mailbox: 'imap', host: 'cac.washington.edu' }],
      cc: [
        { name: null, adl: null, mailbox: 'minutes', host: 'CNRI.Reston.VA.US' },
        { name: 'John Klensin', adl: null, mailbox: 'KLENSIN', host: 'MIT.EDU' },
      ],
      bcc: [],
      inReplyTo: null,
      messageId: '<B27397-0100000@cac.washington.edu>',
    });
  });

  it('keeps encoded words, escapes and a literal subject as sent', () => {
    const value = envelope(
      '(NIL {25}\r\n=?UTF-8?Q?caf=C3=A9?= "x" (("=?UTF-8?B?5byg5LiJ?=" NIL "z" "example.cn")("A \\"B\\"" NIL "a" "b")) NIL NIL NIL NIL NIL NIL NIL)',
    );
    expect(value.subject).toBe('=?UTF-8?Q?caf=C3=A9?= "x"');
    expect(value.from.map((a) => a.name)).toEqual(['=?UTF-8?B?5byg5LiJ?=', 'A "B"']);
    expect(value.date).toBeNull();
    expect(value.subjectBytes).toBeUndefined();
  });

  it('keeps a raw 8-bit GBK subject losslessly in subjectBytes', () => {
    const gbk = Uint8Array.of(0xbb, 0xe1, 0xd2, 0xe9);
    const value = envelope(bytesOf('(NIL {4}\r\n', gbk, ' NIL NIL NIL NIL NIL NIL NIL NIL)'));
    expect(value.subjectBytes).toEqual(gbk);
    expect(value.subject).toBe('\ufffd\ufffd\ufffd\ufffd');
  });

  it('reads a valid UTF-8 subject without keeping its bytes', () => {
    const value = envelope(bytesOf('(NIL {6}\r\n', 'Grüße'.slice(0, 4), ' NIL NIL NIL NIL NIL NIL NIL NIL)'));
    expect(value.subject).toBe('Grüß');
    expect(value.subjectBytes).toBeUndefined();
  });

  it.each([
    ['a quoted string', (gbk: Uint8Array) => bytesOf('"', gbk, ' \\"Li\\""')],
    ['a literal', (gbk: Uint8Array) => bytesOf(`{${gbk.length + 5}}\r\n`, gbk, ' "Li"')],
  ])('keeps a raw 8-bit GBK display name sent as %s in nameBytes', (_form, token) => {
    const gbk = Uint8Array.of(0xd5, 0xc5, 0xc8, 0xfd); // 张三
    const from = bytesOf('((', token(gbk), ' NIL "zs" "example.cn"))');
    const value = envelope(bytesOf('(NIL NIL ', from, ' ', from, ' NIL NIL NIL NIL NIL NIL)'));
    expect(value.from[0]?.nameBytes).toEqual(bytesOf(gbk, ' "Li"'));
    expect(value.from[0]?.name).toBe('\ufffd\ufffd\ufffd\ufffd "Li"');
    expect(value.sender[0]?.nameBytes).toEqual(bytesOf(gbk, ' "Li"'));
  });

  it('keeps no bytes for ASCII and valid UTF-8 display names', () => {
    const value = envelope(
      bytesOf('(NIL NIL (("Ann" NIL "a" "b")("Jürgen" NIL "j" "b")) NIL NIL NIL NIL NIL NIL NIL)'),
    );
    expect(value.from.map((a) => a.name)).toEqual(['Ann', 'Jürgen']);
    expect(value.from.map((a) => Object.keys(a))).toEqual([
      ['name', 'adl', 'mailbox', 'host'],
      ['name', 'adl', 'mailbox', 'host'],
    ]);
  });

  it('reads group syntax (RFC 9051 7.5.2: NIL host starts a group, all-NIL ends it)', () => {
    const value = envelope(
      '(NIL NIL ((NIL NIL "undisclosed-recipients" NIL)(NIL NIL NIL NIL)) NIL NIL NIL NIL NIL NIL NIL)',
    );
    expect(value.from).toEqual([
      { name: null, adl: null, mailbox: 'undisclosed-recipients', host: null },
      { name: null, adl: null, mailbox: null, host: null },
    ]);
  });

  it('accepts SP between addresses, which some servers send', () => {
    const value = envelope('(NIL NIL ((NIL NIL "a" "b") (NIL NIL "c" "d")) NIL NIL NIL NIL NIL NIL NIL)');
    expect(value.from.map((a) => a.mailbox)).toEqual(['a', 'c']);
  });

  it('shares address lists that repeat, within a response and across responses', () => {
    const line =
      '* 1 FETCH (ENVELOPE (NIL NIL ((NIL NIL "a" "b")) ((NIL NIL "a" "b")) ((NIL NIL "a" "b")) NIL NIL NIL NIL NIL))\r\n';
    // A span is cached the second time it is seen, so from here on every list is the same object.
    parseOne(line);
    const first = envelopeOf(parseOne(line));
    const second = envelopeOf(parseOne(line));
    expect(second.sender).toBe(second.from);
    expect(second.replyTo).toBe(second.from);
    expect(second.from).toBe(first.from);
    expect(Object.isFrozen(second.from)).toBe(true);
    expect(Object.isFrozen(second.from[0])).toBe(true);
  });

  it.each([
    ['(NIL NIL NIL NIL NIL NIL NIL NIL NIL)', 'expected SP at byte 56'],
    ['(NIL NIL (("a" NIL "b")) NIL NIL NIL NIL NIL NIL NIL)', 'expected SP at byte 42'],
    ['(NIL NIL () NIL NIL NIL NIL NIL NIL NIL)', "expected '(' of address at byte 30"],
  ])('refuses %s', (value, message) => {
    expect(() => parseOne(`* 1 FETCH (ENVELOPE ${value})\r\n`)).toThrow(message);
  });
});
