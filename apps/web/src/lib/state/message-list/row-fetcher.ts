// Which rows of the message list are fetched: only those in view plus a margin, by UID, in batches, at most
// PARALLEL_BATCHES in flight; when a batch ends the next one is chosen from where the view is then, so a fast
// scroll skips what it passed. Rows far from the view are dropped once the cache holds more than CACHE_LIMIT.

import { rangesFromNumbers } from '@webmail/imap-core';
import type { ListState, OpenState } from './list-state.svelte.ts';
import { ROW_FETCH_ITEMS, rowFromFetch } from './message-row.ts';
import type { MessageRow } from './message-row.ts';

/** UIDs per UID FETCH of rows. */
export const BATCH_SIZE = 50;
/** Rows fetched beyond each edge of the view. */
export const MARGIN = 40;
/** Row batches in flight at once. */
export const PARALLEL_BATCHES = 2;
/** Cached rows above which rows far from the view are dropped. */
export const CACHE_LIMIT = 1500;
/** Rows kept on each side of the view when the cache is trimmed. */
export const KEEP_AROUND = 300;

export class RowFetcher {
  readonly #state: ListState;
  /** The rows the user sees (inclusive display indexes). */
  #view = { first: 0, last: -1 };

  constructor(state: ListState) {
    this.#state = state;
  }

  /** The user now sees rows `first` to `last` (inclusive, within the list): rows around them are fetched. */
  setView(first: number, last: number): void {
    this.#view = { first, last };
    this.pump();
  }

  /** Another folder: nothing is in view until the list says so. */
  reset(): void {
    this.#view = { first: 0, last: -1 };
  }

  /** Starts batches until PARALLEL_BATCHES are in flight or nothing near the view is missing. */
  pump(): void {
    const state = this.#state;
    const open = state.open;
    while (open.active < PARALLEL_BATCHES) {
      const batch = this.#nextBatch(open);
      if (batch.length === 0) return;
      open.active++;
      void this.#fetchRows(open, batch).finally(() => {
        open.active--;
        if (state.open === open) this.pump();
      });
    }
  }

  /** Up to BATCH_SIZE UIDs to fetch: the view first, then the margin below it, then the margin above. */
  #nextBatch(open: OpenState): number[] {
    const { first, last } = this.#view;
    const { order, rows } = this.#state;
    const batch: number[] = [];
    const take = (from: number, to: number, step: 1 | -1): void => {
      for (let i = from; step > 0 ? i <= to : i >= to; i += step) {
        if (batch.length >= BATCH_SIZE) return;
        const uid = order.at(i);
        if (uid === 0 || rows.has(uid) || open.fetching.has(uid) || open.missing.has(uid)) continue;
        batch.push(uid);
      }
    };
    if (last < first) return batch;
    take(first, last, 1);
    take(last + 1, Math.min(this.#state.list.count - 1, last + MARGIN), 1);
    take(first - 1, Math.max(0, first - MARGIN), -1);
    return batch;
  }

  async #fetchRows(open: OpenState, uids: readonly number[]): Promise<void> {
    const state = this.#state;
    for (const uid of uids) open.fetching.add(uid);
    const rows: MessageRow[] = [];
    try {
      await state.client.fetch(rangesFromNumbers(uids), ROW_FETCH_ITEMS, {
        ...state.guard(),
        onMessage: (message) => rows.push(rowFromFetch(message.uid, message.attributes)),
      });
    } catch {
      // The connection's fate is the session's to report; a refused FETCH leaves these rows as placeholders
      // (marked missing, so the pump does not ask again at once; resync starts with a clean slate).
    } finally {
      for (const uid of uids) open.fetching.delete(uid);
    }
    if (state.open !== open) return;
    state.rows.keep(rows);
    for (const uid of uids) if (!state.rows.has(uid)) open.missing.add(uid);
    this.#trimCache();
  }

  #trimCache(): void {
    const { rows, order, list } = this.#state;
    if (rows.size <= CACHE_LIMIT) return;
    const keep = new Set<number>();
    const from = Math.max(0, this.#view.first - KEEP_AROUND);
    const to = Math.min(list.count - 1, this.#view.last + KEEP_AROUND);
    for (let i = from; i <= to; i++) keep.add(order.at(i));
    if (list.openUid !== null) keep.add(list.openUid);
    rows.keepOnly(keep);
  }
}
