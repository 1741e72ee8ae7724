// The fast path for `* n FETCH (UID u INTERNALDATE "...")` (readUidDateFetch in fetch.ts): on every line it
// reads, it gives what the general parser gives; every other line, hostile ones included, it leaves to the
// general parser, so that parseResponse answers exactly as it did without it.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../../errors.ts';
import { asSeqNum, asUid } from '../../types.ts';
import { bytesOf } from '../../../test/support/wire-fixtures.ts';
import { parseByGrammar, parseResponse } from '../parse-response.ts';
import type { Response } from '../response.ts';
import { readUidDateFetch } from './fetch.ts';

const frameOf = (line: string | Uint8Array) => ({
  bytes: typeof line === 'string' ? bytesOf(line) : line,
  literals: [],
});

/** The general parser's answer, or the ProtocolError it threw. */
function byGrammar(line: string | Uint8Array): Response | ProtocolError {
  try {
    return parseByGrammar(frameOf(line));
  } catch (error) {
    if (error instanceof ProtocolError) return error;
    throw error;
  }
}

/** parseResponse's answer, or the ProtocolError it threw. */
function parsed(line: string | Uint8Array): Response | ProtocolError {
  try {
    return parseResponse(frameOf(line));
  } catch (error) {
    if (error instanceof ProtocolError) return error;
    throw error;
  }
}

/** Comparable form: a ProtocolError by its code, message and offset. */
function comparable(result: Response | ProtocolError): unknown {
  if (result instanceof ProtocolError)
    return { error: result.code, message: result.message, offset: result.offset };
  if (result.kind === 'unreadable') return { ...result, error: comparable(result.error) };
  return result;
}

const line = (date: string, seq = '1', uid = '5') => `* ${seq} FETCH (UID ${uid} INTERNALDATE "${date}")\r\n`;

describe('readUidDateFetch', () => {
  it.each([
    ['the usual line', line('04-Nov-2023 09:30:30 +0000'), 1, 5, Date.UTC(2023, 10, 4, 9, 30, 30)],
    [
      'a day written with a space',
      line(' 4-Nov-2023 09:30:30 +0000'),
      1,
      5,
      Date.UTC(2023, 10, 4, 9, 30, 30),
    ],
    [
      'a zone west of UTC',
      line('31-Dec-1999 23:59:59 -0130', '77', '4294967295'),
      77,
      4294967295,
      Date.UTC(2000, 0, 1, 1, 29, 59),
    ],
    [
      'a zone east of UTC, a month in lower case',
      line('01-jan-2024 00:00:00 +0530'),
      1,
      5,
      Date.UTC(2023, 11, 31, 18, 30, 0),
    ],
    ['a leap second', line('30-Jun-2015 23:59:60 +0000'), 1, 5, Date.UTC(2015, 5, 30, 23, 59, 60)],
    [
      'the 31st of February, as Date.UTC counts it',
      line('31-Feb-2024 12:00:00 +0000'),
      1,
      5,
      Date.UTC(2024, 1, 31, 12),
    ],
    ['a year below 100, as Date.UTC reads it', line('01-Mar-0050 00:00:00 +0000'), 1, 5, Date.UTC(50, 2, 1)],
    [
      'numbers with leading zeros',
      line('04-Nov-2023 09:30:30 +0000', '007', '0042'),
      7,
      42,
      Date.UTC(2023, 10, 4, 9, 30, 30),
    ],
  ])('reads %s as the general parser does', (_name, text, seq, uid, date) => {
    const expected = {
      kind: 'fetch',
      seq: asSeqNum(seq),
      attributes: { uid: asUid(uid), internalDate: date },
    };
    expect(readUidDateFetch(bytesOf(text))).toEqual(expected);
    expect(byGrammar(text)).toEqual(expected);
  });

  it.each([
    ['a lower-case name', '* 1 fetch (UID 5 INTERNALDATE "04-Nov-2023 09:30:30 +0000")\r\n'],
    ['the items the other way round', '* 1 FETCH (INTERNALDATE "04-Nov-2023 09:30:30 +0000" UID 5)\r\n'],
    ['a third item', '* 1 FETCH (UID 5 INTERNALDATE "04-Nov-2023 09:30:30 +0000" FLAGS (\\Seen))\r\n'],
    ['a one-digit day without its space', line('4-Nov-2023 09:30:30 +0000')],
    ['two spaces before the date', '* 1 FETCH (UID 5 INTERNALDATE  "04-Nov-2023 09:30:30 +0000")\r\n'],
    ['sequence number 0', line('04-Nov-2023 09:30:30 +0000', '0')],
    ['UID 0', line('04-Nov-2023 09:30:30 +0000', '1', '0')],
    ['a UID of 2^32', line('04-Nov-2023 09:30:30 +0000', '1', '4294967296')],
    ['a sequence number of 2^32', line('04-Nov-2023 09:30:30 +0000', '4294967296')],
    ['an impossible month', line('04-Foo-2023 09:30:30 +0000')],
    ['hour 24', line('04-Nov-2023 24:00:00 +0000')],
    ['no zone', '* 1 FETCH (UID 5 INTERNALDATE "04-Nov-2023 09:30:30")\r\n'],
    ['day 32', line('32-Nov-2023 09:30:30 +0000')],
    ['no closing parenthesis', '* 1 FETCH (UID 5 INTERNALDATE "04-Nov-2023 09:30:30 +0000"\r\n'],
    [
      'bytes after the closing parenthesis',
      '* 1 FETCH (UID 5 INTERNALDATE "04-Nov-2023 09:30:30 +0000") x\r\n',
    ],
    ['no CRLF at the end', '* 1 FETCH (UID 5 INTERNALDATE "04-Nov-2023 09:30:30 +0000")'],
    ['a tagged response', 'a1 FETCH (UID 5 INTERNALDATE "04-Nov-2023 09:30:30 +0000")\r\n'],
  ])('leaves %s to the general parser', (_name, text) => {
    expect(readUidDateFetch(bytesOf(text))).toBeNull();
    expect(comparable(parsed(text))).toEqual(comparable(byGrammar(text)));
  });

  it('reads dates across months and years as Date.UTC does, in any order', () => {
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    const cases: [string, number][] = [];
    for (const year of [1969, 1970, 1999, 2000, 2024, 9999, 1999, 2024]) {
      for (const month of [0, 1, 11, 1, 5]) {
        for (const day of [1, 28, 31]) {
          const text = `${String(day).padStart(2, '0')}-${months[month]}-${year} 13:14:15 -0200`;
          cases.push([text, Date.UTC(year, month, day, 15, 14, 15)]);
        }
      }
    }
    for (const [text, date] of cases) {
      expect([
        text,
        (readUidDateFetch(bytesOf(line(text))) as { attributes: { internalDate: number } }).attributes
          .internalDate,
      ]).toEqual([text, date]);
    }
  });

  it('agrees with the general parser on any line a few bytes away from the usual one', () => {
    const usual = bytesOf(line('04-Nov-2023 09:30:30 +0000', '12', '345'));
    // Bytes the grammar cares about: digits, letters of the keywords and months, and the separators.
    const interesting = bytesOf(' 0123456789()"-+:*\r\nFETCHUIDNTERALfetchuidNovnov\\{}~\0\x80');
    const edit = fc.record({
      at: fc.nat({ max: usual.length }),
      how: fc.constantFrom('replace', 'insert', 'delete'),
      byte: fc.oneof(fc.constantFrom(...interesting), fc.integer({ min: 0, max: 255 })),
    });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), (edits) => {
        const bytes = Array.from(usual);
        for (const { at, how, byte } of edits) {
          const i = Math.min(at, bytes.length);
          if (how === 'replace') bytes[Math.min(i, bytes.length - 1)] = byte;
          else if (how === 'insert') bytes.splice(i, 0, byte);
          else bytes.splice(i, 1);
        }
        const mutated = Uint8Array.from(bytes);
        const fast = readUidDateFetch(mutated);
        const general = byGrammar(mutated);
        if (fast !== null) expect(fast).toEqual(general);
        expect(comparable(parsed(mutated))).toEqual(comparable(general));
      }),
      { numRuns: 5000, seed: 13 },
    );
  });
});
