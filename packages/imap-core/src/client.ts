// The promise facade: one ImapClient per connection, over a Session (protocol) and a Transport (bytes). Each
// method builds one command (commands/*.ts) and awaits it. IDLE runs in the background, pauses while other
// commands run and is re-issued before the server's 30-minute inactivity limit (RFC 2177 3).

import { appendCommand } from './commands/append.ts';
import type { AppendOptions, AppendResult } from './commands/append.ts';
import { authenticatePlainCommand } from './commands/authenticate.ts';
import { capabilityCommand } from './commands/capability.ts';
import { closeCommand, unselectCommand } from './commands/close.ts';
import type { Command } from './commands/command.ts';
import { uidCopyCommand } from './commands/copy.ts';
import type { CopyResult } from './commands/copy.ts';
import { createCommand } from './commands/create.ts';
import type { CreateOptions } from './commands/create.ts';
import { deleteCommand } from './commands/delete.ts';
import { enableCommand } from './commands/enable.ts';
import { expungeCommand, uidExpungeCommand } from './commands/expunge.ts';
import type { ExpungeResult } from './commands/expunge.ts';
import { uidFetchCommand } from './commands/fetch.ts';
import type { FetchItems, FetchOptions, FetchResult } from './commands/fetch.ts';
import { idCommand } from './commands/id.ts';
import type { IdParams } from './commands/id.ts';
import { idleCommand } from './commands/idle.ts';
import type { IdleCommand } from './commands/idle.ts';
import { listCommand } from './commands/list.ts';
import type { ListOptions, ListResult } from './commands/list.ts';
import { loginCommand } from './commands/login.ts';
import { logoutCommand } from './commands/logout.ts';
import { moveMessages } from './commands/move.ts';
import type { MoveOptions, MoveResult } from './commands/move.ts';
import { namespaceCommand } from './commands/namespace.ts';
import type { Namespaces } from './commands/namespace.ts';
import { noopCommand } from './commands/noop.ts';
import { notifyCommand } from './commands/notify.ts';
import type { NotifyResult, NotifySpec } from './commands/notify.ts';
import { rawCommand } from './commands/raw.ts';
import type { RawResult } from './commands/raw.ts';
import { renameCommand } from './commands/rename.ts';
import { uidEsearchCommand, uidSearchCommand } from './commands/search.ts';
import type { ESearchResult, SearchReturn } from './commands/search.ts';
import type { SearchKey } from './commands/search-criteria.ts';
import { selectCommand } from './commands/select.ts';
import type { SelectOptions, SelectResult } from './commands/select.ts';
import { uidSortCommand } from './commands/sort.ts';
import type { SortCriterion, SortOptions } from './commands/sort.ts';
import { starttlsCommand } from './commands/starttls.ts';
import { COMPRESS_DEFLATE, compressCommand } from './commands/compress.ts';
import { statusCommand } from './commands/status.ts';
import type { StatusItem } from './commands/status.ts';
import { uidStoreCommand } from './commands/store.ts';
import type { StoreOptions, StoreResult } from './commands/store.ts';
import { subscribeCommand } from './commands/subscribe.ts';
import { DeflateLink, plainLink } from './deflate-transport.ts';
import type { ByteLink } from './deflate-transport.ts';
import { CommandError, ConnectionError, ErrorCodes, UsageError } from './errors.ts';
import { canInflate } from './inflate-stream.ts';
import type { Listener } from './emitter.ts';
import type { SelectedMailbox } from './mailbox.ts';
import { Session } from './session.ts';
import type { SessionEvents, SessionOptions, TraceEvent } from './session.ts';
import { defaultTimers } from './transport.ts';
import type { Timers, Transport, TransportHandlers } from './transport.ts';
import type { ConnectionState, MailboxName, MailboxStatus, NumberRange } from './types.ts';
import { ResponseWatchdog } from './watchdog.ts';
import type { CommandWriter } from './wire/encoder.ts';

export interface ClientOptions extends SessionOptions {
  /** Receives every line sent and received, secrets redacted. Default: none. */
  readonly trace?: (event: TraceEvent) => void;
  /**
   * STARTTLS after the greeting: 'required' fails unless the transport upgrades; 'never' skips it. Default:
   * 'required' when the transport has startTls and is not already secure, else 'never'. Whatever this says, a
   * transport that `requiresTls` is never used unencrypted: a PREAUTH greeting there, or 'never', is refused
   * with IMAP_TLS.
   */
  readonly startTls?: 'required' | 'never';
  /** How long to wait for the greeting. Default 30,000 ms. */
  readonly greetingTimeoutMs?: number;
  /**
   * IDLE is ended and re-issued after this long. Default 25 minutes: RFC 2177 3 lets servers drop at 30, and a
   * browser throttles the timers of a background tab (Chromium: up to a minute late), so keep a margin.
   */
  readonly idleRenewMs?: number;
  /**
   * While a response is owed (any command in flight but a quiet IDLE, an IDLE still waiting for its "+", a
   * literal waiting for its continuation or arriving), the connection is dropped with IMAP_TIMEOUT once this
   * long passed without a byte from the server or progress sending ours (checked every sixth of it, so within
   * 7/6 of it). Also bounds the TLS handshake after STARTTLS. Default 30,000 ms; 0 turns it off.
   */
  readonly responseTimeoutMs?: number;
  /**
   * After the last command in flight is answered, IDLE is re-entered this much later. Commands come in bursts
   * (a search, then the rows it found): re-entering at once makes the next one wait for the server's
   * "+ idling" before it can end IDLE (measured: 4-16 ms on loopback, up to 146 ms after a 100k search).
   * Default 50 ms.
   */
  readonly idleResumeDelayMs?: number;
  /** Default: the host's setTimeout/clearTimeout. */
  readonly timers?: Timers;
  /**
   * COMPRESS DEFLATE (RFC 4978) right after login (or a PREAUTH greeting) when the server offers
   * COMPRESS=DEFLATE: the server's answers then travel deflated (see README, "Compression"). Costs one round
   * trip at sign-in; a NO or BAD leaves the connection uncompressed. Default false.
   */
  readonly compress?: boolean;
}

export const DEFAULT_GREETING_TIMEOUT_MS = 30_000;
export const DEFAULT_IDLE_RENEW_MS = 25 * 60_000;
export const DEFAULT_RESPONSE_TIMEOUT_MS = 30_000;
export const DEFAULT_IDLE_RESUME_DELAY_MS = 50;

export interface IdleHandle {
  /** Ends IDLE (DONE) and resolves when the server has completed it. */
  stop(): Promise<void>;
}

interface IdleLoop {
  stopped: boolean;
  current: IdleCommand | null;
  /** Commands waiting for IDLE to pause. */
  busy: number;
  wake: (() => void) | null;
  /** Pending re-entry after the last command (idleResumeDelayMs). */
  resume: unknown;
  done: Promise<void>;
}

export class ImapClient {
  readonly session: Session;
  private readonly transport: Transport;
  private readonly timers: Timers;
  private readonly idleRenewMs: number;
  private readonly responseTimeoutMs: number;
  private readonly idleResumeDelayMs: number;
  private readonly compress: boolean;
  /** The byte path between session and transport: plain, then deflated once COMPRESS succeeded. */
  private link: ByteLink;
  private idleLoop: IdleLoop | null = null;
  /** Set when STARTTLS succeeded: settles once the transport finished the handshake. */
  private tlsUpgrade: Promise<void> = Promise.resolve();

  private constructor(transport: Transport, options: ClientOptions) {
    this.transport = transport;
    this.timers = options.timers ?? defaultTimers();
    this.idleRenewMs = options.idleRenewMs ?? DEFAULT_IDLE_RENEW_MS;
    this.responseTimeoutMs = options.responseTimeoutMs ?? DEFAULT_RESPONSE_TIMEOUT_MS;
    this.idleResumeDelayMs = options.idleResumeDelayMs ?? DEFAULT_IDLE_RESUME_DELAY_MS;
    this.compress = options.compress ?? false;
    this.session = new Session(options);
    const session = this.session;
    const watchdog = new ResponseWatchdog(this.timers, this.responseTimeoutMs, {
      owed: () => session.awaitingResponse,
      buffered: () => transport.bufferedAmount,
      expired: () => {
        const seconds = this.responseTimeoutMs / 1000;
        const message = `the server stopped answering (nothing for at least ${seconds} s)`;
        session.close(new ConnectionError(ErrorCodes.TIMEOUT, message));
      },
    });
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- named listeners below need the instance
    const client = this;
    if (options.trace) session.events.on('trace', options.trace);
    // Heard is counted on the bytes the session gets: inflated ones once compressed, so a server that sends
    // bytes that never inflate into a response still times out.
    const toSession: TransportHandlers = {
      data(bytes) {
        watchdog.heard();
        session.receive(bytes);
      },
      close: (error) => session.close(error ?? undefined),
    };
    this.link = plainLink(transport, toSession);
    session.events.on('output', function sendToTransport(bytes) {
      client.link.send(bytes);
      watchdog.sent();
    });
    session.events.on('close', function closeTransport() {
      watchdog.stop();
      client.link.abort();
      transport.close();
    });
    session.events.on('compress', function compressTransport({ following }) {
      client.link = new DeflateLink(transport, toSession, following);
    });
    session.events.on('starttls', function upgradeTransport() {
      const upgrade = transport.startTls?.();
      if (!upgrade) {
        session.close(new ConnectionError(ErrorCodes.TLS, 'the transport cannot upgrade to TLS'));
        return;
      }
      client.tlsUpgrade = upgrade.then(
        () => session.tlsEstablished(),
        (cause: unknown) => {
          const error = new ConnectionError(
            ErrorCodes.TLS,
            `TLS upgrade failed: ${messageOf(cause)}`,
            undefined,
            { cause },
          );
          session.close(error);
          throw error;
        },
      );
    });
    transport.open({
      data: (bytes) => client.link.receive(bytes),
      close: (error) => client.link.end(error),
    });
  }

  /**
   * Wraps an open transport: waits for the greeting, upgrades with STARTTLS when asked, and learns the
   * capabilities. Rejects with ConnectionError (BYE, TIMEOUT, TLS) or ProtocolError (BAD_GREETING).
   */
  static async connect(transport: Transport, options: ClientOptions = {}): Promise<ImapClient> {
    const client = new ImapClient(transport, options);
    try {
      await client.waitForGreeting(options.greetingTimeoutMs ?? DEFAULT_GREETING_TIMEOUT_MS);
      const startTls = options.startTls ?? (transport.startTls && !transport.secure ? 'required' : 'never');
      // Encryption is owed when the transport was set up for it or the caller asked for STARTTLS; it is checked
      // on the transport itself, not inferred from the greeting.
      const mustEncrypt = transport.requiresTls === true || startTls === 'required';
      if (mustEncrypt && !transport.secure) {
        // RFC 9051 6.2.1: STARTTLS is only valid before authentication, so a PREAUTH greeting leaves a
        // connection that must be encrypted no way to become so.
        if (client.state !== 'not-authenticated') {
          throw new ConnectionError(
            ErrorCodes.TLS,
            'the server greeted with PREAUTH on a connection that must be encrypted, where STARTTLS is no longer possible',
          );
        }
        if (startTls === 'never') {
          throw new ConnectionError(
            ErrorCodes.TLS,
            'the transport must be encrypted, and STARTTLS was turned off',
          );
        }
        if (client.session.capabilities.size === 0) await client.capability();
        if (!client.session.hasCapability('STARTTLS')) {
          throw new ConnectionError(ErrorCodes.TLS, 'the server does not offer STARTTLS');
        }
        await client.run(starttlsCommand());
        await client.withinResponseTimeout(client.tlsUpgrade, 'the TLS handshake after STARTTLS');
        if (!transport.secure)
          throw new ConnectionError(ErrorCodes.TLS, 'the connection is still not encrypted');
      }
      if (client.session.capabilities.size === 0) await client.capability();
      if (client.state === 'authenticated') await client.compressIfOffered();
      return client;
    } catch (error) {
      client.session.close(error instanceof ConnectionError ? error : undefined);
      transport.close();
      throw error;
    }
  }

  get state(): ConnectionState {
    return this.session.state;
  }

  get capabilities(): ReadonlySet<string> {
    return this.session.capabilities;
  }

  get mailbox(): SelectedMailbox | null {
    return this.session.mailbox;
  }

  on<K extends keyof SessionEvents>(name: K, listener: Listener<SessionEvents[K]>): () => void {
    return this.session.events.on(name, listener);
  }

  /** AUTHENTICATE PLAIN when offered (SASL-IR saves a round trip), else LOGIN. Then re-learns capabilities. */
  async login(user: string, password: string): Promise<void> {
    const caps = this.session.capabilities;
    const plain = caps.has('AUTH=PLAIN');
    await this.run(plain ? authenticatePlainCommand(user, password) : loginCommand(user, password));
    if (this.session.capabilities.size === 0) await this.capability();
    await this.compressIfOffered();
  }

  /** COMPRESS DEFLATE when asked for and offered (RFC 4978 3: after authentication, once per connection). */
  private async compressIfOffered(): Promise<void> {
    const session = this.session;
    if (!this.compress || session.compressed || !session.hasCapability(COMPRESS_DEFLATE)) return;
    if (!canInflate()) return;
    try {
      await this.run(compressCommand());
    } catch (error) {
      // A refusal leaves the connection as it was: uncompressed and working.
      if (!(error instanceof CommandError)) throw error;
    }
  }

  capability(): Promise<readonly string[]> {
    return this.run(capabilityCommand());
  }
  noop(): Promise<void> {
    return this.run(noopCommand());
  }
  async logout(): Promise<void> {
    await this.stopIdle();
    try {
      await this.run(logoutCommand());
    } finally {
      // Closed here, not by the transport's close: a compressed connection reports that close only after
      // inflating what was still on its way, and the session must be over when logout() returns.
      this.session.close();
      this.transport.close();
    }
  }
  /**
   * Drops the connection without LOGOUT, at once: every pending command (IDLE included) is rejected with
   * IMAP_ABORTED before this returns, whether or not the server or the network still answers.
   */
  close(): void {
    this.session.close(new ConnectionError(ErrorCodes.ABORTED, 'the connection was closed by the client'));
    this.transport.close();
  }
  enable(extensions: readonly string[]): Promise<readonly string[]> {
    return this.run(enableCommand(extensions));
  }
  id(params: IdParams | null = null): Promise<IdParams | null> {
    return this.run(idCommand(params));
  }
  namespace(): Promise<Namespaces> {
    return this.run(namespaceCommand());
  }
  /**
   * NOTIFY SET (RFC 5465), or NOTIFY NONE for null: needs NOTIFY. Reports then arrive as events: 'exists',
   * 'expunge', 'vanished', 'flags' for the selected mailbox, 'status' and 'mailbox-list' for the others.
   */
  notify(spec: NotifySpec | null): Promise<NotifyResult> {
    return this.run(notifyCommand(spec));
  }
  list(options: ListOptions = {}): Promise<ListResult> {
    return this.run(listCommand(options));
  }
  status(mailbox: MailboxName, items?: readonly StatusItem[]): Promise<MailboxStatus> {
    return this.run(statusCommand(mailbox, items));
  }
  select(mailbox: MailboxName, options: SelectOptions = {}): Promise<SelectResult> {
    return this.run(selectCommand(mailbox, options));
  }
  examine(mailbox: MailboxName, options: Omit<SelectOptions, 'readOnly'> = {}): Promise<SelectResult> {
    return this.run(selectCommand(mailbox, { ...options, readOnly: true }));
  }
  closeMailbox(): Promise<void> {
    return this.run(closeCommand());
  }
  unselect(): Promise<void> {
    return this.run(unselectCommand());
  }
  /** `specialUse` needs CREATE-SPECIAL-USE (RFC 6154 3); without it the call fails with IMAP_UNSUPPORTED. */
  create(mailbox: MailboxName, options: CreateOptions = {}): Promise<void> {
    return this.run(createCommand(mailbox, options));
  }
  delete(mailbox: MailboxName): Promise<void> {
    return this.run(deleteCommand(mailbox));
  }
  rename(from: MailboxName, to: MailboxName): Promise<void> {
    return this.run(renameCommand(from, to));
  }
  subscribe(mailbox: MailboxName): Promise<void> {
    return this.run(subscribeCommand(mailbox, true));
  }
  unsubscribe(mailbox: MailboxName): Promise<void> {
    return this.run(subscribeCommand(mailbox, false));
  }
  append(mailbox: MailboxName, message: Uint8Array | string, options?: AppendOptions): Promise<AppendResult> {
    return this.run(appendCommand(mailbox, message, options));
  }
  fetch(uids: readonly NumberRange[], items: FetchItems, options?: FetchOptions): Promise<FetchResult> {
    return this.run(uidFetchCommand(uids, items, options));
  }
  store(uids: readonly NumberRange[], options: StoreOptions): Promise<StoreResult> {
    return this.run(uidStoreCommand(uids, options));
  }
  search(criteria: SearchKey): Promise<Uint32Array> {
    return this.run(uidSearchCommand(criteria));
  }
  esearch(criteria: SearchKey, returns: readonly SearchReturn[]): Promise<ESearchResult> {
    return this.run(uidEsearchCommand(criteria, returns));
  }
  sort(sort: readonly SortCriterion[], criteria: SearchKey, options?: SortOptions): Promise<Uint32Array> {
    return this.run(uidSortCommand(sort, criteria, options));
  }
  /** UID COPY of explicit UIDs; COPYUID only when it fits the request (see commands/copy.ts). */
  copy(
    uids: readonly NumberRange[],
    destination: MailboxName,
    options: MoveOptions = {},
  ): Promise<CopyResult> {
    return this.run(uidCopyCommand(uids, destination, options));
  }
  /** UID MOVE, or the safe fallback (see commands/move.ts); the result says which happened. */
  move(
    uids: readonly NumberRange[],
    destination: MailboxName,
    options: MoveOptions = {},
  ): Promise<MoveResult> {
    return moveMessages(
      (command) => this.run(command),
      this.session.capabilities,
      uids,
      destination,
      options,
    );
  }
  expunge(): Promise<ExpungeResult> {
    return this.run(expungeCommand());
  }
  uidExpunge(uids: readonly NumberRange[], options: MoveOptions = {}): Promise<ExpungeResult> {
    return this.run(uidExpungeCommand(uids, options));
  }
  /** Any other command, as checked syntax or built with the writer (see commands/raw.ts). */
  raw(line: string | ((writer: CommandWriter) => void)): Promise<RawResult> {
    return this.run(rawCommand(line));
  }

  /** Runs any command object (commands/*.ts), pausing IDLE around it. */
  async run<R>(command: Command<R>): Promise<R> {
    const idle = this.idleLoop;
    if (idle !== null && command.name !== 'IDLE') {
      idle.busy++;
      if (idle.resume !== null) {
        this.timers.clearTimeout(idle.resume);
        idle.resume = null;
      }
      idle.current?.done();
    }
    try {
      return await this.session.execute(command).result;
    } finally {
      if (idle !== null && command.name !== 'IDLE') {
        idle.busy--;
        if (idle.busy === 0) this.resumeIdleSoon(idle);
      }
    }
  }

  /** Re-enters IDLE once no command has come for idleResumeDelayMs (see ClientOptions). */
  private resumeIdleSoon(idle: IdleLoop): void {
    if (this.idleResumeDelayMs === 0) return void idle.wake?.();
    idle.resume = this.timers.setTimeout(() => {
      idle.resume = null;
      if (idle.busy === 0) idle.wake?.();
    }, this.idleResumeDelayMs);
  }

  /**
   * Starts IDLE. Updates arrive as session events ('exists', 'expunge', 'flags', ...). Other commands may be
   * called meanwhile: IDLE pauses for them and resumes after.
   */
  async idle(): Promise<IdleHandle> {
    if (this.idleLoop !== null) throw new UsageError(ErrorCodes.WRONG_STATE, 'IDLE is already running');
    const loop: IdleLoop = {
      stopped: false,
      current: null,
      busy: 0,
      wake: null,
      resume: null,
      done: Promise.resolve(),
    };
    this.idleLoop = loop;
    let established!: () => void;
    let failed!: (error: unknown) => void;
    const firstEstablished = new Promise<void>((resolve, reject) => {
      established = resolve;
      failed = reject;
    });
    // A failure of the first IDLE rejects idle(); a later one (the connection closing, a NO to a re-issued
    // IDLE) ends the loop quietly: the session's 'close' and 'completed' events report it.
    loop.done = this.runIdleLoop(loop, () => established())
      .catch((error: unknown) => failed(error))
      .finally(() => {
        if (this.idleLoop === loop) this.idleLoop = null;
        established();
      });
    await firstEstablished;
    return { stop: () => this.stopIdle() };
  }

  private async runIdleLoop(loop: IdleLoop, onEstablished: () => void): Promise<void> {
    while (!loop.stopped) {
      if (loop.busy > 0) {
        await new Promise<void>((resolve) => (loop.wake = resolve));
        loop.wake = null;
        continue;
      }
      const command = idleCommand({ onEstablished });
      loop.current = command;
      const timer = this.timers.setTimeout(() => command.done(), this.idleRenewMs);
      try {
        await this.session.execute(command).result;
      } finally {
        this.timers.clearTimeout(timer);
        loop.current = null;
      }
    }
  }

  private async stopIdle(): Promise<void> {
    const loop = this.idleLoop;
    if (loop === null) return;
    loop.stopped = true;
    if (loop.resume !== null) this.timers.clearTimeout(loop.resume);
    loop.resume = null;
    loop.current?.done();
    loop.wake?.();
    await loop.done.catch(() => undefined);
  }

  /** Rejects with IMAP_TIMEOUT, closing the session, when `work` takes longer than responseTimeoutMs. */
  private withinResponseTimeout(work: Promise<void>, what: string): Promise<void> {
    if (this.responseTimeoutMs === 0) return work;
    return new Promise<void>((resolve, reject) => {
      const timer = this.timers.setTimeout(() => {
        const error = new ConnectionError(ErrorCodes.TIMEOUT, `${what} did not finish in time`);
        this.session.close(error);
        reject(error);
      }, this.responseTimeoutMs);
      work.then(
        () => {
          this.timers.clearTimeout(timer);
          resolve();
        },
        (error: unknown) => {
          this.timers.clearTimeout(timer);
          reject(error);
        },
      );
    });
  }

  private waitForGreeting(timeoutMs: number): Promise<void> {
    const session = this.session;
    return new Promise<void>((resolve, reject) => {
      const settle = (error: unknown): void => {
        offGreeting();
        offClose();
        this.timers.clearTimeout(timer);
        if (error) reject(error);
        else resolve();
      };
      const offGreeting = session.events.on('greeting', () => settle(null));
      const offClose = session.events.on('close', ({ error }) =>
        settle(
          error ?? new ConnectionError(ErrorCodes.CONNECTION_CLOSED, 'connection closed before the greeting'),
        ),
      );
      const timer = this.timers.setTimeout(
        () => settle(new ConnectionError(ErrorCodes.TIMEOUT, `no greeting within ${timeoutMs} ms`)),
        timeoutMs,
      );
      if (session.closed)
        settle(session.closeError ?? new ConnectionError(ErrorCodes.CONNECTION_CLOSED, 'closed'));
      else if (session.greeted) settle(null);
    });
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
