// What the differential test compares: a composed case's expectation and what a parser gave back, both
// reduced to the same plain, JSON-safe shape (it crosses into Chromium and back).
//
// Two normalizations, each for a reason outside the message:
// - Addresses: an IDN domain is compared by its A-labels. Without utf8Headers the header carries A-labels
//   (RFC 5890: the same domain); mailparser turns them back into Unicode (punycode.js), postal-mime does not.
// - message/rfc822 parts read by postal-mime: its pass-through decoder re-joins a 7bit/8bit part's lines with
//   LF (pinned for the corpus as known-differences.ts 'forwarded-rfc822') and keeps the line break that
//   belongs to the next boundary (RFC 2046 5.1.1) as one more LF at the end, so there line ends are compared
//   as LF and final line breaks are left out; mailparser's bytes must match exactly.
import { asciiDomain, splitAddress } from '../../src/lib/compose/address-validate.ts';
import type { ComposeCase, Expected } from './cases.ts';
import type { KnownDifference, Parser } from './known-difference.ts';
import type { MailparserAddressObject, MailparserMail } from '../differential/mailparser.ts';

export type { KnownDifference, Parser } from './known-difference.ts';

export interface ComparableAttachment {
  filename: string | null;
  contentType: string;
  contentId: string | null;
  /** Hex of the bytes: readable in a diff, exact. */
  content: string;
}

export interface ComparableMessage extends Omit<Expected, 'attachments'> {
  attachments: ComparableAttachment[];
}

/** Line ends as LF and no final line breaks: a body's last line break is the MIME writer's, not the text's. */
export function normalizeBody(text: string | null | undefined): string {
  return (text ?? '').replace(/\r\n?/g, '\n').replace(/\n+$/, '');
}

function normalizeAddress(address: string): string {
  const parts = splitAddress(address);
  if (parts === null) return address;
  return `${parts.local}@${(asciiDomain(parts.domain) ?? parts.domain).toLowerCase()}`;
}

function hex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out;
}

/** LF line ends, final line breaks left out (postal-mime's reading of a 7bit/8bit part). */
function lfLines(bytes: Uint8Array): Uint8Array {
  const lf = bytes.filter((byte, i) => !(byte === 0x0d && bytes[i + 1] === 0x0a));
  let end = lf.length;
  while (end > 0 && lf[end - 1] === 0x0a) end--;
  return lf.subarray(0, end);
}

const normalizeContentId = (id: string | null | undefined): string | null =>
  id
    ? id
        .trim()
        .replace(/^<(.*)>$/, '$1')
        .toLowerCase()
    : null;

/** What the reader must get back for a case: what was composed, with the case's written-out exceptions. */
export function expectedOf(c: ComposeCase): Expected {
  const m = c.message;
  const person = (list: readonly { name?: string; address: string }[] | undefined) =>
    (list ?? []).map((a) => ({ name: a.name ?? '', address: a.address }));
  const inline = m.html === undefined ? [] : m.attachments.filter((a) => a.contentId !== undefined);
  const ordered = [...inline, ...m.attachments.filter((a) => !inline.includes(a))];
  return {
    subject: m.subject,
    from: person([m.from]),
    replyTo: person(m.replyTo),
    to: person(m.to),
    cc: person(m.cc),
    bcc: c.options.bcc === 'keep' ? person(m.bcc) : [],
    messageId: m.messageId,
    inReplyTo: m.inReplyTo ?? null,
    references: m.references ?? [],
    date: Math.floor(m.date.getTime() / 1000) * 1000,
    text: normalizeBody(m.text),
    html: m.html === undefined ? null : normalizeBody(m.html),
    attachments: ordered.map((a) => ({
      filename: a.filename,
      contentType: (a.contentType.split(';')[0] as string).trim().toLowerCase(),
      contentId: normalizeContentId(a.contentId),
      content: a.content,
    })),
    ...c.expect,
  };
}

/** Either side, made comparable; `parser` says whose message/rfc822 line ends are LF (see the file's head). */
export function comparable(
  message: Expected,
  parser: Parser | 'expected-for-postal-mime' | 'expected',
): ComparableMessage {
  const people = (list: Required<{ name: string; address: string }>[]) =>
    list.map((a) => ({ name: a.name, address: normalizeAddress(a.address) }));
  const lf = parser === 'postal-mime' || parser === 'expected-for-postal-mime';
  return {
    ...message,
    from: people(message.from),
    replyTo: people(message.replyTo),
    to: people(message.to),
    cc: people(message.cc),
    bcc: people(message.bcc),
    text: normalizeBody(message.text),
    html: message.html === null ? null : normalizeBody(message.html),
    attachments: message.attachments.map((a) => ({
      ...a,
      content: hex(lf && a.contentType === 'message/rfc822' ? lfLines(a.content) : a.content),
    })),
  };
}

function mailparserPeople(field: MailparserAddressObject | MailparserAddressObject[] | undefined) {
  const list = field === undefined ? [] : Array.isArray(field) ? field : [field];
  return list.flatMap((object) =>
    object.value.flatMap((entry) =>
      (entry.group ?? [entry]).map((member) => ({ name: member.name, address: member.address ?? '' })),
    ),
  );
}

/** mailparser's ParsedMail in the expectation's shape. */
export function fromMailparser(mail: MailparserMail): Expected {
  const references = mail.references === undefined ? [] : [mail.references].flat();
  return {
    subject: mail.subject ?? '',
    from: mailparserPeople(mail.from),
    replyTo: mailparserPeople(mail.replyTo),
    to: mailparserPeople(mail.to),
    cc: mailparserPeople(mail.cc),
    bcc: mailparserPeople(mail.bcc),
    messageId: mail.messageId ?? '',
    inReplyTo: mail.inReplyTo ?? null,
    references,
    date: mail.date?.getTime() ?? Number.NaN,
    text: normalizeBody(mail.text),
    html: mail.html === false || mail.html === undefined ? null : normalizeBody(mail.html),
    attachments: mail.attachments.map((a) => ({
      filename: a.filename ?? null,
      contentType: a.contentType.toLowerCase(),
      contentId: normalizeContentId(a.cid ?? a.contentId),
      content: new Uint8Array(a.content),
    })),
  };
}

/** The fields the app's parser worker returns (ParsedMessage), as they come out of the page. */
export interface WorkerResult {
  subject: string;
  from: { name: string; address: string }[];
  replyTo: { name: string; address: string }[];
  to: { name: string; address: string }[];
  cc: { name: string; address: string }[];
  bcc: { name: string; address: string }[];
  messageId: string | null;
  inReplyTo: string | null;
  references: string | null;
  date: string | null;
  text: string | null;
  html: string | null;
  attachments: { filename: string | null; mimeType: string; contentId: string | null; base64: string }[];
}

export function fromWorker(result: WorkerResult): Expected {
  return {
    subject: result.subject,
    from: result.from,
    replyTo: result.replyTo,
    to: result.to,
    cc: result.cc,
    bcc: result.bcc,
    messageId: result.messageId ?? '',
    inReplyTo: result.inReplyTo,
    references: result.references?.match(/<[^<>\s]+>/g) ?? [],
    date: result.date === null ? Number.NaN : Date.parse(result.date),
    text: normalizeBody(result.text),
    html: result.html === null ? null : normalizeBody(result.html),
    attachments: result.attachments.map((a) => ({
      filename: a.filename,
      contentType: a.mimeType.toLowerCase(),
      contentId: normalizeContentId(a.contentId),
      content: Uint8Array.from(atob(a.base64), (c) => c.charCodeAt(0)),
    })),
  };
}

/**
 * Checks each pinned difference of `parser` (the observed value must be exactly the pinned one) and returns
 * the observed message with those values replaced by the expected ones, for the comparison of the rest.
 */
export function settleKnownDifferences(
  observed: ComparableMessage,
  expected: ComparableMessage,
  known: readonly KnownDifference[],
  parser: Parser,
): { settled: ComparableMessage; mismatches: string[] } {
  const settled = structuredClone(observed);
  const mismatches: string[] = [];
  for (const difference of known.filter((d) => d.parser === parser)) {
    const keys = difference.path.split('.');
    const last = keys.pop() as string;
    const walk = (root: unknown): Record<string, unknown> =>
      keys.reduce((node, key) => (node as Record<string, unknown>)[key], root) as Record<string, unknown>;
    const holder = walk(settled);
    if (JSON.stringify(holder[last]) !== JSON.stringify(difference.value)) {
      mismatches.push(
        `${parser} ${difference.path}: ${JSON.stringify(holder[last])}, pinned ${JSON.stringify(difference.value)}`,
      );
    }
    holder[last] = walk(expected)[last];
  }
  return { settled, mismatches };
}
