// The promise facade: one SmtpClient per connection, over an SmtpSession (protocol) and imap-core's Transport
// (bytes: a WebSocket to the proxy in the browser, TCP/TLS in Node). connect() reads the greeting, says EHLO,
// and does STARTTLS when due; then authenticate(), send() and quit() each run one exchange, one at a time.

import type { Timers, Transport } from '@webmail/imap-core';
import { authCommand } from './commands/auth.ts';
import type { DataCommand } from './commands/data.ts';
import { authMechanisms, checkEhloName, ehloCommand, sizeLimit } from './commands/ehlo.ts';
import { quitCommand } from './commands/quit.ts';
import { sendMessage } from './commands/send.ts';
import { starttlsCommand } from './commands/starttls.ts';
import type { Listener } from './emitter.ts';
import { SmtpError, SmtpErrorCodes, fromTransportError } from './errors.ts';
import { SmtpSession } from './session.ts';
import { ReplyWatchdog } from './watchdog.ts';
import type { SessionEvents, SessionOptions } from './session.ts';
import type {
  Capabilities,
  Credentials,
  Envelope,
  SendOptions,
  SendResult,
  SmtpReply,
  TraceEvent,
} from './types.ts';

export interface SmtpClientOptions extends SessionOptions {
  /** The name EHLO gives (RFC 5321 4.1.1.1): a domain or an address literal. Default '[127.0.0.1]'. */
  readonly ehloName?: string;
  /**
   * STARTTLS after the first EHLO: 'required' fails with SMTP_TLS unless it succeeds; 'never' skips it.
   * Default: 'required' when the transport has startTls and is not already secure, else 'never'.
   */
  readonly startTls?: 'required' | 'never';
  /**
   * While anything is owed (the greeting, a reply, the TLS handshake, upload progress), the connection is
   * dropped with SMTP_TIMEOUT after this long (up to twice it) with no byte from the server and no progress
   * sending ours. Default 30,000 ms; 0 turns it off.
   */
  readonly responseTimeoutMs?: number;
  /** The same for the reply to the final dot, while the server delivers or queues. Default 120,000 ms. */
  readonly finalReplyTimeoutMs?: number;
  /** Default: the host's setTimeout/clearTimeout. */
  readonly timers?: Timers;
  /** Receives every line sent and received; AUTH secrets are '***', message data a byte count. */
  readonly trace?: (event: TraceEvent) => void;
}

export const DEFAULT_EHLO_NAME = '[127.0.0.1]';
/** RFC 5321 4.5.3.2 allows servers minutes per reply; a person waiting at a Send button does not. */
export const DEFAULT_RESPONSE_TIMEOUT_MS = 30_000;
/**
 * RFC 5321 4.5.3.2.6 gives the final dot 10 minutes, because the server may deliver before answering; a
 * submission server queues instead, and 2 minutes of silence is already far beyond what it needs.
 */
export const DEFAULT_FINAL_REPLY_TIMEOUT_MS = 120_000;
/** How often the client looks whether the transport drained the body, before it sends the final dot. */
export const DRAIN_POLL_MS = 20;

interface HostTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export class SmtpClient {
  readonly session: SmtpSession;
  readonly #transport: Transport;
  readonly #timers: Timers;
  readonly #ehloName: string;
  /** Settles once the transport finished the handshake after STARTTLS (rejects if the session ends first). */
  #tlsUpgrade: Promise<void> = Promise.resolve();
  /** The tail of the chain that runs operations one at a time. */
  #operations: Promise<unknown> = Promise.resolve();
  #drainTimer: unknown = null;

  private constructor(transport: Transport, options: SmtpClientOptions) {
    this.#transport = transport;
    this.#timers = options.timers ?? hostTimers();
    this.#ehloName = options.ehloName ?? DEFAULT_EHLO_NAME;
    const session = new SmtpSession(options);
    this.session = session;
    const responseMs = options.responseTimeoutMs ?? DEFAULT_RESPONSE_TIMEOUT_MS;
    const finalMs = options.finalReplyTimeoutMs ?? DEFAULT_FINAL_REPLY_TIMEOUT_MS;
    const watchdog = new ReplyWatchdog(this.#timers, {
      owed: () => session.awaitingReply,
      periodMs: () => (session.awaitingSlowReply ? finalMs : responseMs),
      buffered: () => transport.bufferedAmount,
      expired(periodMs) {
        const what = session.greeting === null ? 'no greeting came' : 'the server stopped answering';
        session.close(new SmtpError(SmtpErrorCodes.TIMEOUT, `${what} (nothing for ${periodMs / 1000} s)`));
      },
    });
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the named listeners below need the instance
    const client = this;
    if (options.trace) session.events.on('trace', options.trace);
    session.events.on('output', function sendToTransport(bytes) {
      transport.send(bytes);
      watchdog.sent();
    });
    session.events.on('close', function closeTransport() {
      watchdog.stop();
      if (client.#drainTimer !== null) client.#timers.clearTimeout(client.#drainTimer);
      transport.close();
    });
    session.events.on('starttls', function upgradeTransport() {
      client.#tlsUpgrade = client.#upgrade();
    });
    transport.open({
      data(bytes) {
        watchdog.heard();
        session.receive(bytes);
      },
      close: (error) => session.close(error === null ? undefined : fromTransportError(error)),
    });
    watchdog.sent(); // the greeting is owed from the start
  }

  /**
   * Wraps an open transport: reads the 220 greeting, says EHLO, and when due STARTTLS and EHLO again. Rejects
   * with SMTP_GREETING_REFUSED, SMTP_TLS, SMTP_TIMEOUT, SMTP_PROTOCOL or SMTP_CONNECTION_CLOSED, the transport
   * closed.
   */
  static async connect(transport: Transport, options: SmtpClientOptions = {}): Promise<SmtpClient> {
    if (options.ehloName !== undefined) checkEhloName(options.ehloName);
    const client = new SmtpClient(transport, options);
    try {
      await client.#greeted();
      await client.#ehlo();
      const startTls = options.startTls ?? (transport.startTls && !transport.secure ? 'required' : 'never');
      if (startTls === 'required') {
        if (!transport.startTls)
          throw new SmtpError(SmtpErrorCodes.TLS, 'the transport cannot upgrade to TLS');
        if (!client.supports('STARTTLS')) {
          throw new SmtpError(SmtpErrorCodes.TLS, 'the server does not offer STARTTLS');
        }
        await client.session.execute(starttlsCommand()).result;
        await client.#tlsUpgrade;
        await client.#ehlo();
      }
      return client;
    } catch (error) {
      client.session.close(error instanceof SmtpError ? error : undefined);
      transport.close();
      throw error;
    }
  }

  /** EHLO keywords (upper case) -> parameters; after STARTTLS, those of the EHLO over TLS. */
  get capabilities(): Capabilities {
    return this.session.capabilities;
  }

  /** The server's SIZE limit in bytes (RFC 1870), or null when it announced none. */
  get maxMessageSize(): number | null {
    return sizeLimit(this.session.capabilities);
  }

  /** The SASL mechanisms AUTH offers, upper case. */
  get authMechanisms(): readonly string[] {
    return authMechanisms(this.session.capabilities);
  }

  get greeting(): SmtpReply | null {
    return this.session.greeting;
  }

  get authenticated(): boolean {
    return this.session.authenticated;
  }

  get closed(): boolean {
    return this.session.closed;
  }

  /** Whether EHLO announced the keyword ('PIPELINING', 'SMTPUTF8', ...). */
  supports(keyword: string): boolean {
    return this.session.capabilities.has(keyword.toUpperCase());
  }

  on<K extends keyof SessionEvents>(name: K, listener: Listener<SessionEvents[K]>): () => void {
    return this.session.events.on(name, listener);
  }

  /** AUTH PLAIN with an initial response when offered, else AUTH LOGIN (RFC 4954). */
  authenticate(credentials: Credentials): Promise<void> {
    return this.#exclusive(async () => {
      if (this.session.authenticated) throw new SmtpError(SmtpErrorCodes.WRONG_STATE, 'already logged in');
      const offered = this.authMechanisms;
      const mechanism = offered.includes('PLAIN') ? 'PLAIN' : offered.includes('LOGIN') ? 'LOGIN' : null;
      if (mechanism === null) {
        const what = offered.length === 0 ? 'no AUTH' : `AUTH ${offered.join(' ')}`;
        throw new SmtpError(
          SmtpErrorCodes.AUTH_UNAVAILABLE,
          `the server offers no login this client can use (${what}; PLAIN or LOGIN needed)`,
        );
      }
      await this.session.execute(authCommand(mechanism, credentials)).result;
    });
  }

  /**
   * Sends one message (see commands/send.ts). The final dot goes once the transport has drained the body, so a
   * connection lost before then is SMTP_CONNECTION_CLOSED (nothing sent) and only one lost after it is
   * SMTP_OUTCOME_UNKNOWN.
   */
  send(envelope: Envelope, data: Uint8Array, options: SendOptions = {}): Promise<SendResult> {
    return this.#exclusive(() =>
      sendMessage(this.session, envelope, data, options, {
        onBodyWritten: (command) => this.#endWhenDrained(command),
      }),
    );
  }

  /** QUIT, then close. Never fails: a server that is gone already is as good as one that said goodbye. */
  quit(): Promise<void> {
    return this.#exclusive(async () => {
      try {
        if (!this.session.closed) await this.session.execute(quitCommand()).result;
      } catch {
        // The connection ended on its own: nothing is left to say goodbye to.
      } finally {
        this.#transport.close();
      }
    });
  }

  /** Drops the connection at once, rejecting whatever is pending (after a final dot: SMTP_OUTCOME_UNKNOWN). */
  close(): void {
    this.session.close(
      new SmtpError(SmtpErrorCodes.CONNECTION_CLOSED, 'the connection was closed by the client'),
    );
    this.#transport.close();
  }

  #exclusive<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.#operations.then(operation);
    this.#operations = result.catch(() => undefined);
    return result;
  }

  async #ehlo(): Promise<void> {
    await this.session.execute(ehloCommand(this.#ehloName)).result;
  }

  #greeted(): Promise<void> {
    const session = this.session;
    return new Promise<void>((resolve, reject) => {
      if (session.greeting !== null) return resolve();
      if (session.closed) return reject(session.closeError ?? closedError());
      const offGreeting = session.events.on('greeting', () => {
        offGreeting();
        offClose();
        resolve();
      });
      const offClose = session.events.on('close', ({ error }) => {
        offGreeting();
        offClose();
        reject(error ?? closedError());
      });
    });
  }

  /** Upgrades the transport after STARTTLS's 220; settles when it did, or when the session ended first. */
  #upgrade(): Promise<void> {
    const session = this.session;
    const upgrade = this.#transport.startTls?.();
    const settled = new Promise<void>((resolve, reject) => {
      if (upgrade === undefined) {
        const error = new SmtpError(SmtpErrorCodes.TLS, 'the transport cannot upgrade to TLS');
        session.close(error);
        return reject(error);
      }
      const offClose = session.events.on('close', ({ error }) => reject(error ?? closedError()));
      upgrade.then(
        () => {
          offClose();
          session.tlsEstablished();
          resolve();
        },
        (cause: unknown) => {
          offClose();
          const reason = cause instanceof Error ? cause.message : String(cause);
          const error = new SmtpError(SmtpErrorCodes.TLS, `the TLS handshake failed: ${reason}`, { cause });
          session.close(error);
          reject(error);
        },
      );
    });
    settled.catch(() => undefined); // connect() awaits it; nobody else must see an unhandled rejection
    return settled;
  }

  /** Sends the final dot once the transport reports nothing left to send (or cannot tell). */
  #endWhenDrained(command: DataCommand): void {
    const check = (): void => {
      this.#drainTimer = null;
      if (this.session.closed) return;
      const buffered = this.#transport.bufferedAmount;
      if (buffered === undefined || buffered === 0) command.end();
      else this.#drainTimer = this.#timers.setTimeout(check, DRAIN_POLL_MS);
    };
    // Not from inside the session's handling of the 354: the session finishes that reply first.
    void Promise.resolve().then(check);
  }
}

function closedError(): SmtpError {
  return new SmtpError(SmtpErrorCodes.CONNECTION_CLOSED, 'the connection is closed');
}

function hostTimers(): Timers {
  const host = globalThis as unknown as HostTimers;
  return {
    setTimeout: (callback, ms) => host.setTimeout(callback, ms),
    clearTimeout: (handle) => host.clearTimeout(handle),
  };
}
