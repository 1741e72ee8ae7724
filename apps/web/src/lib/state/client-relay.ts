// The MailClient the state classes hold for a whole session, relayed to whichever ImapClient is current. A
// reconnect swaps the ImapClient underneath; the state classes keep their reference, and the listeners they
// registered are moved to each new connection. While no connection is usable a call rejects at once with a
// ConnectionError instead of waiting for a connection that may take minutes to come back.

import { ConnectionError, ErrorCodes } from '@webmail/imap-core';
import type { ImapClient, SessionEvents } from '@webmail/imap-core';
import type { MailClient } from './mail-client.ts';

/**
 * The facade: MailClient plus IDLE and NOTIFY, which the workspace starts on the open folder (and starts
 * again after a reconnect: an IdleHandle or a NOTIFY SET belongs to the connection it was made on).
 */
export type RelayedClient = MailClient & Pick<ImapClient, 'idle' | 'notify'>;

interface Subscription {
  attach(client: ImapClient): () => void;
  detach: (() => void) | null;
}

const NO_CAPABILITIES: ReadonlySet<string> = new Set();

export class ClientRelay {
  readonly client: RelayedClient;
  /** Where calls go; null while the connection is down. */
  #usable: ImapClient | null = null;
  /** The last signed-in connection, for its capabilities while the next one is being set up. */
  #lastUsable: ImapClient | null = null;
  /** The connection the listeners are attached to: the usable one, or the one being set up. */
  #listening: ImapClient | null = null;
  readonly #subscriptions = new Set<Subscription>();

  constructor() {
    this.client = this.#facade();
  }

  /** Moves every listener to `client` (before its sign-in, so the server's [ALERT]s there reach them). */
  listenTo(client: ImapClient): void {
    if (client === this.#listening) return;
    this.#listening = client;
    for (const subscription of this.#subscriptions) {
      subscription.detach?.();
      subscription.detach = subscription.attach(client);
    }
  }

  /** Sends calls to `client`, or rejects them at once when null (the connection is down). */
  use(client: ImapClient | null): void {
    this.#usable = client;
    if (client) this.#lastUsable = client;
  }

  /** Detaches every listener (the session is over). */
  clear(): void {
    for (const subscription of this.#subscriptions) subscription.detach?.();
    this.#subscriptions.clear();
    this.#usable = null;
    this.#listening = null;
  }

  #on<K extends keyof SessionEvents>(name: K, listener: (event: SessionEvents[K]) => void): () => void {
    const subscription: Subscription = {
      attach: (client) => client.on(name, listener),
      detach: null,
    };
    this.#subscriptions.add(subscription);
    if (this.#listening) subscription.detach = subscription.attach(this.#listening);
    return () => {
      subscription.detach?.();
      subscription.detach = null;
      this.#subscriptions.delete(subscription);
    };
  }

  #call<R>(use: (client: ImapClient) => Promise<R>): Promise<R> {
    const client = this.#usable;
    if (client === null) {
      return Promise.reject(
        new ConnectionError(ErrorCodes.CONNECTION_CLOSED, 'not connected to the mail server (reconnecting)'),
      );
    }
    return use(client);
  }

  /** Typed against MailClient, so a method added there fails to compile until it is relayed here. */
  #facade(): RelayedClient {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the getters below need the relay
    const relay = this;
    const call = <R>(use: (client: ImapClient) => Promise<R>): Promise<R> => relay.#call(use);
    return {
      get capabilities() {
        return (relay.#usable ?? relay.#lastUsable)?.capabilities ?? NO_CAPABILITIES;
      },
      get mailbox() {
        return relay.#usable?.mailbox ?? null;
      },
      on: (name, listener) => relay.#on(name, listener),
      list: (...args) => call((c) => c.list(...args)),
      status: (...args) => call((c) => c.status(...args)),
      select: (...args) => call((c) => c.select(...args)),
      examine: (...args) => call((c) => c.examine(...args)),
      create: (...args) => call((c) => c.create(...args)),
      delete: (...args) => call((c) => c.delete(...args)),
      rename: (...args) => call((c) => c.rename(...args)),
      subscribe: (...args) => call((c) => c.subscribe(...args)),
      unsubscribe: (...args) => call((c) => c.unsubscribe(...args)),
      append: (...args) => call((c) => c.append(...args)),
      fetch: (...args) => call((c) => c.fetch(...args)),
      store: (...args) => call((c) => c.store(...args)),
      search: (...args) => call((c) => c.search(...args)),
      esearch: (...args) => call((c) => c.esearch(...args)),
      sort: (...args) => call((c) => c.sort(...args)),
      copy: (...args) => call((c) => c.copy(...args)),
      move: (...args) => call((c) => c.move(...args)),
      uidExpunge: (...args) => call((c) => c.uidExpunge(...args)),
      noop: () => call((c) => c.noop()),
      idle: () => call((c) => c.idle()),
      notify: (...args) => call((c) => c.notify(...args)),
      run: (command) => call((c) => c.run(command)),
    };
  }
}
