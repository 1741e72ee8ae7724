// The message list of the selected folder, built to open a folder of 100,000 messages as fast as one of 20:
//
// - Order: `UID SORT (DATE)` read newest first when the server has SORT (RFC 5256), else every UID from ESEARCH/SEARCH
//   shown newest-arrival first and then ordered by INTERNALDATE on the client (folder-order.ts). The order is
//   a Uint32Array. A search shows its own order the same way, kept beside the folder's (list-search.ts).
// - Before SORT, the newest messages by UID are fetched: they are almost always the top of the date order, so
//   the first rows appear before the sort is done (and are re-placed by the sort's answer if not;
//   list-ordering.ts).
// - Rows: only those in view plus a margin are fetched, by UID, in batches, at most two batches in flight; when
//   a batch ends the next one is chosen from where the view is then, so a fast scroll skips what it passed
//   (row-fetcher.ts). A partial FETCH never makes a row; an unreadable message makes an "unreadable" row
//   (row-batch.ts).
// - Cache: rows far from the view are dropped once the cache holds more than CACHE_LIMIT.
// - Changes: EXISTS fetches the arrivals (list-arrivals.ts), placed by date: new mail on top, a message copied
//   in with an old date where its date puts it (arrival-places.ts; list-reorder.ts when the rows fetched so far
//   cannot tell), EXPUNGE/VANISHED remove by UID in one sweep per
//   burst, FETCH FLAGS updates a row, a new UIDVALIDITY reopens the folder (server-changes.ts hears them).
//   After a reconnect, resync() brings the list in line (list-resync.ts).
//
// The state lives in one place, ListModel (list-model.svelte.ts), which keeps the invariants and is the only
// writer; the parts above talk to the server and call its methods. MessageList puts them together and is what
// the rest of the app holds: it reads the model's state and starts the parts' work.

import type { SearchKey, SelectResult } from '@webmail/imap-core';
import { untrack } from 'svelte';
import type { FolderRole } from '../folder-model.ts';
import type { MailClient } from '../mail-client.ts';
import { describeError } from '../user-message.ts';
import type { UserMessage } from '../user-message.ts';
import { ListArrivals } from './list-arrivals.ts';
import { ListModel } from './list-model.svelte.ts';
import { ListOrdering } from './list-ordering.ts';
import { ListReorder } from './list-reorder.ts';
import type { ReorderTimer } from './list-reorder.ts';
import { ListResync } from './list-resync.ts';
import { ListSearch } from './list-search.ts';
import type { SearchRunOptions } from './list-search.ts';
import type { ListSnapshot } from './list-snapshot.ts';
import { selectOptions } from './list-sync.ts';
import type { FolderCountsUpdate, ListPhase, MessageRef, MovingRows } from './list-types.ts';
import type { MessageRow } from './message-row.ts';
import { RowFetcher } from './row-fetcher.ts';
import type { Selection } from './selection.svelte.ts';
import { ServerChanges } from './server-changes.ts';
import type { SortOnSide } from './side-sort.ts';
import { UnseenCount } from './unseen-count.ts';

export type { FolderCountsUpdate, ListPhase, MessageRef, MovingRows } from './list-types.ts';
export type { ListSnapshot } from './list-snapshot.ts';
export { FIRST_ROWS } from './list-ordering.ts';
export { REORDER_DELAY_MS } from './list-reorder.ts';
export { BATCH_SIZE, CACHE_LIMIT, KEEP_AROUND, MARGIN, PARALLEL_BATCHES } from './row-fetcher.ts';

export interface MessageListOptions {
  /** The folder's counts changed (after SELECT, arrivals, expunges, flag changes). */
  readonly onCounts?: (path: string, counts: FolderCountsUpdate) => void;
  /** The open message is gone (expunged, or the folder's UIDVALIDITY changed). */
  readonly onOpenGone?: () => void;
  /**
   * The folder's unread count as shown now, the base of an optimistic change by applyFlags. Default: the last
   * count the list made itself (none until the first flag change; the recount after the STORE fixes it).
   */
  readonly unseenCount?: (path: string) => number | null | undefined;
  /** Sorts a whole folder on another connection (side-sort.ts), keeping this one free meanwhile. */
  readonly sortOnSide?: SortOnSide;
  /**
   * How long after the last arrival it could not place by date the folder is ordered again (default
   * REORDER_DELAY_MS), and the clock that waits (default setTimeout; tests pass their own).
   */
  readonly reorderDelayMs?: number;
  readonly reorderTimer?: ReorderTimer;
}

export class MessageList {
  readonly #model: ListModel;
  readonly #client: MailClient;
  readonly #rowFetcher: RowFetcher;
  readonly #unseen: UnseenCount;
  readonly #search: ListSearch;
  readonly #ordering: ListOrdering;
  readonly #resync: ListResync;
  readonly #reorder: ListReorder;
  readonly #unsubscribe: (() => void)[];

  constructor(client: MailClient, options: MessageListOptions = {}) {
    this.#client = client;
    const model = new ListModel({
      ...options,
      onMessagesChanged: () => this.#unseen.schedule(),
    });
    this.#model = model;
    this.#rowFetcher = new RowFetcher(model, client);
    this.#unseen = new UnseenCount(model, client, options);
    this.#search = new ListSearch(model, client, this.#rowFetcher);
    this.#ordering = new ListOrdering(model, client, this.#rowFetcher, options.sortOnSide ?? null);
    this.#reorder = new ListReorder(model, client, this.#rowFetcher, {
      sortOnSide: options.sortOnSide ?? null,
      ...(options.reorderDelayMs === undefined ? {} : { delayMs: options.reorderDelayMs }),
      ...(options.reorderTimer === undefined ? {} : { timer: options.reorderTimer }),
    });
    const arrivals = new ListArrivals(model, client, this.#search, this.#reorder);
    this.#resync = new ListResync(model, client, {
      search: this.#search,
      arrivals,
      ordering: this.#ordering,
      rowFetcher: this.#rowFetcher,
      openWith: (path, role, select) => this.#openWith(path, role, select),
    });
    const changes = new ServerChanges(model, client, {
      arrivals,
      ordering: this.#ordering,
      unseen: this.#unseen,
      startOver: (path, uidValidity) =>
        void this.#resync.startOver(path, uidValidity, () => client.select(path, selectOptions(client))),
    });
    this.#unsubscribe = changes.listen();
  }

  // --- the model's state, as components read it (list-model.svelte.ts says what each means) ---------------

  get path(): string | null {
    return this.#model.path;
  }
  get role(): FolderRole | null {
    return this.#model.role;
  }
  get phase(): ListPhase {
    return this.#model.phase;
  }
  get ordering(): boolean {
    return this.#model.ordering;
  }
  get progress(): number | null {
    return this.#model.progress;
  }
  get error(): UserMessage | null {
    return this.#model.error;
  }
  get count(): number {
    return this.#model.count;
  }
  get uidValidity(): number {
    return this.#model.uidValidity;
  }
  get cursor(): number {
    return this.#model.cursor;
  }
  get cursorLost(): boolean {
    return this.#model.cursorLost;
  }
  get openUid(): number | null {
    return this.#model.openUid;
  }
  get keywordsAllowed(): boolean {
    return this.#model.keywordsAllowed;
  }
  get knownKeywords(): readonly string[] {
    return this.#model.knownKeywords;
  }
  get query(): SearchKey | null {
    return this.#model.query;
  }
  get searching(): boolean {
    return this.#model.searching;
  }
  get selection(): Selection {
    return this.#model.selection;
  }
  /** How many rows are cached (for tests and the heap budget). */
  get cachedRows(): number {
    return this.#model.cachedRows;
  }

  /** The row at a display index, if fetched. Reactive: re-read when rows arrive or change. */
  rowAt(index: number): MessageRow | undefined {
    return this.#model.rowAt(index);
  }

  /** The UID at a display index (0 while the order is not known there). Reactive. */
  uidAt(index: number): number {
    return this.#model.uidAt(index);
  }

  indexOfUid(uid: number): number {
    return this.#model.indexOfUid(uid);
  }

  /** Every UID of the current order (whole folder, or the search result), a copy. */
  allUids(): Uint32Array {
    return this.#model.allUids();
  }

  /** Settles when the folder being opened has its first rows (or none, or failed): other work may start. */
  get firstRows(): Promise<void> {
    return this.#model.open.firstRows;
  }

  // --- what the user does --------------------------------------------------------------------------------

  /** Selects `path` and lists its messages. Resolves when the order is known. */
  open(path: string, role: FolderRole | null = null): Promise<void> {
    const client = this.#client;
    return this.#openWith(path, role, () => client.select(path, selectOptions(client)));
  }

  /**
   * Counts the open folder's unread messages on the server (SEARCH UNSEEN), for a count nobody else gave: a
   * server without LIST-STATUS answers no STATUS for the selected folder (RFC 9051 6.3.11 advises against it).
   */
  countUnseen(): void {
    this.#unseen.schedule();
  }

  /** The rows the user sees (inclusive display indexes); rows around them are fetched. */
  setViewport(first: number, last: number): void {
    // Called from the list component's effect: what the fetcher reads to choose rows must not become that
    // effect's dependencies (the parts that change the order start the fetcher themselves).
    untrack(() => this.#rowFetcher.setView(Math.max(0, first), Math.min(this.count - 1, last)));
  }

  moveCursor(index: number): void {
    this.#model.moveCursor(index);
  }

  /** Marks the row at `index` open and says how to name it to the reader; null while its UID is unknown. */
  openAt(index: number): MessageRef | null {
    return this.#model.openAt(index);
  }

  closeMessage(): void {
    this.#model.closeMessage();
  }

  /**
   * Replaces the order with the UIDs matching `query`, newest first (UID SORT (DATE) read newest first with the criteria
   * when SORT exists, else SEARCH ordered by date on the client); null restores the whole folder. A later call
   * or cancelSearch() abandons an earlier one: its answer is ignored. Rejects when the server refuses.
   */
  setQuery(query: SearchKey | null, options: SearchRunOptions = {}): Promise<void> {
    return this.#search.run(query, options);
  }

  /** Settles once the rows near the view that were being fetched have come (at once when none were). */
  rowsFetched(): Promise<void> {
    return this.#rowFetcher.fetched();
  }

  /**
   * The newest `size` messages by UID as a search key, when the folder is at least twice that large and its
   * order is known; else null. A search of them answers in a fraction of the time a whole large folder takes.
   */
  recentWindow(size: number): SearchKey | null {
    const model = this.#model;
    if (model.phase !== 'ready' || model.ordering || !model.sequence.known) return null;
    if (model.sequence.length < 2 * size || model.uidNext <= size) return null;
    return { uid: [{ start: model.uidNext - size, end: Infinity }] };
  }

  /** Abandons the search in flight: its answer is ignored and the list keeps showing what it shows. */
  cancelSearch(): void {
    this.#search.cancel();
  }

  /**
   * Optimistic flag change of the rows of `uids`, painted at once on cached rows and on rows that arrive before
   * a UID STORE naming them completes. Returns a function that takes the change back: rows then show the flags
   * the server last reported (their previous flags, unless the server changed them meanwhile). Keeps the
   * folder's unread count right (adjusted now, recounted after the STORE).
   */
  applyFlags(uids: readonly number[], add: readonly string[], remove: readonly string[]): () => void {
    const model = this.#model;
    const { path, uidValidity } = model;
    const painted = model.paintFlags(uids, add, remove);
    this.#unseen.adjust(painted.unseenDelta);
    let undone = false;
    return () => {
      if (undone) return;
      undone = true;
      const delta = painted.undo();
      // After a folder change (or a new UIDVALIDITY) the count is another folder's.
      if (model.path !== path || model.uidValidity !== uidValidity) return;
      this.#unseen.adjust(delta);
      this.#unseen.schedule();
    };
  }

  /**
   * Messages being moved away leave the list at once (ListModel.hideMoving), and the unread count with them;
   * it is counted again once the move is done or undone.
   */
  hideMoving(uids: ArrayLike<number>): MovingRows {
    const moving = this.#model.hideMoving(uids);
    this.#unseen.adjust(-moving.unseen);
    return {
      unseen: moving.unseen,
      done: () => {
        moving.done();
        this.#unseen.schedule();
      },
      restore: () => {
        moving.restore();
        this.#unseen.schedule();
      },
    };
  }

  /**
   * After a reconnect: re-selects this folder and brings the list in line with the server. With QRESYNC the
   * SELECT itself reports what vanished and which flags changed (RFC 7162 3.2.5); without it, the folder's UIDs
   * are compared with ours and the cached rows' flags fetched again. Either way arrivals are fetched from
   * UIDNEXT on, and the cursor, open message and selection stay on their UIDs when those survive. A changed
   * UIDVALIDITY reopens from scratch.
   */
  resync(): Promise<void> {
    return this.#resync.run();
  }

  /** The folder as the list knows it (list-snapshot.ts), for the device's mirror; null while incomplete. */
  snapshot(): ListSnapshot | null {
    return this.#model.snapshot();
  }

  /**
   * Shows a folder as it was kept on the device, before the server has answered; `resync()` brings it in
   * line once the connection is up. Work of the folder shown before is abandoned, as by open().
   */
  restore(snapshot: ListSnapshot): void {
    this.#search.abandon();
    this.#unseen.forget();
    this.#rowFetcher.reset();
    this.#model.restore(snapshot);
  }

  /** UIDVALIDITY of `path` changed (or the folder was reopened from scratch): listeners drop pending actions. */
  onUidValidityChange(listener: (path: string, uidValidity: number) => void): () => void {
    return this.#resync.onUidValidityChange(listener);
  }

  /** Stops listening to the client (sign-out). */
  dispose(): void {
    for (const off of this.#unsubscribe) off();
    this.#model.end();
    this.#reorder.dispose();
    this.#search.abandon();
    this.#unseen.dispose();
  }

  /** Opens `path` with `select`: SELECT, then the order (list-ordering.ts). */
  async #openWith(path: string, role: FolderRole | null, select: () => Promise<SelectResult>): Promise<void> {
    const model = this.#model;
    const open = model.begin(path, role);
    this.#search.abandon();
    this.#unseen.forget();
    this.#rowFetcher.reset();
    try {
      const selected = await select();
      if (!model.selected(open, selected)) return;
      if (selected.exists > 0) await this.#ordering.compute(open);
    } catch (error) {
      model.failed(open, describeError(error));
    } finally {
      open.markSelected();
      open.showFirstRows();
    }
  }
}
