import { describe, expect, it } from 'vitest';
import { ProtocolError, UsageError } from './errors.ts';
import {
  countRanges,
  formatSequenceSet,
  hasStar,
  intersectRanges,
  listedCount,
  normalizeRanges,
  parseSequenceSet,
  rangesFromNumbers,
  rangesInclude,
  rangesWithin,
} from './seqset.ts';
import type { NumberRange } from './types.ts';

const r = (start: number, end = start): NumberRange => ({ start, end });

describe('sequence sets', () => {
  const knownAnswers: ReadonlyArray<readonly [wire: string, ranges: NumberRange[]]> = [
    ['1', [r(1)]],
    ['1:5', [r(1, 5)]],
    ['1:5,7,9:*', [r(1, 5), r(7), r(9, Infinity)]],
    ['*', [r(Infinity)]],
    ['1:4294967295', [r(1, 4294967295)]],
    ['300:302,100', [r(300, 302), r(100)]],
  ];

  it.each(knownAnswers)('parses and formats %j', (wire, ranges) => {
    expect(parseSequenceSet(wire)).toEqual(ranges);
    expect(formatSequenceSet(ranges)).toBe(wire);
  });

  it('reads a reversed range as its normal form (RFC 9051 seq-range)', () => {
    expect(parseSequenceSet('5:3')).toEqual([r(3, 5)]);
    expect(parseSequenceSet('*:4')).toEqual([r(4, Infinity)]);
  });

  it.each(['', '0', '01', '1,', ',1', '1::2', '1:', 'a', '4294967296', '1 2', '1:5,$'])(
    'rejects %j with a parse error',
    (wire) => {
      expect(() => parseSequenceSet(wire)).toThrow(ProtocolError);
    },
  );

  it.each([[[]], [[r(0)]], [[r(1.5)]], [[r(1, 4294967296)]], [[r(-1)]], [[r(NaN)]]])(
    'refuses to format %j',
    (ranges) => {
      expect(() => formatSequenceSet(ranges)).toThrow(UsageError);
    },
  );

  it('compacts numbers into sorted ranges without expanding them', () => {
    expect(rangesFromNumbers([7, 3, 1, 2, 2, 9, 8])).toEqual([r(1, 3), r(7, 9)]);
    expect(rangesFromNumbers([])).toEqual([]);
    // Already ascending (a folder's UIDs), with a repeat, and a descent at the very end.
    expect(rangesFromNumbers(Uint32Array.of(1, 2, 2, 3, 5, 6))).toEqual([r(1, 3), r(5, 6)]);
    expect(rangesFromNumbers([1, 2, 3, 9, 4])).toEqual([r(1, 4), r(9, 9)]);
  });

  it('merges overlapping and adjacent ranges', () => {
    expect(normalizeRanges([r(5, 9), r(1, 3), r(4), r(8, 12), r(20, Infinity), r(30)])).toEqual([
      r(1, 12),
      r(20, Infinity),
    ]);
  });

  it('answers membership and size without expanding', () => {
    const ranges = [r(1, 4294967295)];
    expect(rangesInclude(ranges, 4000000000)).toBe(true);
    expect(rangesInclude([r(10, Infinity)], 9)).toBe(false);
    expect(countRanges(ranges)).toBe(4294967295);
    expect(countRanges([r(1, 3), r(2, 5)])).toBe(5);
  });
});

describe('set arithmetic on ranges, never expanded', () => {
  it.each([
    [[r(1, 10)], [r(5, 20)], [r(5, 10)]],
    [[r(1, 4294967295)], [r(7), r(9, 12)], [r(7), r(9, 12)]],
    [[r(1, 3), r(10, 12)], [r(2, 11)], [r(2, 3), r(10, 11)]],
    [[r(1, 3)], [r(4, 6)], []],
    [[r(5, Infinity)], [r(1, 7)], [r(5, 7)]],
  ])('intersects %j and %j', (a, b, expected) => {
    expect(intersectRanges(a, b)).toEqual(expected);
    expect(intersectRanges(b, a)).toEqual(expected);
  });

  it.each([
    [[r(2, 3)], [r(1, 5)], true],
    [[r(2, 3), r(7)], [r(1, 5)], false],
    [[r(1, 4294967295)], [r(1, 500)], false],
    [[], [r(1)], true],
  ])('tells whether %j lies within %j', (inner, outer, within) => {
    expect(rangesWithin(inner, outer)).toBe(within);
  });

  it('counts a number listed twice twice, and a whole UID space without expanding it', () => {
    expect(listedCount([r(1, 3), r(2, 3)])).toBe(5);
    expect(countRanges([r(1, 3), r(2, 3)])).toBe(3);
    expect(listedCount([r(1, 4294967295)])).toBe(4294967295);
  });

  it('sees an open end anywhere in a set', () => {
    expect(hasStar([r(1, 5), r(61, Infinity)])).toBe(true);
    expect(hasStar([r(Infinity)])).toBe(true);
    expect(hasStar([r(1, 5)])).toBe(false);
  });
});
