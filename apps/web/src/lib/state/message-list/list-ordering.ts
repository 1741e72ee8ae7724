// How the listed folder gets its order: the newest messages by UID are fetched first as the provisional top
// of the list, then the order is asked for (folder-order.ts: UID SORT (DATE) read newest first; without SORT every UID,
// shown at once in arrival order, and then INTERNALDATE to order them on the client). If messages come or go
// while it is computed, it is computed again, up to ORDER_ATTEMPTS times; the list model keeps the cursor on its
// message each time. The sort, or the dates, are read on a side connection when the app has one
// (side-sort.ts), so this connection stays free meanwhile for what the user opens.

import type { MailClient } from '../mail-client.ts';
import { orderByInternalDate, searchAscending, sortedByDate, updateDatedOrder } from './folder-order.ts';
import type { ListModel } from './list-model.svelte.ts';
import type { ListOpen } from './list-open.ts';
import { fetchRowBatch } from './row-batch.ts';
import type { RowFetcher } from './row-fetcher.ts';
import type { SortOnSide } from './side-sort.ts';
import { sameUids } from './uid-list.ts';

/** Newest messages fetched ahead of the sort (about two screens). */
export const FIRST_ROWS = 40;
/** Tries to get an order that matches the mailbox when messages come and go while it is computed. */
const ORDER_ATTEMPTS = 3;
/**
 * Folders whose order without SORT is kept for the next visit: every INTERNALDATE of 100,000 messages is 1 MB
 * on the wire compressed (6.9 MB inflated) and 0.3-0.8 s of Dovecot here, which a folder visited again with the
 * same messages, or with new mail since (updateDatedOrder), need not cost again. 400 KB each at 100,000 messages.
 */
const DATED_ORDERS_KEPT = 3;

export class ListOrdering {
  readonly #model: ListModel;
  readonly #client: MailClient;
  readonly #rowFetcher: RowFetcher;
  readonly #sortOnSide: SortOnSide | null;
  /** Orders by INTERNALDATE computed without SORT, by folder, the most recent last. */
  readonly #datedOrders = new Map<string, { uidValidity: number; order: Uint32Array }>();

  constructor(
    model: ListModel,
    client: MailClient,
    rowFetcher: RowFetcher,
    sortOnSide: SortOnSide | null = null,
  ) {
    this.#model = model;
    this.#client = client;
    this.#rowFetcher = rowFetcher;
    this.#sortOnSide = sortOnSide;
  }

  /** Computes the whole folder's order; `ordering` is true meanwhile. */
  async compute(open: ListOpen): Promise<void> {
    const model = this.#model;
    const client = this.#client;
    model.orderingStarted(open);
    const sortable = client.capabilities.has('SORT');
    // The head start goes alone, and SORT only once it is answered: pipelined together, Dovecot may hold the
    // FETCH's answer until the sort is done (measured: 12 ms alone, 40-120 ms next to a 100k SORT). Without
    // SORT it also paints the first rows before the list of every UID (590 KB for 100k without ESEARCH).
    if (model.uidNext > 1) await this.#fetchNewest(open);
    if (!open.current) return;
    open.showFirstRows();
    for (let attempt = 1; ; attempt++) {
      model.orderRequested(open);
      // Without SORT the side connection reads the dates while this one lists the UIDs (never rejects), unless
      // the folder's order is kept from an earlier visit.
      const kept = sortable ? null : this.#keptDatedOrder();
      const sideDates = sortable || kept !== null ? null : this.#sideOrder();
      const { order, ascending } = await this.#serverOrder(sortable, open);
      if (!open.current) return;
      const consistent = !model.orderStale && ascending.length === client.mailbox?.exists;
      if (!consistent && attempt < ORDER_ATTEMPTS) continue;
      model.adoptServerOrder(open, order, ascending, consistent);
      this.#rowFetcher.pump();
      if (!sortable) {
        // A kept order is brought up to date (mail gone, new mail on top); one that cannot be is read again.
        // Each candidate is checked once: it sorts a copy of it (100,000 UIDs at 100k).
        let dated =
          kept === null
            ? null
            : await updateDatedOrder(client, kept, ascending, {
                ...(model.uidValidity === 0 ? {} : { expectedUidValidity: model.uidValidity }),
              });
        if (!open.current) return;
        if (dated === null) {
          const side = await (sideDates ?? this.#sideOrder());
          if (!open.current) return;
          dated = matching(side, ascending)
            ? side
            : await orderByInternalDate(client, ascending, {
                ...(model.uidValidity === 0 ? {} : { expectedUidValidity: model.uidValidity }),
                wholeFolder: true,
                onProgress: (fraction) => model.orderProgress(open, fraction),
              });
          if (!open.current) return;
        }
        if (!model.orderStale) {
          model.adoptFolderOrder(open, dated);
          this.#keepDatedOrder(dated);
          this.#rowFetcher.pump();
        }
      }
      if (!model.orderStale || attempt >= ORDER_ATTEMPTS) break;
    }
    model.orderingDone(open);
  }

  /** The display order and the same UIDs ascending (which is sequence order). */
  async #serverOrder(
    sortable: boolean,
    open: ListOpen,
  ): Promise<{ order: Uint32Array; ascending: Uint32Array }> {
    const client = this.#client;
    if (sortable) {
      const side = await this.#sideOrder();
      if (side !== null) {
        const ascending = await searchAscending(client, { all: true });
        if (matching(side, ascending)) return { order: side, ascending };
      }
      // The user left the folder meanwhile (which also drops its side sort): nothing to sort here either.
      if (!open.current) return { order: new Uint32Array(0), ascending: new Uint32Array(0) };
      const order = await sortedByDate(client, { all: true });
      return { order, ascending: order.slice().sort() };
    }
    const ascending = await searchAscending(client, { all: true });
    return { order: ascending.slice().reverse(), ascending };
  }

  /**
   * The order computed on the side connection (side-sort.ts), null when there is none. The caller checks it
   * against this connection's own `UID SEARCH ALL` (ESEARCH ranges: a few bytes for most folders; Dovecot answers
   * it without sorting) with matching(), and orders here when it does not match.
   */
  async #sideOrder(): Promise<Uint32Array | null> {
    const path = this.#model.path;
    if (this.#sortOnSide === null || path === null) return null;
    return this.#sortOnSide(path, this.#model.uidValidity, this.#client.mailbox?.exists ?? 0);
  }

  /** The order kept for the listed folder from an earlier visit under the same UIDVALIDITY, or null. */
  #keptDatedOrder(): Uint32Array | null {
    const path = this.#model.path;
    const kept = path === null ? undefined : this.#datedOrders.get(path);
    return kept !== undefined && kept.uidValidity === this.#model.uidValidity ? kept.order : null;
  }

  /**
   * Keeps a copy of `order`: the list model has just taken the array over and changes it in place as messages
   * leave, which made the kept order hold a UID twice and lack the one that left.
   */
  #keepDatedOrder(order: Uint32Array): void {
    const path = this.#model.path;
    if (path === null) return;
    this.#datedOrders.delete(path);
    this.#datedOrders.set(path, { uidValidity: this.#model.uidValidity, order: order.slice() });
    for (const oldest of this.#datedOrders.keys()) {
      if (this.#datedOrders.size <= DATED_ORDERS_KEPT) break;
      this.#datedOrders.delete(oldest);
    }
  }

  /** Shows the newest messages by UID as the provisional top of the list while the order is computed. */
  async #fetchNewest(open: ListOpen): Promise<void> {
    const model = this.#model;
    try {
      const rows = await fetchRowBatch(
        this.#client,
        { from: Math.max(1, model.uidNext - FIRST_ROWS) },
        {
          open,
          uidValidity: model.uidValidity,
          uidOf: (seq) => model.sequence.uidOf(seq),
          byInternalDate: !this.#client.capabilities.has('SORT'),
        },
      );
      model.showNewest(open, rows);
    } catch {
      // Only a head start: the sorted order and the row fetches that follow it do the real work.
    }
  }
}

/**
 * Whether the side connection's order holds exactly the UIDs this connection knows (`ascending`): the side may
 * have seen an arrival or an expunge this one has not yet.
 */
function matching(side: Uint32Array | null, ascending: Uint32Array): side is Uint32Array {
  return side !== null && sameUids(side.slice().sort(), ascending);
}
