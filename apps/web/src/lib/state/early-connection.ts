// A connection opened while the user fills in the sign-in form, so that "Sign in" starts at AUTHENTICATE: the
// WebSocket, the relay's connection to the mail server, TLS when the relay does it, and the server's greeting
// with its capabilities are done by then (30-45 ms on loopback, several round trips on a phone). Nothing is sent
// on it before the user signs in: it carries neither the user name nor the password until then.
//
// A server drops a connection that does not sign in after a while, and a network may drop an idle one without a
// word, so one older than EARLY_MAX_AGE_MS is not used (the form opens another on the next keystroke, or the
// sign-in a new one); MailConnection falls back to a new connection when this one is gone by the time it signs in.

import type { ImapClient } from '@webmail/imap-core';

/** Well under the minute servers give a connection to sign in (Dovecot's imap-login allows 3 minutes). */
export const EARLY_MAX_AGE_MS = 20_000;

export class EarlyConnection {
  readonly upstream: string;
  readonly #openedAt: number;
  readonly #client: Promise<ImapClient | null>;
  /** Taken for a sign-in, or closed: not to be used again. */
  #taken = false;

  /** Starts `open` now; `now` is the clock fresh() is asked on. */
  constructor(upstream: string, open: () => Promise<ImapClient>, now: number) {
    this.upstream = upstream;
    this.#openedAt = now;
    // A failure here is not the user's yet: the sign-in opens its own connection and says what went wrong.
    this.#client = open().catch(() => null);
  }

  /** Whether it is worth keeping for a sign-in on `upstream` at `now` (it may still have closed meanwhile). */
  fresh(upstream: string, now: number): boolean {
    return !this.#taken && upstream === this.upstream && now - this.#openedAt < EARLY_MAX_AGE_MS;
  }

  /** The greeted connection, or null when it failed or closed; from here on the caller owns it. */
  async take(): Promise<ImapClient | null> {
    this.#taken = true;
    const client = await this.#client;
    if (client === null || client.session.closed) return null;
    return client;
  }

  /** Closes it, unless taken (for a sign-in elsewhere, or when the form goes away). */
  close(): void {
    if (this.#taken) return;
    this.#taken = true;
    void this.#client.then((client) => client?.close());
  }
}
