// Round trips for the two leaves the encoder relies on: parse(format(x)) = x for sequence sets and
// decode(encode(s)) = s for modified UTF-7, plus agreement between seqset.ts and the wire reader.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatSequenceSet,
  MAX_SEQ_NUMBER,
  normalizeRanges,
  parseSequenceSet,
  rangesFromNumbers,
} from '../../src/seqset.ts';
import type { NumberRange } from '../../src/types.ts';
import { decodeModifiedUtf7, encodeModifiedUtf7, tryDecodeModifiedUtf7 } from '../../src/utf7.ts';
import { Reader } from '../../src/wire/reader.ts';

const seqNumber = fc.oneof(
  fc.integer({ min: 1, max: MAX_SEQ_NUMBER }),
  fc.integer({ min: 1, max: 50 }),
  fc.constant(Infinity),
);
const range = fc
  .tuple(seqNumber, seqNumber)
  .map(([a, b]): NumberRange => (a <= b ? { start: a, end: b } : { start: b, end: a }));
const ranges = fc.array(range, { minLength: 1, maxLength: 20 });

describe('sequence set round trip', () => {
  it('parses what it formats: parse(format(x)) = x', () => {
    fc.assert(
      fc.property(ranges, (x) => {
        expect(parseSequenceSet(formatSequenceSet(x))).toEqual(x);
      }),
      { numRuns: 3000 },
    );
  });

  it('reads on the wire what seqset.ts formats', () => {
    fc.assert(
      fc.property(ranges, (x) => {
        const reader = new Reader(new TextEncoder().encode(`${formatSequenceSet(x)}\r\n`));
        expect(reader.sequenceSet(true)).toEqual(x);
        expect(reader.atEnd()).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('compacts numbers into ranges that contain exactly those numbers', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 200 }), { maxLength: 100 }), (numbers) => {
        const compact = rangesFromNumbers(numbers);
        const expanded = compact.flatMap((r) =>
          Array.from({ length: r.end - r.start + 1 }, (_, i) => r.start + i),
        );
        expect(expanded).toEqual([...new Set(numbers)].sort((a, b) => a - b));
        expect(normalizeRanges(compact)).toEqual(compact);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('modified UTF-7 round trip', () => {
  it('decodes what it encodes, and the encoding is printable US-ASCII', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (name) => {
        const wire = encodeModifiedUtf7(name);
        expect(wire).toMatch(/^[\x20-\x7e]*$/);
        expect(decodeModifiedUtf7(wire)).toBe(name);
      }),
      { numRuns: 3000 },
    );
  });

  it('re-encodes every name it accepts to the same wire form (one spelling per name, RFC 3501 5.1.3)', () => {
    const wireChar = fc.constantFrom(
      ...'&-ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,/ .~',
    );
    fc.assert(
      fc.property(fc.array(wireChar, { maxLength: 24 }), (chars) => {
        const wire = chars.join('');
        const name = tryDecodeModifiedUtf7(wire);
        if (name !== null) expect(encodeModifiedUtf7(name)).toBe(wire);
      }),
      { numRuns: 5000 },
    );
  });
});
