import { describe, expect, it } from 'vitest';
import { ShownOrder } from './shown-order.svelte.ts';

const order = (uids: number[]) => {
  const shown = new ShownOrder();
  shown.setFolder(Uint32Array.from(uids));
  return shown;
};
const uidsOf = (shown: ShownOrder) => Array.from({ length: shown.count }, (_, i) => shown.at(i));

describe('ShownOrder, messages hidden while they are moved away', () => {
  it('keeps them out of an order set meanwhile (a sort, a resync), and of arrivals and results', () => {
    const shown = order([9, 8, 7, 6, 5]);
    shown.hide(new Set([8, 6]));
    expect(uidsOf(shown)).toEqual([9, 7, 5]);
    shown.setFolder(Uint32Array.of(10, 9, 8, 7, 6, 5));
    expect(uidsOf(shown)).toEqual([10, 9, 7, 5]);
    shown.showResults(Uint32Array.of(8, 7));
    expect(uidsOf(shown)).toEqual([7]);
    shown.addToResults([6, 10]);
    expect(uidsOf(shown)).toEqual([10, 7]);
  });

  it('puts them back where they were, the cursor on its message', () => {
    const shown = order([9, 8, 7, 6, 5, 4]);
    shown.moveCursor(4); // 5
    const places = shown.hide(new Set([8, 7, 4]));
    expect(uidsOf(shown)).toEqual([9, 6, 5]);
    expect(shown.at(shown.cursor)).toBe(5);
    expect(shown.restore(places)).toBe(3);
    expect(uidsOf(shown)).toEqual([9, 8, 7, 6, 5, 4]);
    expect(shown.at(shown.cursor)).toBe(5);
    // Once back, an order set again shows them.
    shown.setFolder(Uint32Array.of(9, 8, 7, 6, 5, 4));
    expect(shown.count).toBe(6);
  });

  it('does not bring back what left the folder meanwhile, nor anything once the move is done', () => {
    const shown = order([9, 8, 7, 6]);
    const places = shown.hide(new Set([8, 7]));
    shown.remove(new Set([7])); // its EXPUNGE
    expect(shown.restore(places)).toBe(1);
    expect(uidsOf(shown)).toEqual([9, 8, 6]);

    const again = order([9, 8, 7]);
    const moved = again.hide(new Set([8]));
    again.unhide([8]);
    expect(again.restore(moved)).toBe(0);
    expect(uidsOf(again)).toEqual([9, 7]);
    again.setFolder(Uint32Array.of(9, 8, 7));
    expect(uidsOf(again)).toEqual([9, 8, 7]);
  });

  it('finds the places of a few hidden messages as it does for many, in the folder and in a result', () => {
    const uids = Array.from({ length: 200 }, (_, i) => 1000 - 3 * i);
    const picks = [[1000], [403, 1000, 700], Array.from({ length: 40 }, (_, i) => 1000 - 15 * i)];
    for (const picked of picks) {
      const shown = order(uids);
      shown.showResults(Uint32Array.from(uids.filter((_, i) => i % 2 === 0)));
      const places = shown.hide(new Set(picked));
      const placesIn = (list: number[]) => {
        let kept = 0;
        return list.flatMap((uid) => (picked.includes(uid) ? [{ uid, index: kept }] : (kept++, [])));
      };
      expect(places.folder).toEqual(placesIn(uids));
      expect(places.results).toEqual(placesIn(uids.filter((_, i) => i % 2 === 0)));
    }
  });

  it('forgets what was hidden when another folder opens', () => {
    const shown = order([3, 2, 1]);
    const places = shown.hide(new Set([2]));
    shown.reset(2);
    shown.setFolder(Uint32Array.of(2, 1));
    expect(uidsOf(shown)).toEqual([2, 1]);
    expect(shown.restore(places)).toBe(0);
  });
});
