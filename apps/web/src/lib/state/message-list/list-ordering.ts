// How the listed folder gets its order: the newest messages by UID are fetched first as the provisional top
// of the list, then the order is asked for (folder-order.ts: UID SORT (REVERSE DATE), or every UID and then
// INTERNALDATE to order them on the client). If messages come or go while it is computed, it is computed
// again, up to ORDER_ATTEMPTS times; the cursor stays on its message each time a new order is taken.

import { orderByInternalDate, searchAscending, sortedByDate } from './folder-order.ts';
import type { ListState, OpenState } from './list-state.svelte.ts';
import { ROW_FETCH_ITEMS, rowFromFetch } from './message-row.ts';
import type { MessageRow } from './message-row.ts';
import type { RowFetcher } from './row-fetcher.ts';
import type { ServerChanges } from './server-changes.ts';
import { binarySearch } from './uid-list.ts';

/** Newest messages fetched ahead of the sort (about two screens). */
export const FIRST_ROWS = 40;
/** Tries to get an order that matches the mailbox when messages come and go while it is computed. */
const ORDER_ATTEMPTS = 3;

export class ListOrdering {
  readonly #state: ListState;
  readonly #rowFetcher: RowFetcher;
  readonly #changes: ServerChanges;

  constructor(state: ListState, rowFetcher: RowFetcher, changes: ServerChanges) {
    this.#state = state;
    this.#rowFetcher = rowFetcher;
    this.#changes = changes;
  }

  /** Computes the whole folder's order; `list.ordering` is true meanwhile. */
  async compute(open: OpenState): Promise<void> {
    const state = this.#state;
    const list = state.list;
    list.ordering = true;
    const sortable = state.client.capabilities.has('SORT');
    // The head start goes alone, and SORT only once it is answered: pipelined together, Dovecot may hold the
    // FETCH's answer until the sort is done (measured: 12 ms alone, 40-120 ms next to a 100k SORT).
    if (sortable && state.uidNext > 1) await this.#fetchNewest(open);
    if (state.open !== open) return;
    open.showFirstRows();
    for (let attempt = 1; ; attempt++) {
      open.dirty = false;
      const { order, ascending } = await this.#serverOrder(sortable);
      if (state.open !== open) return;
      const consistent = !open.dirty && ascending.length === state.client.mailbox?.exists;
      if (!consistent && attempt < ORDER_ATTEMPTS) continue;
      state.seqUids.set(ascending);
      state.seqUidsKnown = consistent;
      const highest = ascending[ascending.length - 1] ?? 0;
      state.uidNext = Math.max(state.uidNext, highest + 1);
      // Gone while the order was computed: out of the search shown, the selection and the reader too.
      this.#changes.removeUids({ has: (uid) => binarySearch(ascending, uid) < 0 });
      this.#adopt(order);
      if (list.path !== null) state.options.onCounts?.(list.path, { messages: order.length });
      if (!sortable) {
        const dated = await orderByInternalDate(state.client, ascending, {
          ...state.guard(),
          wholeFolder: true,
          onProgress: (fraction) => {
            if (state.open === open) list.progress = fraction;
          },
        });
        if (state.open !== open) return;
        if (!open.dirty) this.#adopt(dated);
      }
      if (!open.dirty || attempt >= ORDER_ATTEMPTS) break;
    }
    list.ordering = false;
    list.progress = null;
  }

  /** The display order and the same UIDs ascending (which is sequence order). */
  async #serverOrder(sortable: boolean): Promise<{ order: Uint32Array; ascending: Uint32Array }> {
    const client = this.#state.client;
    if (sortable) {
      const order = await sortedByDate(client, { all: true });
      return { order, ascending: order.slice().sort() };
    }
    const ascending = await searchAscending(client, { all: true });
    return { order: ascending.slice().reverse(), ascending };
  }

  /** Shows the newest messages by UID as the provisional top of the list while SORT runs. */
  async #fetchNewest(open: OpenState): Promise<void> {
    const state = this.#state;
    const rows: MessageRow[] = [];
    const from = Math.max(1, state.uidNext - FIRST_ROWS);
    open.fetchingFrom = from;
    try {
      await state.client.fetch([{ start: from, end: Infinity }], ROW_FETCH_ITEMS, {
        ...state.guard(),
        onMessage: (message) => rows.push(rowFromFetch(message.uid, message.attributes)),
      });
      if (state.open !== open) return;
      state.rows.keep(rows);
    } catch {
      return; // only a head start: the sorted order and the row fetches that follow it do the real work
    } finally {
      open.fetchingFrom = Infinity;
    }
    if (!state.list.ordering || state.seqUids.length > 0) return state.changed();
    rows.sort((a, b) => (b.date || 0) - (a.date || 0) || b.uid - a.uid);
    state.folderOrder.place(
      0,
      rows.map((row) => row.uid),
    );
    state.changed();
  }

  /** Takes a new order of the whole folder, keeping the cursor on the message it was on. */
  #adopt(order: Uint32Array): void {
    const state = this.#state;
    const list = state.list;
    const shown = state.results === null;
    const cursorUid = shown ? state.folderOrder.at(list.cursor) : 0;
    state.folderOrder.set(order);
    if (shown) {
      list.count = order.length;
      const index = cursorUid === 0 ? -1 : state.folderOrder.indexOf(cursorUid);
      list.cursor = index >= 0 ? index : Math.min(Math.max(list.cursor, 0), order.length - 1);
    }
    state.changed();
    this.#rowFetcher.pump();
  }
}
