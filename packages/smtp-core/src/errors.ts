// One error class for the whole core. Every error carries a stable `code` that callers (and the UI's i18n
// layer) switch on; messages are for people and may change. Codes are documented in the package README.

import type { ConnectionError } from '@webmail/imap-core';
import type { RecipientRejection, SmtpReply } from './types.ts';
import { isTemporaryReply } from './temporary-reply.ts';

export const SmtpErrorCodes = {
  /** The server sent bytes we will not accept (malformed or oversized reply, a reply to nothing). Closes. */
  PROTOCOL: 'SMTP_PROTOCOL',
  /** No reply (or no upload progress) within the response timeout, or the proxy timed out. Closes. */
  TIMEOUT: 'SMTP_TIMEOUT',
  /** The connection ended: the server or the proxy closed it, or the client did. */
  CONNECTION_CLOSED: 'SMTP_CONNECTION_CLOSED',
  /** STARTTLS unavailable or refused, the TLS upgrade failed, or bytes were injected before TLS. */
  TLS: 'SMTP_TLS',
  /** The server refused the session: a 4xx/5xx greeting (RFC 5321 3.1), or EHLO and HELO both refused. */
  GREETING_REFUSED: 'SMTP_GREETING_REFUSED',
  /** AUTH was refused (535, 534, 538, 454, ...); carries the reply. */
  AUTH_FAILED: 'SMTP_AUTH_FAILED',
  /** The server offers no AUTH mechanism this client speaks (PLAIN, LOGIN). */
  AUTH_UNAVAILABLE: 'SMTP_AUTH_UNAVAILABLE',
  /** MAIL FROM was refused; carries the reply. */
  SENDER_REFUSED: 'SMTP_SENDER_REFUSED',
  /** Recipients were refused; carries `rejected`. With requireAllRecipients nothing was sent (RSET). */
  RECIPIENTS_REFUSED: 'SMTP_RECIPIENTS_REFUSED',
  /** DATA or the message was refused; carries the reply and `temporary`. The message was not sent. */
  MESSAGE_REFUSED: 'SMTP_MESSAGE_REFUSED',
  /** The message is larger than the server's SIZE (RFC 1870); found before any byte was sent. */
  TOO_LARGE: 'SMTP_TOO_LARGE',
  /** A non-ASCII envelope address (or smtpUtf8: true) and no SMTPUTF8 (RFC 6531); nothing was sent. */
  UTF8_UNSUPPORTED: 'SMTP_UTF8_UNSUPPORTED',
  /** eightBit: true and no 8BITMIME (RFC 6152); nothing was sent. */
  EIGHT_BIT_UNSUPPORTED: 'SMTP_8BIT_UNSUPPORTED',
  /**
   * The connection ended, timed out or broke the protocol after the final dot was sent and before its reply:
   * the message MAY have been sent. Callers must ask before retrying.
   */
  OUTCOME_UNKNOWN: 'SMTP_OUTCOME_UNKNOWN',
  /** The call is not possible now (before EHLO, after QUIT, authenticating twice). Nothing was sent. */
  WRONG_STATE: 'SMTP_WRONG_STATE',
  /** A malformed argument (an address with CR/LF or '<', no recipients, NUL in credentials). Nothing sent. */
  INVALID_ARGUMENT: 'SMTP_INVALID_ARGUMENT',
} as const;

export type SmtpErrorCode = (typeof SmtpErrorCodes)[keyof typeof SmtpErrorCodes];

export interface SmtpErrorDetails {
  readonly reply?: SmtpReply;
  readonly rejected?: readonly RecipientRejection[];
  /** The proxy's WebSocket close code or a Node errno, when the transport said. */
  readonly transportCode?: string | number;
  readonly cause?: unknown;
}

export class SmtpError extends Error {
  readonly code: SmtpErrorCode;
  /** The server's reply that caused the error, when there is one. */
  readonly reply?: SmtpReply;
  /** SMTP_RECIPIENTS_REFUSED: every refused recipient with its reply. */
  readonly rejected?: readonly RecipientRejection[];
  /** With a reply: whether it was a 4xx (try again later) rather than a 5xx. */
  readonly temporary?: boolean;
  readonly transportCode?: string | number;

  constructor(code: SmtpErrorCode, message: string, details: SmtpErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'SmtpError';
    this.code = code;
    if (details.reply !== undefined) {
      this.reply = details.reply;
      this.temporary = isTemporaryReply(details.reply);
    }
    if (details.rejected !== undefined) this.rejected = details.rejected;
    if (details.transportCode !== undefined) this.transportCode = details.transportCode;
  }
}

/** '550 5.1.1 No such user' as a message suffix: what the server said, on one line. */
export function replySummary(reply: SmtpReply): string {
  const enhanced = reply.enhanced === undefined ? '' : ` ${reply.enhanced}`;
  const text = reply.text === '' ? '' : ` ${reply.text.replaceAll('\n', ' ')}`;
  return `${reply.code}${enhanced}${text}`;
}

/**
 * The transport's reason for closing (imap-core's ConnectionError, whose codes carry the proxy's close codes
 * and socket errors) in this core's words: timeouts and TLS failures keep their meaning, the rest is a closed
 * connection. The transport's message (already readable: "the mail server could not be reached") is kept.
 */
export function fromTransportError(error: ConnectionError | null): SmtpError {
  if (error === null)
    return new SmtpError(SmtpErrorCodes.CONNECTION_CLOSED, 'the server closed the connection');
  const code =
    error.code === 'IMAP_TIMEOUT'
      ? SmtpErrorCodes.TIMEOUT
      : error.code === 'IMAP_TLS'
        ? SmtpErrorCodes.TLS
        : SmtpErrorCodes.CONNECTION_CLOSED;
  return new SmtpError(code, error.message, {
    cause: error,
    ...(error.transportCode === undefined ? {} : { transportCode: error.transportCode }),
  });
}
