import { describe, expect, it } from 'vitest';
import { DOVECOT_ESEARCH, parseOne, parseSplitEverywhere } from '../../../test/support/wire-fixtures.ts';

describe('SEARCH and SORT (RFC 9051 7.3.4, RFC 5256, RFC 7162 3.1.5)', () => {
  it.each([
    ['* SEARCH 2 3 6\r\n', { kind: 'search', numbers: Uint32Array.of(2, 3, 6) }],
    ['* SEARCH\r\n', { kind: 'search', numbers: new Uint32Array(0) }],
    ['* SEARCH \r\n', { kind: 'search', numbers: new Uint32Array(0) }],
    ['* SEARCH 4294967295\r\n', { kind: 'search', numbers: Uint32Array.of(4294967295) }],
    [
      '* SEARCH 2 5 (MODSEQ 917162500)\r\n',
      { kind: 'search', numbers: Uint32Array.of(2, 5), modseq: 917162500n },
    ],
    ['* SORT 5 3 4 1 2\r\n', { kind: 'sort', numbers: Uint32Array.of(5, 3, 4, 1, 2) }],
  ])('reads %j', (line, expected) => {
    expect(parseSplitEverywhere(line)).toEqual(expected);
  });

  it('reads a long result into an exactly sized array', () => {
    const numbers = Array.from({ length: 5000 }, (_, i) => i * 2 + 1);
    const response = parseOne(`* SEARCH ${numbers.join(' ')}\r\n`);
    expect(response).toEqual({ kind: 'search', numbers: Uint32Array.from(numbers) });
    if (response.kind === 'search') expect(response.numbers.buffer.byteLength).toBe(5000 * 4);
  });

  it.each(['* SEARCH 0\r\n', '* SEARCH 1  2\r\n', '* SEARCH a\r\n', '* SEARCH 1 (MODSEQ)\r\n'])(
    'refuses %j',
    (line) => {
      expect(() => parseOne(line)).toThrow(/expected/);
    },
  );
});

describe('ESEARCH (RFC 4731, RFC 9051 7.3.4)', () => {
  it.each([
    [
      DOVECOT_ESEARCH,
      {
        kind: 'esearch',
        tag: 'A282',
        uid: true,
        min: 2,
        count: 3,
        all: [
          { start: 2, end: 2 },
          { start: 10, end: 11 },
        ],
        modseq: 917162500n,
      },
    ],
    [
      '* ESEARCH (TAG "A283") ALL 2,10:11\r\n',
      {
        kind: 'esearch',
        tag: 'A283',
        uid: false,
        all: [
          { start: 2, end: 2 },
          { start: 10, end: 11 },
        ],
      },
    ],
    ['* ESEARCH (TAG "A284") MIN 4\r\n', { kind: 'esearch', tag: 'A284', uid: false, min: 4 }],
    [
      '* ESEARCH (TAG "A285") UID MIN 7 MAX 3800\r\n',
      { kind: 'esearch', tag: 'A285', uid: true, min: 7, max: 3800 },
    ],
    ['* ESEARCH (TAG "A286") COUNT 15\r\n', { kind: 'esearch', tag: 'A286', uid: false, count: 15 }],
    ['* ESEARCH (TAG "A287") COUNT 0\r\n', { kind: 'esearch', tag: 'A287', uid: false, count: 0 }],
    ['* ESEARCH UID COUNT 0\r\n', { kind: 'esearch', tag: null, uid: true, count: 0 }],
    ['* ESEARCH\r\n', { kind: 'esearch', tag: null, uid: false }],
    [
      '* ESEARCH (TAG "A1") UID PARTIAL (-1:-100 200:250) COUNT 3\r\n',
      { kind: 'esearch', tag: 'A1', uid: true, count: 3 },
    ],
  ])('reads %j', (line, expected) => {
    expect(parseSplitEverywhere(line)).toEqual(expected);
  });

  it.each([
    '* ESEARCH (TAG) MIN 1\r\n',
    '* ESEARCH (FOO "a") MIN 1\r\n',
    '* ESEARCH MIN x\r\n',
    '* ESEARCH ALL 1:*\r\n',
  ])('refuses %j', (line) => {
    expect(() => parseOne(line)).toThrow(/expected/);
  });
});
