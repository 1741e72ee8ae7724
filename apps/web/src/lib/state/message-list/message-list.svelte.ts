// The message list of the selected folder, built to open a folder of 100,000 messages as fast as one of 20:
//
// - Order: `UID SORT (REVERSE DATE)` when the server has SORT (RFC 5256), else every UID from ESEARCH/SEARCH
//   shown newest-arrival first and then ordered by INTERNALDATE on the client (folder-order.ts). The order is
//   a Uint32Array. A search shows its own order the same way, kept beside the folder's (list-search.ts).
// - Before SORT, the newest messages by UID are fetched: they are almost always the top of the date order, so
//   the first rows appear before the sort is done (and are re-placed by the sort's answer if not;
//   list-ordering.ts).
// - Rows: only those in view plus a margin are fetched, by UID, in batches, at most two batches in flight; when
//   a batch ends the next one is chosen from where the view is then, so a fast scroll skips what it passed
//   (row-fetcher.ts).
// - Cache: rows far from the view are dropped once the cache holds more than CACHE_LIMIT.
// - Changes: EXISTS fetches the arrivals (UID uidNext:*), EXPUNGE/VANISHED remove by UID (EXPUNGE's sequence
//   number through our own seq -> UID list), in one sweep per burst; FETCH FLAGS updates a row; a new
//   UIDVALIDITY reopens the folder (server-changes.ts). After a reconnect, resync() brings the list in line
//   (list-resync.ts).
//
// MessageList holds what components read and opens folders. The parts named above, and the folder's unread
// count that optimistic flag changes move at once (unseen-count.ts), share one ListState (list-state.svelte.ts);
// each checks that the open it started under is still current before it writes.

import type { SearchKey, SelectResult } from '@webmail/imap-core';
import type { FolderRole } from '../folder-model.ts';
import { ListOrdering } from './list-ordering.ts';
import { ListResync } from './list-resync.ts';
import { ListSearch } from './list-search.ts';
import { ListState } from './list-state.svelte.ts';
import { modseqOf } from './list-sync.ts';
import type { MailClient } from '../mail-client.ts';
import { mergeKeywords } from './message-row.ts';
import type { MessageRow } from './message-row.ts';
import { RowFetcher } from './row-fetcher.ts';
import { Selection } from './selection.svelte.ts';
import { ServerChanges } from './server-changes.ts';
import { UnseenCount } from './unseen-count.ts';
import { describeError } from '../user-message.ts';
import type { UserMessage } from '../user-message.ts';

export { FIRST_ROWS } from './list-ordering.ts';
export { BATCH_SIZE, CACHE_LIMIT, KEEP_AROUND, MARGIN, PARALLEL_BATCHES } from './row-fetcher.ts';

/** How a message is named to the reader: by UID, valid only under this UIDVALIDITY of this folder. */
export interface MessageRef {
  readonly mailbox: string;
  readonly uidValidity: number;
  readonly uid: number;
}

export interface FolderCountsUpdate {
  readonly messages?: number;
  readonly unseen?: number;
}

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
}

export class MessageList {
  path = $state<string | null>(null);
  role = $state<FolderRole | null>(null);
  phase = $state<'idle' | 'opening' | 'ready' | 'error'>('idle');
  /** The order is being computed (SORT, or dates for the client-side order). */
  ordering = $state(false);
  /** 0..1 while dates for the client-side order arrive; null otherwise. */
  progress = $state<number | null>(null);
  error = $state.raw<UserMessage | null>(null);
  count = $state(0);
  uidValidity = $state(0);
  /** The row with keyboard focus, -1 when the list is empty. */
  cursor = $state(-1);
  /**
   * The message the user pointed at (the cursor's, the open one, or the whole selection) was expunged elsewhere:
   * the cursor now rests on a neighbour the user never chose, so it is no action's target until the user moves
   * it or picks a row.
   */
  cursorLost = $state(false);
  /** The message shown in the reader. */
  openUid = $state<number | null>(null);
  /** Keywords may be created (PERMANENTFLAGS has \*) and the keywords the mailbox knows (FLAGS/PERMANENTFLAGS). */
  keywordsAllowed = $state(false);
  knownKeywords = $state.raw<readonly string[]>([]);
  /** Server-side filter of this folder (a search), or null for the whole folder. */
  query = $state.raw<SearchKey | null>(null);
  /** A search is running. */
  searching = $state(false);
  readonly selection: Selection;

  readonly #state: ListState;
  readonly #rowFetcher: RowFetcher;
  readonly #unseen: UnseenCount;
  readonly #search: ListSearch;
  readonly #changes: ServerChanges;
  readonly #ordering: ListOrdering;
  readonly #resync: ListResync;
  readonly #unsubscribe: (() => void)[];

  constructor(client: MailClient, options: MessageListOptions = {}) {
    const state = new ListState(this, client, options);
    this.#state = state;
    this.selection = new Selection(this);
    this.#rowFetcher = new RowFetcher(state);
    this.#unseen = new UnseenCount(state);
    this.#search = new ListSearch(state, this.#rowFetcher);
    this.#changes = new ServerChanges(state, this.#unseen, this.#search, {
      computeOrder: (open) => this.#ordering.compute(open),
      startOver: (path, uidValidity, select) => this.#resync.startOver(path, uidValidity, select),
    });
    this.#ordering = new ListOrdering(state, this.#rowFetcher, this.#changes);
    this.#resync = new ListResync(state, {
      search: this.#search,
      changes: this.#changes,
      ordering: this.#ordering,
      rowFetcher: this.#rowFetcher,
      openWith: (path, role, select) => this.#openWith(path, role, select),
    });
    this.#unsubscribe = this.#changes.listen();
  }

  /** The row at a display index, if fetched. Reactive: re-read when rows arrive or change. */
  rowAt(index: number): MessageRow | undefined {
    void this.#state.version;
    const uid = this.#state.order.at(index);
    return uid === 0 ? undefined : this.#state.rows.get(uid);
  }

  /** The UID at a display index (0 while the order is not known there). Reactive. */
  uidAt(index: number): number {
    void this.#state.version;
    return this.#state.order.at(index);
  }

  indexOfUid(uid: number): number {
    void this.#state.version;
    return this.#state.order.indexOf(uid);
  }

  /** Every UID of the current order (whole folder, or the search result), a copy. */
  allUids(): Uint32Array {
    void this.#state.version;
    const uids = this.#state.order.toArray();
    return uids.includes(0) ? uids.filter((uid) => uid !== 0) : uids;
  }

  /** How many rows are cached (for tests and the heap budget). */
  get cachedRows(): number {
    void this.#state.version;
    return this.#state.rows.size;
  }

  /** Settles when the folder being opened has its first rows (or none, or failed): other work may start. */
  get firstRows(): Promise<void> {
    return this.#state.open.firstRows;
  }

  /** Selects `path` and lists its messages. Resolves when the order is known. */
  open(path: string, role: FolderRole | null = null): Promise<void> {
    const state = this.#state;
    return this.#openWith(path, role, () => state.client.select(path, state.selectOptions()));
  }

  /** The rows the user sees (inclusive display indexes); rows around them are fetched. */
  setViewport(first: number, last: number): void {
    this.#rowFetcher.setView(Math.max(0, first), Math.min(this.count - 1, last));
  }

  moveCursor(index: number): void {
    if (this.count === 0) return;
    this.cursor = Math.min(this.count - 1, Math.max(0, index));
    this.cursorLost = false;
  }

  /** Marks the row at `index` open and says how to name it to the reader; null while its UID is unknown. */
  openAt(index: number): MessageRef | null {
    const uid = this.#state.order.at(index);
    if (uid === 0 || this.path === null) return null;
    this.cursor = index;
    this.cursorLost = false;
    this.openUid = uid;
    return { mailbox: this.path, uidValidity: this.uidValidity, uid };
  }

  closeMessage(): void {
    this.openUid = null;
  }

  /** UIDVALIDITY of `path` changed (or the folder was reopened from scratch): listeners drop pending actions. */
  onUidValidityChange(listener: (path: string, uidValidity: number) => void): () => void {
    return this.#resync.onUidValidityChange(listener);
  }

  /** Stops listening to the client (sign-out). */
  dispose(): void {
    for (const off of this.#unsubscribe) off();
    this.#state.begin();
    this.#search.abandon();
    this.#unseen.dispose();
  }

  /**
   * Replaces the order with the UIDs matching `query`, newest first (UID SORT (REVERSE DATE) with the criteria
   * when SORT exists, else SEARCH ordered by date on the client); null restores the whole folder. A later call
   * or cancelSearch() abandons an earlier one: its answer is ignored. Rejects when the server refuses.
   */
  setQuery(query: SearchKey | null): Promise<void> {
    return this.#search.run(query);
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
    const { path, uidValidity } = this;
    const painted = this.#state.rows.paint(uids, add, remove);
    this.knownKeywords = mergeKeywords(this.knownKeywords, add);
    this.#unseen.adjust(painted.unseenDelta);
    let undone = false;
    return () => {
      if (undone) return;
      undone = true;
      const delta = painted.undo();
      // After a folder change (or a new UIDVALIDITY) the count is another folder's.
      if (this.path !== path || this.uidValidity !== uidValidity) return;
      this.#unseen.adjust(delta);
      this.#unseen.schedule();
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

  // --- opening -------------------------------------------------------------------------------------------

  async #openWith(path: string, role: FolderRole | null, select: () => Promise<SelectResult>): Promise<void> {
    const state = this.#state;
    const open = state.begin();
    this.#reset();
    this.path = path;
    this.role = role;
    this.phase = 'opening';
    try {
      const selected = await select();
      if (state.open !== open) return;
      this.uidValidity = selected.uidValidity ?? 0;
      state.highestModseq = modseqOf(selected);
      state.adoptKeywords(selected);
      state.uidNext = selected.uidNext ?? 0;
      state.options.onCounts?.(path, { messages: selected.exists });
      this.count = selected.exists;
      state.folderOrder.reset(selected.exists);
      this.cursor = selected.exists > 0 ? 0 : -1;
      this.phase = 'ready';
      open.markSelected();
      state.changed();
      if (selected.exists > 0) await this.#ordering.compute(open);
    } catch (error) {
      if (state.open !== open) return;
      this.error = describeError(error);
      this.phase = 'error';
      this.ordering = false;
    } finally {
      open.markSelected();
      open.showFirstRows();
    }
  }

  /** Another folder: nothing of the last one is shown, fetched, counted or searched any more. */
  #reset(): void {
    this.count = 0;
    this.cursorLost = false;
    this.cursor = -1;
    this.openUid = null;
    this.error = null;
    this.ordering = false;
    this.progress = null;
    this.uidValidity = 0;
    this.keywordsAllowed = false;
    this.knownKeywords = [];
    this.query = null;
    this.searching = false;
    this.#search.reset();
    this.#state.reset();
    this.#changes.reset();
    this.#unseen.forget();
    this.#rowFetcher.reset();
    this.selection.clear();
    this.#state.changed();
  }
}
