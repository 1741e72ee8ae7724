// The session's public vocabulary: options, events and command handles, and how a response is shown in a trace.
// Kept apart from session.ts so that the state machine fits on a reader's screen.

import { ErrorCodes, ImapError, ProtocolError } from './errors.ts';
import type { ErrorCode } from './errors.ts';
import type { MailboxEvents } from './mailbox.ts';
import type { ConnectionState, ListedMailbox, MailboxName, MailboxStatus, NumberRange } from './types.ts';
import type { Frame, FrameLimits } from './wire/framer.ts';
import type { UnreadableMessage, UntaggedResponse, UntaggedStatus } from './wire/response.ts';
import { utf8String } from './wire/strings.ts';

export interface SessionOptions {
  /** Tags are `${tagPrefix}${n}`, n counting from 1. Default 'A'. */
  readonly tagPrefix?: string;
  /** Framer limits (see README, "Limits"). */
  readonly frameLimits?: Partial<FrameLimits>;
}

export interface TraceEvent {
  readonly direction: 'client' | 'server';
  /** One line; secrets redacted, literal contents elided. */
  readonly text: string;
}

export interface CompletedEvent {
  readonly tag: string;
  readonly name: string;
  readonly status: 'OK' | 'NO' | 'BAD' | 'ABORTED';
  readonly text: string;
}

/**
 * An untagged STATUS (RFC 9051 7.3.3): the answer to STATUS or LIST-STATUS, or a NOTIFY report (RFC 5465 5.1-5.3)
 * about a mailbox that is not selected. It holds only the items the server sent: after a flag change Dovecot
 * 2.3 sends just `(UNSEEN n HIGHESTMODSEQ m)`, so merge it into what is known instead of replacing that.
 */
export interface StatusEvent {
  /** Decoded like LIST and STATUS decode names (modified UTF-7, or UTF-8 under UTF8=ACCEPT). */
  readonly mailbox: MailboxName;
  readonly status: MailboxStatus;
}

/**
 * An untagged LIST that no LIST command in flight asked for: NOTIFY's MailboxName and SubscriptionChange events
 * (RFC 5465 5.4, 5.5). A new or renamed mailbox is listed under its new name (a rename with `extended` OLDNAME
 * holding the old name), a deleted one with the \NonExistent attribute, a subscription change with or without
 * \Subscribed.
 */
export interface MailboxListEvent {
  readonly mailbox: ListedMailbox;
}

/** The server stopped sending NOTIFY events (RFC 5465 5.8, NOTIFICATIONOVERFLOW): as if NOTIFY NONE was sent. */
export interface NotifyOverflowEvent {
  readonly text: string;
}

/** A command is on the wire: its tag, name, the line with secrets redacted, and the UIDs a UID command names. */
export interface SentEvent {
  readonly tag: string;
  readonly name: string;
  readonly text: string;
  readonly uids?: readonly NumberRange[];
}

/** A message of the selected mailbox whose FETCH did not parse, outside any command that asked for it. */
export interface UnreadableEvent extends UnreadableMessage {
  readonly mailbox: MailboxName;
}

export interface SessionEvents extends MailboxEvents {
  /** Bytes for the transport, in order. */
  output: Uint8Array;
  trace: TraceEvent;
  greeting: UntaggedStatus;
  state: { readonly from: ConnectionState; readonly to: ConnectionState };
  sent: SentEvent;
  completed: CompletedEvent;
  untagged: UntaggedResponse;
  /** [ALERT] text, which RFC 9051 7.1 says must be shown to the user. */
  alert: { readonly text: string };
  /** A server mistake we tolerated: the response was ignored and the state is still consistent. */
  warning: { readonly code: ErrorCode; readonly message: string };
  status: StatusEvent;
  unreadable: UnreadableEvent;
  'mailbox-list': MailboxListEvent;
  'notify-overflow': NotifyOverflowEvent;
  /** The session ended; `error` is null after a clean LOGOUT. */
  close: { readonly error: ImapError | null };
  /** STARTTLS succeeded: the client must upgrade the transport, then call tlsEstablished(). */
  starttls: Record<string, never>;
  /**
   * COMPRESS succeeded (RFC 4978 3): from now on the client deflates what it sends and inflates what it
   * receives before receive(). `following` holds the bytes that arrived behind the tagged OK, already
   * compressed: they go to the inflater first.
   */
  compress: { readonly following: Uint8Array };
}

export interface CommandHandle<R> {
  readonly tag: string;
  readonly name: string;
  readonly result: Promise<R>;
}

/** One trace line per response: literal contents elided, CRLF removed. */
export function frameText(frame: Frame): string {
  const { bytes, literals } = frame;
  let text = '';
  let at = 0;
  for (const literal of literals) {
    text += utf8String(bytes, at, literal.start - 2) + `<${literal.length} bytes>`;
    at = literal.start + literal.length;
  }
  let end = bytes.length;
  if (end - at >= 2 && bytes[end - 2] === 0x0d && bytes[end - 1] === 0x0a) end -= 2;
  return text + utf8String(bytes, at, end);
}

export function upperSet(names: readonly string[]): ReadonlySet<string> {
  return new Set(names.map((n) => n.toUpperCase()));
}

export function asImapError(error: unknown): ImapError {
  if (error instanceof ImapError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ProtocolError(ErrorCodes.PARSE, `internal error while handling a response: ${message}`);
}
