// What the server reports about the listed folder, handed to the list model: EXISTS fetches the arrivals
// (list-arrivals.ts), EXPUNGE and VANISHED remove by UID (ListModel.expunge/vanished), FETCH FLAGS updates a
// row, a new UIDVALIDITY starts over, FLAGS/PERMANENTFLAGS bring keywords another client created, and
// HIGHESTMODSEQ is kept for a resync. Our own UID STOREs are followed from sent to completed: their completion
// confirms the flags painted on the rows. An adapter: it holds no state of the list.

import type {
  CompletedEvent,
  MailboxEvents,
  NumberRange,
  SentEvent,
  UntaggedResponse,
} from '@webmail/imap-core';
import type { MailClient } from '../mail-client.ts';
import type { ListArrivals } from './list-arrivals.ts';
import type { ListModel } from './list-model.svelte.ts';
import type { ListOrdering } from './list-ordering.ts';
import type { UnseenCount } from './unseen-count.ts';
import { uidRangeSet } from './uid-list.ts';

/** What the server's changes set going in the rest of the list. */
export interface ChangeParts {
  readonly arrivals: ListArrivals;
  readonly ordering: ListOrdering;
  readonly unseen: UnseenCount;
  /** The UIDs held name nothing any more (a new UIDVALIDITY): the folder is opened afresh (list-resync.ts). */
  readonly startOver: (path: string, uidValidity: number) => void;
}

export class ServerChanges {
  readonly #model: ListModel;
  readonly #client: MailClient;
  readonly #parts: ChangeParts;
  /** UIDs of the UID STOREs in flight, by tag. */
  readonly #stores = new Map<string, readonly NumberRange[]>();

  constructor(model: ListModel, client: MailClient, parts: ChangeParts) {
    this.#model = model;
    this.#client = client;
    this.#parts = parts;
  }

  /** Starts listening to the client; returns what stops it. */
  listen(): (() => void)[] {
    const client = this.#client;
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

  #onExists(event: MailboxEvents['exists']): void {
    const model = this.#model;
    if (event.mailbox === model.path && model.mailArrived()) void this.#parts.arrivals.fetch(model.open);
  }

  #onExpunge(event: MailboxEvents['expunge']): void {
    const model = this.#model;
    if (event.mailbox !== model.path || model.expunge(event.seq, event.uid)) return;
    // Without the UID the row cannot be found: the order is computed again (rare: our sequence list is complete
    // unless the server renumbered messages during an arrival fetch).
    const open = model.open;
    this.#parts.ordering.compute(open).catch(() => model.orderingDone(open));
  }

  /** VANISHED (EARLIER): UIDs gone before this session saw them (RFC 7162 3.2.10), possibly as ranges. */
  #onVanished(event: MailboxEvents['vanished']): void {
    if (event.mailbox === this.#model.path) this.#model.vanished(uidRangeSet(event.uids));
  }

  #onFlags(event: MailboxEvents['flags']): void {
    const model = this.#model;
    if (event.mailbox !== model.path) return;
    const uid = event.uid ?? model.sequence.uidOf(event.seq);
    // Our own row fetches: the rows they bring carry these flags (row-batch.ts).
    if (uid !== 0 && model.open.isFetching(uid)) return;
    if (uid !== 0) model.serverFlags(uid, event.flags);
    this.#parts.unseen.schedule();
  }

  #onUidValidity(event: MailboxEvents['uidvalidity']): void {
    const path = this.#model.path;
    // RFC 9051 2.3.1.1: every UID we hold now names nothing. Start over.
    if (event.mailbox === path && path !== null) this.#parts.startOver(path, event.current);
  }

  /** FLAGS or PERMANENTFLAGS (another client created a keyword), HIGHESTMODSEQ (changes were sent up to it). */
  #onUntagged(response: UntaggedResponse): void {
    const code = response.kind === 'status' ? response.code?.name : undefined;
    if (response.kind !== 'flags' && code !== 'PERMANENTFLAGS' && code !== 'HIGHESTMODSEQ') return;
    const mailbox = this.#client.mailbox;
    if (mailbox === null || mailbox.name !== this.#model.path || mailbox.opening) return;
    if (code !== 'HIGHESTMODSEQ') return this.#model.adoptKeywords(mailbox);
    // Only from SELECT and HIGHESTMODSEQ codes: a MODSEQ in a FETCH does not say every lower change was
    // reported, and an old value only makes the resync after a reconnect report more.
    if (mailbox.uidValidity !== null && mailbox.highestModseq !== null) {
      this.#model.changesSentUpTo(mailbox.uidValidity, mailbox.highestModseq);
    }
  }

  /** A UID STORE goes out: the UIDs it names, so its completion can confirm the flags painted on them. */
  #onSent(event: SentEvent): void {
    if (event.name !== 'UID STORE') return;
    if (event.uids !== undefined) this.#stores.set(event.tag, event.uids);
    this.#model.storeSent();
  }

  /** A UID STORE went through (or not): confirm what it stored, and recount (a silent STORE reports nothing). */
  #onCompleted(event: CompletedEvent): void {
    if (event.name !== 'UID STORE') return;
    const model = this.#model;
    const stored = this.#stores.get(event.tag);
    this.#stores.delete(event.tag);
    if (model.path === null || this.#client.mailbox?.name !== model.path) return;
    if (event.status === 'OK' && stored !== undefined) model.stored(stored);
    this.#parts.unseen.schedule();
  }
}
