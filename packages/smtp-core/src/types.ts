// The vocabulary every part of the SMTP core shares: replies, the envelope, what a send returns.

/** One SMTP reply (RFC 5321 4.2): its code, the enhanced status code when the server uses them, its text. */
export interface SmtpReply {
  readonly code: number;
  /** RFC 3463 status code such as '5.1.1', when the server advertised ENHANCEDSTATUSCODES (RFC 2034). */
  readonly enhanced?: string;
  /** The text of every line (code, separator and enhanced code removed), joined by '\n'. */
  readonly text: string;
}

/** A recipient the server refused (4xx: temporarily, 5xx: for good), with the server's words. */
export interface RecipientRejection {
  readonly address: string;
  readonly reply: SmtpReply;
}

/** The SMTP envelope (RFC 5321 2.3.1): bare addresses, no display names; UTF-8 needs SMTPUTF8. */
export interface Envelope {
  /** The reverse-path; '' sends the null path `<>`. */
  readonly from: string;
  readonly recipients: readonly string[];
}

export interface SendOptions {
  /**
   * The message needs 8-bit transport: `BODY=8BITMIME` (RFC 6152). Default: when the data holds a byte above
   * 0x7F and the server offers 8BITMIME. `true` on a server without 8BITMIME fails with SMTP_8BIT_UNSUPPORTED.
   */
  readonly eightBit?: boolean;
  /** Send only if every recipient is accepted; otherwise RSET and SMTP_RECIPIENTS_REFUSED. Default true. */
  readonly requireAllRecipients?: boolean;
  /**
   * The `SMTPUTF8` parameter (RFC 6531 3.4). Always used for a non-ASCII envelope address. Default otherwise:
   * when the header section holds UTF-8 (RFC 6532 headers) and the server offers SMTPUTF8.
   */
  readonly smtpUtf8?: boolean;
}

export interface SendResult {
  accepted: string[];
  rejected: RecipientRejection[];
  /** The server's reply to the final dot: the message is now the server's responsibility. */
  reply: SmtpReply;
}

export interface Credentials {
  readonly username: string;
  readonly password: string;
}

/** EHLO keywords, upper case, mapped to their parameters ('' when none): `SIZE` -> '10240000'. */
export type Capabilities = ReadonlyMap<string, string>;

export interface TraceEvent {
  readonly direction: 'client' | 'server';
  /** One line; AUTH secrets are '***' and message data is summarized, never shown. */
  readonly text: string;
}
