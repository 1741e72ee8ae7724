// The parsed form of every server response (RFC 9051 section 7). The wire layer produces these; the session and
// the commands consume them. Nothing here knows about connections.

import type { ProtocolError } from '../errors.ts';
import type {
  BodyStructure,
  Envelope,
  Flag,
  ListedMailbox,
  MailboxName,
  MailboxStatus,
  NumberRange,
  ResponseStatus,
  SeqNum,
  Uid,
} from '../types.ts';

export type { ResponseCode, SimpleCodeName } from './response-code.ts';
import type { ResponseCode } from './response-code.ts';

export interface TaggedResponse {
  readonly kind: 'tagged';
  readonly tag: string;
  readonly status: ResponseStatus;
  readonly code: ResponseCode | null;
  readonly text: string;
}

/** "+ ..." (RFC 9051 7.5): text, or base64 data during AUTHENTICATE (kept as text; the command decodes it). */
export interface ContinuationRequest {
  readonly kind: 'continuation';
  readonly code: ResponseCode | null;
  readonly text: string;
}

/** Untagged OK/NO/BAD/PREAUTH/BYE (greeting, resp-cond-state, resp-cond-bye). */
export interface UntaggedStatus {
  readonly kind: 'status';
  readonly status: ResponseStatus | 'PREAUTH' | 'BYE';
  readonly code: ResponseCode | null;
  readonly text: string;
}

/** A BODY[section]<origin> or BINARY[section]<origin> item of a FETCH response. */
export interface FetchedSection {
  /** 'BODY' or 'BINARY'. */
  readonly item: 'BODY' | 'BINARY';
  /** The section spec upper-cased as the server echoed it: '', '1.2', 'HEADER', '1.MIME', 'HEADER.FIELDS (SUBJECT FROM)'. */
  readonly section: string;
  /** The <origin> of a partial fetch, when present. */
  readonly origin?: number;
  /** null for NIL. Literal bytes are kept as bytes: bodies are rarely UTF-8. */
  readonly data: Uint8Array | null;
}

/** msg-att (RFC 9051 7.5.2, RFC 7162 MODSEQ). Only the items the server sent are present. */
export interface FetchAttributes {
  uid?: Uid;
  flags?: readonly Flag[];
  /** INTERNALDATE as milliseconds since the epoch. */
  internalDate?: number;
  rfc822Size?: number;
  envelope?: Envelope;
  /** BODYSTRUCTURE (with extension data) or BODY (without). */
  bodyStructure?: BodyStructure;
  modseq?: bigint;
  sections?: readonly FetchedSection[];
  /** BINARY.SIZE[section] (RFC 3516), keyed by section. */
  binarySizes?: ReadonlyMap<string, number>;
  /** Items this parser does not know: name -> raw bytes of the value. */
  unknown?: ReadonlyMap<string, Uint8Array>;
}

/**
 * A message whose FETCH response arrived whole (framing intact) but did not parse: an impossible BODYSTRUCTURE
 * size, a broken envelope. Only that message is affected; the session and the command go on.
 */
export interface UnreadableMessage {
  readonly seq: SeqNum;
  /** Its UID when the server sent one before the fault (Dovecot sends UID first) or the session knew it. */
  readonly uid: Uid | null;
  readonly error: ProtocolError;
  /** The start of the response, printable-escaped (\r, \n, \xHH), at most about 200 characters. */
  readonly evidence: string;
}

export interface Namespace {
  readonly prefix: string;
  readonly delimiter: string | null;
}

export type UntaggedResponse =
  | UntaggedStatus
  | { readonly kind: 'capability'; readonly capabilities: readonly string[] }
  | { readonly kind: 'enabled'; readonly capabilities: readonly string[] }
  | { readonly kind: 'flags'; readonly flags: readonly Flag[] }
  | { readonly kind: 'list' | 'lsub'; readonly mailbox: ListedMailbox }
  | {
      readonly kind: 'mailbox-status';
      readonly mailbox: MailboxName;
      readonly wireName: string;
      readonly status: MailboxStatus;
    }
  /** SEARCH and SORT results: numbers are UIDs or sequence numbers depending on the command. */
  | { readonly kind: 'search' | 'sort'; readonly numbers: Uint32Array; readonly modseq?: bigint }
  | {
      readonly kind: 'esearch';
      /** The tag the result correlates to (search-correlator), or null. */
      readonly tag: string | null;
      readonly uid: boolean;
      readonly min?: number;
      readonly max?: number;
      readonly count?: number;
      readonly all?: readonly NumberRange[];
      readonly modseq?: bigint;
    }
  | { readonly kind: 'exists' | 'recent'; readonly count: number }
  | { readonly kind: 'expunge'; readonly seq: SeqNum }
  | { readonly kind: 'fetch'; readonly seq: SeqNum; readonly attributes: FetchAttributes }
  /** A FETCH whose framing was intact but whose msg-att did not parse (see UnreadableMessage). */
  | ({ readonly kind: 'unreadable' } & UnreadableMessage)
  | { readonly kind: 'vanished'; readonly earlier: boolean; readonly uids: readonly NumberRange[] }
  | {
      readonly kind: 'namespace';
      readonly personal: readonly Namespace[] | null;
      readonly other: readonly Namespace[] | null;
      readonly shared: readonly Namespace[] | null;
    }
  | { readonly kind: 'id'; readonly params: ReadonlyMap<string, string | null> | null }
  /**
   * METADATA (RFC 5464 4.4): entry values for GETMETADATA (`values`), or, unsolicited, the names of entries
   * that changed (`changed`, `values` null). `mailbox` is '' for server entries.
   */
  | {
      readonly kind: 'metadata';
      readonly mailbox: MailboxName;
      readonly wireName: string;
      readonly values: ReadonlyMap<string, string | null> | null;
      readonly changed: readonly string[];
    }
  /** Any untagged response this parser does not know: its first atom and the whole raw line. */
  | { readonly kind: 'unknown'; readonly name: string; readonly raw: Uint8Array };

export type Response = TaggedResponse | ContinuationRequest | UntaggedResponse;

/** Per-connection facts the parser needs. */
export interface ParseOptions {
  /** UTF8=ACCEPT is enabled: mailbox names are UTF-8, not modified UTF-7. */
  readonly utf8Accept?: boolean;
  /** Most values one response may hold (see FrameLimits.maxItems); default 500,000. */
  readonly maxItems?: number;
}
