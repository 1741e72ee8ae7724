// The sans-I/O protocol state machine: bytes in (receive), bytes out ('output' events), no sockets and no timers.
// It owns what RFC 9051 makes per-connection: tags, the order commands go out in (pipelining, 5.5), continuation
// requests (7.5), connection states (3), the greeting (7.1.1, 7.1.4, 7.1.5), capabilities, ENABLEd extensions
// and the selected mailbox. Commands (commands/*.ts) only encode themselves and collect their data.

import type { Command, CommandChannel, CommandContext } from './commands/command.ts';
import { Emitter } from './emitter.ts';
import { EventQueue } from './event-queue.ts';
import { CommandError, ConnectionError, ErrorCodes, ProtocolError, UsageError } from './errors.ts';
import type { ImapError } from './errors.ts';
import { SelectedMailbox } from './mailbox.ts';
import { ReportedMailboxNames } from './mailbox-names.ts';
import { CommandPipeline } from './pipeline.ts';
import type { Pending } from './pipeline.ts';
import type { ConnectionState } from './types.ts';
import { CommandWriter } from './wire/encoder.ts';
import type { EncoderOptions } from './wire/encoder.ts';
import { Framer } from './wire/framer.ts';
import { parseResponse } from './wire/parse-response.ts';
import type {
  ParseOptions,
  Response,
  ResponseCode,
  TaggedResponse,
  UntaggedResponse,
  UntaggedStatus,
} from './wire/response.ts';
import { asImapError, frameText, upperSet } from './session-events.ts';
import type { CommandHandle, SessionEvents, SessionOptions } from './session-events.ts';

/** `enabling` while no ENABLE is in flight (nearly always). */
const NOTHING_ENABLING: ReadonlySet<string> = new Set();

/** Untagged data about messages, meaningless without a selected mailbox (RFC 9051 7.4, 7.5). */
const MESSAGE_DATA: ReadonlySet<UntaggedResponse['kind']> = new Set([
  'exists',
  'expunge',
  'fetch',
  'unreadable',
]);

export type {
  CommandHandle,
  CompletedEvent,
  MailboxListEvent,
  NotifyOverflowEvent,
  SentEvent,
  SessionEvents,
  UnreadableEvent,
  SessionOptions,
  StatusEvent,
  TraceEvent,
} from './session-events.ts';

export class Session {
  /**
   * Subscribe here. Events are delivered after the response that caused them has been fully applied and
   * routed (event-queue.ts): a command started from a listener never sees the response that woke it.
   */
  readonly events = new Emitter<SessionEvents>();
  // One writer: the session. Everything else reads these through the getters below.
  #state: ConnectionState = 'not-authenticated';
  #capabilities: ReadonlySet<string> = new Set();
  readonly #enabled = new Set<string>();
  #mailbox: SelectedMailbox | null = null;
  /** A SELECT sent behind commands still in flight: its mailbox replaces the old one once they complete. */
  #selectAfter: { readonly tags: Set<string>; readonly select: () => void } | null = null;
  #compressed = false;
  readonly #events = new EventQueue(this.events);
  /** The context's `later` and `warn`, made once (a context is made for every response). */
  readonly #later: CommandContext['later'] = (callback, onError) => this.#events.defer(callback, onError);
  readonly #warn: CommandContext['warn'] = (code, message) => this.#events.emit('warning', { code, message });
  /** A receive() loop is running: bytes that arrive meanwhile (from a listener) are left to it. */
  #receiving = false;
  readonly #reportedNames = new ReportedMailboxNames();

  private readonly framer: Framer;
  private readonly commands: CommandPipeline;
  private greetingSeen = false;
  private awaitingTls = false;
  private closedWith: ImapError | null | undefined = undefined;
  private byeText: string | null = null;
  private logoutSent = false;

  constructor(options: SessionOptions = {}) {
    this.commands = new CommandPipeline(options.tagPrefix ?? 'A');
    this.framer = new Framer(options.frameLimits);
  }

  get state(): ConnectionState {
    return this.#state;
  }

  /** Upper-cased capability names; empty while unknown (before the greeting, after STARTTLS or LOGIN). */
  get capabilities(): ReadonlySet<string> {
    return this.#capabilities;
  }

  /** Upper-cased extensions the server ENABLEd (RFC 5161). */
  get enabled(): ReadonlySet<string> {
    return this.#enabled;
  }

  /** The selected (or opening) mailbox; null in the authenticated state. */
  get mailbox(): SelectedMailbox | null {
    return this.#mailbox;
  }

  /** COMPRESS=DEFLATE is on: the client inflates before receive() and deflates 'output' (RFC 4978). */
  get compressed(): boolean {
    return this.#compressed;
  }

  /** The server's greeting has arrived. */
  get greeted(): boolean {
    return this.greetingSeen;
  }

  get closed(): boolean {
    return this.closedWith !== undefined;
  }

  /** The error the session closed with; null after a clean close, undefined while open. */
  get closeError(): ImapError | null | undefined {
    return this.closedWith;
  }

  /** Tags of the commands sent and not yet completed, oldest first. */
  get inFlightTags(): readonly string[] {
    return this.commands.inFlightTags;
  }

  /** Whether the server owes a response: a command is in flight and not quietly idling (see awaitsResponse). */
  get awaitingResponse(): boolean {
    return this.commands.awaitingResponse;
  }

  /** Tags of commands queued behind others, not yet sent. */
  get queuedTags(): readonly string[] {
    return this.commands.queuedTags;
  }

  get context(): CommandContext {
    return this.#contextOver(this.commands.inFlight);
  }

  /**
   * A snapshot for commands, with `inFlight` the commands in flight (handleUntagged has that copy already).
   * It is made for every response, so it allocates only itself: `enabling` is a shared empty set unless an
   * ENABLE is in flight.
   */
  #contextOver(inFlight: readonly Pending[]): CommandContext {
    const { state, capabilities, enabled, mailbox, compressed } = this;
    let enabling: Set<string> | null = null;
    for (const { command } of inFlight) {
      if (command.effect?.kind !== 'enable') continue;
      enabling ??= new Set();
      for (const name of command.effect.extensions) enabling.add(name.toUpperCase());
    }
    return {
      state,
      capabilities,
      enabled,
      enabling: enabling ?? NOTHING_ENABLING,
      mailbox,
      compressed,
      later: this.#later,
      warn: this.#warn,
    };
  }

  hasCapability(name: string): boolean {
    return this.capabilities.has(name.toUpperCase());
  }

  /** Mailbox names and quoted strings are UTF-8 (RFC 6855 3, RFC 9051 5.1). */
  get utf8(): boolean {
    return this.enabled.has('UTF8=ACCEPT') || this.enabled.has('IMAP4REV2');
  }

  /**
   * Queues a command. Throws UsageError(WRONG_STATE) when the connection state already rules it out; when a
   * state-changing command is still ahead of it, the check happens at send time and rejects the result instead.
   * Either way, no byte of a refused command is sent.
   */
  execute<R>(command: Command<R>, options: { readonly tag?: string } = {}): CommandHandle<R> {
    if (this.closedWith !== undefined) {
      throw this.closedWith ?? new ConnectionError(ErrorCodes.CONNECTION_CLOSED, 'the session is closed');
    }
    if (this.commands.settled) this.checkState(command);
    const pending = this.commands.enqueue(command as Command<unknown>, options.tag);
    this.#events.batch(() => this.pump());
    const outcome = pending.outcome;
    return {
      tag: pending.tag,
      name: command.name,
      get result() {
        return outcome.result as Promise<R>;
      },
    };
  }

  /**
   * Feeds bytes from the transport. Never throws: a protocol error closes the session ('close' event). Each
   * response is applied and routed before the events it caused are delivered.
   */
  receive(bytes: Uint8Array): void {
    if (this.closedWith !== undefined) return;
    if (this.awaitingTls) {
      // RFC 9051 6.2.1: after the STARTTLS OK the next bytes are the TLS handshake. Plaintext here was injected
      // by someone on the path (the STARTTLS command-injection attack, RFC 9051 11.1).
      this.#events.batch(() =>
        this.fail(new ProtocolError(ErrorCodes.TLS, 'plaintext bytes arrived after STARTTLS OK, before TLS')),
      );
      return;
    }
    this.framer.push(bytes);
    // Called again from a listener while we deliver: the loop below will reach these bytes.
    if (this.#receiving) return;
    this.#receiving = true;
    try {
      while (this.closedWith === undefined && !this.awaitingTls) {
        if (!this.#events.batch(() => this.#receiveOne())) return;
      }
    } finally {
      this.#receiving = false;
    }
  }

  /** Frames, parses and applies one response; false when no complete response is buffered (or on failure). */
  #receiveOne(): boolean {
    try {
      const frame = this.framer.next();
      if (frame === null) return false;
      if (this.events.hasListeners('trace')) this.trace('server', frameText(frame));
      this.#apply(parseResponse(frame, this.parseOptions()));
      return true;
    } catch (error) {
      this.fail(asImapError(error));
      return false;
    }
  }

  /** Applies one parsed response (receive() calls this; unit tests may call it directly). */
  handle(response: Response): void {
    this.#events.batch(() => this.#apply(response));
  }

  #apply(response: Response): void {
    if (this.closedWith !== undefined) return;
    try {
      if (!this.greetingSeen) this.handleGreeting(response);
      else if (response.kind === 'tagged') this.handleTagged(response);
      else if (response.kind === 'continuation') this.handleContinuation(response);
      else this.handleUntagged(response);
    } catch (error) {
      this.fail(asImapError(error));
    }
  }

  /** The transport finished the TLS handshake after STARTTLS: commands may flow again. */
  tlsEstablished(): void {
    this.awaitingTls = false;
    this.#events.batch(() => this.pump());
  }

  /**
   * The transport closed (or failed), or the client gave up. Rejects everything pending. Once the server said
   * BYE, its words are the reason whatever the transport reports about the close that follows (a proxy closes
   * with "upstream closed"), and after LOGOUT the close is no error at all.
   */
  close(error?: ImapError): void {
    if (this.closedWith !== undefined) return;
    this.#events.batch(() => this.#close(error));
  }

  #close(error: ImapError | undefined): void {
    const cleanLogout = this.byeText !== null && this.logoutSent;
    const reason =
      this.byeText !== null
        ? new ConnectionError(ErrorCodes.BYE, `server closed the connection: ${this.byeText}`)
        : (error ?? new ConnectionError(ErrorCodes.CONNECTION_CLOSED, 'connection closed'));
    // LOGOUT is done once BYE came and the connection closed, even if the tagged OK was lost.
    this.commands.closeAll(reason, cleanLogout);
    this.setState('logout');
    this.closedWith = cleanLogout ? null : reason;
    this.#events.emit('close', { error: this.closedWith });
  }

  private fail(error: ImapError): void {
    if (this.closedWith === undefined) this.#close(error);
  }

  private checkState(command: Command<unknown>): void {
    if (!command.states.includes(this.state)) {
      throw new UsageError(
        ErrorCodes.WRONG_STATE,
        `${command.name} is not allowed in the ${this.state} state`,
      );
    }
  }

  private encoderOptions(): EncoderOptions {
    const caps = this.capabilities;
    return {
      literalPlus: caps.has('LITERAL+'),
      literalMinus: caps.has('LITERAL-') || caps.has('IMAP4REV2'),
      utf8: this.utf8,
    };
  }

  private parseOptions(): ParseOptions {
    return { utf8Accept: this.utf8, maxItems: this.framer.limits.maxItems };
  }

  /** Sends queued commands in order while the rules allow (see Command.exclusive and Command.collects). */
  private pump(): void {
    while (this.closedWith === undefined && this.greetingSeen && !this.awaitingTls) {
      const next = this.commands.takeSendable();
      if (next === null) return;
      this.send(next);
    }
  }

  private send(pending: Pending): void {
    const { command, tag } = pending;
    let chunks: readonly Uint8Array[];
    let redacted: string;
    try {
      this.checkState(command);
      command.check?.(this.context);
      const writer = new CommandWriter(this.encoderOptions());
      writer.syntax(tag).sp();
      command.encode(writer, this.context);
      ({ chunks, redacted } = writer.finish());
    } catch (error) {
      pending.outcome.reject(error);
      return;
    }
    pending.chunks = chunks.slice(1);
    this.commands.sent(pending);
    this.output(chunks[0] as Uint8Array, redacted);
    const sent = { tag, name: command.name, text: redacted };
    this.#events.emit('sent', command.uids === undefined ? sent : { ...sent, uids: command.uids });
    const effect = command.effect;
    if (effect?.kind === 'logout') this.logoutSent = true;
    if (effect?.kind === 'select') {
      // RFC 9051 6.3.1: SELECT first deselects; what follows describes the new mailbox. What the server says
      // before it answers the commands sent ahead (an IDLE's last EXPUNGEs after DONE) is still about the old.
      const ahead = this.commands.inFlight.filter((p) => p !== pending).map((p) => p.tag);
      const select = (): void => {
        this.#mailbox = new SelectedMailbox(effect.mailbox, effect.readOnly ? 'read-only' : 'read-write', {
          emit: (name, event) => this.#events.emit(name, event as SessionEvents[typeof name]),
          warn: (message) => this.warn(message),
        });
      };
      if (ahead.length === 0) select();
      else this.#selectAfter = { tags: new Set(ahead), select };
    }
    command.onSent?.(this.channel(), this.context);
  }

  /** A command's late bytes (DONE, a SASL response) go nowhere once the session is closed. */
  private channel(): CommandChannel {
    return { send: (bytes, trace) => void (this.closedWith === undefined && this.output(bytes, trace)) };
  }

  private output(bytes: Uint8Array, text: string): void {
    if (this.events.hasListeners('trace')) {
      for (const line of text.split('\r\n')) if (line !== '') this.trace('client', line);
    }
    this.#events.emit('output', bytes);
  }

  private trace(direction: 'client' | 'server', text: string): void {
    this.#events.emit('trace', { direction, text });
  }

  private warn(message: string): void {
    this.#events.emit('warning', { code: ErrorCodes.INCONSISTENT, message });
  }

  private setState(to: ConnectionState): void {
    const from = this.state;
    if (from === to) return;
    this.#state = to;
    this.#events.emit('state', { from, to });
  }

  private handleGreeting(response: Response): void {
    // RFC 9051 7.1: greeting = "*" SP (resp-cond-auth / resp-cond-bye) CRLF.
    if (response.kind !== 'status' || !['OK', 'PREAUTH', 'BYE'].includes(response.status)) {
      throw new ProtocolError(
        ErrorCodes.BAD_GREETING,
        'the server greeting is not an untagged OK, PREAUTH or BYE',
      );
    }
    this.greetingSeen = true;
    this.#events.emit('greeting', response);
    if (response.code) this.applyCode(response.code, response.text);
    if (response.status === 'BYE') {
      this.byeText = response.text;
      this.fail(new ConnectionError(ErrorCodes.BYE, `server refused the connection: ${response.text}`));
      return;
    }
    if (response.status === 'PREAUTH') this.setState('authenticated');
    this.pump();
  }

  private handleUntagged(parsed: UntaggedResponse): void {
    const mailbox = this.mailbox;
    // An unreadable message is named by the UID the session knows when the server's did not come through.
    const response: UntaggedResponse =
      parsed.kind === 'unreadable' && parsed.uid === null
        ? { ...parsed, uid: mailbox?.uidOf(parsed.seq) ?? null }
        : parsed;
    switch (response.kind) {
      case 'status':
        if (response.status === 'BYE') return this.handleBye(response);
        if (response.code) this.applyCode(response.code, response.text);
        break;
      case 'capability':
        this.#capabilities = upperSet(response.capabilities);
        break;
      case 'enabled':
        for (const name of response.capabilities) this.#enabled.add(name.toUpperCase());
        break;
      case 'mailbox-status': {
        const name = this.#reportedNames.reported(response.mailbox, { utf8Accept: this.utf8 });
        this.#events.emit('status', { mailbox: name, status: response.status });
        break;
      }
      case 'list':
      case 'lsub':
        // RFC 5465 5.4, 5.5: NOTIFY reports mailbox and subscription changes as LIST responses nobody asked for.
        if (this.commands.collecting(response.kind)) this.#reportedNames.listed(response.mailbox.name);
        else if (response.kind === 'list') {
          const mailbox = this.#reportedNames.reportedList(response.mailbox, { utf8Accept: this.utf8 });
          this.#events.emit('mailbox-list', { mailbox });
        }
        break;
      default:
        // Mailbox data (FLAGS, EXISTS, RECENT, EXPUNGE, FETCH, VANISHED) belongs to the selected mailbox.
        if (mailbox === null && MESSAGE_DATA.has(response.kind)) {
          this.warn(`${response.kind.toUpperCase()} ignored: no mailbox is selected`);
        } else {
          mailbox?.applyUntagged(response);
        }
        break;
    }
    this.#events.emit('untagged', response);
    const inFlight = this.commands.inFlight;
    const context = this.#contextOver(inFlight); // one snapshot per response, not one per in-flight command
    let claimed = false;
    for (const pending of inFlight) {
      if (pending.command.onUntagged?.(response, context) === true) claimed = true;
    }
    if (response.kind === 'unreadable' && !claimed && mailbox !== null) {
      const { seq, uid, error, evidence } = response;
      this.#events.emit('unreadable', { mailbox: mailbox.name, seq, uid, error, evidence });
    }
  }

  /** RFC 9051 7.1.5: BYE can come at any time; the connection is ending. */
  private handleBye(response: UntaggedStatus): void {
    this.byeText = response.text;
    this.setState('logout');
    const error = new ConnectionError(ErrorCodes.BYE, `server closed the connection: ${response.text}`);
    const abandoned = this.commands.abandonAll(error, (p) => p.command.effect?.kind === 'logout');
    for (const { tag, command } of abandoned) {
      this.#events.emit('completed', { tag, name: command.name, status: 'ABORTED', text: response.text });
    }
  }

  private handleTagged(response: TaggedResponse): void {
    const { pending, abandoned } = this.commands.complete(response.tag);
    const selectAfter = this.#selectAfter;
    if (selectAfter !== null && selectAfter.tags.delete(response.tag) && selectAfter.tags.size === 0) {
      this.#selectAfter = null;
      selectAfter.select();
    }
    if (pending === undefined) {
      if (abandoned) return;
      const expected = this.commands.inFlightTags.join(', ') || 'none';
      throw new ProtocolError(
        ErrorCodes.UNKNOWN_TAG,
        `tagged response for unknown tag ${JSON.stringify(response.tag)} (in flight: ${expected})`,
      );
    }
    const { command } = pending;
    if (response.status === 'OK') {
      if (response.code) this.applyCode(response.code, response.text);
      this.applyEffect(command, response);
      try {
        pending.outcome.resolve(command.onOk(response, this.context));
      } catch (error) {
        pending.outcome.reject(error);
      }
    } else {
      if (command.effect?.kind === 'select') {
        // RFC 9051 6.3.1: a failed SELECT leaves no mailbox selected.
        this.#mailbox = null;
        if (this.state === 'selected') this.setState('authenticated');
      }
      if (response.code?.name === 'ALERT') this.#events.emit('alert', { text: response.text });
      pending.outcome.reject(new CommandError(command.name, response.status, response.code, response.text));
    }
    const startTls = command.effect?.kind === 'starttls' && response.status === 'OK';
    if (startTls) {
      // RFC 9051 6.2.1: nothing may follow the OK before the handshake; bytes already buffered were injected.
      if (this.framer.bufferedLength > 0) {
        throw new ProtocolError(
          ErrorCodes.TLS,
          `${this.framer.bufferedLength} bytes followed the STARTTLS OK`,
        );
      }
      this.awaitingTls = true;
    }
    if (command.effect?.kind === 'compress' && response.status === 'OK') {
      // RFC 4978 3: the server compresses from the byte after the OK's CRLF. What followed it in this chunk is
      // deflated; the 'compress' listener inflates it, and it is announced before any command queued behind
      // is sent (events keep their order), so that command goes out deflated.
      this.#compressed = true;
      this.#events.emit('compress', { following: this.framer.takeBuffered() });
    }
    this.#events.emit('completed', {
      tag: response.tag,
      name: command.name,
      status: response.status,
      text: response.text,
    });
    if (startTls) this.#events.emit('starttls', {});
    else this.pump();
  }

  private applyEffect(command: Command<unknown>, response: TaggedResponse): void {
    const hasCaps = response.code?.name === 'CAPABILITY';
    switch (command.effect?.kind) {
      case 'authenticate':
        // RFC 9051 6.2.2/6.2.3: capabilities may change after login; keep them only if the OK re-announced them.
        if (!hasCaps) this.#capabilities = new Set();
        this.setState('authenticated');
        break;
      case 'select':
        this.#mailbox?.opened();
        this.setState('selected');
        break;
      case 'deselect':
        this.#mailbox = null;
        this.setState('authenticated');
        break;
      case 'logout':
        this.setState('logout');
        break;
      case 'starttls':
        // RFC 9051 6.2.1: capabilities learned before TLS must be discarded.
        this.#capabilities = new Set();
        break;
      default:
        break;
    }
  }

  private handleContinuation(response: Response & { kind: 'continuation' }): void {
    const writing = this.commands.writing;
    if (writing !== null) {
      const chunk = writing.chunks.shift() as Uint8Array;
      if (writing.chunks.length === 0) this.commands.writing = null;
      this.output(chunk, `<literal ${chunk.length} bytes>`);
      this.pump();
      return;
    }
    for (const pending of this.commands.inFlight) {
      if (pending.command.onContinuation) {
        pending.command.onContinuation(response, this.channel(), this.context);
        // What it sent may let the queue go on (an IDLE's DONE, Command.letsFollow).
        this.pump();
        return;
      }
    }
    throw new ProtocolError(
      ErrorCodes.UNEXPECTED_CONTINUATION,
      'continuation request while no command waits for one',
    );
  }

  private applyCode(code: ResponseCode, text: string): void {
    if (code.name === 'CAPABILITY') this.#capabilities = upperSet(code.capabilities);
    else if (code.name === 'ALERT') this.#events.emit('alert', { text });
    else if (code.name === 'OTHER' && code.atom === 'NOTIFICATIONOVERFLOW')
      this.#events.emit('notify-overflow', { text });
    else if (this.mailbox) this.mailbox.applyCode(code);
  }
}
