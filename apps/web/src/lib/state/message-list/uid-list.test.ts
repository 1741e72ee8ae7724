import { describe, expect, it } from 'vitest';
import { UidList, binarySearch, orderByDate, uidRangeSet, uidsFromRanges } from './uid-list.ts';

describe('UidList', () => {
  it('inserts, removes and finds UIDs, growing as needed', () => {
    const list = new UidList();
    list.set(Uint32Array.from([5, 3, 1]));
    list.insertAt(0, [9, 8]);
    expect(Array.from(list.toArray())).toEqual([9, 8, 5, 3, 1]);
    list.removeAt(2);
    expect(Array.from(list.toArray())).toEqual([9, 8, 3, 1]);
    expect(list.indexOf(3)).toBe(2);
    expect(list.indexOf(5)).toBe(-1);
    list.append([0x7fffffff]);
    expect(list.at(4)).toBe(0x7fffffff);
    expect(list.at(5)).toBe(0);
  });

  it('holds unknown slots that are filled in later', () => {
    const list = new UidList();
    list.reset(4);
    list.place(0, [40, 39]);
    expect(Array.from(list.toArray())).toEqual([40, 39, 0, 0]);
  });
});

describe('uidsFromRanges', () => {
  it('expands ESEARCH ranges into ascending UIDs', () => {
    expect(
      Array.from(
        uidsFromRanges([
          { start: 7, end: 9 },
          { start: 1, end: 2 },
        ]),
      ),
    ).toEqual([1, 2, 7, 8, 9]);
  });
});

describe('orderByDate', () => {
  it('orders newest first, later UIDs first on equal dates, unknown dates last', () => {
    const uids = Uint32Array.from([1, 2, 3, 4]);
    const dates = Float64Array.from([100, NaN, 300, 100]);
    expect(Array.from(orderByDate(uids, dates))).toEqual([3, 4, 1, 2]);
  });
});

describe('binarySearch', () => {
  it('finds an index in an ascending array', () => {
    const uids = Uint32Array.from([2, 4, 8, 16]);
    expect(binarySearch(uids, 8)).toBe(2);
    expect(binarySearch(uids, 5)).toBe(-1);
  });
});

describe('uidRangeSet', () => {
  it('tests membership in ranges given in any order, overlapping or reversed', () => {
    const set = uidRangeSet([
      { start: 20, end: 30 },
      { start: 5, end: 1 },
      { start: 25, end: 40 },
      { start: 8, end: 8 },
    ]);
    expect([0, 1, 5, 6, 8, 9, 20, 33, 40, 41].map((uid) => set.has(uid))).toEqual([
      false,
      true,
      true,
      false,
      true,
      false,
      true,
      true,
      true,
      false,
    ]);
  });
});
