// The sans-I/O SMTP state machine: bytes in (receive), bytes out ('output' events); no sockets, no timers. It
// owns what RFC 5321 makes per-connection: the greeting (3.1), replies matched to commands in the order they
// were sent (4.3; RFC 2920 3.2 when pipelining), which commands may share a write (RFC 2920 3.1), the EHLO
// keywords, STARTTLS's reset (RFC 3207 4.2), and closing. Commands (commands/*.ts) only encode themselves and
// read their replies; the mail transaction is commands/send.ts.

import type { Command, CommandChannel, CommandContext } from './commands/command.ts';
import { Emitter } from './emitter.ts';
import { SmtpError, SmtpErrorCodes, replySummary } from './errors.ts';
import { Outcome } from './outcome.ts';
import type { Capabilities, SmtpReply, TraceEvent } from './types.ts';
import { ReplyFramer } from './wire/reply-framer.ts';
import type { ReplyFrame, ReplyLimits } from './wire/reply-framer.ts';
import { toReply } from './wire/reply.ts';
import { utf8Encode } from './wire/utf8.ts';

export interface SessionOptions {
  /** Reply framer limits (see README, "Limits"). */
  readonly replyLimits?: Partial<ReplyLimits>;
}

export interface SessionEvents {
  /** Bytes for the transport, in order. */
  output: Uint8Array;
  trace: TraceEvent;
  /** The server's 220 greeting arrived. */
  greeting: SmtpReply;
  /** STARTTLS was accepted: the transport must upgrade, then the driver calls tlsEstablished(). */
  starttls: Record<string, never>;
  /** The session ended; `error` is null after QUIT. */
  close: { readonly error: SmtpError | null };
}

export interface CommandHandle<R> {
  readonly name: string;
  readonly result: Promise<R>;
}

interface Pending {
  readonly command: Command<unknown>;
  readonly outcome: Outcome<unknown>;
}

/** Pipelined commands are flushed in writes of about this size (the proxy takes up to 2 MiB per message). */
const OUTPUT_BATCH = 64 * 1024;
const NO_CAPABILITIES: Capabilities = new Map();
const QUIT_LINE = utf8Encode('QUIT\r\n');

export class SmtpSession {
  readonly events = new Emitter<SessionEvents>();
  readonly #framer: ReplyFramer;
  #greeting: SmtpReply | null = null;
  #capabilities: Capabilities = NO_CAPABILITIES;
  #greeted = false;
  #authenticated = false;
  #awaitingTls = false;
  #quitSent = false;
  #transaction = false;
  #closedWith: SmtpError | null | undefined = undefined;
  readonly #queue: Pending[] = [];
  /** Sent and waiting for their replies, oldest first. */
  readonly #inFlight: Pending[] = [];
  readonly #channel: CommandChannel = {
    send: (bytes, trace) => {
      if (this.closed) return false;
      this.#output(bytes, trace === '' ? [] : trace.split('\n'));
      return !this.closed;
    },
  };

  constructor(options: SessionOptions = {}) {
    this.#framer = new ReplyFramer(options.replyLimits);
  }

  /** The 220 greeting, once it arrived. */
  get greeting(): SmtpReply | null {
    return this.#greeting;
  }

  /** EHLO keywords, upper case; empty until EHLO is answered, and again after STARTTLS. */
  get capabilities(): Capabilities {
    return this.#capabilities;
  }

  get authenticated(): boolean {
    return this.#authenticated;
  }

  get closed(): boolean {
    return this.#closedWith !== undefined;
  }

  /** The error the session closed with; null after QUIT, undefined while open. */
  get closeError(): SmtpError | null | undefined {
    return this.#closedWith;
  }

  /** Whether the server owes us something: the greeting, a reply, progress on our upload, the TLS handshake. */
  get awaitingReply(): boolean {
    return !this.closed && (this.#greeting === null || this.#awaitingTls || this.#inFlight.length > 0);
  }

  /** The reply owed is the final dot's, which may rightly take longer. */
  get awaitingSlowReply(): boolean {
    return this.#inFlight[0]?.command.slowReply?.() ?? false;
  }

  get context(): CommandContext {
    return { capabilities: this.#capabilities, greeted: this.#greeted, authenticated: this.#authenticated };
  }

  /** Queues one command; it goes out as soon as the greeting came and the commands ahead allow. */
  execute<R>(command: Command<R>): CommandHandle<R> {
    return this.pipeline([command])[0] as CommandHandle<R>;
  }

  /** Queues commands to go in one write when the server offers PIPELINING, one by one otherwise. */
  pipeline(commands: readonly Command<unknown>[]): CommandHandle<unknown>[] {
    this.#throwIfClosed();
    const handles = commands.map((command) => {
      const outcome = new Outcome<unknown>();
      this.#queue.push({ command, outcome });
      return {
        name: command.name,
        get result() {
          return outcome.result;
        },
      };
    });
    this.#pump();
    return handles;
  }

  /** Marks a mail transaction as started: one at a time, and only after EHLO (or HELO). */
  beginTransaction(): void {
    this.#throwIfClosed();
    if (!this.#greeted) throw new SmtpError(SmtpErrorCodes.WRONG_STATE, 'no message can be sent before EHLO');
    if (this.#transaction) throw new SmtpError(SmtpErrorCodes.WRONG_STATE, 'another message is being sent');
    this.#transaction = true;
  }

  endTransaction(): void {
    this.#transaction = false;
  }

  /** Feeds bytes from the transport. Never throws: a protocol error closes the session ('close' event). */
  receive(bytes: Uint8Array): void {
    if (this.closed) return;
    if (this.#awaitingTls) {
      this.close(
        new SmtpError(SmtpErrorCodes.TLS, 'plaintext bytes arrived after STARTTLS was accepted, before TLS'),
      );
      return;
    }
    this.#framer.push(bytes);
    try {
      for (;;) {
        const frame = this.#framer.next();
        if (frame === null) return;
        if (this.events.hasListeners('trace')) this.#traceFrame(frame);
        this.#handle(frame);
        if (this.closed || this.#awaitingTls) return;
      }
    } catch (error) {
      this.close(asSmtpError(error));
    }
  }

  /** The transport finished the TLS handshake after STARTTLS: commands (EHLO first) may flow again. */
  tlsEstablished(): void {
    this.#awaitingTls = false;
    this.#pump();
  }

  /**
   * The transport closed or failed, or the client gave up. Rejects everything pending (a command past its
   * point of no return, the final dot, says so: see Command.interrupted). After QUIT the close is no error.
   */
  close(error?: SmtpError): void {
    if (this.closed) return;
    const reason =
      error ?? new SmtpError(SmtpErrorCodes.CONNECTION_CLOSED, 'the server closed the connection');
    const pending = [...this.#inFlight.splice(0), ...this.#queue.splice(0)];
    this.#closedWith = this.#quitSent && error === undefined ? null : reason;
    this.#awaitingTls = false;
    for (const { command, outcome } of pending) {
      if (command.effect === 'quit') outcome.resolve(undefined);
      else outcome.reject(command.interrupted?.(reason) ?? reason);
    }
    this.events.emit('close', { error: this.#closedWith });
  }

  #throwIfClosed(): void {
    if (this.#closedWith === null)
      throw new SmtpError(SmtpErrorCodes.WRONG_STATE, 'the session ended with QUIT');
    if (this.#closedWith !== undefined) throw this.#closedWith;
  }

  #handle(frame: ReplyFrame): void {
    if (this.#greeting === null) return this.#handleGreeting(frame);
    const reply = toReply(frame, this.#capabilities.has('ENHANCEDSTATUSCODES'));
    const pending = this.#inFlight[0];
    if (pending === undefined) {
      // RFC 5321 3.8: a server may announce with 421 that it is closing, whenever it must.
      if (reply.code === 421) return this.#serverClosing(reply);
      throw new SmtpError(SmtpErrorCodes.PROTOCOL, `a reply to no command: ${replySummary(reply)}`, {
        reply,
      });
    }
    const { command, outcome } = pending;
    const streaming = command.streaming?.() ?? false;
    let step;
    try {
      step = command.onReply(reply, this.#channel, this.context);
    } catch (error) {
      const failure = asSmtpError(error);
      if (failure.code === SmtpErrorCodes.PROTOCOL) throw failure; // closes; the command is rejected then
      this.#inFlight.shift();
      outcome.reject(failure);
      if (streaming) {
        this.close(
          new SmtpError(SmtpErrorCodes.CONNECTION_CLOSED, 'the server stopped the message data mid-way', {
            reply,
          }),
        );
      } else this.#afterReply(reply);
      return;
    }
    if (!step.done) return;
    if (command.effect === 'starttls') this.#checkNothingAfterStarttls();
    this.#inFlight.shift();
    this.#applyEffect(command, step.value);
    outcome.resolve(step.value);
    if (command.effect === 'starttls') this.events.emit('starttls', {});
    this.#afterReply(reply);
  }

  #afterReply(reply: SmtpReply): void {
    if (reply.code === 421) this.#serverClosing(reply);
    else this.#pump();
  }

  #serverClosing(reply: SmtpReply): void {
    const message = `the server is closing the connection: ${replySummary(reply)}`;
    this.close(new SmtpError(SmtpErrorCodes.CONNECTION_CLOSED, message, { reply }));
  }

  #handleGreeting(frame: ReplyFrame): void {
    const reply = toReply(frame, false);
    if (reply.code === 220) {
      this.#greeting = reply;
      this.events.emit('greeting', reply);
      this.#pump();
      return;
    }
    if (reply.code >= 400) {
      // RFC 5321 3.1: a server that will not serve us says 554 (or 421) instead of 220 and waits for QUIT.
      this.#quitSent = true;
      this.#output(QUIT_LINE, ['QUIT']);
      const message = `the server refused the connection: ${replySummary(reply)}`;
      this.close(new SmtpError(SmtpErrorCodes.GREETING_REFUSED, message, { reply }));
      return;
    }
    throw new SmtpError(SmtpErrorCodes.PROTOCOL, `the server greeted with ${replySummary(reply)}, not 220`, {
      reply,
    });
  }

  /** RFC 3207 4, 6: nothing may follow the 220 before the handshake; anything that did was injected. */
  #checkNothingAfterStarttls(): void {
    if (this.#framer.bufferedLength > 0 || this.#framer.inReply) {
      throw new SmtpError(
        SmtpErrorCodes.TLS,
        `${this.#framer.bufferedLength} plaintext bytes followed the STARTTLS reply (an injection attempt?)`,
      );
    }
  }

  #applyEffect(command: Command<unknown>, value: unknown): void {
    switch (command.effect) {
      case 'ehlo':
        this.#capabilities = value as Capabilities;
        this.#greeted = true;
        break;
      case 'starttls':
        // RFC 3207 4.2: forget everything learned before TLS; the protocol restarts at the greeting's state.
        this.#awaitingTls = true;
        this.#capabilities = NO_CAPABILITIES;
        this.#greeted = false;
        this.#authenticated = false;
        break;
      case 'authenticate':
        this.#authenticated = true;
        break;
      default:
        break;
    }
  }

  /** Sends queued commands: behind others only when PIPELINING is offered and all ahead may be followed. */
  #pump(): void {
    if (this.#greeting === null || this.#awaitingTls || this.closed) return;
    const pipelining = this.#capabilities.has('PIPELINING');
    let followable = this.#inFlight.every((p) => p.command.pipelinable);
    let batch: Uint8Array[] = [];
    let traces: string[] = [];
    let size = 0;
    const flush = (): void => {
      if (batch.length > 0) this.#output(concat(batch, size), traces);
      batch = [];
      traces = [];
      size = 0;
    };
    while (this.#queue.length > 0 && !this.closed) {
      if (this.#inFlight.length > 0 && !(pipelining && followable)) break;
      const pending = this.#queue.shift() as Pending;
      let encoded;
      try {
        encoded = pending.command.encode(this.context);
        if (/[\r\n\0]/.test(encoded.line)) {
          throw new SmtpError(
            SmtpErrorCodes.INVALID_ARGUMENT,
            `${pending.command.name} would contain CR, LF or NUL`,
          );
        }
      } catch (error) {
        pending.outcome.reject(error);
        continue;
      }
      if (pending.command.effect === 'quit') this.#quitSent = true;
      this.#inFlight.push(pending);
      followable &&= pending.command.pipelinable === true;
      const line = utf8Encode(`${encoded.line}\r\n`);
      batch.push(line);
      traces.push(encoded.trace ?? encoded.line);
      size += line.length;
      if (size >= OUTPUT_BATCH) flush();
    }
    flush();
  }

  #output(bytes: Uint8Array, traces: readonly string[]): void {
    if (this.events.hasListeners('trace')) {
      for (const text of traces) this.events.emit('trace', { direction: 'client', text });
    }
    this.events.emit('output', bytes);
  }

  #traceFrame(frame: ReplyFrame): void {
    const last = frame.lines.length - 1;
    frame.lines.forEach((text, i) => {
      const line =
        i < last ? `${frame.code}-${text}` : text === '' ? `${frame.code}` : `${frame.code} ${text}`;
      this.events.emit('trace', { direction: 'server', text: line });
    });
  }
}

function concat(parts: readonly Uint8Array[], size: number): Uint8Array {
  if (parts.length === 1) return parts[0] as Uint8Array;
  const out = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function asSmtpError(error: unknown): SmtpError {
  if (error instanceof SmtpError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new SmtpError(SmtpErrorCodes.PROTOCOL, `internal error while handling a reply: ${message}`, {
    cause: error,
  });
}
