// The message list after a reconnect, and when the UIDs it holds stop naming anything. resync() keeps what it
// can: what vanished leaves, changed flags are shown, arrivals are fetched, and the cursor, open message and
// selection stay on their UIDs (list-sync.ts asks the server; this decides what the list keeps). A changed
// UIDVALIDITY, or an order that was never complete, opens the folder from scratch instead: whoever holds UIDs
// is told first (onUidValidityChange), the open message stays open if it is still there, and the search shown
// is run again.

import { ConnectionError } from '@webmail/imap-core';
import type { SelectResult } from '@webmail/imap-core';
import type { FolderRole } from '../folder-model.ts';
import { searchAscending } from './folder-order.ts';
import type { ListOrdering } from './list-ordering.ts';
import type { ListSearch } from './list-search.ts';
import type { ListState } from './list-state.svelte.ts';
import { fetchFlags, modseqOf, reselect } from './list-sync.ts';
import type { RowFetcher } from './row-fetcher.ts';
import type { ServerChanges } from './server-changes.ts';
import { binarySearch, uidRangeSet } from './uid-list.ts';
import { describeError } from '../user-message.ts';

/** The parts of the list a resync works with. */
export interface ResyncParts {
  readonly search: ListSearch;
  readonly changes: ServerChanges;
  readonly ordering: ListOrdering;
  readonly rowFetcher: RowFetcher;
  /** Opens `path` from scratch with `select`, as MessageList.open does. */
  readonly openWith: (
    path: string,
    role: FolderRole | null,
    select: () => Promise<SelectResult>,
  ) => Promise<void>;
}

export class ListResync {
  readonly #state: ListState;
  readonly #parts: ResyncParts;
  readonly #validityListeners = new Set<(path: string, uidValidity: number) => void>();

  constructor(state: ListState, parts: ResyncParts) {
    this.#state = state;
    this.#parts = parts;
  }

  /** MessageList.onUidValidityChange. */
  onUidValidityChange(listener: (path: string, uidValidity: number) => void): () => void {
    this.#validityListeners.add(listener);
    return () => this.#validityListeners.delete(listener);
  }

  /** MessageList.resync: re-selects the folder and brings the list in line with the server. */
  async run(): Promise<void> {
    const state = this.#state;
    const list = state.list;
    const { changes } = this.#parts;
    const path = list.path;
    if (path === null) return;
    const select = (): Promise<SelectResult> => state.client.select(path, state.selectOptions());
    if (list.phase !== 'ready' || list.ordering || list.uidValidity === 0) {
      // The order was never complete: nothing to keep.
      return this.#reopen(path, list.role, select);
    }
    const open = state.begin();
    open.resyncing = true;
    changes.flushGone();
    state.seqUidsKnown = false;
    try {
      const { selected, quick } = await reselect(state.client, path, {
        uidValidity: list.uidValidity,
        modseq: state.highestModseq,
        known: state.folderOrder.toArray().sort(),
        plain: state.selectOptions(),
      });
      if (state.open !== open) return;
      if ((selected.uidValidity ?? 0) !== list.uidValidity) {
        return await this.startOver(path, selected.uidValidity ?? 0, async () => selected);
      }
      // HIGHESTMODSEQ moves on only once the changes up to it are applied: a resync cut short asks again.
      const modseq = state.highestModseq;
      state.adoptKeywords(selected);
      if (quick) {
        changes.removeUids(uidRangeSet(selected.vanished));
        for (const { uid, attributes } of selected.changed) {
          if (uid !== null && attributes.flags) state.rows.serverFlags(uid, attributes.flags);
        }
      } else {
        const server = await searchAscending(state.client, { all: true });
        if (state.open !== open) return;
        changes.removeUids({ has: (uid) => binarySearch(server, uid) < 0 });
        // The cached rows' flags, again: what they had may have changed while we were away.
        const fetched = await fetchFlags(state.client, state.rows.uids(), modseq, list.uidValidity);
        if (state.open !== open) return;
        for (const { uid, flags } of fetched) state.rows.serverFlags(uid, flags);
      }
      state.highestModseq = modseqOf(selected) ?? modseq;
      changes.flushGone();
      state.seqUids.set(state.folderOrder.toArray().sort());
      state.seqUidsKnown = true;
      list.phase = 'ready';
      list.error = null;
      open.markSelected();
      open.resyncing = false;
      await changes.fetchArrivals(open);
      if (state.open !== open) return;
      if (open.dirty || state.seqUids.length !== state.client.mailbox?.exists) {
        await this.#parts.ordering.compute(open);
      }
      this.#parts.rowFetcher.pump();
    } catch (error) {
      if (state.open !== open) return;
      open.resyncing = false;
      // Lost again: the next reconnect resyncs. Anything else (the folder is gone) is shown like a failed open.
      if (!(error instanceof ConnectionError)) {
        list.error = describeError(error);
        list.phase = 'error';
      }
    } finally {
      open.markSelected();
      open.showFirstRows();
    }
  }

  /** The UIDs we hold name nothing any more: tell who holds them, then open the folder afresh. */
  async startOver(path: string, uidValidity: number, select: () => Promise<SelectResult>): Promise<void> {
    const list = this.#state.list;
    for (const listener of [...this.#validityListeners]) listener(path, uidValidity);
    if (list.openUid !== null) this.#state.options.onOpenGone?.();
    list.openUid = null;
    await this.#reopen(path, list.role, select);
  }

  /** Opens the folder from scratch, the open message kept if it is still there, the shown search run again. */
  async #reopen(path: string, role: FolderRole | null, select: () => Promise<SelectResult>): Promise<void> {
    const state = this.#state;
    const list = state.list;
    const query = this.#parts.search.shownQuery ?? list.query;
    const openUid = list.openUid;
    await this.#parts.openWith(path, role, select);
    if (list.path !== path || list.phase !== 'ready') return;
    if (openUid !== null && binarySearch(state.seqUids.toArray(), openUid) >= 0) list.openUid = openUid;
    else if (openUid !== null) state.options.onOpenGone?.();
    if (query !== null) await list.setQuery(query).catch(() => undefined);
  }
}
