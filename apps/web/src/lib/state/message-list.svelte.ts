// The message list of the selected folder, built to open a folder of 100,000 messages as fast as one of 20:
//
// - Order: `UID SORT (REVERSE DATE)` when the server has SORT (RFC 5256), else every UID from ESEARCH/SEARCH
//   shown newest-arrival first and then ordered by INTERNALDATE on the client (folder-order.ts). The order is
//   a Uint32Array. A search shows its own order the same way, kept beside the folder's.
// - Before SORT, the newest messages by UID are fetched: they are almost always the top of the date order, so
//   the first rows appear before the sort is done (and are re-placed by the sort's answer if not).
// - Rows: only those in view plus a margin are fetched, by UID, in batches, at most two batches in flight; when
//   a batch ends the next one is chosen from where the view is then, so a fast scroll skips what it passed.
// - Cache: rows far from the view are dropped once the cache holds more than CACHE_LIMIT.
// - Changes: EXISTS fetches the arrivals (UID uidNext:*), EXPUNGE/VANISHED remove by UID (EXPUNGE's sequence
//   number through our own seq -> UID list), in one sweep per burst; FETCH FLAGS updates a row; a new
//   UIDVALIDITY reopens the folder. After a reconnect, resync() brings the list in line (list-resync notes).

import { ConnectionError, parseSequenceSet, rangesFromNumbers } from '@webmail/imap-core';
import type {
  CompletedEvent,
  NumberRange,
  MailboxEvents,
  SearchKey,
  SelectOptions,
  SelectResult,
  UntaggedResponse,
} from '@webmail/imap-core';
import type { FolderRole } from './folder-model.ts';
import {
  countUnseen,
  keepMembers,
  orderByInternalDate,
  searchAscending,
  sortedByDate,
} from './folder-order.ts';
import { fetchFlags, modseqOf, reselect } from './list-sync.ts';
import type { MailClient } from './mail-client.ts';
import { ROW_FETCH_ITEMS, keywordsAllowedBy, mergeKeywords, rowFromFetch } from './message-row.ts';
import type { MessageRow } from './message-row.ts';
import { RowCache } from './row-cache.svelte.ts';
import { Selection } from './selection.svelte.ts';
import { UidList, binarySearch, uidRangeSet } from './uid-list.ts';
import type { UidSet } from './uid-list.ts';
import { describeError } from './user-message.ts';
import type { UserMessage } from './user-message.ts';

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

/** Newest messages fetched ahead of the sort (about two screens). */
export const FIRST_ROWS = 40;
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
/** Tries to get an order that matches the mailbox when messages come and go while it is computed. */
const ORDER_ATTEMPTS = 3;
/** Unread counts are recounted this long after the last flag change. */
const COUNT_DELAY_MS = 150;

/** Per-open bookkeeping: a batch that finishes after the folder changed only touches its own open's state. */
class OpenState {
  active = 0;
  readonly fetching = new Set<number>();
  /** Lower bound of an open-ended fetch of ours in flight (UID n:*), or Infinity. */
  fetchingFrom = Infinity;
  /** UIDs asked for and not returned (expunged meanwhile): not asked for again. */
  readonly missing = new Set<number>();
  /** A mailbox event arrived while the order was computed (or resynchronized): compute again. */
  dirty = false;
  /** resync() runs: it fetches the arrivals itself once the list matches the server again. */
  resyncing = false;
  arrivals: Promise<void> | null = null;
  arrivalsAgain = false;
  /** Settles when the first rows can be shown (or there are none, or opening failed). */
  readonly firstRows: Promise<void>;
  showFirstRows!: () => void;
  /** Settles when SELECT is answered (or failed): a search may be sent from then on. */
  readonly selected: Promise<void>;
  markSelected!: () => void;
  constructor(readonly generation: number) {
    this.firstRows = new Promise((resolve) => (this.showFirstRows = resolve));
    this.selected = new Promise((resolve) => (this.markSelected = resolve));
  }
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

  #version = $state(0);
  readonly #client: MailClient;
  readonly #options: MessageListOptions;
  /** The whole folder, newest first. */
  readonly #folderOrder = new UidList();
  /** The search result shown, newest first; null while the whole folder is shown. */
  #results: UidList | null = null;
  #shownQuery: SearchKey | null = null;
  /** Bumped by every setQuery and cancelSearch: an answer for an older one is ignored. */
  #searchToken = 0;
  /** Arrivals from this UID on have not been matched against the shown search yet. */
  #resultsFrom = 0;
  /** The folder's UIDs ascending, which is sequence order: seq n is index n-1. */
  readonly #seqUids = new UidList();
  #seqUidsKnown = false;
  readonly #rows = new RowCache((keywords) => {
    this.knownKeywords = mergeKeywords(this.knownKeywords, keywords);
  });
  #view = { first: 0, last: -1 };
  /** UIDs from here on are not listed yet (RFC 9051 2.3.1.1: new messages get UIDs from UIDNEXT on). */
  #uidNext = 0;
  /** The folder's HIGHESTMODSEQ as far as this list has applied changes (CONDSTORE, RFC 7162 3.1.2.1). */
  #highestModseq: bigint | null = null;
  /** The unread count the list last made or adjusted, null when it has none. */
  #unseen: number | null = null;
  #open = new OpenState(0);
  #countTimer: ReturnType<typeof setTimeout> | null = null;
  /** Expunged UIDs not taken out of the order yet: a burst of EXPUNGEs is one sweep (see #flushGone). */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- scratch set, never rendered
  #gone = new Set<number>();
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- listeners, never rendered
  readonly #validityListeners = new Set<(path: string, uidValidity: number) => void>();
  /** UIDs of the UID STOREs in flight, by tag. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never rendered
  readonly #stores = new Map<string, readonly NumberRange[]>();
  readonly #unsubscribe: (() => void)[];

  constructor(client: MailClient, options: MessageListOptions = {}) {
    this.#client = client;
    this.#options = options;
    this.selection = new Selection(this);
    this.#unsubscribe = [
      client.on('exists', (event) => this.#onExists(event)),
      client.on('expunge', (event) => this.#onExpunge(event)),
      client.on('vanished', (event) => this.#onVanished(event)),
      client.on('flags', (event) => this.#onFlags(event)),
      client.on('uidvalidity', (event) => this.#onUidValidity(event)),
      client.on('untagged', (response) => this.#onUntagged(response)),
      client.on('sent', (event) => this.#onSent(event)),
      client.on('completed', (event) => this.#onCompleted(event)),
    ];
  }

  /** The order shown: the search result, else the folder. */
  get #order(): UidList {
    return this.#results ?? this.#folderOrder;
  }

  /** The row at a display index, if fetched. Reactive: re-read when rows arrive or change. */
  rowAt(index: number): MessageRow | undefined {
    void this.#version;
    const uid = this.#order.at(index);
    return uid === 0 ? undefined : this.#rows.get(uid);
  }

  /** The UID at a display index (0 while the order is not known there). Reactive. */
  uidAt(index: number): number {
    void this.#version;
    return this.#order.at(index);
  }

  indexOfUid(uid: number): number {
    void this.#version;
    return this.#order.indexOf(uid);
  }

  /** Every UID of the current order (whole folder, or the search result), a copy. */
  allUids(): Uint32Array {
    void this.#version;
    const uids = this.#order.toArray();
    return uids.includes(0) ? uids.filter((uid) => uid !== 0) : uids;
  }

  /** How many rows are cached (for tests and the heap budget). */
  get cachedRows(): number {
    void this.#version;
    return this.#rows.size;
  }

  /** Settles when the folder being opened has its first rows (or none, or failed): other work may start. */
  get firstRows(): Promise<void> {
    return this.#open.firstRows;
  }

  /** Selects `path` and lists its messages. Resolves when the order is known. */
  open(path: string, role: FolderRole | null = null): Promise<void> {
    return this.#openWith(path, role, () => this.#client.select(path, this.#selectOptions()));
  }

  /** The rows the user sees (inclusive display indexes); rows around them are fetched. */
  setViewport(first: number, last: number): void {
    this.#view = { first: Math.max(0, first), last: Math.min(this.count - 1, last) };
    this.#pump();
  }

  moveCursor(index: number): void {
    if (this.count === 0) return;
    this.cursor = Math.min(this.count - 1, Math.max(0, index));
  }

  /** Marks the row at `index` open and says how to name it to the reader; null while its UID is unknown. */
  openAt(index: number): MessageRef | null {
    const uid = this.#order.at(index);
    if (uid === 0 || this.path === null) return null;
    this.cursor = index;
    this.openUid = uid;
    return { mailbox: this.path, uidValidity: this.uidValidity, uid };
  }

  closeMessage(): void {
    this.openUid = null;
  }

  /** UIDVALIDITY of `path` changed (or the folder was reopened from scratch): listeners drop pending actions. */
  onUidValidityChange(listener: (path: string, uidValidity: number) => void): () => void {
    this.#validityListeners.add(listener);
    return () => this.#validityListeners.delete(listener);
  }

  /** Stops listening to the client (sign-out). */
  dispose(): void {
    for (const off of this.#unsubscribe) off();
    this.#open = new OpenState(this.#open.generation + 1);
    this.#searchToken++;
    if (this.#countTimer !== null) clearTimeout(this.#countTimer);
  }

  // --- opening -------------------------------------------------------------------------------------------

  async #openWith(path: string, role: FolderRole | null, select: () => Promise<SelectResult>): Promise<void> {
    const open = this.#begin();
    this.#reset();
    this.path = path;
    this.role = role;
    this.phase = 'opening';
    try {
      const selected = await select();
      if (this.#open !== open) return;
      this.#adoptSelected(selected);
      this.#uidNext = selected.uidNext ?? 0;
      this.#options.onCounts?.(path, { messages: selected.exists });
      this.count = selected.exists;
      this.#folderOrder.reset(selected.exists);
      this.cursor = selected.exists > 0 ? 0 : -1;
      this.phase = 'ready';
      open.markSelected();
      this.#bump();
      if (selected.exists > 0) await this.#computeOrder(open);
    } catch (error) {
      if (this.#open !== open) return;
      this.error = describeError(error);
      this.phase = 'error';
      this.ordering = false;
    } finally {
      open.markSelected();
      open.showFirstRows();
    }
  }

  #begin(): OpenState {
    const open = new OpenState(this.#open.generation + 1);
    this.#open = open;
    return open;
  }

  #reset(): void {
    this.count = 0;
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
    this.#searchToken++;
    this.#results = null;
    this.#shownQuery = null;
    this.#folderOrder.reset();
    this.#seqUids.reset();
    this.#seqUidsKnown = false;
    this.#rows.clear();
    this.#gone.clear();
    this.#highestModseq = null;
    this.#unseen = null;
    this.#view = { first: 0, last: -1 };
    this.selection.clear();
    this.#bump();
  }

  /** What a SELECT tells about the folder besides its size. */
  #adoptSelected(selected: SelectResult): void {
    this.uidValidity = selected.uidValidity ?? 0;
    this.#highestModseq = modseqOf(selected);
    this.#adoptKeywords(selected);
  }

  #adoptKeywords(selected: SelectResult): void {
    this.keywordsAllowed = keywordsAllowedBy(selected.permanentFlags);
    this.knownKeywords = mergeKeywords(
      mergeKeywords(this.knownKeywords, selected.flags),
      selected.permanentFlags ?? [],
    );
  }

  /** SELECT (CONDSTORE) when offered: HIGHESTMODSEQ for resync, MODSEQ with every flag change (RFC 7162 3.1.8). */
  #selectOptions(): SelectOptions {
    return this.#client.capabilities.has('CONDSTORE') ? { condstore: true } : {};
  }

  #bump(): void {
    this.#version++;
  }

  /** Every UID FETCH names the UIDVALIDITY its UIDs were read under: imap-core refuses it if that changed. */
  #guard(): { expectedUidValidity?: number } {
    return this.uidValidity === 0 ? {} : { expectedUidValidity: this.uidValidity };
  }

  // --- the order ---------------------------------------------------------------------------------------

  async #computeOrder(open: OpenState): Promise<void> {
    this.ordering = true;
    const sortable = this.#client.capabilities.has('SORT');
    // The head start goes alone, and SORT only once it is answered: pipelined together, Dovecot may hold the
    // FETCH's answer until the sort is done (measured: 12 ms alone, 40-120 ms next to a 100k SORT).
    if (sortable && this.#uidNext > 1) await this.#fetchNewest(open);
    if (this.#open !== open) return;
    open.showFirstRows();
    for (let attempt = 1; ; attempt++) {
      open.dirty = false;
      const { order, ascending } = await this.#serverOrder(sortable);
      if (this.#open !== open) return;
      const consistent = !open.dirty && ascending.length === this.#client.mailbox?.exists;
      if (!consistent && attempt < ORDER_ATTEMPTS) continue;
      this.#seqUids.set(ascending);
      this.#seqUidsKnown = consistent;
      const highest = ascending[ascending.length - 1] ?? 0;
      this.#uidNext = Math.max(this.#uidNext, highest + 1);
      // Gone while the order was computed: out of the search shown, the selection and the reader too.
      this.#removeUids({ has: (uid) => binarySearch(ascending, uid) < 0 });
      this.#adoptFolderOrder(order);
      if (this.path !== null) this.#options.onCounts?.(this.path, { messages: order.length });
      if (!sortable) {
        const dated = await orderByInternalDate(this.#client, ascending, {
          ...this.#guard(),
          wholeFolder: true,
          onProgress: (fraction) => {
            if (this.#open === open) this.progress = fraction;
          },
        });
        if (this.#open !== open) return;
        if (!open.dirty) this.#adoptFolderOrder(dated);
      }
      if (!open.dirty || attempt >= ORDER_ATTEMPTS) break;
    }
    this.ordering = false;
    this.progress = null;
  }

  /** The display order and the same UIDs ascending (which is sequence order). */
  async #serverOrder(sortable: boolean): Promise<{ order: Uint32Array; ascending: Uint32Array }> {
    if (sortable) {
      const order = await sortedByDate(this.#client, { all: true });
      return { order, ascending: order.slice().sort() };
    }
    const ascending = await searchAscending(this.#client, { all: true });
    return { order: ascending.slice().reverse(), ascending };
  }

  /** Shows the newest messages by UID as the provisional top of the list while SORT runs. */
  async #fetchNewest(open: OpenState): Promise<void> {
    const rows: MessageRow[] = [];
    const from = Math.max(1, this.#uidNext - FIRST_ROWS);
    open.fetchingFrom = from;
    try {
      await this.#client.fetch([{ start: from, end: Infinity }], ROW_FETCH_ITEMS, {
        ...this.#guard(),
        onMessage: (message) => rows.push(rowFromFetch(message.uid, message.attributes)),
      });
      if (this.#open !== open) return;
      this.#rows.keep(rows);
    } catch {
      return; // only a head start: the sorted order and the row fetches that follow it do the real work
    } finally {
      open.fetchingFrom = Infinity;
    }
    if (!this.ordering || this.#seqUids.length > 0) return this.#bump();
    rows.sort((a, b) => (b.date || 0) - (a.date || 0) || b.uid - a.uid);
    this.#folderOrder.place(
      0,
      rows.map((row) => row.uid),
    );
    this.#bump();
  }

  /** Takes a new order of the whole folder, keeping the cursor on the message it was on. */
  #adoptFolderOrder(order: Uint32Array): void {
    const shown = this.#results === null;
    const cursorUid = shown ? this.#folderOrder.at(this.cursor) : 0;
    this.#folderOrder.set(order);
    if (shown) {
      this.count = order.length;
      const index = cursorUid === 0 ? -1 : this.#folderOrder.indexOf(cursorUid);
      this.cursor = index >= 0 ? index : Math.min(Math.max(this.cursor, 0), order.length - 1);
    }
    this.#bump();
    this.#pump();
  }

  // --- search ----------------------------------------------------------------------------------------------

  /**
   * Replaces the order with the UIDs matching `query`, newest first (UID SORT (REVERSE DATE) with the criteria
   * when SORT exists, else SEARCH ordered by date on the client); null restores the whole folder. A later call
   * or cancelSearch() abandons an earlier one: its answer is ignored. Rejects when the server refuses.
   */
  async setQuery(query: SearchKey | null): Promise<void> {
    const token = ++this.#searchToken;
    const open = this.#open;
    if (this.path === null) return;
    this.query = query;
    if (query === null) {
      this.searching = false;
      if (this.#results !== null) this.#showResults(null, null, 0);
      return;
    }
    this.searching = true;
    try {
      await open.selected;
      if (this.#open !== open || this.#searchToken !== token) return;
      if (this.phase !== 'ready') {
        this.searching = false;
        this.query = this.#shownQuery;
        return;
      }
      const from = this.#uidNext;
      const order = await this.#searchOrder(open, query);
      if (this.#open !== open || this.#searchToken !== token) return;
      this.searching = false;
      const listed = this.#seqUidsKnown ? keepMembers(order, this.#seqUids.toArray()) : order;
      this.#showResults(query, listed, from);
      if (this.#uidNext > from) await this.#matchArrivals(open).catch(() => undefined);
    } catch (error) {
      if (this.#open !== open || this.#searchToken !== token) return;
      this.searching = false;
      this.query = this.#shownQuery;
      throw error;
    }
  }

  /** Abandons the search in flight: its answer is ignored and the list keeps showing what it shows. */
  cancelSearch(): void {
    this.#searchToken++;
    if (!this.searching) return;
    this.searching = false;
    this.query = this.#shownQuery;
  }

  async #searchOrder(open: OpenState, query: SearchKey): Promise<Uint32Array> {
    if (this.#client.capabilities.has('SORT')) return sortedByDate(this.#client, query);
    const ascending = await searchAscending(this.#client, query);
    // The folder's date order is known: the result keeps it, with no dates to fetch.
    if (!this.ordering && this.#seqUidsKnown && this.#open === open)
      return keepMembers(this.#folderOrder.toArray(), ascending);
    return orderByInternalDate(this.#client, ascending, this.#guard());
  }

  /** Shows a search result (or the whole folder for null): cursor at the top, selection cleared. */
  #showResults(query: SearchKey | null, order: Uint32Array | null, from: number): void {
    const cursorUid = order === null ? this.#order.at(this.cursor) : 0;
    if (order === null) this.#results = null;
    else {
      this.#results = new UidList();
      this.#results.set(order);
    }
    this.#shownQuery = query;
    this.#resultsFrom = from;
    this.count = this.#order.length;
    const index = cursorUid === 0 ? -1 : this.#order.indexOf(cursorUid);
    this.cursor = this.count === 0 ? -1 : Math.max(index, 0);
    this.selection.clear();
    this.#bump();
    this.#pump();
  }

  /** New mail while a search is shown: `UID SEARCH UID <from>:* <criteria>` says which of it belongs. */
  async #matchArrivals(open: OpenState): Promise<void> {
    const query = this.#shownQuery;
    const token = this.#searchToken;
    const from = this.#resultsFrom;
    const upTo = this.#uidNext;
    if (query === null || upTo <= from) return;
    const matched = await searchAscending(this.#client, {
      and: [{ uid: [{ start: from, end: Infinity }] }, query],
    });
    const results = this.#results;
    if (this.#open !== open || this.#searchToken !== token || this.#shownQuery !== query || results === null)
      return;
    this.#resultsFrom = Math.max(this.#resultsFrom, upTo);
    const fresh = Array.from(matched).filter((uid) => uid >= from && results.indexOf(uid) < 0);
    if (fresh.length === 0) return;
    const date = (uid: number): number => this.#rows.get(uid)?.date || 0;
    fresh.sort((a, b) => date(b) - date(a) || b - a);
    results.insertAt(0, fresh);
    this.#shownGrew(fresh.length);
  }

  // --- rows ----------------------------------------------------------------------------------------------

  #pump(): void {
    const open = this.#open;
    while (open.active < PARALLEL_BATCHES) {
      const batch = this.#nextBatch(open);
      if (batch.length === 0) return;
      open.active++;
      void this.#fetchRows(open, batch).finally(() => {
        open.active--;
        if (this.#open === open) this.#pump();
      });
    }
  }

  /** Up to BATCH_SIZE UIDs to fetch: the view first, then the margin below it, then the margin above. */
  #nextBatch(open: OpenState): number[] {
    const { first, last } = this.#view;
    const order = this.#order;
    const batch: number[] = [];
    const take = (from: number, to: number, step: 1 | -1): void => {
      for (let i = from; step > 0 ? i <= to : i >= to; i += step) {
        if (batch.length >= BATCH_SIZE) return;
        const uid = order.at(i);
        if (uid === 0 || this.#rows.has(uid) || open.fetching.has(uid) || open.missing.has(uid)) continue;
        batch.push(uid);
      }
    };
    if (last < first) return batch;
    take(first, last, 1);
    take(last + 1, Math.min(this.count - 1, last + MARGIN), 1);
    take(first - 1, Math.max(0, first - MARGIN), -1);
    return batch;
  }

  async #fetchRows(open: OpenState, uids: readonly number[]): Promise<void> {
    for (const uid of uids) open.fetching.add(uid);
    const rows: MessageRow[] = [];
    try {
      await this.#client.fetch(rangesFromNumbers(uids), ROW_FETCH_ITEMS, {
        ...this.#guard(),
        onMessage: (message) => rows.push(rowFromFetch(message.uid, message.attributes)),
      });
    } catch {
      // The connection's fate is the session's to report; a refused FETCH leaves these rows as placeholders
      // (marked missing, so the pump does not ask again at once; resync starts with a clean slate).
    } finally {
      for (const uid of uids) open.fetching.delete(uid);
    }
    if (this.#open !== open) return;
    this.#rows.keep(rows);
    for (const uid of uids) if (!this.#rows.has(uid)) open.missing.add(uid);
    this.#trimCache();
  }

  #trimCache(): void {
    if (this.#rows.size <= CACHE_LIMIT) return;
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local scratch set, never rendered
    const keep = new Set<number>();
    const from = Math.max(0, this.#view.first - KEEP_AROUND);
    const to = Math.min(this.count - 1, this.#view.last + KEEP_AROUND);
    for (let i = from; i <= to; i++) keep.add(this.#order.at(i));
    if (this.openUid !== null) keep.add(this.openUid);
    this.#rows.keepOnly(keep);
  }

  // --- optimistic flags ------------------------------------------------------------------------------------

  /**
   * Optimistic flag change of the rows of `uids`, painted at once on cached rows and on rows that arrive before
   * a UID STORE naming them completes. Returns a function that takes the change back: rows then show the flags
   * the server last reported (their previous flags, unless the server changed them meanwhile). Keeps the
   * folder's unread count right (adjusted now, recounted after the STORE).
   */
  applyFlags(uids: readonly number[], add: readonly string[], remove: readonly string[]): () => void {
    const { path, uidValidity } = this;
    const painted = this.#rows.paint(uids, add, remove);
    this.knownKeywords = mergeKeywords(this.knownKeywords, add);
    this.#adjustUnseen(painted.unseenDelta);
    let undone = false;
    return () => {
      if (undone) return;
      undone = true;
      const delta = painted.undo();
      // After a folder change (or a new UIDVALIDITY) the count is another folder's.
      if (this.path !== path || this.uidValidity !== uidValidity) return;
      this.#adjustUnseen(delta);
      this.#scheduleCounts();
    };
  }

  #adjustUnseen(delta: number): void {
    if (delta === 0 || this.path === null) return;
    const base = this.#options.unseenCount?.(this.path) ?? this.#unseen;
    if (base === null || base === undefined) return;
    this.#unseen = Math.max(0, base + delta);
    this.#options.onCounts?.(this.path, { unseen: this.#unseen });
  }

  // --- changes from the server ---------------------------------------------------------------------------

  #onExists(event: MailboxEvents['exists']): void {
    if (event.mailbox !== this.path) return;
    if (this.ordering) {
      this.#open.dirty = true;
      return;
    }
    if (this.#open.resyncing) return;
    void this.#fetchArrivals(this.#open);
  }

  /** New messages: UIDs from UIDNEXT on (RFC 9051 2.3.1.1), one fetch at a time. */
  #fetchArrivals(open: OpenState): Promise<void> {
    if (open.arrivals) {
      open.arrivalsAgain = true;
      return open.arrivals;
    }
    const arrivals = (async () => {
      do {
        open.arrivalsAgain = false;
        const rows: MessageRow[] = [];
        open.fetchingFrom = Math.max(1, this.#uidNext);
        try {
          await this.#client.fetch([{ start: open.fetchingFrom, end: Infinity }], ROW_FETCH_ITEMS, {
            ...this.#guard(),
            onMessage: (message) => rows.push(rowFromFetch(message.uid, message.attributes)),
          });
          if (this.#open !== open) return;
          const fresh = rows.filter((row) => row.uid >= this.#uidNext && !this.#rows.has(row.uid));
          this.#rows.keep(fresh);
          if (fresh.length > 0) this.#listArrivals(fresh);
        } finally {
          open.fetchingFrom = Infinity;
        }
      } while (open.arrivalsAgain);
      if (this.#seqUids.length !== this.#client.mailbox?.exists) this.#seqUidsKnown = false;
      if (this.#results !== null) await this.#matchArrivals(open);
    })()
      .catch(() => undefined)
      .finally(() => {
        open.arrivals = null;
      });
    open.arrivals = arrivals;
    return arrivals;
  }

  #listArrivals(fresh: MessageRow[]): void {
    this.#seqUids.append(fresh.map((row) => row.uid).sort((a, b) => a - b));
    this.#uidNext = Math.max(...fresh.map((row) => row.uid)) + 1;
    fresh.sort((a, b) => (b.date || 0) - (a.date || 0) || b.uid - a.uid);
    this.#folderOrder.insertAt(
      0,
      fresh.map((row) => row.uid),
    );
    if (this.#results === null) this.#shownGrew(fresh.length);
    this.#bump();
    this.#options.onCounts?.(this.path ?? '', { messages: this.#folderOrder.length });
    this.#scheduleCounts();
  }

  /** `n` rows were put at the top of the order shown: the cursor stays on its message. */
  #shownGrew(n: number): void {
    this.count = this.#order.length;
    if (this.cursor >= 0) this.cursor += n;
    else this.cursor = 0;
    this.selection.noteArrivals();
    this.#bump();
  }

  #onExpunge(event: MailboxEvents['expunge']): void {
    if (event.mailbox !== this.path) return;
    if (this.ordering) {
      this.#open.dirty = true;
      return;
    }
    const open = this.#open;
    const uid = event.uid ?? (this.#seqUidsKnown ? this.#seqUids.at(event.seq - 1) : 0);
    if (open.resyncing) {
      // resync() rebuilds the sequence list from the order once it is done; an unknown UID means redo it all.
      if (uid === 0) open.dirty = true;
    } else {
      // A VANISHED reports UIDs the session may never have numbered: its `seq` is then only a guess, the UID
      // is not. Our sequence list is ascending, so the UID finds its own place.
      const at = event.uid === null ? event.seq - 1 : this.#seqUids.indexOfAscending(event.uid);
      if (at >= 0) this.#seqUids.removeAt(at);
    }
    if (uid === 0) {
      if (open.resyncing) return;
      // Without the UID the row cannot be found: the order is recomputed (rare: our seq list is complete
      // unless the server renumbered messages during an arrival fetch).
      this.#computeOrder(open).catch(() => {
        if (this.#open === open) this.ordering = false;
      });
      return;
    }
    // The reader lets go at once; the order follows when the burst is read (#flushGone).
    if (uid === this.openUid) {
      this.openUid = null;
      this.#options.onOpenGone?.();
    }
    // A bulk move's 5,000 EXPUNGEs arrive in one burst: they leave the order in one sweep once it ends.
    this.#gone.add(uid);
    if (this.#gone.size === 1) queueMicrotask(() => this.#flushGone());
  }

  /** VANISHED (EARLIER): UIDs gone before this session saw them (RFC 7162 3.2.10), possibly as ranges. */
  #onVanished(event: MailboxEvents['vanished']): void {
    if (event.mailbox !== this.path) return;
    const gone = uidRangeSet(event.uids);
    this.#seqUids.removeWhere(gone);
    if (this.ordering) {
      this.#open.dirty = true;
      return;
    }
    this.#removeUids(gone);
  }

  #flushGone(): void {
    if (this.#gone.size === 0) return;
    const gone = this.#gone;
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- scratch set, never rendered
    this.#gone = new Set();
    this.#removeUids(gone);
  }

  /** Messages left the folder: out of the order(s), the cache, the selection and the reader, in one pass. */
  #removeUids(gone: UidSet): void {
    const shown = this.#order;
    const { removed, tracked } = shown.removeWhere(gone, this.cursor);
    const left = this.#results === null ? removed : this.#folderOrder.removeWhere(gone).removed;
    this.#rows.forget(gone);
    this.selection.forget(gone);
    if (removed > 0) {
      this.count = shown.length;
      // The cursor stays on its message, or takes the one that moved into its place.
      this.cursor = this.count === 0 ? -1 : Math.min(Math.max(tracked, 0), this.count - 1);
    }
    if (this.openUid !== null && gone.has(this.openUid)) {
      this.openUid = null;
      this.#options.onOpenGone?.();
    }
    this.#bump();
    if (left > 0 && this.path !== null) {
      this.#options.onCounts?.(this.path, { messages: this.#folderOrder.length });
      this.#scheduleCounts();
    }
  }

  #onFlags(event: MailboxEvents['flags']): void {
    if (event.mailbox !== this.path) return;
    const uid = event.uid ?? (this.#seqUidsKnown ? this.#seqUids.at(event.seq - 1) : 0);
    const open = this.#open;
    // Our own row fetches: their rows carry the flags.
    if (uid !== 0 && (open.fetching.has(uid) || uid >= open.fetchingFrom)) return;
    if (uid !== 0) this.#rows.serverFlags(uid, event.flags);
    this.#scheduleCounts();
  }

  #onUidValidity(event: MailboxEvents['uidvalidity']): void {
    if (event.mailbox !== this.path || this.path === null) return;
    // RFC 9051 2.3.1.1: every UID we hold now names nothing. Start over.
    void this.#startOver(this.path, event.current, () =>
      this.#client.select(event.mailbox, this.#selectOptions()),
    );
  }

  /** FLAGS or PERMANENTFLAGS (another client created a keyword), HIGHESTMODSEQ (changes were sent up to it). */
  #onUntagged(response: UntaggedResponse): void {
    const code = response.kind === 'status' ? response.code?.name : undefined;
    if (response.kind !== 'flags' && code !== 'PERMANENTFLAGS' && code !== 'HIGHESTMODSEQ') return;
    const mailbox = this.#client.mailbox;
    if (mailbox === null || mailbox.name !== this.path || mailbox.opening) return;
    if (code === 'HIGHESTMODSEQ') return this.#trackModseq();
    this.keywordsAllowed = keywordsAllowedBy(mailbox.permanentFlags);
    this.knownKeywords = mergeKeywords(
      mergeKeywords(this.knownKeywords, mailbox.flags),
      mailbox.permanentFlags ?? [],
    );
  }

  /** A UID STORE goes out: the UIDs it names, so its completion can confirm the flags painted on them. */
  #onSent(event: { readonly tag: string; readonly name: string; readonly text: string }): void {
    if (event.name !== 'UID STORE') return;
    const set = / UID STORE (\S+) /.exec(event.text)?.[1];
    if (set !== undefined) this.#stores.set(event.tag, parseSequenceSet(set));
    this.#rows.storeSent();
  }

  /** A UID STORE went through (or not): confirm what it stored, and recount (a silent STORE reports nothing). */
  #onCompleted(event: CompletedEvent): void {
    if (event.name !== 'UID STORE') return;
    const stored = this.#stores.get(event.tag);
    this.#stores.delete(event.tag);
    if (this.path === null || this.#client.mailbox?.name !== this.path) return;
    if (event.status === 'OK' && stored !== undefined) this.#rows.stored(stored);
    this.#scheduleCounts();
  }

  /**
   * Remembers how far the server's changes have been applied, for a QRESYNC after a reconnect. Only from
   * SELECT and HIGHESTMODSEQ codes: a MODSEQ in a FETCH does not say every lower change was reported, and an
   * old value only makes the resync report more.
   */
  #trackModseq(): void {
    const mailbox = this.#client.mailbox;
    if (mailbox === null || mailbox.name !== this.path || mailbox.opening) return;
    if (mailbox.uidValidity !== this.uidValidity || mailbox.highestModseq === null) return;
    this.#highestModseq = mailbox.highestModseq;
  }

  #scheduleCounts(): void {
    if (this.#countTimer !== null) clearTimeout(this.#countTimer);
    const open = this.#open;
    this.#countTimer = setTimeout(() => {
      this.#countTimer = null;
      void this.#countUnseen(open);
    }, COUNT_DELAY_MS);
  }

  async #countUnseen(open: OpenState): Promise<void> {
    try {
      const count = await countUnseen(this.#client);
      if (this.#open !== open || this.path === null) return;
      this.#unseen = count;
      this.#options.onCounts?.(this.path, { unseen: count });
    } catch {
      // A count is a nicety; the next change tries again.
    }
  }

  // --- after a reconnect -----------------------------------------------------------------------------------

  /**
   * After a reconnect: re-selects this folder and brings the list in line with the server. With QRESYNC the
   * SELECT itself reports what vanished and which flags changed (RFC 7162 3.2.5); without it, the folder's UIDs
   * are compared with ours and the cached rows' flags fetched again. Either way arrivals are fetched from
   * UIDNEXT on, and the cursor, open message and selection stay on their UIDs when those survive. A changed
   * UIDVALIDITY reopens from scratch.
   */
  async resync(): Promise<void> {
    const path = this.path;
    if (path === null) return;
    const select = (): Promise<SelectResult> => this.#client.select(path, this.#selectOptions());
    if (this.phase !== 'ready' || this.ordering || this.uidValidity === 0) {
      // The order was never complete: nothing to keep.
      return this.#reopen(path, this.role, select);
    }
    const open = this.#begin();
    open.resyncing = true;
    this.#flushGone();
    this.#seqUidsKnown = false;
    try {
      const { selected, quick } = await reselect(this.#client, path, {
        uidValidity: this.uidValidity,
        modseq: this.#highestModseq,
        known: this.#folderOrder.toArray().sort(),
        plain: this.#selectOptions(),
      });
      if (this.#open !== open) return;
      if ((selected.uidValidity ?? 0) !== this.uidValidity) {
        return await this.#startOver(path, selected.uidValidity ?? 0, async () => selected);
      }
      // HIGHESTMODSEQ moves on only once the changes up to it are applied: a resync cut short asks again.
      const modseq = this.#highestModseq;
      this.#adoptKeywords(selected);
      if (quick) {
        this.#removeUids(uidRangeSet(selected.vanished));
        for (const { uid, attributes } of selected.changed) {
          if (uid !== null && attributes.flags) this.#rows.serverFlags(uid, attributes.flags);
        }
      } else {
        const server = await searchAscending(this.#client, { all: true });
        if (this.#open !== open) return;
        this.#removeUids({ has: (uid) => binarySearch(server, uid) < 0 });
        // The cached rows' flags, again: what they had may have changed while we were away.
        const fetched = await fetchFlags(this.#client, this.#rows.uids(), modseq, this.uidValidity);
        if (this.#open !== open) return;
        for (const { uid, flags } of fetched) this.#rows.serverFlags(uid, flags);
      }
      this.#highestModseq = modseqOf(selected) ?? modseq;
      this.#flushGone();
      this.#seqUids.set(this.#folderOrder.toArray().sort());
      this.#seqUidsKnown = true;
      this.phase = 'ready';
      this.error = null;
      open.markSelected();
      open.resyncing = false;
      await this.#fetchArrivals(open);
      if (this.#open !== open) return;
      if (open.dirty || this.#seqUids.length !== this.#client.mailbox?.exists) await this.#computeOrder(open);
      this.#pump();
    } catch (error) {
      if (this.#open !== open) return;
      open.resyncing = false;
      // Lost again: the next reconnect resyncs. Anything else (the folder is gone) is shown like a failed open.
      if (!(error instanceof ConnectionError)) {
        this.error = describeError(error);
        this.phase = 'error';
      }
    } finally {
      open.markSelected();
      open.showFirstRows();
    }
  }

  /** The UIDs we hold name nothing any more: tell who holds them, then open the folder afresh. */
  async #startOver(path: string, uidValidity: number, select: () => Promise<SelectResult>): Promise<void> {
    for (const listener of [...this.#validityListeners]) listener(path, uidValidity);
    if (this.openUid !== null) this.#options.onOpenGone?.();
    this.openUid = null;
    await this.#reopen(path, this.role, select);
  }

  /** Opens the folder from scratch, the open message kept if it is still there, the shown search run again. */
  async #reopen(path: string, role: FolderRole | null, select: () => Promise<SelectResult>): Promise<void> {
    const query = this.#shownQuery ?? this.query;
    const openUid = this.openUid;
    await this.#openWith(path, role, select);
    if (this.path !== path || this.phase !== 'ready') return;
    if (openUid !== null && binarySearch(this.#seqUids.toArray(), openUid) >= 0) this.openUid = openUid;
    else if (openUid !== null) this.#options.onOpenGone?.();
    if (query !== null) await this.setQuery(query).catch(() => undefined);
  }
}
