// The message list's state, in one place: what the list shows (the folder's order, or a search result's, and
// the rows fetched for it), where the user is in it (cursor, open message, selection) and how far it has caught
// up with the server (sequence list, UIDNEXT, HIGHESTMODSEQ). Every field is private and every change is one
// of the methods below, so the list's invariants are kept here and nowhere else:
//
// - `count` is the length of the order shown (the search result's, else the folder's), and `cursor` a row of
//   it or -1 exactly when it is empty: shown-order.svelte.ts, the one writer of both, keeps these;
// - `openUid` is a message of the folder, or null (whoever shows it is told when it goes: onOpenGone);
// - work started under an open that has ended (list-open.ts) changes nothing: each method such work calls
//   takes its open and refuses an ended one.
//
// The parts that talk to the server (message-list.svelte.ts opening a folder, list-ordering, row-fetcher,
// list-search, list-arrivals, list-resync, and server-changes for the server's own reports) call these
// methods and hold no state of the list. What one EXPUNGE does is read here: expunge(), then removeUids().

import type { Flag, NumberRange, SearchKey, SelectResult } from '@webmail/imap-core';
import type { FolderRole } from '../folder-model.ts';
import type { UserMessage } from '../user-message.ts';
import { placeArrivals } from './arrival-places.ts';
import { ListOpen } from './list-open.ts';
import { modseqOf } from './list-sync.ts';
import type { ListSnapshot } from './list-snapshot.ts';
import type { FolderCountsUpdate, ListPhase, MessageRef, MovingRows } from './list-types.ts';
import { MailboxKeywords } from './mailbox-keywords.svelte.ts';
import type { OfferedKeywords } from './mailbox-keywords.svelte.ts';
import { internalDateOf, newestFirst } from './message-row.ts';
import type { MessageRow } from './message-row.ts';
import { RowCache } from './row-cache.svelte.ts';
import type { PaintedFlags } from './row-cache.svelte.ts';
import { Selection } from './selection.svelte.ts';
import { SequenceList } from './sequence-list.ts';
import type { SequenceView } from './sequence-list.ts';
import { ShownOrder } from './shown-order.svelte.ts';
import type { HiddenPlaces } from './shown-order.svelte.ts';
import { binarySearch } from './uid-list.ts';
import type { UidSet } from './uid-list.ts';

/** Whom the model tells when what others show changes. */
export interface ListModelHooks {
  /** The folder's message count changed (after SELECT, arrivals, expunges). */
  readonly onCounts?: (path: string, counts: FolderCountsUpdate) => void;
  /** The open message is gone (expunged, or its UID names nothing any more). */
  readonly onOpenGone?: () => void;
  /** Messages came or left: the folder's unread count is due a recount. */
  readonly onMessagesChanged?: () => void;
}

export class ListModel {
  #path = $state<string | null>(null);
  #role = $state<FolderRole | null>(null);
  #phase = $state<ListPhase>('idle');
  #ordering = $state(false);
  #progress = $state<number | null>(null);
  #error = $state.raw<UserMessage | null>(null);
  #uidValidity = $state(0);
  #cursorLost = $state(false);
  #openUid = $state<number | null>(null);
  #query = $state.raw<SearchKey | null>(null);
  #searching = $state(false);

  readonly #order = new ShownOrder();
  readonly #keywords = new MailboxKeywords();
  /** The query whose result is shown. */
  #resultsQuery: SearchKey | null = null;
  /** Arrivals from this UID on have not been matched against the search shown yet. */
  #resultsFrom = 0;
  readonly #sequence = new SequenceList();
  readonly #rows: RowCache;
  /** UIDs from here on are not listed yet (RFC 9051 2.3.1.1: new messages get UIDs from UIDNEXT on). */
  #uidNext = 0;
  /** The folder's HIGHESTMODSEQ as far as the list has applied changes (RFC 7162 3.1.2.1). */
  #highestModseq: bigint | null = null;
  #open = new ListOpen();
  /** A resync runs: it fetches the arrivals itself once the list matches the server again. */
  #resyncing = false;
  /** The mailbox changed while the order was computed (or resynchronized): compute it again. */
  #orderStale = false;
  /**
   * Arrivals put where they might belong until a re-order places them (arrival-places.ts): their dates say
   * nothing about where the next arrival goes.
   */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never rendered
  readonly #unplaced = new Set<number>();
  /** Expunged UIDs not out of the order yet: a burst of EXPUNGEs is one sweep (flushGone). */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never rendered
  #gone = new Set<number>();
  readonly #hooks: ListModelHooks;
  readonly selection: Selection;

  constructor(hooks: ListModelHooks = {}) {
    this.#hooks = hooks;
    this.#rows = new RowCache((keywords) => this.#keywords.learn(keywords));
    this.selection = new Selection(this);
  }

  // --- what the list shows -------------------------------------------------------------------------------

  get path(): string | null {
    return this.#path;
  }
  get role(): FolderRole | null {
    return this.#role;
  }
  get phase(): ListPhase {
    return this.#phase;
  }
  /** The order is being computed (SORT, or dates for the client-side order). */
  get ordering(): boolean {
    return this.#ordering;
  }
  /** 0..1 while dates for the client-side order arrive; null otherwise. */
  get progress(): number | null {
    return this.#progress;
  }
  get error(): UserMessage | null {
    return this.#error;
  }
  get count(): number {
    return this.#order.count;
  }
  get uidValidity(): number {
    return this.#uidValidity;
  }
  /** The row with keyboard focus, -1 when the list is empty. */
  get cursor(): number {
    return this.#order.cursor;
  }
  /**
   * The message the user pointed at (the cursor's, the open one, or the whole selection) was expunged elsewhere:
   * the cursor now rests on a neighbour the user never chose, so it is no action's target until the user moves
   * it or picks a row.
   */
  get cursorLost(): boolean {
    return this.#cursorLost;
  }
  /** The message shown in the reader. */
  get openUid(): number | null {
    return this.#openUid;
  }
  /** Keywords may be created (PERMANENTFLAGS has \*). */
  get keywordsAllowed(): boolean {
    return this.#keywords.allowed;
  }
  /** The keywords the mailbox knows (FLAGS, PERMANENTFLAGS, and those rows carry). */
  get knownKeywords(): readonly string[] {
    return this.#keywords.known;
  }
  /** The search asked for (null: the whole folder); while `searching`, its answer is not shown yet. */
  get query(): SearchKey | null {
    return this.#query;
  }
  get searching(): boolean {
    return this.#searching;
  }

  /** The row at a display index, if fetched. Reactive. */
  rowAt(index: number): MessageRow | undefined {
    const uid = this.#order.at(index);
    return uid === 0 ? undefined : this.#rows.get(uid);
  }

  /** The UID at a display index (0 while the order is not known there). Reactive. */
  uidAt(index: number): number {
    return this.#order.at(index);
  }

  indexOfUid(uid: number): number {
    return this.#order.indexOf(uid);
  }

  /** Every UID of the order shown, a copy. */
  allUids(): Uint32Array {
    return this.#order.all();
  }

  /** How many rows are cached. Reactive. */
  get cachedRows(): number {
    return this.#rows.size;
  }

  // --- what the parts read -------------------------------------------------------------------------------

  /** The open that work starts under now. */
  get open(): ListOpen {
    return this.#open;
  }
  get uidNext(): number {
    return this.#uidNext;
  }
  get highestModseq(): bigint | null {
    return this.#highestModseq;
  }
  get orderStale(): boolean {
    return this.#orderStale;
  }
  /** Arrivals are listed where they might belong: only a re-order of the folder can tell (reordered()). */
  get awaitsReorder(): boolean {
    return this.#unplaced.size > 0;
  }
  /** The query whose result is shown (null: the whole folder), and where its arrivals were matched up to. */
  get resultsQuery(): SearchKey | null {
    return this.#resultsQuery;
  }
  get resultsFrom(): number {
    return this.#resultsFrom;
  }
  /** The folder's UIDs in sequence order (sequence-list.ts). */
  get sequence(): SequenceView {
    return this.#sequence;
  }
  /** The folder's order (newest first), a copy. */
  folderUids(): Uint32Array {
    return this.#order.folderUids();
  }
  hasRow(uid: number): boolean {
    return this.#rows.has(uid);
  }
  cachedUids(): number[] {
    return this.#rows.uids();
  }

  // --- opening -------------------------------------------------------------------------------------------

  /** Another folder: nothing of the last one is shown, fetched, counted or searched any more. */
  begin(path: string, role: FolderRole | null): ListOpen {
    const open = this.#nextOpen();
    this.#path = path;
    this.#role = role;
    this.#phase = 'opening';
    this.#error = null;
    this.#ordering = false;
    this.#progress = null;
    this.#uidValidity = 0;
    this.#keywords.clear();
    this.#query = null;
    this.#searching = false;
    this.#resultsQuery = null;
    this.#resultsFrom = 0;
    this.#order.reset(0);
    this.#sequence.reset();
    this.#rows.clear();
    this.#uidNext = 0;
    this.#highestModseq = null;
    this.#gone.clear();
    this.#unplaced.clear();
    this.#openUid = null;
    this.#cursorLost = false;
    this.selection.clear();
    return open;
  }

  /** SELECT answered: the folder's UIDVALIDITY, keywords and size; its order is not known yet. */
  selected(open: ListOpen, selected: SelectResult): boolean {
    if (!open.current) return false;
    this.#uidValidity = selected.uidValidity ?? 0;
    this.#highestModseq = modseqOf(selected);
    this.adoptKeywords(selected);
    this.#uidNext = selected.uidNext ?? 0;
    this.#report({ messages: selected.exists });
    this.#order.reset(selected.exists);
    this.#phase = 'ready';
    open.markSelected();
    return true;
  }

  failed(open: ListOpen, error: UserMessage): void {
    if (!open.current) return;
    this.#error = error;
    this.#phase = 'error';
    this.#ordering = false;
  }

  /**
   * The folder as the list knows it, for the device's mirror; null while there is no complete order to keep
   * (opening, ordering, resynchronizing, arrivals awaiting their places, failed).
   */
  snapshot(): ListSnapshot | null {
    const path = this.#path;
    if (
      path === null ||
      this.#phase !== 'ready' ||
      this.#ordering ||
      this.#resyncing ||
      this.#unplaced.size > 0 ||
      this.#uidValidity === 0
    )
      return null;
    const order = this.#order.folderUids();
    const rows: MessageRow[] = [];
    for (const uid of this.#rows.uids()) {
      const row = this.#rows.get(uid);
      if (row) rows.push(row);
    }
    return {
      path,
      role: this.#role,
      uidValidity: this.#uidValidity,
      uidNext: this.#uidNext,
      highestModseq: this.#highestModseq,
      order: order.includes(0) ? order.filter((uid) => uid !== 0) : order,
      rows,
      keywords: { flags: this.#keywords.known, permanentFlags: this.#keywords.allowed ? ['\\*'] : [] },
    };
  }

  /**
   * Shows a folder as it was kept (the device's mirror) until the server answers: `resync()` then brings it in
   * line. Nothing is selected on the server meanwhile, so sequence numbers are not mapped until then.
   */
  restore(snapshot: ListSnapshot): ListOpen {
    const open = this.begin(snapshot.path, snapshot.role);
    this.#uidValidity = snapshot.uidValidity;
    this.#highestModseq = snapshot.highestModseq;
    this.adoptKeywords(snapshot.keywords);
    this.#uidNext = snapshot.uidNext;
    this.#order.reset(0);
    this.#order.setFolder(snapshot.order);
    const ascending = snapshot.order.slice().sort();
    this.#sequence.set(ascending, false);
    this.#rows.keep(snapshot.rows.filter((row) => binarySearch(ascending, row.uid) >= 0));
    this.#phase = 'ready';
    this.#report({ messages: snapshot.order.length });
    open.markSelected();
    open.showFirstRows();
    return open;
  }

  /** Sign-out: whatever is in flight changes nothing when it ends. */
  end(): void {
    this.#open.end();
  }

  // --- the order -----------------------------------------------------------------------------------------

  orderingStarted(open: ListOpen): void {
    if (open.current) this.#ordering = true;
  }

  /** The order is asked for (again): a change from now on makes its answer stale. */
  orderRequested(open: ListOpen): void {
    if (open.current) this.#orderStale = false;
  }

  orderProgress(open: ListOpen, fraction: number): void {
    if (open.current) this.#progress = fraction;
  }

  orderingDone(open: ListOpen): void {
    if (!open.current) return;
    this.#ordering = false;
    this.#progress = null;
  }

  /** The newest messages by UID, fetched ahead of the sort: the provisional top of the list. */
  showNewest(open: ListOpen, rows: readonly MessageRow[]): void {
    if (!open.current) return;
    this.#rows.keep(rows);
    if (this.#ordering && this.#sequence.length === 0) {
      this.#order.placeNewest([...rows].sort(newestFirst).map((row) => row.uid));
    }
  }

  /**
   * The server's order of the whole folder, and the same UIDs ascending (`consistent`: they match its message
   * count). What is not among them left while the order was computed.
   */
  adoptServerOrder(open: ListOpen, order: Uint32Array, ascending: Uint32Array, consistent: boolean): void {
    if (!open.current) return;
    this.#sequence.set(ascending, consistent);
    this.#uidNext = Math.max(this.#uidNext, (ascending[ascending.length - 1] ?? 0) + 1);
    this.removeUids({ has: (uid) => binarySearch(ascending, uid) < 0 });
    this.adoptFolderOrder(open, order);
    if (this.#path !== null) this.#report({ messages: order.length });
  }

  /** A new order of the whole folder (the same UIDs), the cursor kept on its message. */
  adoptFolderOrder(open: ListOpen, order: Uint32Array): void {
    if (!open.current) return;
    this.#order.setFolder(order);
    this.#unplaced.clear();
  }

  // --- rows and flags ------------------------------------------------------------------------------------

  /** Fetched rows; false (and nothing kept) when the list moved on meanwhile. */
  keepRows(open: ListOpen, rows: readonly MessageRow[]): boolean {
    if (!open.current) return false;
    this.#rows.keep(rows);
    return true;
  }

  /** Drops the cached rows outside display indexes `first`..`last`, except the open message's. */
  trimRows(first: number, last: number): void {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a lookup, never rendered
    const keep = new Set<number>();
    for (let i = Math.max(0, first); i <= Math.min(this.count - 1, last); i++) keep.add(this.#order.at(i));
    if (this.#openUid !== null) keep.add(this.#openUid);
    // The top row's date says at once whether an arrival is new mail, which goes above it (arrival-places.ts).
    keep.add(this.#order.folderAt(0));
    this.#rows.keepOnly(keep);
  }

  /** A message's flags as the server reports them now. */
  serverFlags(uid: number, flags: readonly Flag[]): void {
    this.#rows.serverFlags(uid, flags);
  }

  /** An optimistic flag change, painted on the rows of `uids` until a UID STORE naming them completes. */
  paintFlags(uids: readonly number[], add: readonly Flag[], remove: readonly Flag[]): PaintedFlags {
    this.#keywords.learn(add);
    return this.#rows.paint(uids, add, remove);
  }

  /** A UID STORE was sent / completed: see row-cache.svelte.ts. */
  storeSent(): void {
    this.#rows.storeSent();
  }
  stored(ranges: readonly NumberRange[]): void {
    this.#rows.stored(ranges);
  }

  /** Whether keywords may be created, and the keywords the mailbox knows (FLAGS, PERMANENTFLAGS). */
  adoptKeywords(mailbox: OfferedKeywords): void {
    this.#keywords.adopt(mailbox);
  }

  /** The server has sent every change up to `modseq` (kept for a QRESYNC after a reconnect). */
  changesSentUpTo(uidValidity: number, modseq: bigint): void {
    if (uidValidity === this.#uidValidity) this.#highestModseq = modseq;
  }

  // --- messages come and go ------------------------------------------------------------------------------

  /** EXISTS grew: true to fetch the arrivals now, false when the order or the resync in progress will. */
  mailArrived(): boolean {
    if (this.#ordering) this.#orderStale = true;
    return !this.#ordering && !this.#resyncing;
  }

  /**
   * New messages, fetched from UIDNEXT on, take their place in the folder's order by its key (`byInternalDate`:
   * INTERNALDATE, the order without SORT; else the Date header), among the rows whose keys the list holds
   * (arrival-places.ts): new mail on top, a message copied in with an old date further down. Rows below UIDNEXT
   * or already cached are not new. A place that could not be decided that way waits for a re-order of the
   * folder (`awaitsReorder`, reordered()).
   */
  arrived(open: ListOpen, rows: readonly MessageRow[], byInternalDate: boolean): void {
    if (!open.current) return;
    const fresh = rows.filter((row) => row.uid >= this.#uidNext && !this.#rows.has(row.uid));
    if (fresh.length === 0) return;
    this.#rows.keep(fresh);
    const ascending = fresh.map((row) => row.uid).sort((a, b) => a - b);
    this.#sequence.append(ascending);
    this.#uidNext = (ascending[ascending.length - 1] as number) + 1;
    const keyOf = (row: MessageRow | undefined): number =>
      row === undefined ? NaN : byInternalDate ? internalDateOf(row) : row.date;
    const unplaced = this.#unplaced;
    const places = placeArrivals(
      this.#order.folderLength,
      (index) => {
        const uid = this.#order.folderAt(index);
        return unplaced.size > 0 && unplaced.has(uid) ? NaN : keyOf(this.#rows.peek(uid));
      },
      fresh.map((row) => ({ uid: row.uid, key: keyOf(row) })),
      // Every key known is a cached row's (the arrivals' own rows are cached, not yet in the order).
      this.#rows.size - fresh.length,
    );
    for (const place of places) if (!place.decided) this.#unplaced.add(place.uid);
    if (this.#order.placeInFolder(places)) this.selection.noteArrivals();
    this.#report({ messages: this.#order.folderLength });
    this.#hooks.onMessagesChanged?.();
  }

  /**
   * The folder's order asked for again after arrivals it could not place (list-reorder.ts), adopted with the
   * cursor on its message. What left meanwhile is dropped from it; false when it lacks a message the list holds
   * (one that arrived meanwhile): it is then asked for again. Nothing to do while the order is computed anew.
   */
  reordered(open: ListOpen, order: Uint32Array): boolean {
    if (!open.current || this.#ordering || this.#resyncing) return true;
    const held = this.#order.folderUids().sort();
    // UIDs not known yet (0, sorted first) only while an order is computed, which is adopted instead.
    if (held[0] === 0) return true;
    const kept = order.filter((uid) => binarySearch(held, uid) >= 0);
    if (kept.length !== held.length) return false;
    this.#order.setFolder(kept);
    this.#unplaced.clear();
    return true;
  }

  /** Arrivals are in: the sequence list maps sequence numbers only while it is as long as the mailbox. */
  checkSequence(open: ListOpen, exists: number | undefined): void {
    if (open.current && this.#sequence.length !== exists) this.#sequence.invalidate();
  }

  /**
   * EXPUNGE (RFC 9051 7.5.1), or one UID of a VANISHED (RFC 7162 3.2.10): the message leaves the list. Its
   * UID is the event's, else our sequence list's. The reader lets go at once; the order follows once the
   * burst the response came in is read (a bulk move's 5,000 EXPUNGEs arrive in one burst: one sweep).
   * Returns false when the UID cannot be known: the caller computes the order again.
   */
  expunge(seq: number, uid: number | null): boolean {
    if (this.#ordering) {
      this.#orderStale = true;
      return true;
    }
    const gone = uid ?? this.#sequence.uidOf(seq);
    // During a resync the sequence list is rebuilt from the order at its end; an unknown UID means redo it all.
    if (!this.#resyncing) this.#sequence.expunge(seq, uid);
    else if (gone === 0) this.#orderStale = true;
    if (gone === 0) return this.#resyncing;
    if (gone === this.#openUid) this.#closeGone();
    this.#gone.add(gone);
    if (this.#gone.size === 1) queueMicrotask(() => this.flushGone());
    return true;
  }

  /** VANISHED (EARLIER): UIDs gone before this session saw them (RFC 7162 3.2.10), possibly as ranges. */
  vanished(gone: UidSet): void {
    this.#sequence.vanish(gone);
    if (this.#ordering) this.#orderStale = true;
    else this.removeUids(gone);
  }

  /** Takes the expunges of the burst so far out of the list now. */
  flushGone(): void {
    if (this.#gone.size === 0) return;
    const gone = this.#gone;
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never rendered
    this.#gone = new Set();
    this.removeUids(gone);
  }

  /** Messages left the folder: out of the order(s), the cache, the selection and the reader, in one pass. */
  removeUids(gone: UidSet): void {
    this.#leave(gone, () => this.#order.remove(gone));
    this.#rows.forget(gone);
    for (const uid of this.#unplaced) if (gone.has(uid)) this.#unplaced.delete(uid);
  }

  /**
   * Messages being moved away leave the list now, in the frame of the user's key or click, as their EXPUNGEs
   * will take them out (cursor, selection and reader as removeUids). The server has them until the move is
   * done, so the sequence list and the cached rows keep them, and an order read meanwhile (a sort, a
   * resync) leaves them out. `done()` once the move's answer is in; `restore()` brings back, where they were,
   * those that are still in the folder (the move refused, cut off, or only marked \Deleted).
   */
  hideMoving(uids: ArrayLike<number>): MovingRows {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never rendered
    const hidden = new Set(Array.from(uids));
    const { path, uidValidity } = this;
    let places: HiddenPlaces | null = null;
    this.#leave(hidden, () => {
      places = this.#order.hide(hidden);
      return { shown: places.folder.length, folder: places.folder.length };
    });
    const current = (): boolean => this.path === path && this.uidValidity === uidValidity;
    let unseen = 0;
    for (const uid of hidden) if (this.#rows.peek(uid)?.seen === false) unseen++;
    return {
      unseen,
      done: () => {
        if (current()) this.#order.unhide(hidden);
      },
      restore: () => {
        const at = places;
        places = null;
        if (at === null || !current() || this.#order.restore(at) === 0) return;
        this.#report({ messages: this.#order.folderLength });
        this.#hooks.onMessagesChanged?.();
      },
    };
  }

  /** What removeUids and hideMoving share: `remove` takes them out of the order, and the rest follows. */
  #leave(gone: UidSet, remove: () => { readonly folder: number }): void {
    const pointedAt = this.#openUid ?? this.#order.at(this.#order.cursor);
    const hadSelection = this.selection.size > 0;
    const left = remove();
    this.selection.forget(gone);
    // What the user chose is gone: the row that takes its place must not become the next action's target. A
    // cursor on a row whose UID is not known yet (0: the order without SORT is still coming) chose nothing.
    if ((pointedAt !== 0 && gone.has(pointedAt)) || (hadSelection && this.selection.size === 0))
      this.#cursorLost = true;
    if (this.#openUid !== null && gone.has(this.#openUid)) this.#closeGone();
    if (left.folder > 0 && this.#path !== null) {
      this.#report({ messages: this.#order.folderLength });
      this.#hooks.onMessagesChanged?.();
    }
  }

  // --- search --------------------------------------------------------------------------------------------

  /** A search for `query` was asked for (null: the whole folder, shown at once by showResults). */
  searchStarted(query: SearchKey | null): void {
    this.#query = query;
    this.#searching = query !== null;
  }

  /** The search in flight was abandoned or failed: the list names the query it shows. */
  searchStopped(): void {
    this.#searching = false;
    this.#query = this.#resultsQuery;
  }

  /**
   * Shows the result of `query` (or the whole folder for a null order): cursor at the top (or on its message
   * when going back to the folder), selection cleared. Arrivals from `from` on are not matched yet.
   */
  showResults(open: ListOpen, query: SearchKey | null, order: Uint32Array | null, from: number): void {
    if (!open.current) return;
    this.#order.showResults(order);
    this.#resultsQuery = query;
    this.#resultsFrom = from;
    this.#searching = false;
    this.selection.clear();
  }

  /** Of the arrivals from `from` up to `upTo`, those `matched` by the search shown join its result on top. */
  matchedArrivals(open: ListOpen, query: SearchKey, matched: Uint32Array, from: number, upTo: number): void {
    if (!open.current || this.#resultsQuery !== query || !this.#order.showsResults) return;
    this.#resultsFrom = Math.max(this.#resultsFrom, upTo);
    const fresh = this.#order.notInResults(Array.from(matched).filter((uid) => uid >= from));
    if (fresh.length === 0) return;
    const date = (uid: number): number => this.#rows.get(uid)?.date || 0;
    this.#order.addToResults(fresh.sort((a, b) => date(b) - date(a) || b - a));
    this.selection.noteArrivals();
  }

  // --- resync --------------------------------------------------------------------------------------------

  /** A resync begins: what was in flight is stale, the expunges heard so far are applied. */
  beginResync(): ListOpen {
    const open = this.#nextOpen();
    this.#resyncing = true;
    this.flushGone();
    this.#sequence.invalidate();
    return open;
  }

  /** The list matches the server again, up to `modseq`. */
  resynced(open: ListOpen, modseq: bigint | null): void {
    if (!open.current) return;
    this.#highestModseq = modseq;
    this.flushGone();
    this.#sequence.set(this.#order.folderUids().sort(), true);
    this.#phase = 'ready';
    this.#error = null;
    this.#resyncing = false;
    open.markSelected();
  }

  /** The resync failed: with `error`, the folder cannot be shown (as a failed open); else it is retried later. */
  resyncFailed(open: ListOpen, error: UserMessage | null): void {
    if (!open.current) return;
    this.#resyncing = false;
    if (error === null) return;
    this.#error = error;
    this.#phase = 'error';
  }

  /** The open message's UID names nothing any more (UIDVALIDITY changed). */
  forgetOpenMessage(): void {
    if (this.#openUid !== null) this.#closeGone();
  }

  /** After opening the folder afresh: the message that was open stays open if it is still there. */
  reopenMessage(uid: number): void {
    if (this.#sequence.has(uid)) this.#openUid = uid;
    else this.#hooks.onOpenGone?.();
  }

  // --- the user ------------------------------------------------------------------------------------------

  moveCursor(index: number): void {
    if (this.count === 0) return;
    this.#order.moveCursor(index);
    this.#cursorLost = false;
  }

  /** Marks the row at `index` open and says how to name it to the reader; null while its UID is unknown. */
  openAt(index: number): MessageRef | null {
    const uid = this.#order.at(index);
    if (uid === 0 || this.#path === null) return null;
    this.#order.moveCursor(index);
    this.#cursorLost = false;
    this.#openUid = uid;
    const ref = { mailbox: this.#path, uidValidity: this.#uidValidity, uid };
    const row = this.#rows.get(uid);
    if (row?.unreadable) return { ...ref, unreadable: true };
    if (!row) return ref;
    return Number.isFinite(row.size)
      ? { ...ref, size: row.size, seen: row.seen }
      : { ...ref, seen: row.seen };
  }

  closeMessage(): void {
    this.#openUid = null;
  }

  // --- the invariants ------------------------------------------------------------------------------------

  /** The open message left: the reader lets go. */
  #closeGone(): void {
    this.#openUid = null;
    this.#hooks.onOpenGone?.();
  }

  #report(counts: FolderCountsUpdate): void {
    if (this.#path !== null) this.#hooks.onCounts?.(this.#path, counts);
  }

  /** Whatever is in flight belongs to the open before and changes nothing when it ends. */
  #nextOpen(): ListOpen {
    this.#open.end();
    this.#open = new ListOpen();
    this.#resyncing = false;
    this.#orderStale = false;
    return this.#open;
  }
}
