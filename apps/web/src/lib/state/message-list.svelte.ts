// The message list of the selected folder, built to open a folder of 100,000 messages as fast as one of 20:
//
// - Order: `UID SORT (REVERSE DATE)` when the server has SORT (RFC 5256), else every UID from ESEARCH/SEARCH
//   shown newest-arrival first and then ordered by INTERNALDATE on the client. The order is a Uint32Array.
// - Before SORT, the newest messages by UID are fetched: they are almost always the top of the date order, so
//   the first rows appear before the sort is done (and are re-placed by the sort's answer if not).
// - Rows: only those in view plus a margin are fetched, by UID, in batches, at most two batches in flight; when
//   a batch ends the next one is chosen from where the view is then, so a fast scroll skips what it passed.
// - Cache: rows far from the view are dropped once the cache holds more than CACHE_LIMIT.
// - Changes: EXISTS fetches the arrivals (UID uidNext:*), EXPUNGE removes by sequence number through our own
//   seq -> UID list, FETCH FLAGS updates a row, a new UIDVALIDITY reopens the folder.

import { rangesFromNumbers } from '@webmail/imap-core';
import type { ImapClient, MailboxEvents } from '@webmail/imap-core';
import type { FolderRole } from './folder-model.ts';
import { ROW_FETCH_ITEMS, rowFromFetch, sameFlags, withFlags } from './message-row.ts';
import type { MessageRow } from './message-row.ts';
import { UidList, binarySearch, orderByDate, uidsFromRanges } from './uid-list.ts';
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
  /** A mailbox event arrived while the order was computed: compute again. */
  dirty = false;
  arrivals: Promise<void> | null = null;
  arrivalsAgain = false;
  /** Settles when the first rows can be shown (or there are none, or opening failed). */
  readonly firstRows: Promise<void>;
  showFirstRows!: () => void;
  constructor(readonly generation: number) {
    this.firstRows = new Promise((resolve) => (this.showFirstRows = resolve));
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

  #version = $state(0);
  readonly #client: ImapClient;
  readonly #options: MessageListOptions;
  readonly #order = new UidList();
  readonly #seqUids = new UidList();
  #seqUidsKnown = false;
  // Not a SvelteMap on purpose: a batch replaces dozens of rows at once and #version tells readers once.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #rows = new Map<number, MessageRow>();
  #view = { first: 0, last: -1 };
  #uidNext = 0;
  #open = new OpenState(0);
  #countTimer: ReturnType<typeof setTimeout> | null = null;
  readonly #unsubscribe: (() => void)[];

  constructor(client: ImapClient, options: MessageListOptions = {}) {
    this.#client = client;
    this.#options = options;
    this.#unsubscribe = [
      client.on('exists', (event) => this.#onExists(event)),
      client.on('expunge', (event) => this.#onExpunge(event)),
      client.on('flags', (event) => this.#onFlags(event)),
      client.on('uidvalidity', (event) => this.#onUidValidity(event)),
    ];
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
  async open(path: string, role: FolderRole | null = null): Promise<void> {
    const open = new OpenState(this.#open.generation + 1);
    this.#open = open;
    this.#reset();
    this.path = path;
    this.role = role;
    this.phase = 'opening';
    try {
      const selected = await this.#client.select(path);
      if (this.#open !== open) return;
      this.uidValidity = selected.uidValidity ?? 0;
      this.#uidNext = selected.uidNext ?? 0;
      this.#options.onCounts?.(path, { messages: selected.exists });
      this.count = selected.exists;
      this.#order.reset(selected.exists);
      this.cursor = selected.exists > 0 ? 0 : -1;
      this.phase = 'ready';
      this.#bump();
      if (selected.exists > 0) await this.#computeOrder(open);
    } catch (error) {
      if (this.#open !== open) return;
      this.error = describeError(error);
      this.phase = 'error';
      this.ordering = false;
    } finally {
      open.showFirstRows();
    }
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

  /** Stops listening to the client (sign-out). */
  dispose(): void {
    for (const off of this.#unsubscribe) off();
    this.#open = new OpenState(this.#open.generation + 1);
    if (this.#countTimer !== null) clearTimeout(this.#countTimer);
  }

  #reset(): void {
    this.count = 0;
    this.cursor = -1;
    this.openUid = null;
    this.error = null;
    this.ordering = false;
    this.progress = null;
    this.#order.reset();
    this.#seqUids.reset();
    this.#seqUidsKnown = false;
    this.#rows.clear();
    this.#view = { first: 0, last: -1 };
    this.#bump();
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
      this.#adoptOrder(order);
      if (!sortable) await this.#orderByInternalDate(open, ascending);
      if (this.#open !== open) return;
      if (!open.dirty || attempt >= ORDER_ATTEMPTS) break;
    }
    this.ordering = false;
    this.progress = null;
  }

  /** The display order and the same UIDs ascending (which is sequence order). */
  async #serverOrder(sortable: boolean): Promise<{ order: Uint32Array; ascending: Uint32Array }> {
    if (sortable) {
      const order = await this.#client.sort([{ key: 'DATE', reverse: true }], { all: true });
      return { order, ascending: order.slice().sort() };
    }
    const ascending = await this.#searchAll();
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
    } catch {
      return; // only a head start: the sorted order and the row fetches that follow it do the real work
    } finally {
      open.fetchingFrom = Infinity;
    }
    if (this.#open !== open) return;
    for (const row of rows) this.#rows.set(row.uid, row);
    if (!this.ordering || this.#seqUids.length > 0) return this.#bump();
    rows.sort((a, b) => (b.date || 0) - (a.date || 0) || b.uid - a.uid);
    this.#order.place(
      0,
      rows.map((row) => row.uid),
    );
    this.#bump();
  }

  async #searchAll(): Promise<Uint32Array> {
    const caps = this.#client.capabilities;
    if (caps.has('ESEARCH') || caps.has('IMAP4REV2')) {
      const result = await this.#client.esearch({ all: true }, ['ALL']);
      return uidsFromRanges(result.all ?? []);
    }
    return this.#client.search({ all: true });
  }

  /** Without SORT: dates for every message in one streamed UID FETCH, then newest first. */
  async #orderByInternalDate(open: OpenState, ascending: Uint32Array): Promise<void> {
    const dates = new Float64Array(ascending.length).fill(NaN);
    let received = 0;
    const step = Math.max(500, Math.floor(ascending.length / 20));
    this.progress = 0;
    await this.#client.fetch(
      [{ start: 1, end: Infinity }],
      { internalDate: true },
      {
        ...this.#guard(),
        onMessage: (message) => {
          const index = binarySearch(ascending, message.uid);
          if (index >= 0) dates[index] = message.attributes.internalDate ?? NaN;
          if (++received % step === 0 && this.#open === open) this.progress = received / ascending.length;
        },
      },
    );
    if (this.#open !== open || open.dirty) return;
    this.#adoptOrder(orderByDate(ascending, dates));
  }

  /** Takes a new display order, keeping the cursor on the message it was on. */
  #adoptOrder(order: Uint32Array): void {
    const cursorUid = this.#order.at(this.cursor);
    this.#order.set(order);
    this.count = order.length;
    const index = cursorUid === 0 ? -1 : this.#order.indexOf(cursorUid);
    this.cursor = index >= 0 ? index : Math.min(Math.max(this.cursor, 0), order.length - 1);
    this.#bump();
    this.#pump();
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
    const batch: number[] = [];
    const take = (from: number, to: number, step: 1 | -1): void => {
      for (let i = from; step > 0 ? i <= to : i >= to; i += step) {
        if (batch.length >= BATCH_SIZE) return;
        const uid = this.#order.at(i);
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
      // The connection's fate is the session's to report; a refused FETCH leaves these rows as placeholders.
    } finally {
      for (const uid of uids) open.fetching.delete(uid);
    }
    if (this.#open !== open) return;
    for (const row of rows) this.#rows.set(row.uid, row);
    for (const uid of uids) if (!this.#rows.has(uid)) open.missing.add(uid);
    this.#trimCache();
    this.#bump();
  }

  #trimCache(): void {
    if (this.#rows.size <= CACHE_LIMIT) return;
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local scratch set, never rendered
    const keep = new Set<number>();
    const from = Math.max(0, this.#view.first - KEEP_AROUND);
    const to = Math.min(this.count - 1, this.#view.last + KEEP_AROUND);
    for (let i = from; i <= to; i++) keep.add(this.#order.at(i));
    if (this.openUid !== null) keep.add(this.openUid);
    for (const uid of this.#rows.keys()) if (!keep.has(uid)) this.#rows.delete(uid);
  }

  // --- changes from the server ---------------------------------------------------------------------------

  #onExists(event: MailboxEvents['exists']): void {
    if (event.mailbox !== this.path) return;
    if (this.ordering) {
      this.#open.dirty = true;
      return;
    }
    void this.#fetchArrivals(this.#open);
  }

  /** New messages: UIDs from UIDNEXT on (RFC 9051 2.3.1.1), one fetch at a time. */
  async #fetchArrivals(open: OpenState): Promise<void> {
    if (open.arrivals) {
      open.arrivalsAgain = true;
      return;
    }
    open.arrivals = (async () => {
      do {
        open.arrivalsAgain = false;
        const rows: MessageRow[] = [];
        open.fetchingFrom = Math.max(1, this.#uidNext);
        try {
          await this.#client.fetch([{ start: open.fetchingFrom, end: Infinity }], ROW_FETCH_ITEMS, {
            ...this.#guard(),
            onMessage: (message) => rows.push(rowFromFetch(message.uid, message.attributes)),
          });
        } finally {
          open.fetchingFrom = Infinity;
        }
        if (this.#open !== open) return;
        const fresh = rows.filter((row) => row.uid >= this.#uidNext && !this.#rows.has(row.uid));
        if (fresh.length === 0) continue;
        for (const row of fresh) this.#rows.set(row.uid, row);
        this.#seqUids.append(fresh.map((row) => row.uid).sort((a, b) => a - b));
        this.#uidNext = Math.max(...fresh.map((row) => row.uid)) + 1;
        fresh.sort((a, b) => (b.date || 0) - (a.date || 0) || b.uid - a.uid);
        this.#order.insertAt(
          0,
          fresh.map((row) => row.uid),
        );
        this.count = this.#order.length;
        if (this.cursor >= 0) this.cursor += fresh.length;
        else this.cursor = 0;
        this.#bump();
        this.#options.onCounts?.(this.path ?? '', { messages: this.count });
        this.#scheduleCounts();
      } while (open.arrivalsAgain);
      if (this.#seqUids.length !== this.#client.mailbox?.exists) this.#seqUidsKnown = false;
    })()
      .catch(() => undefined)
      .finally(() => {
        open.arrivals = null;
      });
  }

  #onExpunge(event: MailboxEvents['expunge']): void {
    if (event.mailbox !== this.path) return;
    if (this.ordering) {
      this.#open.dirty = true;
      return;
    }
    const uid = event.uid ?? (this.#seqUidsKnown ? this.#seqUids.at(event.seq - 1) : 0);
    this.#seqUids.removeAt(event.seq - 1);
    if (uid === 0) {
      // Without the UID the row cannot be found: the order is recomputed (rare: our seq list is complete
      // unless the server renumbered messages during an arrival fetch).
      const open = this.#open;
      this.#computeOrder(open).catch(() => {
        if (this.#open === open) this.ordering = false;
      });
      return;
    }
    const index = this.#order.indexOf(uid);
    if (index >= 0) {
      this.#order.removeAt(index);
      this.count = this.#order.length;
      if (index < this.cursor || this.cursor >= this.count) this.cursor--;
    }
    this.#rows.delete(uid);
    if (this.openUid === uid) {
      this.openUid = null;
      this.#options.onOpenGone?.();
    }
    this.#bump();
    this.#options.onCounts?.(this.path, { messages: this.count });
    this.#scheduleCounts();
  }

  #onFlags(event: MailboxEvents['flags']): void {
    if (event.mailbox !== this.path) return;
    const uid = event.uid ?? (this.#seqUidsKnown ? this.#seqUids.at(event.seq - 1) : 0);
    const open = this.#open;
    // Our own row fetches: their rows carry the flags.
    if (uid !== 0 && (open.fetching.has(uid) || uid >= open.fetchingFrom)) return;
    const row = uid === 0 ? undefined : this.#rows.get(uid);
    if (row !== undefined) {
      if (sameFlags(row.flags, event.flags)) return;
      this.#rows.set(uid, withFlags(row, event.flags));
      this.#bump();
    }
    this.#scheduleCounts();
  }

  #onUidValidity(event: MailboxEvents['uidvalidity']): void {
    if (event.mailbox !== this.path || this.path === null) return;
    // RFC 9051 2.3.1.1: every UID we hold now names nothing. Start over.
    if (this.openUid !== null) this.#options.onOpenGone?.();
    void this.open(this.path, this.role);
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
    const caps = this.#client.capabilities;
    const unseen = { flag: '\\Seen', set: false } as const;
    try {
      const count =
        caps.has('ESEARCH') || caps.has('IMAP4REV2')
          ? ((await this.#client.esearch(unseen, ['COUNT'])).count ?? 0)
          : (await this.#client.search(unseen)).length;
      if (this.#open === open && this.path !== null) this.#options.onCounts?.(this.path, { unseen: count });
    } catch {
      // A count is a nicety; the next change tries again.
    }
  }
}
