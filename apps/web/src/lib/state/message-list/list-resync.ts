// The message list after a reconnect, and when the UIDs it holds stop naming anything. resync() keeps what it
// can: what vanished leaves, changed flags are shown, arrivals are fetched, and the cursor, open message and
// selection stay on their UIDs (list-sync.ts asks the server; the list model decides what the list keeps). A
// changed UIDVALIDITY, or an order that was never complete, opens the folder from scratch instead: whoever
// holds UIDs is told first (onUidValidityChange), the open message stays open if it is still there, and the
// search shown is run again.

import { ConnectionError } from '@webmail/imap-core';
import type { SelectResult } from '@webmail/imap-core';
import type { FolderRole } from '../folder-model.ts';
import type { MailClient } from '../mail-client.ts';
import { describeError } from '../user-message.ts';
import { searchAscending } from './folder-order.ts';
import type { ListArrivals } from './list-arrivals.ts';
import type { ListModel } from './list-model.svelte.ts';
import type { ListOrdering } from './list-ordering.ts';
import type { ListSearch } from './list-search.ts';
import { fetchFlags, modseqOf, reselect, selectOptions } from './list-sync.ts';
import type { RowFetcher } from './row-fetcher.ts';
import { binarySearch, uidRangeSet } from './uid-list.ts';

/** The parts of the list a resync works with. */
export interface ResyncParts {
  readonly search: ListSearch;
  readonly arrivals: ListArrivals;
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
  readonly #model: ListModel;
  readonly #client: MailClient;
  readonly #parts: ResyncParts;
  readonly #validityListeners = new Set<(path: string, uidValidity: number) => void>();

  constructor(model: ListModel, client: MailClient, parts: ResyncParts) {
    this.#model = model;
    this.#client = client;
    this.#parts = parts;
  }

  /** MessageList.onUidValidityChange. */
  onUidValidityChange(listener: (path: string, uidValidity: number) => void): () => void {
    this.#validityListeners.add(listener);
    return () => this.#validityListeners.delete(listener);
  }

  /** MessageList.resync: re-selects the folder and brings the list in line with the server. */
  async run(): Promise<void> {
    const model = this.#model;
    const client = this.#client;
    const path = model.path;
    if (path === null) return;
    const select = (): Promise<SelectResult> => client.select(path, selectOptions(client));
    if (model.phase !== 'ready' || model.ordering || model.uidValidity === 0) {
      // The order was never complete: nothing to keep.
      return this.#reopen(path, model.role, select);
    }
    const open = model.beginResync();
    try {
      const reselected = await reselect(client, path, {
        uidValidity: model.uidValidity,
        modseq: model.highestModseq,
        known: model.folderUids().sort(),
        plain: selectOptions(client),
        wanted: () => open.current,
      });
      if (reselected === null || !open.current) return;
      const { selected, quick } = reselected;
      if ((selected.uidValidity ?? 0) !== model.uidValidity) {
        return await this.startOver(path, selected.uidValidity ?? 0, async () => selected);
      }
      // HIGHESTMODSEQ moves on only once the changes up to it are applied: a resync cut short asks again.
      const modseq = model.highestModseq;
      model.adoptKeywords(selected);
      if (quick) {
        model.removeUids(uidRangeSet(selected.vanished));
        for (const { uid, attributes } of selected.changed) {
          if (uid !== null && attributes.flags) model.serverFlags(uid, attributes.flags);
        }
      } else {
        // UIDs only grow (RFC 9051 2.3.1.1): the same UIDNEXT and as many messages mean the same messages, and
        // the folder's UIDs need not come again (a plain SEARCH of 100,000 UIDs is 600 KB of text).
        const same =
          selected.uidNext !== null &&
          selected.uidNext === model.uidNext &&
          selected.exists === model.sequence.length;
        if (!same) {
          const server = await searchAscending(client, { all: true });
          if (!open.current) return;
          model.removeUids({ has: (uid) => binarySearch(server, uid) < 0 });
        }
        // The cached rows' flags, again: what they had may have changed while we were away.
        const fetched = await fetchFlags(client, model.cachedUids(), modseq, model.uidValidity);
        if (!open.current) return;
        for (const { uid, flags } of fetched) model.serverFlags(uid, flags);
      }
      model.resynced(open, modseqOf(selected) ?? modseq);
      await this.#parts.arrivals.fetch(open);
      if (!open.current) return;
      if (model.orderStale || model.sequence.length !== client.mailbox?.exists) {
        await this.#parts.ordering.compute(open);
      }
      this.#parts.rowFetcher.pump();
    } catch (error) {
      // Lost again: the next reconnect resyncs. Anything else (the folder is gone) is shown like a failed open.
      model.resyncFailed(open, error instanceof ConnectionError ? null : describeError(error));
    } finally {
      open.markSelected();
      open.showFirstRows();
    }
  }

  /** The UIDs we hold name nothing any more: tell who holds them, then open the folder afresh. */
  async startOver(path: string, uidValidity: number, select: () => Promise<SelectResult>): Promise<void> {
    for (const listener of [...this.#validityListeners]) listener(path, uidValidity);
    this.#model.forgetOpenMessage();
    await this.#reopen(path, this.#model.role, select);
  }

  /** Opens the folder from scratch, the open message kept if it is still there, the shown search run again. */
  async #reopen(path: string, role: FolderRole | null, select: () => Promise<SelectResult>): Promise<void> {
    const model = this.#model;
    const query = model.resultsQuery ?? model.query;
    const openUid = model.openUid;
    await this.#parts.openWith(path, role, select);
    if (model.path !== path || model.phase !== 'ready') return;
    if (openUid !== null) model.reopenMessage(openUid);
    if (query !== null) await this.#parts.search.run(query).catch(() => undefined);
  }
}
