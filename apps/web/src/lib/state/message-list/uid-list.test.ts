import { describe, expect, it } from 'vitest';
import { FEW, UidList, binarySearch, orderByDate, uidRangeSet, uidsFromRanges } from './uid-list.ts';

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

  it('removes a few UIDs by native scans exactly as the sweep over every entry does', () => {
    const next = random(7);
    const below = (n: number) => Math.floor(next() * n);
    for (let run = 0; run < 2000; run++) {
      const length = below(60);
      // Unknown slots (0) and, though a folder has none, repeated UIDs: both paths must agree on them too.
      const uids = Uint32Array.from({ length }, () => (below(5) === 0 ? 0 : 1 + below(80)));
      const gone = new Set(Array.from({ length: 1 + below(FEW) }, () => below(90)));
      const track = below(length + 3) - 1;
      const few = UidList.of(uids.slice());
      const swept = UidList.of(uids.slice());
      // A UidSet that is not a Set takes the sweep.
      const expected = swept.removeWhere({ has: (uid) => gone.has(uid) }, track);
      expect(few.removeWhere(gone, track)).toEqual(expected);
      expect(Array.from(few.toArray())).toEqual(Array.from(swept.toArray()));
    }
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

/** The order orderByDate promises, by a plain comparator sort. */
function newestFirst(uids: readonly number[], dates: readonly number[]): number[] {
  const key = (i: number) => (Number.isNaN(dates[i]) ? -Infinity : (dates[i] as number));
  return uids
    .map((_, i) => i)
    .sort((a, b) => key(b) - key(a) || (uids[b] as number) - (uids[a] as number))
    .map((i) => uids[i] as number);
}

/** A small deterministic generator (mulberry32), so that a failing case can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('orderByDate', () => {
  const SECOND = 1000;
  const T = Date.UTC(2024, 0, 1);
  it.each([
    {
      name: 'later UIDs first on equal dates, unknown dates last',
      uids: [1, 2, 3, 4],
      dates: [100, NaN, 300, 100],
      order: [3, 4, 1, 2],
    },
    {
      name: 'INTERNALDATEs (whole seconds) with ties, UIDs with gaps',
      uids: [3, 9, 10, 42, 43],
      dates: [T + 5 * SECOND, T, T + 5 * SECOND, T - 60 * SECOND, T + 5 * SECOND],
      order: [43, 10, 3, 9, 42],
    },
    {
      name: 'every date unknown: later UIDs first',
      uids: [1, 5, 7],
      dates: [NaN, NaN, NaN],
      order: [7, 5, 1],
    },
    {
      name: 'UIDs not ascending (a message appended out of order)',
      uids: [5, 2, 9],
      dates: [T, T, T - SECOND],
      order: [5, 2, 9],
    },
    {
      name: 'dates too far apart for one exact number per message',
      uids: [1, 2, 3],
      dates: [-8.6e15, 8.6e15, 0],
      order: [2, 3, 1],
    },
    {
      name: 'dates with fractions of a millisecond',
      uids: [1, 2, 3],
      dates: [0.5, 0.25, 0.5],
      order: [3, 1, 2],
    },
    { name: 'a date of Infinity', uids: [1, 2, 3], dates: [0, Infinity, -Infinity], order: [2, 1, 3] },
    { name: 'no messages', uids: [], dates: [], order: [] },
  ])('orders newest first: $name', ({ uids, dates, order }) => {
    expect(newestFirst(uids, dates)).toEqual(order);
    expect(Array.from(orderByDate(Uint32Array.from(uids), Float64Array.from(dates)))).toEqual(order);
  });

  it('gives the comparator order for random folders (ties, unknown dates, whole and partial seconds)', () => {
    const next = random(13);
    for (let round = 0; round < 200; round++) {
      const count = 1 + Math.floor(next() * 300);
      const uids: number[] = [];
      for (let uid = 0; uids.length < count;) uids.push((uid += 1 + Math.floor(next() * 3)));
      const unit = round % 2 === 0 ? SECOND : 1;
      const spread = Math.floor(next() * 50);
      const dates = uids.map(() =>
        next() < 0.05 ? NaN : T + (Math.floor(next() * spread) - spread / 2) * unit,
      );
      expect(Array.from(orderByDate(Uint32Array.from(uids), Float64Array.from(dates)))).toEqual(
        newestFirst(uids, dates),
      );
    }
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
