// What the parts of the message list share (MessageList in message-list.svelte.ts is the facade over them):
// the folder's order and the search result's, the sequence list, the row cache, how far the list has caught
// up with the server, and the bookkeeping of the current open. A part whose work outlives an open (a row
// batch, a search, a resync) compares `state.open` with the open it started under before touching anything.

import type { Flag, SelectOptions } from '@webmail/imap-core';
import type { MailClient } from '../mail-client.ts';
import type { MessageList, MessageListOptions } from './message-list.svelte.ts';
import { keywordsAllowedBy, mergeKeywords } from './message-row.ts';
import { RowCache } from './row-cache.svelte.ts';
import { UidList } from './uid-list.ts';

/** Per-open bookkeeping: a batch that finishes after the folder changed only touches its own open's state. */
export class OpenState {
  active = 0;
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never rendered
  readonly fetching = new Set<number>();
  /** Lower bound of an open-ended fetch of ours in flight (UID n:*), or Infinity. */
  fetchingFrom = Infinity;
  /** UIDs asked for and not returned (expunged meanwhile): not asked for again. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never rendered
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

/** The keywords a mailbox offers, from a SELECT's answer or from the selected mailbox. */
interface MailboxKeywords {
  readonly flags: readonly Flag[];
  readonly permanentFlags: readonly Flag[] | null;
}

export class ListState {
  /** Bumped whenever what the list shows changes (its order, its rows): the list's reads depend on it. */
  #version = $state(0);
  /** The list whose public fields (count, cursor, openUid...) the parts keep up to date. */
  readonly list: MessageList;
  readonly client: MailClient;
  readonly options: MessageListOptions;
  /** The whole folder, newest first. */
  readonly folderOrder = new UidList();
  /** The search result shown, newest first; null while the whole folder is shown (list-search.ts). */
  results: UidList | null = null;
  /** The folder's UIDs ascending, which is sequence order: seq n is index n-1. */
  readonly seqUids = new UidList();
  seqUidsKnown = false;
  readonly rows: RowCache;
  /** UIDs from here on are not listed yet (RFC 9051 2.3.1.1: new messages get UIDs from UIDNEXT on). */
  uidNext = 0;
  /** The folder's HIGHESTMODSEQ as far as this list has applied changes (CONDSTORE, RFC 7162 3.1.2.1). */
  highestModseq: bigint | null = null;
  open = new OpenState(0);

  constructor(list: MessageList, client: MailClient, options: MessageListOptions) {
    this.list = list;
    this.client = client;
    this.options = options;
    this.rows = new RowCache((keywords) => {
      list.knownKeywords = mergeKeywords(list.knownKeywords, keywords);
    });
  }

  /** The order shown: the search result, else the folder. */
  get order(): UidList {
    return this.results ?? this.folderOrder;
  }

  /** Read by the list's reactive getters, so they run again when what it shows changes. */
  get version(): number {
    return this.#version;
  }

  changed(): void {
    this.#version++;
  }

  /** A new open (or resync): whatever is in flight belongs to the one before and is ignored when it ends. */
  begin(): OpenState {
    const open = new OpenState(this.open.generation + 1);
    this.open = open;
    return open;
  }

  /** Another folder: nothing of the last one's order, sequence list or rows is kept. */
  reset(): void {
    this.folderOrder.reset();
    this.seqUids.reset();
    this.seqUidsKnown = false;
    this.rows.clear();
    this.highestModseq = null;
  }

  /** Every UID FETCH names the UIDVALIDITY its UIDs were read under: imap-core refuses it if that changed. */
  guard(): { expectedUidValidity?: number } {
    const uidValidity = this.list.uidValidity;
    return uidValidity === 0 ? {} : { expectedUidValidity: uidValidity };
  }

  /** SELECT (CONDSTORE) when offered: HIGHESTMODSEQ for resync, MODSEQ with every flag change (RFC 7162 3.1.8). */
  selectOptions(): SelectOptions {
    return this.client.capabilities.has('CONDSTORE') ? { condstore: true } : {};
  }

  /** Whether keywords may be created (PERMANENTFLAGS has \*), and the keywords the mailbox knows. */
  adoptKeywords(mailbox: MailboxKeywords): void {
    const list = this.list;
    list.keywordsAllowed = keywordsAllowedBy(mailbox.permanentFlags);
    list.knownKeywords = mergeKeywords(
      mergeKeywords(list.knownKeywords, mailbox.flags),
      mailbox.permanentFlags ?? [],
    );
  }

  /** `n` rows were put at the top of the order shown: the cursor stays on its message. */
  shownGrew(n: number): void {
    const list = this.list;
    list.count = this.order.length;
    if (list.cursor >= 0) list.cursor += n;
    else list.cursor = 0;
    list.selection.noteArrivals();
    this.changed();
  }
}
