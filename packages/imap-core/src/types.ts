// Shared vocabulary of the IMAP core: the values that both the wire layer and the session speak in.
// Grammar references are to RFC 9051 (IMAP4rev2) unless another RFC is named.

declare const uidBrand: unique symbol;
declare const seqBrand: unique symbol;

/** A message UID (RFC 9051 2.3.1.1): stable within one UIDVALIDITY of one mailbox. */
export type Uid = number & { readonly [uidBrand]: true };
/** A message sequence number (RFC 9051 2.3.1.2): shifts on every expunge; never used to address a mutation. */
export type SeqNum = number & { readonly [seqBrand]: true };

export const asUid = (n: number): Uid => n as Uid;
export const asSeqNum = (n: number): SeqNum => n as SeqNum;

/** System flags in their wire case, or a keyword atom. */
export type SystemFlag = '\\Seen' | '\\Answered' | '\\Flagged' | '\\Deleted' | '\\Draft' | '\\Recent';
export type Flag = SystemFlag | (string & {});

/**
 * A mailbox's name: its wire name decoded (from modified UTF-7, or UTF-8 under UTF8=ACCEPT), or, for a wire
 * name that does not decode, VERBATIM: U+DC00 and its exact bytes (mailbox-names.ts). Commands send either back
 * as exactly the bytes the server listed; show it with mailboxDisplayName().
 */
export type MailboxName = string;

export type ResponseStatus = 'OK' | 'NO' | 'BAD';

export type ConnectionState = 'not-authenticated' | 'authenticated' | 'selected' | 'logout';

/** RFC 9051 7.5.2 address: NIL fields are null. A group start has host null; a group end has every field null. */
export interface Address {
  readonly name: string | null;
  /**
   * Raw bytes of the display name when they were not valid UTF-8 (a raw 8-bit GBK or Latin-1 From name), so the
   * UI can re-decode them with the right charset; `name` then holds U+FFFD where the bytes were. Absent otherwise.
   * Addresses are shared between summaries (parse/envelope.ts): do not write into these bytes.
   */
  readonly nameBytes?: Uint8Array;
  readonly adl: string | null;
  readonly mailbox: string | null;
  readonly host: string | null;
}

/**
 * RFC 9051 7.5.2 envelope. Strings are exactly what the server sent (RFC 2047 encoded words are NOT decoded here:
 * decoding is a presentation concern). Bytes that are not valid UTF-8 (raw 8-bit GBK subjects) are kept
 * losslessly in `raw` fields so that the UI can re-decode them with the right charset.
 */
export interface Envelope {
  readonly date: string | null;
  readonly subject: string | null;
  /** Raw bytes of the subject when they were not valid UTF-8; absent otherwise. */
  readonly subjectBytes?: Uint8Array;
  readonly from: readonly Address[];
  readonly sender: readonly Address[];
  readonly replyTo: readonly Address[];
  readonly to: readonly Address[];
  readonly cc: readonly Address[];
  readonly bcc: readonly Address[];
  readonly inReplyTo: string | null;
  readonly messageId: string | null;
}

/** body-fld-param: attribute/value pairs in server order, attribute names lower-cased. */
export type BodyParams = ReadonlyMap<string, string>;

export interface BodyDisposition {
  readonly type: string;
  readonly params: BodyParams;
}

/** Fields every single part has (RFC 9051 body-fields + body-ext-1part). */
interface BodyPartBase {
  /** Lower-cased media type, e.g. 'text', 'image'. */
  readonly type: string;
  /** Lower-cased subtype, e.g. 'plain', 'html'. */
  readonly subtype: string;
  /** Dotted part number for BODY[<part>] ('1', '1.2'); '1' for a non-multipart message's only part. */
  readonly part: string;
  readonly params: BodyParams;
  readonly id: string | null;
  readonly description: string | null;
  /** Lower-cased, e.g. '7bit', 'base64', 'quoted-printable'. */
  readonly encoding: string;
  /** Size in octets of the encoded body. */
  readonly size: number;
  /** Extension data (BODYSTRUCTURE only); absent when the server sent none. */
  readonly md5?: string | null;
  readonly disposition?: BodyDisposition | null;
  readonly language?: readonly string[] | null;
  readonly location?: string | null;
}

export interface BodyPartBasic extends BodyPartBase {
  readonly kind: 'basic';
}

export interface BodyPartText extends BodyPartBase {
  readonly kind: 'text';
  readonly lines: number;
}

export interface BodyPartMessage extends BodyPartBase {
  readonly kind: 'message';
  readonly envelope: Envelope;
  readonly body: BodyStructure;
  readonly lines: number;
}

export interface BodyPartMultipart {
  readonly kind: 'multipart';
  readonly type: 'multipart';
  /** Lower-cased, e.g. 'mixed', 'alternative', 'related'. */
  readonly subtype: string;
  /** Dotted part number ('' for the top-level multipart). */
  readonly part: string;
  readonly children: readonly BodyStructure[];
  readonly params?: BodyParams;
  readonly disposition?: BodyDisposition | null;
  readonly language?: readonly string[] | null;
  readonly location?: string | null;
}

export type BodyStructure = BodyPartBasic | BodyPartText | BodyPartMessage | BodyPartMultipart;

/** A mailbox from LIST/LSUB (RFC 9051 7.3.1), with the name already decoded. */
export interface ListedMailbox {
  /**
   * The name every command takes: decoded, or verbatim when the wire name does not decode (a server sending
   * raw 8-bit names); mailboxDisplayName() shows it.
   */
  readonly name: MailboxName;
  /** The name as it appeared on the wire (modified UTF-7 unless UTF8=ACCEPT), read as UTF-8: for logs. */
  readonly wireName: string;
  /** Attributes as sent ('\\HasNoChildren', '\\Noselect', '\\Sent', ...), original case. */
  readonly attributes: readonly string[];
  /** Hierarchy delimiter, or null for a flat namespace. */
  readonly delimiter: string | null;
  /** SPECIAL-USE attribute (RFC 6154) when present. */
  readonly specialUse?: SpecialUse;
  /** OLDNAME / CHILDINFO extended data items, raw. */
  readonly extended?: ReadonlyMap<string, unknown>;
}

export type SpecialUse = '\\All' | '\\Archive' | '\\Drafts' | '\\Flagged' | '\\Junk' | '\\Sent' | '\\Trash';

/** STATUS attributes (RFC 9051 7.3.3, RFC 7162 HIGHESTMODSEQ). */
export interface MailboxStatus {
  readonly messages?: number;
  readonly recent?: number;
  readonly uidNext?: number;
  readonly uidValidity?: number;
  readonly unseen?: number;
  readonly deleted?: number;
  readonly size?: number;
  readonly highestModseq?: bigint;
}

/** Sets of numbers on the wire ('1:5,7,9:*'): kept as ranges, never expanded. '*' is represented by Infinity. */
export interface NumberRange {
  readonly start: number;
  readonly end: number;
}
