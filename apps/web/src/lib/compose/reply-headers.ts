// Who a reply goes to, its subject, its threading headers, and which identity writes it. The original's
// fields come from someone else's message: they are read leniently and cleaned, never trusted.

import { asciiDomain, splitAddress, validateAddress } from './address-validate.ts';
import { cleanLineText } from './clean-text.ts';
import { messageIdsIn } from './message-id.ts';
import type { MailAddress } from './types.ts';

/** An address as the reader or the envelope has it (the reader's MailAddress has name '' for none). */
export interface OriginalAddress {
  readonly name?: string;
  readonly address: string;
}

/** What a reply or forward needs of the original (the reader's ParsedMessage has most of it). */
export interface OriginalMessage {
  readonly from: readonly OriginalAddress[];
  readonly replyTo?: readonly OriginalAddress[];
  readonly to: readonly OriginalAddress[];
  readonly cc: readonly OriginalAddress[];
  /** Mail-Followup-To (mailing lists, mutt): where the author asked "reply all" to go. */
  readonly mailFollowupTo?: readonly OriginalAddress[];
  /** Raw Message-ID, In-Reply-To, References header values (or their ids). */
  readonly messageId?: string | null;
  readonly inReplyTo?: string | null;
  readonly references?: string | null;
  /** Delivered-To / X-Original-To addresses, when the caller fetched them (for pickIdentity). */
  readonly deliveredTo?: readonly string[];
}

/**
 * The same mailbox: the local part compared exactly (RFC 5321 2.4: it may be case-sensitive), the domain
 * case-insensitively and by its A-labels (`ПРИМЕР.рф` = `xn--e1afmkfd.xn--p1ai`).
 */
export function mailboxKey(address: string): string {
  const parts = splitAddress(address.trim());
  if (parts === null) return address.trim();
  const domain = (asciiDomain(parts.domain) ?? parts.domain).toLowerCase();
  return `${parts.local}@${domain}`;
}

/** Whether `address` is one of mine: there the whole address is compared case-insensitively, because nearly
 * every server delivers `Ann@` and `ann@` to the same mailbox, and leaving myself on a reply is the bug
 * people see. */
function mineMatcher(myAddresses: Iterable<string>): (address: string) => boolean {
  const mine = new Set([...myAddresses].map((address) => mailboxKey(address).toLowerCase()));
  return (address) => mine.has(mailboxKey(address).toLowerCase());
}

/** Usable mailboxes only (groups' markers and junk from a hostile header dropped), names cleaned. */
function usable(list: readonly OriginalAddress[] | undefined): MailAddress[] {
  const out: MailAddress[] = [];
  for (const entry of list ?? []) {
    const address = entry.address.trim();
    if (validateAddress(address) !== null) continue;
    const name = cleanLineText(entry.name ?? '');
    out.push(name === '' ? { address } : { name, address });
  }
  return out;
}

/**
 * Reply: Reply-To, else From. Reply all: that, plus the original's To (to), plus its Cc (cc), without my own
 * addresses and without duplicates; when the author set Mail-Followup-To, reply all goes there instead (mutt,
 * Thunderbird and Gnus honour it: a list member asks not to get a copy besides the list's). A reply to my
 * own message (in Sent) goes to its recipients, as Thunderbird does, not back to me.
 */
export function replyRecipients(
  original: OriginalMessage,
  myAddresses: Iterable<string>,
  mode: 'reply' | 'all',
): { to: MailAddress[]; cc: MailAddress[] } {
  const isMine = mineMatcher(myAddresses);
  const from = usable(original.from);
  const fromMe = from.length > 0 && from.every((a) => isMine(a.address));
  const replyTo = usable(original.replyTo);
  let to: MailAddress[];
  let cc: MailAddress[] = [];
  const followup = usable(original.mailFollowupTo);
  if (mode === 'all' && followup.length > 0) to = followup;
  else if (fromMe) {
    to = usable(original.to);
    if (mode === 'all') cc = usable(original.cc);
  } else {
    to = replyTo.length > 0 ? replyTo : from;
    if (mode === 'all') {
      to = [...to, ...usable(original.to)];
      cc = usable(original.cc);
    }
  }
  const seen = new Set<string>();
  const keep = (list: MailAddress[]): MailAddress[] =>
    list.filter((entry) => {
      const key = mailboxKey(entry.address);
      if (seen.has(key) || (mode === 'all' && isMine(entry.address))) return false;
      seen.add(key);
      return true;
    });
  const keptTo = keep(to);
  const keptCc = keep(cc);
  // Writing to myself (a note to self): the one reply target stays even though it is me.
  if (keptTo.length === 0 && keptCc.length === 0) return { to: to.slice(0, 1), cc: [] };
  return { to: keptTo, cc: keptCc };
}

/**
 * Reply and forward markers mail clients put in front of subjects: English `Re`, `Fwd`, `Fw`; German `AW`,
 * `WG`; Nordic `SV`, `VS`, `VB`; Dutch `Antw`; French `TR`; Polish `Odp`, `PD`; Russian `Ответ`, `Отв`,
 * `Пересл`; Chinese `回复`, `答复`, `转发`, `回覆`, `轉寄`; with counters (`Re[2]:`, `Re(2):`, `Re^2:`), a
 * space before the colon (French typography) and the full-width colon.
 */
const REPLY_MARK = '(?:re|aw|sv|vs|antw|odp|ответ|отв|回复|答复|回覆)';
const FORWARD_MARK = '(?:fwd?|wg|vb|tr|pd|пересл|転送|转发|轉寄|轉發)';
const COUNTER = '(?:\\[\\d+\\]|\\(\\d+\\)|\\^\\d+)?';
const marks = (words: string): RegExp => new RegExp(`^\\s*${words}${COUNTER}\\s*[:：]\\s*`, 'iu');
const REPLY_PREFIX = marks(REPLY_MARK);
const FORWARD_PREFIX = marks(FORWARD_MARK);

function stripLeading(subject: string, prefix: RegExp): string {
  let rest = cleanLineText(subject);
  for (let previous = ''; previous !== rest;) {
    previous = rest;
    rest = rest.replace(prefix, '');
  }
  return rest;
}

/** `Re: ` once, whatever reply markers (any language, any count) the subject had. */
export function replySubject(subject: string): string {
  return `Re: ${stripLeading(subject, REPLY_PREFIX)}`.trimEnd();
}

/** `Fwd: ` once, whatever forward markers it had; a reply marker stays (it says what was forwarded). */
export function forwardSubject(subject: string): string {
  return `Fwd: ${stripLeading(subject, FORWARD_PREFIX)}`.trimEnd();
}

/**
 * RFC 5322 3.6.4 keeps References from growing without end only by advice; the first id (the thread's root)
 * and the latest ones are what threading needs (RFC 5256 REFERENCES, JWZ), so a long chain keeps the first
 * and the last MAX_REFERENCES - 1, as Thunderbird and Gmail do.
 */
export const MAX_REFERENCES = 20;

/**
 * In-Reply-To: the original's Message-ID. References: the original's References (or, without them, its
 * In-Reply-To when that is a single id), then its Message-ID (RFC 5322 3.6.4).
 */
export function referencesFor(original: OriginalMessage): { inReplyTo?: string; references: string[] } {
  const own = messageIdsIn(original.messageId)[0];
  let chain = messageIdsIn(original.references);
  if (chain.length === 0) {
    const parent = messageIdsIn(original.inReplyTo);
    if (parent.length === 1) chain = parent;
  }
  if (own !== undefined) chain = [...chain.filter((id) => id !== own), own];
  if (chain.length > MAX_REFERENCES) chain = [chain[0] as string, ...chain.slice(-(MAX_REFERENCES - 1))];
  return own === undefined ? { references: chain } : { inReplyTo: own, references: chain };
}

/** `ann+lists@example.com` -> `ann@example.com` (RFC 5233 subaddresses). */
function withoutDetail(address: string): string {
  const parts = splitAddress(address);
  if (parts === null) return address;
  const plus = parts.local.indexOf('+');
  return plus > 0 ? `${parts.local.slice(0, plus)}@${parts.domain}` : address;
}

/**
 * The identity a reply should be written as: the one whose address the original was sent to, looked for in
 * To, then Cc, then Delivered-To/X-Original-To (mail that reached me by Bcc or an alias), then From (a reply
 * to my own message); an exact address first, else one that matches without a `+detail`. Null: none did.
 */
export function pickIdentity<I extends { readonly address: string }>(
  original: OriginalMessage,
  identities: readonly I[],
): I | null {
  const candidates = [
    ...original.to.map((a) => a.address),
    ...original.cc.map((a) => a.address),
    ...(original.deliveredTo ?? []),
    ...original.from.map((a) => a.address),
  ];
  const key = (address: string): string => mailboxKey(address).toLowerCase();
  for (const normalize of [key, (address: string) => key(withoutDetail(address))]) {
    for (const candidate of candidates) {
      const found = identities.find((identity) => normalize(identity.address) === normalize(candidate));
      if (found !== undefined) return found;
    }
  }
  return null;
}
