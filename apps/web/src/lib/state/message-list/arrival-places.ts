// Where new messages go in the folder's order (newest first), decided from the dates the list already holds,
// without sorting the folder again. The order is by a key (the Date header with SORT, RFC 5256 3; INTERNALDATE
// without), known only for the rows cached: elsewhere the order holds bare UIDs.
//
// An arrival goes just above the first row whose key is not newer than its own (so mail dated like the top row
// or later goes on top: the common case, new mail). That place is certain when the row just above it is known
// to be newer (or there is none). When rows of unknown key lie between the last newer row known and the first
// older one, the arrival could belong anywhere among them: it is put just below the last newer row known, and
// the place is marked undecided, for a re-order of the folder to settle (list-reorder.ts).

/** A new message and its key (NaN: unknown). */
export interface Arrival {
  readonly uid: number;
  readonly key: number;
}

/** Where one arrival goes: before the entry now at `index` of the order (`index` = length: at the end). */
export interface ArrivalPlace {
  readonly uid: number;
  readonly index: number;
  /** Known from the keys on both sides; false: a provisional place, only a re-order can tell. */
  readonly decided: boolean;
}

/**
 * The places of `arrivals` in an order of `length` entries whose key at an index is `keyAt(index)` (NaN where
 * unknown; keys do not grow down the order), of which at most `held` are known. Returned newest first, with
 * indexes that never decrease, in one scan of the order that stops at the place of the oldest arrival, or once
 * `held` known keys are behind it (a 100,000-message folder whose rows are cached near the top is not read to
 * its end).
 */
export function placeArrivals(
  length: number,
  keyAt: (index: number) => number,
  arrivals: readonly Arrival[],
  held = length,
): ArrivalPlace[] {
  const undated = arrivals.filter((arrival) => Number.isNaN(arrival.key));
  const dated = arrivals
    .filter((arrival) => !Number.isNaN(arrival.key))
    .sort((a, b) => b.key - a.key || b.uid - a.uid);
  // An arrival without a date (an unreadable message) has no place the list can work out.
  const places: ArrivalPlace[] = undated.map(({ uid }) => ({ uid, index: 0, decided: false }));
  let index = 0;
  /** The last index scanned whose key is known and newer than the current arrival's. */
  let lastNewer = -1;
  /** Known keys behind `index`: once all `held` are, every key ahead is unknown. */
  let passed = 0;
  for (const { uid, key } of dated) {
    for (; index < length; index++) {
      if (passed >= held) {
        index = length;
        break;
      }
      const at = keyAt(index);
      if (Number.isNaN(at)) continue;
      if (at <= key) break;
      lastNewer = index;
      passed++;
    }
    const decided = lastNewer === index - 1;
    places.push({ uid, index: decided ? index : lastNewer + 1, decided });
  }
  return places;
}
