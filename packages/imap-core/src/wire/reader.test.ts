import { describe, expect, it } from 'vitest';
import { ErrorCodes, ProtocolError } from '../errors.ts';
import { bytesOf } from '../../test/support/wire-fixtures.ts';
import { MAX_NESTING_DEPTH } from './limits.ts';
import { Reader } from './reader.ts';

/** A reader over `text` + CRLF, as a framed response would be. */
const readerOf = (text: string | Uint8Array): Reader =>
  new Reader(typeof text === 'string' ? bytesOf(text, '\r\n') : bytesOf(text, '\r\n'));

function failureOf(action: () => unknown): ProtocolError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(ProtocolError);
    return error as ProtocolError;
  }
  throw new Error('expected a ProtocolError');
}

describe('Reader', () => {
  it('refuses bytes that do not end in CRLF', () => {
    expect(() => new Reader(bytesOf('* OK'))).toThrow(/CRLF at the end/);
  });

  describe('atom', () => {
    it.each([
      ['FETCH', 'FETCH'],
      ['$Forwarded rest', '$Forwarded'],
      ['BODY[HEADER]', 'BODY[HEADER'],
      ['a)b', 'a'],
    ])('reads the atom at the start of %j', (text, atom) => {
      expect(readerOf(text).atom()).toBe(atom);
    });

    it.each(['(x', ' x', '"x"', '%', '*', ']'])(
      'names the rule when %j does not start with an atom',
      (text) => {
        expect(failureOf(() => readerOf(text).atom('capability')).message).toBe(
          'expected capability at byte 0',
        );
      },
    );

    it('matches keywords case-insensitively (RFC 9051 9, note 1)', () => {
      const reader = readerOf('fEtCh');
      const end = reader.atomSpan();
      expect(reader.isKeyword(0, end, 'FETCH')).toBe(true);
      expect(reader.isKeyword(0, end, 'FETCHX')).toBe(false);
    });

    it('reads NIL in any case, but not as the start of a longer atom', () => {
      expect(readerOf('nil').nil()).toBe(true);
      expect(readerOf('NIL)').nil()).toBe(true);
      expect(readerOf('NILS').nil()).toBe(false);
      expect(readerOf('"NIL"').nil()).toBe(false);
    });
  });

  describe('strings', () => {
    const strings: ReadonlyArray<readonly [wire: string | Uint8Array, value: string | null]> = [
      ['"hello world"', 'hello world'],
      ['""', ''],
      ['"say \\"hi\\" \\\\ bye"', 'say "hi" \\ bye'],
      ['{5}\r\nhello', 'hello'],
      ['{0}\r\n', ''],
      ['{4}\r\nd\u00e9j', 'déj'],
      ['"caf\u00e9"', 'café'],
      ['NIL', null],
      ['nil', null],
    ];

    it.each(strings)('reads nstring %j', (wire, value) => {
      const reader = readerOf(wire);
      expect(reader.nstring()).toBe(value);
      expect(reader.atEnd()).toBe(true);
    });

    it('reads an astring written as an atom, including "]" (ASTRING-CHAR)', () => {
      expect(readerOf('INBOX]x').astring()).toBe('INBOX]x');
    });

    it.each([
      ['"unterminated', 'expected closing DQUOTE of nstring at byte 13'],
      ['"bad \\n escape"', `expected '"' or '\\' after '\\' in nstring at byte 6`],
      ['{5}\r\nabc', 'expected 5 literal bytes at byte 5'],
      ['{5}x', 'expected CRLF after literal size at byte 3'],
      ['atom', 'expected nstring (quoted, literal or NIL) at byte 0'],
    ])('refuses %j: %s', (wire, message) => {
      expect(failureOf(() => readerOf(wire).nstring()).message).toBe(message);
    });

    it('copies literal bytes rather than keeping a view of the frame', () => {
      const reader = readerOf('{3}\r\nabc');
      const form = reader.stringToken('x', false);
      const bytes = reader.spanBytes(form);
      expect(Array.from(bytes)).toEqual([0x61, 0x62, 0x63]);
      expect(bytes.buffer).not.toBe(reader.bytes.buffer);
    });
  });

  describe('numbers', () => {
    it('reads a 32-bit number and refuses 2^32', () => {
      expect(readerOf('4294967295').number()).toBe(4294967295);
      expect(failureOf(() => readerOf('4294967296').number('UID')).message).toBe(
        'expected UID below 2^32 at byte 0',
      );
    });

    it('refuses 0 where an nz-number is required', () => {
      expect(failureOf(() => readerOf('0').nzNumber('uniqueid')).message).toBe('expected uniqueid at byte 0');
    });

    it('reads mod-sequence values beyond 2^53 exactly, as bigint', () => {
      expect(readerOf('9007199254740993').number64()).toBe(9007199254740993n);
      expect(readerOf('9223372036854775807').number64()).toBe(9223372036854775807n);
      expect(readerOf('18446744073709551615').number64()).toBe(18446744073709551615n);
      expect(() => readerOf('18446744073709551616').number64()).toThrow(/below 2\^64/);
    });

    it('refuses a size beyond 2^53 rather than rounding it', () => {
      expect(() => readerOf('9007199254740993').number64AsNumber()).toThrow(/below 2\^53/);
    });
  });

  describe('sequence sets', () => {
    it('reads ranges without expanding them', () => {
      expect(readerOf('1:4294967295,7,9:5').sequenceSet(false)).toEqual([
        { start: 1, end: 4294967295 },
        { start: 7, end: 7 },
        { start: 5, end: 9 },
      ]);
    });

    it('reads "*" as Infinity only where the grammar allows it', () => {
      expect(readerOf('3:*').sequenceSet(true)).toEqual([{ start: 3, end: Infinity }]);
      expect(() => readerOf('3:*').sequenceSet(false, 'uid-set')).toThrow(/expected uid-set at byte 2/);
    });
  });

  describe('nesting', () => {
    it(`skips nested values up to ${MAX_NESTING_DEPTH} levels`, () => {
      const depth = MAX_NESTING_DEPTH;
      const reader = readerOf('('.repeat(depth) + 'x' + ')'.repeat(depth));
      reader.skipValue();
      expect(reader.atEnd()).toBe(true);
      expect(reader.depth).toBe(0);
    });

    it('refuses deeper nesting with NESTING_TOO_DEEP instead of exhausting the stack', () => {
      const depth = MAX_NESTING_DEPTH + 1;
      const error = failureOf(() => readerOf('('.repeat(depth) + ')'.repeat(depth)).skipValue());
      expect(error.code).toBe(ErrorCodes.NESTING_TOO_DEEP);
      expect(error.offset).toBe(MAX_NESTING_DEPTH);
    });

    it('skips quoted strings, literals and bracketed sections as single values', () => {
      const reader = readerOf('("a)" {2}\r\n)) X-Y[1 2] \\Seen)');
      reader.skipValue();
      expect(reader.atEnd()).toBe(true);
    });
  });

  it('reads text up to the end of the line, decoding UTF-8', () => {
    const reader = readerOf('Grüße [no code here]');
    expect(reader.text()).toBe('Grüße [no code here]');
  });
});
