// One error hierarchy for the whole core. Every error carries a stable `code` that callers (and the UI's i18n
// layer) switch on; messages are for people and may change. Codes are documented in the package README.

import type { ResponseStatus } from './types.ts';
import type { ResponseCode } from './wire/response-code.ts';

export const ErrorCodes = {
  // Wire: the server sent bytes we will not accept. The session closes.
  LINE_TOO_LONG: 'IMAP_LINE_TOO_LONG',
  LITERAL_TOO_LARGE: 'IMAP_LITERAL_TOO_LARGE',
  RESPONSE_TOO_LARGE: 'IMAP_RESPONSE_TOO_LARGE',
  NESTING_TOO_DEEP: 'IMAP_NESTING_TOO_DEEP',
  BAD_LITERAL: 'IMAP_BAD_LITERAL',
  PARSE: 'IMAP_PARSE',
  /** A mailbox name that is not valid modified UTF-7 (RFC 3501 5.1.3); thrown by decodeModifiedUtf7. */
  BAD_UTF7: 'IMAP_BAD_UTF7',
  // Session: the server broke the protocol's rules. The session closes.
  UNKNOWN_TAG: 'IMAP_UNKNOWN_TAG',
  UNEXPECTED_CONTINUATION: 'IMAP_UNEXPECTED_CONTINUATION',
  INCONSISTENT: 'IMAP_INCONSISTENT',
  BAD_GREETING: 'IMAP_BAD_GREETING',
  // Connection.
  BYE: 'IMAP_BYE',
  CONNECTION_CLOSED: 'IMAP_CONNECTION_CLOSED',
  TRANSPORT: 'IMAP_TRANSPORT',
  TIMEOUT: 'IMAP_TIMEOUT',
  TLS: 'IMAP_TLS',
  /** The server's COMPRESS=DEFLATE stream (RFC 4978) could not be inflated: corrupt or ended. */
  COMPRESSION: 'IMAP_COMPRESSION',
  // One command was refused; the session goes on.
  NO: 'IMAP_NO',
  BAD: 'IMAP_BAD',
  // The caller asked for something impossible; thrown before any byte is sent.
  WRONG_STATE: 'IMAP_WRONG_STATE',
  INVALID_ARGUMENT: 'IMAP_INVALID_ARGUMENT',
  UNSUPPORTED: 'IMAP_UNSUPPORTED',
  UIDVALIDITY_CHANGED: 'IMAP_UIDVALIDITY_CHANGED',
  ABORTED: 'IMAP_ABORTED',
  /**
   * A UID set the server supplied (COPYUID, APPENDUID, ESEARCH) does not fit the request: it was not used and
   * that result is unknown. A 'warning' when the command itself succeeded; the error of a search whose result
   * cannot be trusted. The session goes on.
   */
  UNTRUSTED_RESULT: 'IMAP_UNTRUSTED_RESULT',
  /** A move without MOVE copied the messages, then flagging or expunging the originals failed. */
  MOVE_INCOMPLETE: 'IMAP_MOVE_INCOMPLETE',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

export class ImapError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ImapError';
    this.code = code;
  }
}

/** The server sent something the grammar or the session rules forbid; the connection cannot be trusted further. */
export class ProtocolError extends ImapError {
  /** Byte offset within the response where the problem was found, when known. */
  readonly offset: number | undefined;

  constructor(code: ErrorCode, message: string, offset?: number) {
    super(code, offset === undefined ? message : `${message} at byte ${offset}`);
    this.name = 'ProtocolError';
    this.offset = offset;
  }
}

/** A tagged NO or BAD: this command failed, the session is still usable. */
export class CommandError extends ImapError {
  readonly status: Exclude<ResponseStatus, 'OK'>;
  readonly command: string;
  readonly responseCode: ResponseCode | null;
  /** The server's human-readable text, verbatim (shown to users: it is how servers explain failures). */
  readonly serverText: string;

  constructor(command: string, status: 'NO' | 'BAD', responseCode: ResponseCode | null, serverText: string) {
    const codeText = responseCode ? `[${responseCode.name}] ` : '';
    super(
      status === 'NO' ? ErrorCodes.NO : ErrorCodes.BAD,
      `${command} failed: ${status} ${codeText}${serverText}`,
    );
    this.name = 'CommandError';
    this.status = status;
    this.command = command;
    this.responseCode = responseCode;
    this.serverText = serverText;
  }
}

/**
 * The server's answer to one command does not fit what was asked (a search result naming more messages than
 * the mailbox holds): that command's result is unknown and it fails; the session goes on (UNTRUSTED_RESULT).
 */
export class UntrustedResultError extends ImapError {
  readonly command: string;

  constructor(command: string, message: string) {
    super(ErrorCodes.UNTRUSTED_RESULT, `${command}: ${message}`);
    this.name = 'UntrustedResultError';
    this.command = command;
  }
}

/** The caller's mistake, caught before anything reached the wire. */
export class UsageError extends ImapError {
  constructor(code: ErrorCode, message: string) {
    super(code, message);
    this.name = 'UsageError';
  }
}

/** The connection ended (BYE, transport closed or failed, timeout). */
export class ConnectionError extends ImapError {
  /** Transport-specific detail: the proxy's WebSocket close code (4000-4999), a Node errno, ... */
  readonly transportCode: string | number | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    transportCode?: string | number,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
    this.name = 'ConnectionError';
    this.transportCode = transportCode;
  }
}
