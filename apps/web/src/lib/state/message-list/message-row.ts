// One row of the message list: what the list shows of a message, decoded once when it arrives so that
// scrolling only reads finished strings. Rows are frozen and replaced, never mutated.

import type { BodyStructure, FetchAttributes, FetchItems, Flag } from '@webmail/imap-core';
import { parseHeaderDate } from '../../format/dates.ts';
import { addressEmail, addressListLabel, displaySubject, mailboxesOf } from '../../format/envelope-text.ts';

/** What one row needs, fetched by UID for the rows in view (RFC 9051 6.4.5). */
export const ROW_FETCH_ITEMS: FetchItems = Object.freeze({
  flags: true,
  envelope: true,
  size: true,
  internalDate: true,
  bodyStructure: true,
});

export interface MessageRow {
  readonly uid: number;
  readonly flags: readonly Flag[];
  readonly seen: boolean;
  readonly flagged: boolean;
  readonly answered: boolean;
  readonly draft: boolean;
  /** The user's labels: flags that are neither system flags nor the keywords clients use for state. */
  readonly keywords: readonly string[];
  /** Marked as junk ($Junk, RFC 5788). */
  readonly junk: boolean;
  /** The Date header (what SORT DATE orders by, RFC 5256 3), else INTERNALDATE; NaN when neither is known. */
  readonly date: number;
  readonly size: number;
  readonly subject: string;
  /** Sender labels ("Ann, bob@example.org"), and the first sender's address. */
  readonly from: string;
  readonly fromEmail: string;
  /** Recipient labels (To, then Cc), for Sent and Drafts. */
  readonly to: string;
  readonly hasAttachment: boolean;
  /**
   * The server's answer for this message could not be read (imap-core reported it unreadable): sender and
   * subject are unknown, and the message can only be shown as its source.
   */
  readonly unreadable?: true;
}

/** What a row holds besides its flags and what they imply. */
export type RowFields = Omit<
  MessageRow,
  'flags' | 'seen' | 'flagged' | 'answered' | 'draft' | 'keywords' | 'junk'
>;

/**
 * INTERNALDATE of the rows made from a FETCH, which orders a folder on a server without SORT: arrivals take
 * their place by it (arrival-places.ts). Beside the row, not in it: a row's fields are what the device's mirror
 * keeps (mirror/row-codec.ts), and a row read back from there has none (an arrival then asks for a re-order).
 */
const internalDates = new WeakMap<RowFields, number>();

/** The INTERNALDATE the row was fetched with; NaN when unknown. */
export function internalDateOf(row: MessageRow): number {
  return internalDates.get(row) ?? NaN;
}

/** `keepInternalDate`: the folder is ordered by INTERNALDATE (no SORT), the only use of internalDateOf. */
export function rowFromFetch(uid: number, attributes: FetchAttributes, keepInternalDate = false): MessageRow {
  const envelope = attributes.envelope;
  const from = envelope ? mailboxesOf(envelope.from) : [];
  const headerDate = parseHeaderDate(envelope?.date ?? null);
  const row = frozenRow(
    {
      uid,
      date: Number.isFinite(headerDate) ? headerDate : (attributes.internalDate ?? NaN),
      size: attributes.rfc822Size ?? NaN,
      subject: envelope ? displaySubject(envelope) : '',
      from: envelope ? addressListLabel(envelope.from) : '',
      fromEmail: from[0] ? addressEmail(from[0]) : '',
      to: envelope ? addressListLabel([...envelope.to, ...envelope.cc]) : '',
      hasAttachment: attributes.bodyStructure ? hasAttachment(attributes.bodyStructure) : false,
    },
    attributes.flags ?? [],
  );
  // Only where it orders the folder: an entry for each of the thousands of rows cached costs 20-30 bytes.
  if (keepInternalDate && attributes.internalDate !== undefined)
    internalDates.set(row, attributes.internalDate);
  return row;
}

/** The row of a message whose FETCH response could not be read: only its UID (and flags, if sent) known. */
export function unreadableRow(uid: number, flags: readonly Flag[]): MessageRow {
  return frozenRow(
    {
      uid,
      date: NaN,
      size: NaN,
      subject: '',
      from: '',
      fromEmail: '',
      to: '',
      hasAttachment: false,
      unreadable: true,
    },
    flags,
  );
}

/** Newest first: by date descending (unknown dates last), then the later arrival (higher UID) first. */
export function newestFirst(a: MessageRow, b: MessageRow): number {
  return (b.date || 0) - (a.date || 0) || b.uid - a.uid;
}

export function withFlags(row: RowFields, flags: readonly Flag[]): MessageRow {
  return frozenRow(row, flags);
}

export function sameFlags(a: readonly Flag[], b: readonly Flag[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a.map((f) => f.toLowerCase()));
  return b.every((f) => set.has(f.toLowerCase()));
}

/**
 * Keywords that record a state clients manage (junk training, forwarding, MDN) rather than a label the user
 * chose: never shown as labels. Lower case. Junk/NonJunk are the older Thunderbird spellings.
 */
const STATE_KEYWORDS: ReadonlySet<string> = new Set([
  '$junk',
  '$notjunk',
  '$forwarded',
  '$mdnsent',
  'junk',
  'nonjunk',
]);

/** Whether a flag is a label: not a system flag (RFC 9051 2.3.2) and not a state keyword. */
export function isLabelKeyword(flag: string): boolean {
  return !flag.startsWith('\\') && !STATE_KEYWORDS.has(flag.toLowerCase());
}

/**
 * `known` plus the label keywords of `flags` it lacks (compared case-insensitively), in order; `known` itself
 * when nothing is new, so callers can skip an update.
 */
export function mergeKeywords(known: readonly string[], flags: readonly Flag[]): readonly string[] {
  const seen = new Set(known.map((k) => k.toLowerCase()));
  const added: string[] = [];
  for (const flag of flags) {
    if (!isLabelKeyword(flag) || seen.has(flag.toLowerCase())) continue;
    seen.add(flag.toLowerCase());
    added.push(flag);
  }
  return added.length === 0 ? known : [...known, ...added];
}

/** Whether new keywords may be stored: PERMANENTFLAGS lists \* (RFC 9051 7.1); absent means no. */
export function keywordsAllowedBy(permanentFlags: readonly Flag[] | null): boolean {
  return permanentFlags?.includes('\\*') ?? false;
}

/** Flags with `add` added and `remove` removed (case-insensitively, RFC 9051 2.3.2), as a new array. */
export function changedFlags(
  flags: readonly Flag[],
  add: readonly Flag[],
  remove: readonly Flag[],
): readonly Flag[] {
  const removed = new Set(remove.map((f) => f.toLowerCase()));
  const out = flags.filter((f) => !removed.has(f.toLowerCase()));
  const present = new Set(out.map((f) => f.toLowerCase()));
  for (const flag of add) {
    if (present.has(flag.toLowerCase())) continue;
    present.add(flag.toLowerCase());
    out.push(flag);
  }
  return out;
}

/**
 * The frozen row: every field written out, in one order. Not `{ ...row, ...flagFields }`: object spread is
 * what made the mirror's 2,000 kept rows take 20-40 ms to read back on a reload (cold code, 2 ms this way).
 */
function frozenRow(fields: RowFields, flags: readonly Flag[]): MessageRow {
  const lower = new Set(flags.map((f) => f.toLowerCase()));
  const row: MessageRow = {
    uid: fields.uid,
    flags,
    seen: lower.has('\\seen'),
    flagged: lower.has('\\flagged'),
    answered: lower.has('\\answered'),
    draft: lower.has('\\draft'),
    keywords: flags.filter(isLabelKeyword),
    junk: lower.has('$junk'),
    date: fields.date,
    size: fields.size,
    subject: fields.subject,
    from: fields.from,
    fromEmail: fields.fromEmail,
    to: fields.to,
    hasAttachment: fields.hasAttachment,
  };
  const frozen: MessageRow = Object.freeze(fields.unreadable ? { ...row, unreadable: true as const } : row);
  // A row made again with other flags (withFlags) keeps what it was fetched with.
  const internalDate = internalDates.get(fields);
  if (internalDate !== undefined) internalDates.set(frozen, internalDate);
  return frozen;
}

/**
 * Whether the message has something a user would call an attachment: a part with Content-Disposition
 * attachment, a named non-text part outside multipart/related (inline images of an HTML body are not
 * attachments), or a forwarded message. Judged from BODYSTRUCTURE, without fetching any body.
 */
export function hasAttachment(structure: BodyStructure, insideRelated = false): boolean {
  if (structure.kind === 'multipart') {
    const related = structure.subtype === 'related';
    return structure.children.some((child, index) =>
      // The first part of multipart/related is the root (RFC 2387 3.2): the rest are its resources.
      hasAttachment(child, related ? index > 0 : insideRelated),
    );
  }
  const disposition = structure.disposition?.type.toLowerCase();
  if (disposition === 'attachment') return true;
  if (structure.kind === 'message') return true;
  if (insideRelated || disposition === 'inline') return false;
  const named = structure.params.has('name') || structure.disposition?.params.has('filename') === true;
  return named;
}
