// What the server reports about the listed folder, applied to the list: EXISTS fetches the arrivals (UID
// uidNext:*, one fetch at a time), EXPUNGE and VANISHED remove by UID (EXPUNGE's sequence number through our
// own seq -> UID list) in one sweep per burst, FETCH FLAGS updates a row, a new UIDVALIDITY starts over,
// FLAGS/PERMANENTFLAGS bring keywords another client created, and HIGHESTMODSEQ is kept for a resync. Our own
// UID STOREs are followed from sent to completed: their completion confirms the flags painted on the rows.

import type {
  CompletedEvent,
  MailboxEvents,
  NumberRange,
  SelectResult,
  SentEvent,
  UntaggedResponse,
} from '@webmail/imap-core';
import type { ListSearch } from './list-search.ts';
import type { ListState, OpenState } from './list-state.svelte.ts';
import { ROW_FETCH_ITEMS, rowFromFetch } from './message-row.ts';
import type { MessageRow } from './message-row.ts';
import type { UnseenCount } from './unseen-count.ts';
import { uidRangeSet } from './uid-list.ts';
import type { UidSet } from './uid-list.ts';

/** What the server's changes need of the rest of the list. */
export interface ChangeHooks {
  /** Computes the folder's order again (list-ordering.ts). */
  computeOrder(open: OpenState): Promise<void>;
  /** The UIDs held name nothing any more: opens the folder afresh with `select` (list-resync.ts). */
  startOver(path: string, uidValidity: number, select: () => Promise<SelectResult>): Promise<void>;
}

export class ServerChanges {
  readonly #state: ListState;
  readonly #unseen: UnseenCount;
  readonly #search: ListSearch;
  readonly #hooks: ChangeHooks;
  /** Expunged UIDs not taken out of the order yet: a burst of EXPUNGEs is one sweep (see flushGone). */
  #gone = new Set<number>();
  /** UIDs of the UID STOREs in flight, by tag. */
  readonly #stores = new Map<string, readonly NumberRange[]>();

  constructor(state: ListState, unseen: UnseenCount, search: ListSearch, hooks: ChangeHooks) {
    this.#state = state;
    this.#unseen = unseen;
    this.#search = search;
    this.#hooks = hooks;
  }

  /** Starts listening to the client; returns what stops it. */
  listen(): (() => void)[] {
    const client = this.#state.client;
    return [
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

  /** Another folder: the last one's expunges waiting for their sweep are dropped. */
  reset(): void {
    this.#gone.clear();
  }

  // --- arrivals ------------------------------------------------------------------------------------------

  #onExists(event: MailboxEvents['exists']): void {
    const state = this.#state;
    if (event.mailbox !== state.list.path) return;
    if (state.list.ordering) {
      state.open.dirty = true;
      return;
    }
    if (state.open.resyncing) return;
    void this.fetchArrivals(state.open);
  }

  /** New messages: UIDs from UIDNEXT on (RFC 9051 2.3.1.1), one fetch at a time. */
  fetchArrivals(open: OpenState): Promise<void> {
    if (open.arrivals) {
      open.arrivalsAgain = true;
      return open.arrivals;
    }
    const state = this.#state;
    const arrivals = (async () => {
      do {
        open.arrivalsAgain = false;
        const rows: MessageRow[] = [];
        open.fetchingFrom = Math.max(1, state.uidNext);
        try {
          await state.client.fetch([{ start: open.fetchingFrom, end: Infinity }], ROW_FETCH_ITEMS, {
            ...state.guard(),
            onMessage: (message) => rows.push(rowFromFetch(message.uid, message.attributes)),
          });
          if (state.open !== open) return;
          const fresh = rows.filter((row) => row.uid >= state.uidNext && !state.rows.has(row.uid));
          state.rows.keep(fresh);
          if (fresh.length > 0) this.#listArrivals(fresh);
        } finally {
          open.fetchingFrom = Infinity;
        }
      } while (open.arrivalsAgain);
      if (state.seqUids.length !== state.client.mailbox?.exists) state.seqUidsKnown = false;
      if (state.results !== null) await this.#search.matchArrivals(open);
    })()
      .catch(() => undefined)
      .finally(() => {
        open.arrivals = null;
      });
    open.arrivals = arrivals;
    return arrivals;
  }

  #listArrivals(fresh: MessageRow[]): void {
    const state = this.#state;
    state.seqUids.append(fresh.map((row) => row.uid).sort((a, b) => a - b));
    state.uidNext = Math.max(...fresh.map((row) => row.uid)) + 1;
    fresh.sort((a, b) => (b.date || 0) - (a.date || 0) || b.uid - a.uid);
    state.folderOrder.insertAt(
      0,
      fresh.map((row) => row.uid),
    );
    if (state.results === null) state.shownGrew(fresh.length);
    state.changed();
    state.options.onCounts?.(state.list.path ?? '', { messages: state.folderOrder.length });
    this.#unseen.schedule();
  }

  // --- removals ------------------------------------------------------------------------------------------

  #onExpunge(event: MailboxEvents['expunge']): void {
    const state = this.#state;
    const list = state.list;
    if (event.mailbox !== list.path) return;
    if (list.ordering) {
      state.open.dirty = true;
      return;
    }
    const open = state.open;
    const uid = event.uid ?? (state.seqUidsKnown ? state.seqUids.at(event.seq - 1) : 0);
    if (open.resyncing) {
      // resync() rebuilds the sequence list from the order once it is done; an unknown UID means redo it all.
      if (uid === 0) open.dirty = true;
    } else {
      // A VANISHED reports UIDs the session may never have numbered: its `seq` is then only a guess, the UID
      // is not. Our sequence list is ascending, so the UID finds its own place.
      const at = event.uid === null ? event.seq - 1 : state.seqUids.indexOfAscending(event.uid);
      if (at >= 0) state.seqUids.removeAt(at);
    }
    if (uid === 0) {
      if (open.resyncing) return;
      // Without the UID the row cannot be found: the order is recomputed (rare: our seq list is complete
      // unless the server renumbered messages during an arrival fetch).
      this.#hooks.computeOrder(open).catch(() => {
        if (state.open === open) list.ordering = false;
      });
      return;
    }
    // The reader lets go at once; the order follows when the burst is read (flushGone).
    if (uid === list.openUid) {
      list.openUid = null;
      state.options.onOpenGone?.();
    }
    // A bulk move's 5,000 EXPUNGEs arrive in one burst: they leave the order in one sweep once it ends.
    this.#gone.add(uid);
    if (this.#gone.size === 1) queueMicrotask(() => this.flushGone());
  }

  /** VANISHED (EARLIER): UIDs gone before this session saw them (RFC 7162 3.2.10), possibly as ranges. */
  #onVanished(event: MailboxEvents['vanished']): void {
    const state = this.#state;
    if (event.mailbox !== state.list.path) return;
    const gone = uidRangeSet(event.uids);
    state.seqUids.removeWhere(gone);
    if (state.list.ordering) {
      state.open.dirty = true;
      return;
    }
    this.removeUids(gone);
  }

  /** Takes the expunges of the burst so far out of the list now. */
  flushGone(): void {
    if (this.#gone.size === 0) return;
    const gone = this.#gone;
    this.#gone = new Set();
    this.removeUids(gone);
  }

  /** Messages left the folder: out of the order(s), the cache, the selection and the reader, in one pass. */
  removeUids(gone: UidSet): void {
    const state = this.#state;
    const list = state.list;
    const shown = state.order;
    const pointedAt = list.openUid ?? shown.at(list.cursor);
    const hadSelection = list.selection.size > 0;
    const { removed, tracked } = shown.removeWhere(gone, list.cursor);
    const left = state.results === null ? removed : state.folderOrder.removeWhere(gone).removed;
    state.rows.forget(gone);
    list.selection.forget(gone);
    // What the user chose is gone: the row that takes its place must not become the next action's target.
    if (gone.has(pointedAt) || (hadSelection && list.selection.size === 0)) list.cursorLost = true;
    if (removed > 0) {
      list.count = shown.length;
      // The cursor stays on its message, or takes the one that moved into its place.
      list.cursor = list.count === 0 ? -1 : Math.min(Math.max(tracked, 0), list.count - 1);
    }
    if (list.openUid !== null && gone.has(list.openUid)) {
      list.openUid = null;
      state.options.onOpenGone?.();
    }
    state.changed();
    if (left > 0 && list.path !== null) {
      state.options.onCounts?.(list.path, { messages: state.folderOrder.length });
      this.#unseen.schedule();
    }
  }

  // --- flags, keywords, UIDVALIDITY ----------------------------------------------------------------------

  #onFlags(event: MailboxEvents['flags']): void {
    const state = this.#state;
    if (event.mailbox !== state.list.path) return;
    const uid = event.uid ?? (state.seqUidsKnown ? state.seqUids.at(event.seq - 1) : 0);
    const open = state.open;
    // Our own row fetches: their rows carry the flags.
    if (uid !== 0 && (open.fetching.has(uid) || uid >= open.fetchingFrom)) return;
    if (uid !== 0) state.rows.serverFlags(uid, event.flags);
    this.#unseen.schedule();
  }

  #onUidValidity(event: MailboxEvents['uidvalidity']): void {
    const state = this.#state;
    const path = state.list.path;
    if (event.mailbox !== path || path === null) return;
    // RFC 9051 2.3.1.1: every UID we hold now names nothing. Start over.
    void this.#hooks.startOver(path, event.current, () =>
      state.client.select(event.mailbox, state.selectOptions()),
    );
  }

  /** FLAGS or PERMANENTFLAGS (another client created a keyword), HIGHESTMODSEQ (changes were sent up to it). */
  #onUntagged(response: UntaggedResponse): void {
    const code = response.kind === 'status' ? response.code?.name : undefined;
    if (response.kind !== 'flags' && code !== 'PERMANENTFLAGS' && code !== 'HIGHESTMODSEQ') return;
    const state = this.#state;
    const mailbox = state.client.mailbox;
    if (mailbox === null || mailbox.name !== state.list.path || mailbox.opening) return;
    if (code === 'HIGHESTMODSEQ') return this.#trackModseq();
    state.adoptKeywords(mailbox);
  }

  /** A UID STORE goes out: the UIDs it names, so its completion can confirm the flags painted on them. */
  #onSent(event: SentEvent): void {
    if (event.name !== 'UID STORE') return;
    if (event.uids !== undefined) this.#stores.set(event.tag, event.uids);
    this.#state.rows.storeSent();
  }

  /** A UID STORE went through (or not): confirm what it stored, and recount (a silent STORE reports nothing). */
  #onCompleted(event: CompletedEvent): void {
    if (event.name !== 'UID STORE') return;
    const state = this.#state;
    const stored = this.#stores.get(event.tag);
    this.#stores.delete(event.tag);
    if (state.list.path === null || state.client.mailbox?.name !== state.list.path) return;
    if (event.status === 'OK' && stored !== undefined) state.rows.stored(stored);
    this.#unseen.schedule();
  }

  /**
   * Remembers how far the server's changes have been applied, for a QRESYNC after a reconnect. Only from
   * SELECT and HIGHESTMODSEQ codes: a MODSEQ in a FETCH does not say every lower change was reported, and an
   * old value only makes the resync report more.
   */
  #trackModseq(): void {
    const state = this.#state;
    const mailbox = state.client.mailbox;
    if (mailbox === null || mailbox.name !== state.list.path || mailbox.opening) return;
    if (mailbox.uidValidity !== state.list.uidValidity || mailbox.highestModseq === null) return;
    state.highestModseq = mailbox.highestModseq;
  }
}
