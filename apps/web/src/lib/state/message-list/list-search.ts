// Search mode of the message list: the UIDs matching a query are shown in place of the folder, newest first
// (UID SORT (REVERSE DATE) with the criteria when the server has SORT, else SEARCH ordered by date on the
// client), while the folder's own order is kept beside them. Every new query or cancel takes a token: the
// answer to an older one is ignored. Mail that arrives while a result is shown is matched against its query.

import type { SearchKey } from '@webmail/imap-core';
import { keepMembers, orderByInternalDate, searchAscending, sortedByDate } from './folder-order.ts';
import type { ListState, OpenState } from './list-state.svelte.ts';
import type { RowFetcher } from './row-fetcher.ts';
import { UidList, uidsFromRanges } from './uid-list.ts';

export class ListSearch {
  readonly #state: ListState;
  readonly #rowFetcher: RowFetcher;
  /** The query whose result is shown (state.results), null while the whole folder is shown. */
  #shownQuery: SearchKey | null = null;
  /** Bumped by every query and cancel: an answer for an older one is ignored. */
  #token = 0;
  /** Arrivals from this UID on have not been matched against the shown search yet. */
  #resultsFrom = 0;

  constructor(state: ListState, rowFetcher: RowFetcher) {
    this.#state = state;
    this.#rowFetcher = rowFetcher;
  }

  get shownQuery(): SearchKey | null {
    return this.#shownQuery;
  }

  /** MessageList.setQuery: shows the UIDs matching `query`, or the whole folder for null. */
  async run(query: SearchKey | null): Promise<void> {
    const state = this.#state;
    const list = state.list;
    const token = ++this.#token;
    const open = state.open;
    if (list.path === null) return;
    list.query = query;
    if (query === null) {
      list.searching = false;
      if (state.results !== null) this.#show(null, null, 0);
      return;
    }
    list.searching = true;
    try {
      await open.selected;
      if (state.open !== open || this.#token !== token) return;
      if (list.phase !== 'ready') {
        list.searching = false;
        list.query = this.#shownQuery;
        return;
      }
      const from = state.uidNext;
      const order = await this.#searchOrder(open, query);
      if (state.open !== open || this.#token !== token) return;
      list.searching = false;
      const listed = state.seqUidsKnown ? keepMembers(order, state.seqUids.toArray()) : order;
      this.#show(query, listed, from);
      if (state.uidNext > from) await this.matchArrivals(open).catch(() => undefined);
    } catch (error) {
      if (state.open !== open || this.#token !== token) return;
      list.searching = false;
      list.query = this.#shownQuery;
      throw error;
    }
  }

  /** MessageList.cancelSearch: the search in flight is abandoned and the list keeps showing what it shows. */
  cancel(): void {
    const list = this.#state.list;
    this.#token++;
    if (!list.searching) return;
    list.searching = false;
    list.query = this.#shownQuery;
  }

  /** Sign-out: the answer of the search in flight is ignored. */
  abandon(): void {
    this.#token++;
  }

  /** Another folder: the search in flight is abandoned and the folder's order is shown. */
  reset(): void {
    this.#token++;
    this.#state.results = null;
    this.#shownQuery = null;
  }

  /** New mail while a search is shown: `UID SEARCH UID <from>:* <criteria>` says which of it belongs. */
  async matchArrivals(open: OpenState): Promise<void> {
    const state = this.#state;
    const query = this.#shownQuery;
    const token = this.#token;
    const from = this.#resultsFrom;
    const upTo = state.uidNext;
    if (query === null || upTo <= from) return;
    const matched = await searchAscending(state.client, {
      and: [{ uid: [{ start: from, end: Infinity }] }, query],
    });
    const results = state.results;
    if (state.open !== open || this.#token !== token || this.#shownQuery !== query || results === null)
      return;
    this.#resultsFrom = Math.max(this.#resultsFrom, upTo);
    const fresh = Array.from(matched).filter((uid) => uid >= from && results.indexOf(uid) < 0);
    if (fresh.length === 0) return;
    const date = (uid: number): number => state.rows.get(uid)?.date || 0;
    fresh.sort((a, b) => date(b) - date(a) || b - a);
    results.insertAt(0, fresh);
    state.shownGrew(fresh.length);
  }

  async #searchOrder(open: OpenState, query: SearchKey): Promise<Uint32Array> {
    const state = this.#state;
    const known = !state.list.ordering && state.seqUidsKnown && state.open === open;
    // UIDs found elsewhere (the search's second connection): nothing to search again, the folder's known date
    // order orders them.
    if (known && 'uid' in query && query.uid.every((range) => range.end !== Infinity)) {
      return keepMembers(state.folderOrder.toArray(), uidsFromRanges(query.uid));
    }
    if (state.client.capabilities.has('SORT')) return sortedByDate(state.client, query);
    const ascending = await searchAscending(state.client, query);
    // The folder's date order is known: the result keeps it, with no dates to fetch.
    if (known) return keepMembers(state.folderOrder.toArray(), ascending);
    return orderByInternalDate(state.client, ascending, state.guard());
  }

  /** Shows a search result (or the whole folder for null): cursor at the top, selection cleared. */
  #show(query: SearchKey | null, order: Uint32Array | null, from: number): void {
    const state = this.#state;
    const list = state.list;
    const cursorUid = order === null ? state.order.at(list.cursor) : 0;
    if (order === null) state.results = null;
    else {
      state.results = new UidList();
      state.results.set(order);
    }
    this.#shownQuery = query;
    this.#resultsFrom = from;
    list.count = state.order.length;
    const index = cursorUid === 0 ? -1 : state.order.indexOf(cursorUid);
    list.cursor = list.count === 0 ? -1 : Math.max(index, 0);
    list.selection.clear();
    state.changed();
    this.#rowFetcher.pump();
  }
}
