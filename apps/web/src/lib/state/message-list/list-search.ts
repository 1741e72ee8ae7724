// Search mode of the message list: the UIDs matching a query are shown in place of the folder, newest first
// (UID SORT (DATE) read newest first with the criteria when the server has SORT, else SEARCH ordered by date on the
// client), while the folder's own order is kept beside them. Every new query or cancel takes a token: the
// answer to an older one is ignored. Mail that arrives while a result is shown is matched against its query.

import type { SearchKey } from '@webmail/imap-core';
import type { MailClient } from '../mail-client.ts';
import { keepMembers, orderByInternalDate, searchAscending, sortedByDate } from './folder-order.ts';
import type { ListModel } from './list-model.svelte.ts';
import type { ListOpen } from './list-open.ts';
import type { RowFetcher } from './row-fetcher.ts';
import { uidsFromRanges } from './uid-list.ts';

export interface SearchRunOptions {
  /** An empty answer is not shown: the list keeps what it shows (a first, partial look at a large folder). */
  readonly unlessEmpty?: boolean;
}

export class ListSearch {
  readonly #model: ListModel;
  readonly #client: MailClient;
  readonly #rowFetcher: RowFetcher;
  /** Bumped by every query and cancel: an answer for an older one is ignored. */
  #token = 0;

  constructor(model: ListModel, client: MailClient, rowFetcher: RowFetcher) {
    this.#model = model;
    this.#client = client;
    this.#rowFetcher = rowFetcher;
  }

  /** MessageList.setQuery: shows the UIDs matching `query`, or the whole folder for null. */
  async run(query: SearchKey | null, options: SearchRunOptions = {}): Promise<void> {
    const model = this.#model;
    const token = ++this.#token;
    const open = model.open;
    if (model.path === null) return;
    model.searchStarted(query);
    if (query === null) {
      if (model.resultsQuery !== null) this.#show(open, null, null, 0);
      return;
    }
    try {
      await open.selected;
      if (!this.#current(open, token)) return;
      if (model.phase !== 'ready') return model.searchStopped();
      const from = model.uidNext;
      const order = await this.#searchOrder(open, query);
      if (!this.#current(open, token)) return;
      if (options.unlessEmpty && order.length === 0) return model.searchStopped();
      const sequence = model.sequence;
      this.#show(open, query, sequence.known ? keepMembers(order, sequence.toArray()) : order, from);
      if (model.uidNext > from) await this.matchArrivals(open).catch(() => undefined);
    } catch (error) {
      if (!this.#current(open, token)) return;
      model.searchStopped();
      throw error;
    }
  }

  /** MessageList.cancelSearch: the search in flight is abandoned and the list keeps showing what it shows. */
  cancel(): void {
    this.#token++;
    if (this.#model.searching) this.#model.searchStopped();
  }

  /** Another folder, or sign-out: the answer of the search in flight is ignored. */
  abandon(): void {
    this.#token++;
  }

  /** New mail while a search is shown: `UID SEARCH UID <from>:* <criteria>` says which of it belongs. */
  async matchArrivals(open: ListOpen): Promise<void> {
    const model = this.#model;
    const query = model.resultsQuery;
    const token = this.#token;
    const from = model.resultsFrom;
    const upTo = model.uidNext;
    if (query === null || upTo <= from) return;
    const matched = await searchAscending(this.#client, {
      and: [{ uid: [{ start: from, end: Infinity }] }, query],
    });
    if (this.#token === token) model.matchedArrivals(open, query, matched, from, upTo);
  }

  #current(open: ListOpen, token: number): boolean {
    return open.current && this.#token === token;
  }

  async #searchOrder(open: ListOpen, query: SearchKey): Promise<Uint32Array> {
    const model = this.#model;
    const client = this.#client;
    const known = !model.ordering && model.sequence.known && open.current;
    // UIDs found elsewhere (the search's second connection): nothing to search again, the folder's known date
    // order orders them.
    if (known && 'uid' in query && query.uid.every((range) => range.end !== Infinity)) {
      return keepMembers(model.folderUids(), uidsFromRanges(query.uid));
    }
    // The folder's date order is known: the matches keep it. SEARCH rather than SORT: the server need not
    // sort them, and ESEARCH answers in ranges.
    if (known) return keepMembers(model.folderUids(), await searchAscending(client, query));
    if (client.capabilities.has('SORT')) return sortedByDate(client, query);
    const ascending = await searchAscending(client, query);
    const uidValidity = model.uidValidity;
    return orderByInternalDate(
      client,
      ascending,
      uidValidity === 0 ? {} : { expectedUidValidity: uidValidity },
    );
  }

  /** Shows a search result (or the whole folder for null), and fetches its rows in view. */
  #show(open: ListOpen, query: SearchKey | null, order: Uint32Array | null, from: number): void {
    this.#model.showResults(open, query, order, from);
    this.#rowFetcher.pump();
  }
}
