// Which rows of a folder's list the mirror keeps: the rows the list holds now (it drops those far from the view
// as the user scrolls) merged over those kept before, at most MAX_KEPT_ROWS, nearest the top of the order first,
// and only rows still in the folder.

import type { DeferredPart } from '../mail/assemble.ts';
import type { MessageRow } from '../state/message-list/message-row.ts';

/** Rows kept of one folder's list, the newest (top of its order) first. */
export const MAX_KEPT_ROWS = 2000;

export function rowMap(rows: readonly MessageRow[]): Map<number, MessageRow> {
  return new Map(rows.map((row) => [row.uid, row]));
}

/** `kept` with `fresh` over it, cut to the order's first `limit` rows that are known. */
export function rowsToKeep(
  kept: ReadonlyMap<number, MessageRow>,
  fresh: readonly MessageRow[],
  order: Uint32Array,
  limit = MAX_KEPT_ROWS,
): MessageRow[] {
  const merged = new Map(kept);
  for (const row of fresh) merged.set(row.uid, row);
  const chosen: MessageRow[] = [];
  for (const uid of order) {
    if (chosen.length >= limit) break;
    const row = merged.get(uid);
    if (row !== undefined) chosen.push(row);
  }
  return chosen;
}

/** A kept message's parts left on the server, by part number, as the reader holds them. */
export function partsByNumber(parts: readonly DeferredPart[]): Map<string, DeferredPart> {
  return new Map(parts.map((part) => [part.part, part]));
}
