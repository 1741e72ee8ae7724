// One error type for what cannot be composed. Usage errors of the composer's own making, each with a stable
// code; hostile input from an original message is cleaned where it is read (reply-headers.ts), not thrown.

export type ComposeErrorCode =
  /** An address that validateAddress refuses (From, To, Cc, Bcc, Reply-To). */
  | 'COMPOSE_BAD_ADDRESS'
  /** An address with a non-ASCII local part and neither utf8Headers nor SMTPUTF8 to carry it. */
  | 'COMPOSE_UTF8_REQUIRED'
  /** Message-ID, In-Reply-To or References that is not a `<...>` msg-id (RFC 5322 3.6.4). */
  | 'COMPOSE_BAD_MESSAGE_ID'
  /** An extra header whose name is not a field name, or is one buildMessage writes itself. */
  | 'COMPOSE_BAD_HEADER'
  /** An inline part's Content-ID that is not a msg-id's inside. */
  | 'COMPOSE_BAD_CONTENT_ID';

export class ComposeError extends Error {
  override readonly name = 'ComposeError';
  readonly code: ComposeErrorCode;

  constructor(code: ComposeErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
