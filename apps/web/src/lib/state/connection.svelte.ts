// The signed-in connection to the mail server, for the whole session. The state classes hold its `client`,
// which outlives any one WebSocket: when the connection drops (laptop sleep, a proxy or server restart) it
// comes back by itself with backoff (1, 2, 4, 8, 16, then every 30 s, slightly jittered so that the tabs a
// proxy restart cut off do not all knock at the same instant), at once when the browser is back online or the
// page is shown again, or when the user asks. A password refused on reconnect (changed meanwhile) ends the
// retries. A connection that drops again soon after it came back (something in the mailbox breaks every new
// session) continues the backoff where it was instead of starting over at 1 s: the backoff starts over only
// after a connection that stayed up for STABLE_CONNECTION_MS.
//
// The password is kept only in a closure for the re-logins: never in a field, never in storage, never logged
// (imap-core redacts it from traces).

import { CommandError, ConnectionError, ErrorCodes, ImapClient, UsageError } from '@webmail/imap-core';
import type { ClientOptions, Timers, Transport } from '@webmail/imap-core';
import { ClientRelay } from './client-relay.ts';
import type { RelayedClient } from './client-relay.ts';
import { browserPageSignals } from './page-signals.ts';
import type { PageSignals as BrowserPageSignals } from './page-signals.ts';
import type { EarlyConnection } from './early-connection.ts';
import { describeError } from './user-message.ts';
import type { UserMessage } from './user-message.ts';

export type ConnectionStatus = 'online' | 'reconnecting' | 'offline';

export interface Credentials {
  readonly username: string;
  readonly password: string;
}

/** Timers plus a clock, so tests can drive the backoff. */
export interface ReconnectTimers extends Timers {
  now(): number;
}

/** What the page tells us about the network: 'online' events and the page being shown again. */
/** The page's online and visible signals (page-signals.ts). */
export type PageSignals = Pick<BrowserPageSignals, 'onOnline' | 'onVisible'>;

export interface MailConnectionOptions {
  /** Opens the byte pipe to the mail server; the session's is the proxy's WebSocket /imap/<upstream>. */
  readonly openTransport: () => Promise<Transport>;
  readonly clientOptions?: ClientOptions | undefined;
  /** Default: the host's setTimeout/clearTimeout and Date.now. */
  readonly timers?: ReconnectTimers;
  /** Default Math.random; only spreads the backoff delays. */
  readonly random?: () => number;
  /** Default: window's 'online' and document's 'visibilitychange' when they exist. */
  readonly page?: PageSignals;
}

/** Delays before reconnect attempts 1, 2, 3 ...; the last one repeats. */
export const RECONNECT_DELAYS_MS: readonly number[] = [1_000, 2_000, 4_000, 8_000, 16_000, 30_000];
/** Each delay is moved by up to this fraction either way. */
export const RECONNECT_JITTER = 0.1;
/** A connection that drops sooner than this after signing in does not reset the backoff. */
export const STABLE_CONNECTION_MS = 30_000;
/** LOGOUT is polite, not required: a server that does not answer in this time is cut off. */
export const LOGOUT_TIMEOUT_MS = 3000;

/** The delay before reconnect attempt `attempt` (1-based); `random` in [0, 1). */
export function reconnectDelay(attempt: number, random: number): number {
  const index = Math.min(Math.max(attempt, 1), RECONNECT_DELAYS_MS.length) - 1;
  const base = RECONNECT_DELAYS_MS[index] ?? 30_000;
  return Math.round(base * (1 + (random * 2 - 1) * RECONNECT_JITTER));
}

/**
 * Response codes of a refused LOGIN that a retry cannot fix (RFC 5530 3). A NO without a code counts too:
 * servers that give none are refusing the credentials. [UNAVAILABLE] and the like are worth retrying.
 */
const FINAL_LOGIN_CODES = new Set([
  'AUTHENTICATIONFAILED',
  'AUTHORIZATIONFAILED',
  'EXPIRED',
  'PRIVACYREQUIRED',
]);

function isFinalLoginFailure(error: unknown): boolean {
  if (error instanceof UsageError) return error.code === ErrorCodes.UNSUPPORTED; // LOGINDISABLED
  if (!(error instanceof CommandError)) return false;
  if (!/^(LOGIN|AUTHENTICATE)\b/.test(error.command)) return false;
  const code = error.responseCode?.name;
  return code === undefined || FINAL_LOGIN_CODES.has(code);
}

export class MailConnection {
  status = $state<ConnectionStatus>('offline');
  /** The reconnect attempt under way or waiting (1-based); 0 when online. */
  attempt = $state(0);
  /** When the next reconnect attempt starts (the timers' clock, ms); null when none is waiting. */
  retryAt = $state<number | null>(null);
  /** Why the connection was lost, or why the last attempt failed. */
  lastError = $state.raw<UserMessage | null>(null);
  /** QRESYNC (RFC 7162) is enabled on the current connection: resync can ask for VANISHED (EARLIER). */
  qresync = $state(false);
  /** CONDSTORE is enabled (by QRESYNC, or on its own): FETCH can ask for CHANGEDSINCE. */
  condstore = $state(false);

  readonly #options: MailConnectionOptions;
  readonly #signIn: (client: ImapClient) => Promise<void>;
  readonly #credentials: <T>(use: (credentials: Credentials) => T) => T;
  readonly #relay = new ClientRelay();
  readonly #timers: ReconnectTimers;
  readonly #random: () => number;
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a listener registry, never rendered
  readonly #reconnectedListeners = new Set<() => void | Promise<void>>();
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a listener registry, never rendered
  readonly #statusListeners = new Set<(status: ConnectionStatus) => void>();
  readonly #stopPageSignals: (() => void)[];
  #current: ImapClient | null = null;
  /** The attempt that brought the current connection (0 for the first sign-in), and since when it is up. */
  #adoptedAtAttempt = 0;
  #onlineSince = 0;
  #timer: unknown = null;
  #connecting = false;
  #disposed = false;

  constructor(user: string, password: string, options: MailConnectionOptions) {
    this.#options = options;
    this.#signIn = (client) => client.login(user, password);
    this.#credentials = (use) => use({ username: user, password });
    this.#timers = options.timers ?? hostTimers();
    this.#random = options.random ?? Math.random;
    const page = options.page ?? browserPageSignals();
    this.#stopPageSignals = [page.onOnline(() => this.#networkBack()), page.onVisible(() => this.#wake())];
  }

  /** Calls go to the current connection; its listeners survive reconnects. */
  get client(): RelayedClient {
    return this.#relay.client;
  }

  /**
   * The first connection (sign-in), on `early` when the form opened one (early-connection.ts) and it is still
   * there. Online once signed in: the ENABLE of resync is sent, and the first SELECT may follow it on the wire
   * (imap-core lets a SELECT follow ENABLE, RFC 9051 6.3.1), one round trip sooner. Rejects with what imap-core
   * threw, `lastError` saying it in the user's words; the connection is then disposed.
   */
  async connect(early: EarlyConnection | null = null): Promise<void> {
    try {
      const { client, resync } = await this.#open(early);
      // Lost while enabling: the 'close' listener says why and reconnects, as for any later drop.
      resync.catch(() => undefined);
      this.#adopt(client);
    } catch (error) {
      this.dispose();
      throw error;
    }
  }

  /**
   * The first connection of a session that was kept on the device (a reload): like connect(), but when the
   * mail server or the proxy cannot be reached it keeps trying with the usual backoff ('retrying', status
   * 'reconnecting', onReconnected listeners run once it is up) instead of giving up, so the app can show what
   * it kept meanwhile. Only a refused password (or LOGINDISABLED) rejects, the connection then disposed.
   */
  async connectOrKeepTrying(): Promise<'online' | 'retrying'> {
    try {
      const { client, resync } = await this.#open();
      // Online before ENABLE is answered: the kept folder's SELECT (QRESYNC) goes out right behind it, one
      // round trip sooner (imap-core lets a SELECT follow ENABLE on the wire, RFC 9051 6.3.1). A connection
      // lost meanwhile is the 'close' listener's, as any later drop.
      resync.catch(() => undefined);
      this.#adopt(client);
      return 'online';
    } catch (error) {
      if (this.#disposed || isFinalLoginFailure(error)) {
        this.dispose();
        throw error;
      }
      this.attempt = 0;
      this.#setStatus('reconnecting');
      this.#schedule();
      return 'retrying';
    }
  }

  /** Runs after each reconnect (not after the first connect): re-select, resync. */
  onReconnected(listener: () => void | Promise<void>): () => void {
    this.#reconnectedListeners.add(listener);
    return () => this.#reconnectedListeners.delete(listener);
  }

  onStatusChange(listener: (status: ConnectionStatus) => void): () => void {
    this.#statusListeners.add(listener);
    return () => this.#statusListeners.delete(listener);
  }

  /** The clock `retryAt` is on (a countdown reads it). */
  now(): number {
    return this.#timers.now();
  }

  /** Tries to reconnect now instead of waiting out the backoff. */
  retryNow(): void {
    if (this.status !== 'reconnecting' || this.#connecting || this.#disposed) return;
    this.#cancelTimer();
    void this.#reconnect();
  }

  /**
   * One more signed-in connection, same credentials (a long search beside this one); the caller logs out.
   * `wrap` sees the transport first (the composer counts the bytes of a large draft on their way).
   */
  async openSecondary(wrap?: (transport: Transport) => Transport): Promise<ImapClient> {
    if (this.#disposed) {
      throw new ConnectionError(ErrorCodes.ABORTED, 'the session is over');
    }
    const transport = await this.#options.openTransport();
    const client = await ImapClient.connect(wrap ? wrap(transport) : transport, this.#options.clientOptions);
    try {
      await this.#signIn(client);
    } catch (error) {
      client.close();
      throw error;
    }
    return client;
  }

  /**
   * Lends the login and password to `use` for one call: SMTP submission signs in with them (contracts.md 3),
   * and the mirror's secret is wrapped with the password when the mirror is turned on. `use` must not keep them.
   */
  withCredentials<T>(use: (credentials: Credentials) => T): T {
    return this.#credentials(use);
  }

  /** Sign-out: LOGOUT (bounded by `timeoutMs`) when connected, then dispose. */
  async logout(timeoutMs = LOGOUT_TIMEOUT_MS): Promise<void> {
    const client = this.status === 'online' ? this.#current : null;
    this.#stop();
    if (client) {
      let timer: unknown;
      const timeout = new Promise<void>((resolve) => (timer = this.#timers.setTimeout(resolve, timeoutMs)));
      await Promise.race([client.logout().catch(() => undefined), timeout]);
      this.#timers.clearTimeout(timer);
    }
    this.dispose();
  }

  /** Stops retrying and drops the connection without LOGOUT. */
  dispose(): void {
    this.#stop();
    this.#current?.close();
    this.#current = null;
    this.#relay.clear();
    this.#reconnectedListeners.clear();
    this.#statusListeners.clear();
    this.retryAt = null;
    this.status = 'offline';
  }

  /** No more retries, listeners or status changes: whatever closes from here on was our doing. */
  #stop(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#cancelTimer();
    for (const stop of this.#stopPageSignals) stop();
    this.#relay.use(null);
  }

  /**
   * Connects and signs in, and sends the ENABLE of resync: `resync` settles once it is answered. Sets lastError
   * when signing in fails.
   */
  async #open(early: EarlyConnection | null = null): Promise<{ client: ImapClient; resync: Promise<void> }> {
    let bye = { text: null as string | null };
    let client: ImapClient | null = null;
    try {
      client = (await early?.take()) ?? null;
      if (client !== null && !(await this.#signInOn(client, bye))) {
        // It closed while the user typed, or as its sign-in began: a new one does the sign-in.
        client.close();
        client = null;
        bye = { text: null };
      }
      if (client === null) {
        client = await ImapClient.connect(await this.#options.openTransport(), this.#options.clientOptions);
        await this.#signInOn(client, bye, { orThrow: true });
      }
      const opened = client;
      const resync = this.#enableResync(opened).catch((error: unknown) => {
        // Lost while enabling: once adopted, the 'close' listener has said why.
        if (opened !== this.#current) this.lastError = describeError(error, { byeText: bye.text });
        opened.close();
        throw error;
      });
      return { client, resync };
    } catch (error) {
      client?.close();
      this.lastError = describeError(error, { byeText: bye.text });
      throw error;
    }
  }

  /**
   * Signs in on `client` (its listeners moved to it first, so that the server's [ALERT]s reach them). False when
   * the connection was lost before the server answered, unless `orThrow`: the server's own refusal always throws.
   */
  async #signInOn(
    client: ImapClient,
    bye: { text: string | null },
    { orThrow = false } = {},
  ): Promise<boolean> {
    this.#watch(client, bye);
    this.#relay.listenTo(client);
    try {
      await this.#signIn(client);
      return true;
    } catch (error) {
      if (orThrow || !(error instanceof ConnectionError)) throw error;
      return false;
    }
  }

  /** RFC 7162 3.2.3: QRESYNC must be enabled before the SELECT that uses it; it implies CONDSTORE. */
  async #enableResync(client: ImapClient): Promise<void> {
    const caps = client.capabilities;
    const wanted = caps.has('QRESYNC') ? 'QRESYNC' : caps.has('CONDSTORE') ? 'CONDSTORE' : null;
    let enabled: readonly string[] = [];
    if (wanted && caps.has('ENABLE')) {
      try {
        enabled = (await client.enable([wanted])).map((name) => name.toUpperCase());
      } catch (error) {
        // A refused ENABLE costs only the quick resync; the slower UID comparison still works.
        if (!(error instanceof CommandError)) throw error;
      }
    }
    this.qresync = enabled.includes('QRESYNC');
    this.condstore = this.qresync || enabled.includes('CONDSTORE');
  }

  #watch(client: ImapClient, bye: { text: string | null }): void {
    // Registered before the relay's listeners, so the status has changed when theirs run.
    client.on('untagged', (response) => {
      if (response.kind === 'status' && response.status === 'BYE') bye.text = response.text;
    });
    client.on('close', ({ error }) => {
      if (client !== this.#current || this.#disposed) return;
      this.#current = null;
      this.#relay.use(null);
      const cause = error ?? new ConnectionError(ErrorCodes.CONNECTION_CLOSED, 'the connection closed');
      this.lastError = describeError(cause, { byeText: bye.text });
      const stable = this.#timers.now() - this.#onlineSince >= STABLE_CONNECTION_MS;
      this.attempt = stable ? 0 : this.#adoptedAtAttempt;
      this.#setStatus('reconnecting');
      this.#schedule();
    });
  }

  /** Makes `client` the current connection; it may have closed while #open's last await resumed. */
  #adopt(client: ImapClient): void {
    if (client.session.closed) {
      const error = new ConnectionError(
        ErrorCodes.CONNECTION_CLOSED,
        'the connection closed while signing in',
      );
      this.lastError = describeError(client.session.closeError ?? error);
      throw client.session.closeError ?? error;
    }
    this.#current = client;
    this.#relay.use(client);
    this.#adoptedAtAttempt = this.attempt;
    this.#onlineSince = this.#timers.now();
    this.attempt = 0;
    this.retryAt = null;
    this.lastError = null;
    this.#setStatus('online');
  }

  #schedule(): void {
    this.#cancelTimer();
    this.attempt++;
    const delay = reconnectDelay(this.attempt, this.#random());
    this.retryAt = this.#timers.now() + delay;
    this.#timer = this.#timers.setTimeout(() => {
      this.#timer = null;
      void this.#reconnect();
    }, delay);
  }

  async #reconnect(): Promise<void> {
    this.#connecting = true;
    this.retryAt = null;
    try {
      const { client, resync } = await this.#open();
      await resync;
      if (this.#disposed) {
        client.close();
        return;
      }
      this.#adopt(client);
    } catch (error) {
      if (this.#disposed) return;
      if (isFinalLoginFailure(error)) this.#setStatus('offline');
      else this.#schedule();
      return;
    } finally {
      this.#connecting = false;
    }
    for (const listener of [...this.#reconnectedListeners]) {
      try {
        await listener();
      } catch (error) {
        // One listener's failure (a folder gone meanwhile) must not keep the others from resyncing.
        void Promise.reject(error);
      }
    }
  }

  /** The page is shown again (or the network is back): a waiting reconnect need not wait any longer. */
  #wake(): void {
    if (this.status === 'reconnecting') this.retryNow();
  }

  /**
   * After a network change a WebSocket that still looks open may be dead (nothing tells a sleeping laptop's
   * socket that its peer is gone). A NOOP finds out: imap-core's response watchdog drops it if nothing comes.
   */
  #networkBack(): void {
    if (this.status === 'online') this.#current?.noop().catch(() => undefined);
    else this.#wake();
  }

  #cancelTimer(): void {
    if (this.#timer !== null) this.#timers.clearTimeout(this.#timer);
    this.#timer = null;
  }

  #setStatus(status: ConnectionStatus): void {
    if (this.status === status) return;
    this.status = status;
    for (const listener of [...this.#statusListeners]) listener(status);
  }
}

function hostTimers(): ReconnectTimers {
  return {
    setTimeout: (callback, ms) => setTimeout(callback, ms),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    now: () => Date.now(),
  };
}
