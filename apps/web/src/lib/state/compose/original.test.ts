import { asSeqNum, asUid, type FetchAttributes, type FetchedMessage } from '@webmail/imap-core';
import { describe, expect, it } from 'vitest';
import type { BodyPart } from '../../mail/body-parts.ts';
import { attributesOf, headerFields, messageIds, partsOf } from './original.ts';

const fetched = (uid: number, attributes: FetchAttributes): FetchedMessage => ({
  seq: asSeqNum(1),
  uid: asUid(uid),
  attributes: { uid: asUid(uid), ...attributes },
});

describe('reading an original', () => {
  it("takes the items asked for from whichever FETCH response carries them (another command's flag echo comes first)", () => {
    const section = { item: 'BODY' as const, section: 'HEADER', data: new Uint8Array([1]) };
    const merged = attributesOf(
      [
        fetched(7, { flags: ['\\Seen'] }),
        fetched(8, { rfc822Size: 99 }),
        fetched(7, { rfc822Size: 1234, sections: [section] }),
        fetched(7, { flags: ['\\Seen', '\\Answered'] }),
      ],
      7,
    );
    expect(merged).toEqual({
      uid: 7,
      flags: ['\\Seen', '\\Answered'],
      rfc822Size: 1234,
      sections: [section],
    });
    expect(attributesOf([fetched(8, {})], 7)).toBeNull();
  });

  it('reads header fields unfolded, the first of each, and message ids in order', () => {
    const header = new TextEncoder().encode(
      'References: <a@x>\r\n <b@x>\r\nDelivered-To: ann@example.org\r\nX-Webmail-Draft: reply; mailbox=SU5CT1g; uidvalidity=1; uid=2\r\nDelivered-To: other@example.org\r\n\r\n',
    );
    const fields = headerFields(header, ['references', 'delivered-to', 'x-webmail-draft']);
    expect(fields.get('delivered-to')).toBe('ann@example.org');
    expect(fields.get('x-webmail-draft')).toBe('reply; mailbox=SU5CT1g; uidvalidity=1; uid=2');
    expect(messageIds(fields.get('references') ?? '')).toEqual(['<a@x>', '<b@x>']);
  });

  it("quotes the reader's body parts one by one: HTML as HTML, HTML too costly to show as its text", () => {
    const body: BodyPart[] = [
      { kind: 'text', text: 'first' },
      { kind: 'html', html: '<p>second</p>', alternative: null },
      {
        kind: 'html-as-text',
        text: 'third, as text',
        fromAlternative: false,
        reason: 'depth',
        count: {} as Extract<BodyPart, { kind: 'html-as-text' }>['count'],
      },
      { kind: 'message', subject: 'Forwarded inside', from: [], to: [], cc: [], date: null },
    ];
    expect(partsOf(body)).toEqual([
      { kind: 'text', text: 'first' },
      { kind: 'html', html: '<p>second</p>' },
      { kind: 'text', text: 'third, as text' },
      { kind: 'text', text: 'Forwarded inside' },
    ]);
  });
});
