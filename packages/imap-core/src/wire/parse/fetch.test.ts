import { describe, expect, it } from 'vitest';
import { asSeqNum, asUid } from '../../types.ts';
import { bytesOf, parseOne, parseSplitEverywhere } from '../../../test/support/wire-fixtures.ts';
import type { FetchAttributes, Response } from '../response.ts';

const attributesOf = (response: Response): FetchAttributes => {
  if (response.kind !== 'fetch') throw new Error(response.kind);
  return response.attributes;
};
const fetch = (items: string | Uint8Array): FetchAttributes =>
  attributesOf(parseSplitEverywhere(typeof items === 'string' ? `* 7 FETCH (${items})\r\n` : items));

describe('FETCH msg-att (RFC 9051 7.5.2)', () => {
  it('reads the sequence number and the usual summary items', () => {
    const response = parseSplitEverywhere(
      '* 12 FETCH (UID 4827 FLAGS (\\Seen) INTERNALDATE "17-Jul-1996 02:44:25 -0700" RFC822.SIZE 4286)\r\n',
    );
    expect(response).toEqual({
      kind: 'fetch',
      seq: asSeqNum(12),
      attributes: {
        uid: asUid(4827),
        flags: ['\\Seen'],
        internalDate: Date.UTC(1996, 6, 17, 9, 44, 25),
        rfc822Size: 4286,
      },
    });
  });

  it.each([
    ['" 7-Jul-2024 23:59:59 +0000"', Date.UTC(2024, 6, 7, 23, 59, 59)],
    ['"07-jul-2024 00:00:00 +0530"', Date.UTC(2024, 6, 6, 18, 30, 0)],
    ['"7-Dec-1999 12:00:00 -1200"', Date.UTC(1999, 11, 8, 0, 0, 0)],
  ])('reads INTERNALDATE %s as milliseconds since the epoch', (date, ms) => {
    expect(fetch(`INTERNALDATE ${date}`).internalDate).toBe(ms);
  });

  it.each([
    '"17-Jux-1996 02:44:25 -0700"',
    '"17-Jul-1996 02:44:25"',
    '"32-Jul-1996 02:44:25 -0700"',
    '17-Jul-1996',
  ])('refuses INTERNALDATE %s', (date) => {
    expect(() => parseOne(`* 1 FETCH (INTERNALDATE ${date})\r\n`)).toThrow(/date-/);
  });

  it('reads MODSEQ beyond 2^53 as a bigint (RFC 7162 3.1.4.1)', () => {
    expect(fetch('UID 1 MODSEQ (9007199254740993)').modseq).toBe(9007199254740993n);
  });

  it('reads BODY[section]<origin> data as bytes, from a literal or a quoted string', () => {
    const attributes = fetch(
      'BODY[HEADER.FIELDS (SUBJECT FROM)] {21}\r\nSubject: hi there\r\n\r\n BODY[1]<100> "abc" body[1.mime] NIL',
    );
    expect(attributes.sections).toEqual([
      { item: 'BODY', section: 'HEADER.FIELDS (SUBJECT FROM)', data: bytesOf('Subject: hi there\r\n\r\n') },
      { item: 'BODY', section: '1', origin: 100, data: bytesOf('abc') },
      { item: 'BODY', section: '1.MIME', data: null },
    ]);
  });

  it('reads BINARY[] data from a literal8, NUL bytes included (RFC 3516)', () => {
    const attributes = fetch(bytesOf('* 7 FETCH (BINARY[2] ~{4}\r\n\0\x01\x02\x03 BINARY.SIZE[2] 4)\r\n'));
    expect(attributes.sections).toEqual([{ item: 'BINARY', section: '2', data: Uint8Array.of(0, 1, 2, 3) }]);
    expect(attributes.binarySizes).toEqual(new Map([['2', 4]]));
  });

  it('reads RFC822, RFC822.HEADER and RFC822.TEXT as BODY[], BODY[HEADER] and BODY[TEXT]', () => {
    expect(fetch('RFC822.HEADER {4}\r\nA: b RFC822.TEXT "x" RFC822 NIL').sections).toEqual([
      { item: 'BODY', section: 'HEADER', data: bytesOf('A: b') },
      { item: 'BODY', section: 'TEXT', data: bytesOf('x') },
      { item: 'BODY', section: '', data: null },
    ]);
  });

  it('keeps unknown items raw and never fails on them', () => {
    const attributes = fetch(
      'X-GM-LABELS (\\Inbox "Work stuff") EMAILID (M6d99ac3275bb4e) X-GM-THRID 1278455344230334865 PREVIEW {5}\r\nHello UID 3',
    );
    expect(attributes.uid).toBe(3);
    expect(attributes.unknown).toEqual(
      new Map([
        ['X-GM-LABELS', bytesOf('(\\Inbox "Work stuff")')],
        ['EMAILID', bytesOf('(M6d99ac3275bb4e)')],
        ['X-GM-THRID', bytesOf('1278455344230334865')],
        ['PREVIEW', bytesOf('{5}\r\nHello')],
      ]),
    );
  });

  it('names the failing rule and offset', () => {
    expect(() => parseOne('* 7 FETCH (UID x)\r\n')).toThrow('expected uniqueid at byte 15');
    expect(() => parseOne('* 7 FETCH (UID 1 FLAGS (\\Seen)\r\n')).toThrow(
      "expected SP or ')' between msg-att items at byte 30",
    );
    expect(() => parseOne('* 0 FETCH (UID 1)\r\n')).toThrow('expected nz-number before FETCH at byte 2');
  });
});
