// The vocabulary of composing (contracts.md section 4): what the composer hands over, what it gets back.

/** A mailbox. `address` is an addr-spec as typed, and may be internationalized (RFC 6531: `用户@例子.中国`). */
export interface MailAddress {
  name?: string;
  address: string;
}

export interface OutgoingAttachment {
  filename: string;
  /** `type/subtype`, optionally with parameters (`text/plain; charset=windows-1251`); '' means unknown. */
  contentType: string;
  content: Uint8Array;
  /** Set: an inline part of the HTML, referenced from it as `cid:<contentId>` (brackets optional). */
  contentId?: string;
}

export interface OutgoingMessage {
  from: MailAddress;
  replyTo?: MailAddress[];
  to: MailAddress[];
  cc: MailAddress[];
  bcc: MailAddress[];
  subject: string;
  date: Date;
  /** '<...@...>' (newMessageId makes one). */
  messageId: string;
  inReplyTo?: string;
  references?: string[];
  /** The plain-text body: always present, the only body of text-only mail, else the text alternative. */
  text: string;
  /** Present: multipart/alternative (text + html), inline parts in multipart/related around the html. */
  html?: string;
  /** message/rfc822 allowed (forward as attachment). */
  attachments: OutgoingAttachment[];
  /** e.g. X-Draft-Info in drafts only. Names we write ourselves (From, Content-Type...) are refused. */
  extraHeaders?: readonly (readonly [string, string])[];
}

export interface BuildOptions {
  /** Drafts and the Sent copy keep Bcc; the bytes given to SMTP DATA omit it. */
  bcc: 'keep' | 'omit';
  /**
   * RFC 6532: header text (names, subject, addresses) as raw UTF-8 instead of RFC 2047 encoded words. Only
   * when the submission server has SMTPUTF8 (or for an IMAP APPEND) and an address needs it; without it an
   * address whose local part is not ASCII cannot be written and buildMessage throws COMPOSE_UTF8_REQUIRED.
   */
  utf8Headers?: boolean;
  /**
   * The sender's offset from UTC in minutes (east positive: Moscow 180) for the Date header.
   * Default: the browser's own offset at `message.date`.
   */
  utcOffsetMinutes?: number;
}

export interface BuiltMessage {
  /** The RFC 5322 message: CRLF line ends, not dot-stuffed. */
  bytes: Uint8Array;
  /** The body has 8-bit bytes (an 8-bit message/rfc822 attachment): send with BODY=8BITMIME. */
  eightBit: boolean;
}

/** Why an address cannot be used. Stable codes: the UI words come from the i18n catalogs. */
export type AddressProblem =
  /** Nothing where an address should be (`<>`). */
  | 'empty'
  /** No '@' at all: a name alone, or a typo. */
  | 'missing-at'
  /** The part before '@' is empty or has characters an address cannot have. */
  | 'bad-local-part'
  /** The part after '@' is not a host name (or an IDN that does not convert), nor an address literal. */
  | 'bad-domain'
  /** Over RFC 5321 4.5.3.1's limits: 64 octets before '@', 255 after, 254 in all. */
  | 'too-long'
  /** A quote, comment or angle bracket that is never closed. */
  | 'unterminated';
