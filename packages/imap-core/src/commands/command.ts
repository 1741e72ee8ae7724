// What every command file provides to the session: how to encode it, which untagged data it collects, and what
// its tagged OK means. The session owns tags, ordering, continuation requests and connection state; a command
// only knows its own grammar (RFC 9051 6).

import { ErrorCodes, UsageError } from '../errors.ts';
import type { ErrorCode } from '../errors.ts';
import { hasStar } from '../seqset.ts';
import type { SelectedMailbox } from '../mailbox.ts';
import type { ConnectionState, MailboxName, NumberRange } from '../types.ts';
import type { CommandWriter } from '../wire/encoder.ts';
import type { ContinuationRequest, TaggedResponse, UntaggedResponse } from '../wire/response.ts';

/** Per-connection facts a command may look at while encoding or collecting. */
export interface CommandContext {
  readonly state: ConnectionState;
  /** Upper-cased capability names; empty until the server has said. */
  readonly capabilities: ReadonlySet<string>;
  /** Upper-cased extensions turned on by ENABLE (RFC 5161). */
  readonly enabled: ReadonlySet<string>;
  /**
   * Upper-cased extensions asked for by an ENABLE still in flight. The server applies them before it reads a
   * command pipelined behind (RFC 9051 6.3.1), so that command may use them (SELECT's QRESYNC parameter).
   */
  readonly enabling: ReadonlySet<string>;
  readonly mailbox: SelectedMailbox | null;
  /** COMPRESS (RFC 4978) succeeded on this connection: both directions are deflated. */
  readonly compressed: boolean;
  /**
   * Runs a caller's callback (a streamed FETCH message) once the response being handled has been fully
   * applied, in order with the session's events; what it throws goes to `onError`. A callback run in the
   * middle of a response could start a command that collects that same response.
   */
  later(callback: () => void, onError: (error: unknown) => void): void;
  /** Reports a server mistake the command tolerated on the session's 'warning' event. */
  warn(code: ErrorCode, message: string): void;
}

/** Sends bytes that belong to a command after its line (AUTHENTICATE responses, IDLE's DONE). */
export interface CommandChannel {
  /** `trace` is what the trace shows instead of the bytes (secrets redacted). */
  send(bytes: Uint8Array, trace: string): void;
}

export type UntaggedKind = UntaggedResponse['kind'];

export const ALL_STATES: readonly ConnectionState[] = ['not-authenticated', 'authenticated', 'selected'];
export const AUTHENTICATED_STATES: readonly ConnectionState[] = ['authenticated', 'selected'];
export const SELECTED_STATE: readonly ConnectionState[] = ['selected'];

export interface Command<R> {
  /** The command as users know it, for errors and traces: 'UID FETCH', 'SELECT'. */
  readonly name: string;
  /** The UIDs a UID command names, as given: the 'sent' event carries them, so nobody parses the command line. */
  readonly uids?: readonly NumberRange[];
  /** States it may be sent in (RFC 9051 6: "Valid States" per command group). */
  readonly states: readonly ConnectionState[];
  /**
   * Sent only when nothing else is in flight, and nothing is sent behind it until it completes: commands that
   * change the connection state or take over the stream (SELECT, LOGIN, STARTTLS, IDLE, ...). RFC 9051 5.5.
   */
  readonly exclusive?: boolean;
  /**
   * For an exclusive command: true once what follows may go on the wire behind it before it completes. IDLE
   * after its DONE (RFC 2177 3: the server answers the IDLE, then reads what came after DONE).
   */
  letsFollow?(): boolean;
  /**
   * Untagged kinds it collects that carry no correlator (SEARCH, LIST, ...). Two in-flight commands never share
   * one, or their answers could not be told apart: the second waits for the first.
   */
  readonly collects?: readonly UntaggedKind[];
  /** What a tagged OK does to the connection state. */
  readonly effect?: CommandEffect;
  /** Throws a UsageError when the command cannot be sent now (e.g. UIDVALIDITY changed). Checked at send. */
  check?(context: CommandContext): void;
  encode(writer: CommandWriter, context: CommandContext): void;
  /** Called once the command line is on the wire. */
  onSent?(channel: CommandChannel, context: CommandContext): void;
  /**
   * Every untagged response that arrives while the command is in flight (after the session applied it).
   * Returns true for an 'unreadable' message it takes into its result; the session raises the 'unreadable'
   * event for those no command took.
   */
  onUntagged?(response: UntaggedResponse, context: CommandContext): boolean | void;
  /** A continuation request that is not for a literal (AUTHENTICATE, IDLE). Absent: none is expected. */
  onContinuation?(request: ContinuationRequest, channel: CommandChannel, context: CommandContext): void;
  /** Builds the result from the tagged OK. */
  onOk(response: TaggedResponse, context: CommandContext): R;
  /**
   * Whether the server owes this command a response now. Absent: always, while in flight. IDLE says no while
   * it idles (the server may rightly stay silent for 29 minutes); the client's response watchdog asks.
   */
  awaitsResponse?(): boolean;
}

export type CommandEffect =
  | { readonly kind: 'authenticate' }
  | { readonly kind: 'select'; readonly mailbox: MailboxName; readonly readOnly: boolean }
  | { readonly kind: 'deselect' }
  | { readonly kind: 'logout' }
  | { readonly kind: 'starttls' }
  | { readonly kind: 'compress' }
  /** `extensions` as asked for: a command pipelined behind the ENABLE may count on them (pipeline.ts). */
  | { readonly kind: 'enable'; readonly extensions: readonly string[] };

/**
 * Mutations carry the UIDVALIDITY the caller captured when it learned the UIDs; if the mailbox has another one
 * now, those UIDs name different messages (RFC 9051 2.3.1.1) and nothing may be sent.
 */
export function checkUidValidity(context: CommandContext, expected: number | undefined): void {
  if (expected === undefined) return;
  const actual = context.mailbox?.uidValidity ?? null;
  if (actual !== expected) {
    throw new UsageError(
      ErrorCodes.UIDVALIDITY_CHANGED,
      `UIDVALIDITY is ${actual ?? 'unknown'}, not the ${expected} these UIDs were read under`,
    );
  }
}

/**
 * Mutations name explicit UIDs. '*' is whatever message is highest when the server reads the command, and a
 * range is the same read either way round (RFC 9051 9, seq-range), so "UID STORE 61:*" changes the highest
 * message even when its UID is below 61; and a move's COPY, STORE and EXPUNGE could each read '*' differently.
 */
export function requireExplicitUids(command: string, uids: readonly NumberRange[]): void {
  if (hasStar(uids)) {
    throw new UsageError(
      ErrorCodes.INVALID_ARGUMENT,
      `${command} needs explicit UIDs, not an open range ("n:*" names the highest message even below n)`,
    );
  }
}

/** Throws UNSUPPORTED when the server did not advertise a capability the command needs. */
export function requireCapability(context: CommandContext, name: string, command: string): void {
  if (!context.capabilities.has(name)) {
    throw new UsageError(
      ErrorCodes.UNSUPPORTED,
      `${command} needs the ${name} capability, which the server lacks`,
    );
  }
}
