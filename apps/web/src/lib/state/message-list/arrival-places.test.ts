import { describe, expect, it } from 'vitest';
import { placeArrivals } from './arrival-places.ts';
import type { Arrival } from './arrival-places.ts';

/** Keys down an order, newest first: NaN where the row (and so its date) is not held. */
const ORDER = [100, 90, 80, NaN, NaN, 50, 40];
const keyAt = (keys: readonly number[]) => (index: number) => keys[index] ?? NaN;
const arrivals = (...keys: number[]): Arrival[] => keys.map((key, i) => ({ uid: 1000 + i, key }));

describe('placeArrivals', () => {
  it.each([
    ['new mail, newer than the top row', ORDER, 120, { index: 0, decided: true }],
    ['mail dated like the top row, which goes on top', ORDER, 100, { index: 0, decided: true }],
    ['an old date between two rows held', ORDER, 85, { index: 2, decided: true }],
    ['a date like a row further down, which goes above it', ORDER, 80, { index: 2, decided: true }],
    [
      'an old date among rows not held: just below the last newer one, undecided',
      ORDER,
      60,
      { index: 3, decided: false },
    ],
    ['a date older than every row, the last one held', ORDER, 10, { index: 7, decided: true }],
    ['no date at all (an unreadable message), undecided', ORDER, NaN, { index: 0, decided: false }],
    ['an old date above rows not held at the end, undecided', [100, NaN], 50, { index: 1, decided: false }],
    ['any date while no row is held, undecided', [NaN, NaN, NaN], 500, { index: 0, decided: false }],
    ['any date in an empty folder', [], 5, { index: 0, decided: true }],
  ])('places %s', (_name, keys, key, place) => {
    expect(placeArrivals(keys.length, keyAt(keys), arrivals(key))).toEqual([{ uid: 1000, ...place }]);
  });

  it('places several arrivals newest first, their indexes never decreasing, in one scan', () => {
    const read: number[] = [];
    const places = placeArrivals(
      ORDER.length,
      (index) => {
        read.push(index);
        return ORDER[index] ?? NaN;
      },
      arrivals(85, 120, 60, NaN, 95),
    );
    expect(places).toEqual([
      { uid: 1003, index: 0, decided: false },
      { uid: 1001, index: 0, decided: true },
      { uid: 1004, index: 1, decided: true },
      { uid: 1000, index: 2, decided: true },
      { uid: 1002, index: 3, decided: false },
    ]);
    // One pass down the order (a row where one arrival stopped is read again by the next), ending at the place
    // of the oldest arrival: the rows below it are never read.
    expect(read).toEqual([...read].sort((a, b) => a - b));
    expect(new Set(read)).toEqual(new Set([0, 1, 2, 3, 4, 5]));
  });

  it('reads no further once every key known is behind it', () => {
    // A large folder with only its first rows held: the rest of the order is not read.
    const read: number[] = [];
    const keyAtCounted = (index: number): number => {
      read.push(index);
      return index < 3 ? 100 - index : NaN;
    };
    expect(placeArrivals(100_000, keyAtCounted, arrivals(50), 3)).toEqual([
      { uid: 1000, index: 3, decided: false },
    ]);
    expect(read).toEqual([0, 1, 2]);
  });
});
