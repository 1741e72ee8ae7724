// The composer's own IMAP connection, beside the session's: saving drafts (APPEND, then UID EXPUNGE of the
// version before), the Sent copy, \Answered on an original and fetching a forwarded message's parts all need a
// mailbox selected that is seldom the one the list shows, and a SELECT on the session's connection would take
// the list's folder away. It is opened on first use (signed in with the session's credentials), runs one
// piece of work at a time, and is opened again after a drop. It logs out after IDLE_CLOSE_MS without work.

import type { ImapClient, Transport } from '@webmail/imap-core';
import { countingTransport, type CountingTransport } from './counting-transport.ts';
import { ErrorCodes, UsageError } from '@webmail/imap-core';
import { sameMailbox } from '../bulk.ts';

/** No work for this long: the connection is closed (the next piece of work opens it again). */
export const IDLE_CLOSE_MS = 120_000;

/** The mailbox holds another UIDVALIDITY than the one its UIDs were read under: they name other messages now. */
export class UidValidityChangedError extends UsageError {
  constructor(mailbox: string, expected: number, actual: number | null) {
    super(ErrorCodes.UIDVALIDITY_CHANGED, `UIDVALIDITY of ${mailbox} is ${actual}, not ${expected}`);
    this.name = 'UidValidityChangedError';
  }
}

export interface ComposeImapOptions {
  /** A new signed-in connection (the session's `openSecondary`) over the transport `wrap` returns. */
  readonly open: (wrap: (transport: Transport) => Transport) => Promise<ImapClient>;
  readonly idleCloseMs?: number;
}

export class ComposeImap {
  readonly #open: ComposeImapOptions['open'];
  readonly #idleCloseMs: number;
  #client: Promise<ImapClient> | null = null;
  /** Counts the bytes of the connection being used (none when `open` did not use the wrapper). */
  #counter: CountingTransport | null = null;
  #queue: Promise<unknown> = Promise.resolve();
  #idleTimer: ReturnType<typeof setTimeout> | null = null;
  #busy = 0;
  #disposed = false;

  constructor(options: ComposeImapOptions) {
    this.#open = options.open;
    this.#idleCloseMs = options.idleCloseMs ?? IDLE_CLOSE_MS;
  }

  /** Runs `work` on the connection after the work queued before it. */
  run<T>(work: (client: ImapClient) => Promise<T>): Promise<T> {
    const next = this.#queue.then(() => this.#runNow(work));
    this.#queue = next.catch(() => undefined);
    return next;
  }

  /**
   * Runs `work` with `mailbox` selected (read-write), after checking that it still has `uidValidity` (when
   * given): UIDs read under another UIDVALIDITY name other messages.
   */
  inMailbox<T>(
    mailbox: string,
    uidValidity: number | null,
    work: (client: ImapClient, uidValidity: number) => Promise<T>,
  ): Promise<T> {
    return this.run(async (client) => {
      const current = client.mailbox;
      const selected =
        current !== null && sameMailbox(current.name, mailbox) && current.access === 'read-write';
      const actual = selected ? current.uidValidity : (await client.select(mailbox)).uidValidity;
      if (uidValidity !== null && actual !== uidValidity)
        throw new UidValidityChangedError(mailbox, uidValidity, actual);
      if (actual === null) throw new UidValidityChangedError(mailbox, uidValidity ?? 0, null);
      return work(client, actual);
    });
  }

  /**
   * While `work` runs, reports the fraction of `total` bytes sent on the connection (an APPEND of `total`
   * bytes). Reports nothing when the connection's bytes cannot be counted.
   */
  async withProgress<T>(
    total: number,
    report: (fraction: number) => void,
    work: () => Promise<T>,
  ): Promise<T> {
    const stop = this.#counter?.watch(total, report) ?? (() => undefined);
    try {
      return await work();
    } finally {
      stop();
    }
  }

  /** Logs out (bounded) and drops the connection; no more work is accepted. */
  dispose(): void {
    this.#disposed = true;
    this.#close();
  }

  async #runNow<T>(work: (client: ImapClient) => Promise<T>): Promise<T> {
    if (this.#disposed) throw new UsageError(ErrorCodes.WRONG_STATE, 'the session is over');
    this.#busy++;
    this.#cancelIdleTimer();
    try {
      const client = await this.#connection();
      return await work(client);
    } finally {
      this.#busy--;
      if (this.#busy === 0) this.#armIdleTimer();
    }
  }

  async #connection(): Promise<ImapClient> {
    if (this.#client) {
      const client = await this.#client.catch(() => null);
      if (client && !client.session.closed) return client;
    }
    let counter: CountingTransport | null = null;
    const opening = this.#open((transport) => {
      counter = countingTransport(transport);
      return counter.transport;
    });
    this.#client = opening;
    void opening.then(
      () => (this.#counter = counter),
      () => undefined,
    );
    try {
      return await opening;
    } catch (error) {
      if (this.#client === opening) this.#client = null;
      throw error;
    }
  }

  #armIdleTimer(): void {
    if (this.#disposed) return;
    this.#idleTimer = setTimeout(() => {
      this.#idleTimer = null;
      if (this.#busy === 0) this.#close();
    }, this.#idleCloseMs);
  }

  #cancelIdleTimer(): void {
    if (this.#idleTimer !== null) clearTimeout(this.#idleTimer);
    this.#idleTimer = null;
  }

  #close(): void {
    this.#cancelIdleTimer();
    const pending = this.#client;
    this.#client = null;
    void pending?.then(
      (client) => {
        const timer = setTimeout(() => client.close(), 3000);
        client.logout().then(
          () => clearTimeout(timer),
          () => clearTimeout(timer),
        );
      },
      () => undefined,
    );
  }
}
