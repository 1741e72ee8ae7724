import { createHash } from 'node:crypto';
import type { CorpusMessage } from '../types.ts';
import { encodeText } from './charsets.ts';
import type { Person } from './people.ts';
import { collectAttachments, encodeWords, formatDate, serializeMessage } from './mime.ts';
import type { Header, HeaderValue, MimeNode, WordMode } from './mime.ts';

/** How a non-ASCII header text is written: an encoded word, or the charset's bytes raw (no encoded word). */
export interface HeaderEncoding {
  charset: string;
  mode: WordMode | 'raw';
  /** The charset name written in encoded words when it differs from the bytes. */
  label?: string;
}

export interface MailSpec {
  id: string;
  folder: string;
  flags?: string[];
  /** The instant in the Date header (also the base for INTERNALDATE). */
  date: Date;
  /** Sender's zone, minutes east of UTC, for the Date header. Default 0. */
  tz?: number;
  /** INTERNALDATE = date + this many minutes (transport delay). Default 1. */
  receivedAfterMinutes?: number;
  omitDate?: boolean;
  /** A Date header value written verbatim (malformed dates). */
  rawDate?: string;
  from?: Person;
  to?: Person[];
  cc?: Person[];
  replyTo?: Person;
  /** For display names and the subject when not ASCII. Default UTF-8 B. */
  encoding?: HeaderEncoding;
  /** Overrides `encoding` for the subject only. */
  subjectEncoding?: HeaderEncoding;
  subject?: string;
  /** The Subject header written verbatim (broken encodings); `subject` stays the decoded expectation. */
  subjectHeader?: HeaderValue;
  /** The From header written verbatim; `from` stays the expectation. */
  fromHeader?: HeaderValue;
  /** Default `<hash.id@sender-domain>`; null leaves Message-ID out. */
  messageId?: string | null;
  inReplyTo?: string;
  references?: string[];
  /** Extra headers after the standard ones (List-Id, X-Mailer, ...). */
  headers?: Header[];
  /** Omit MIME-Version (old or broken mailers). */
  omitMimeVersion?: boolean;
  body: MimeNode;
  /** Snippets a correct decoder finds in the message's text. */
  text?: string[];
}

const ASCII_PRINTABLE = /^[\x20-\x7e]*$/;
const UTF8_B: HeaderEncoding = { charset: 'UTF-8', mode: 'B' };

function encodeHeaderText(text: string, encoding: HeaderEncoding): HeaderValue {
  if (ASCII_PRINTABLE.test(text)) return text;
  if (encoding.mode === 'raw') return encodeText(text, encoding.charset);
  return encodeWords(text, encoding.charset, encoding.mode, encoding.label);
}

// RFC 5322 §3.2.3 specials: a display name holding one of these must be quoted.
const NEEDS_QUOTES = /[()<>[\]:;@\\,."]/;

function mailbox(person: Person, encoding: HeaderEncoding): HeaderValue {
  const name = encodeHeaderText(person.name, encoding);
  if (typeof name !== 'string') return Buffer.concat([name, Buffer.from(` <${person.address}>`)]);
  const display =
    ASCII_PRINTABLE.test(person.name) && NEEDS_QUOTES.test(name)
      ? `"${name.replace(/(["\\])/g, '\\$1')}"`
      : name;
  return `${display} <${person.address}>`;
}

function addressList(people: readonly Person[], encoding: HeaderEncoding): HeaderValue {
  const parts = people.map((person) => mailbox(person, encoding));
  if (parts.every((part) => typeof part === 'string')) return parts.join(', ');
  return Buffer.concat(parts.flatMap((part, i) => [Buffer.from(i === 0 ? '' : ', '), Buffer.from(part)]));
}

export function defaultMessageId(id: string, sender: Person | undefined): string {
  const domain = sender?.address.split('@')[1] ?? 'testbed.example';
  const hash = createHash('sha256').update(id).digest('hex').slice(0, 16).toUpperCase();
  return `<${hash}.${id}@${domain}>`;
}

export function compose(spec: MailSpec): CorpusMessage {
  const encoding = spec.encoding ?? UTF8_B;
  const messageId = spec.messageId === undefined ? defaultMessageId(spec.id, spec.from) : spec.messageId;
  const headers: Header[] = [];
  if (spec.rawDate !== undefined) headers.push(['Date', spec.rawDate]);
  else if (!spec.omitDate) headers.push(['Date', formatDate(spec.date, spec.tz ?? 0)]);
  if (spec.fromHeader !== undefined) headers.push(['From', spec.fromHeader]);
  else if (spec.from) headers.push(['From', mailbox(spec.from, encoding)]);
  if (spec.to?.length) headers.push(['To', addressList(spec.to, encoding)]);
  if (spec.cc?.length) headers.push(['Cc', addressList(spec.cc, encoding)]);
  if (spec.replyTo) headers.push(['Reply-To', mailbox(spec.replyTo, encoding)]);
  if (spec.subjectHeader !== undefined) headers.push(['Subject', spec.subjectHeader]);
  else if (spec.subject !== undefined) {
    headers.push(['Subject', encodeHeaderText(spec.subject, spec.subjectEncoding ?? encoding)]);
  }
  if (messageId !== null) headers.push(['Message-ID', messageId]);
  if (spec.inReplyTo) headers.push(['In-Reply-To', spec.inReplyTo]);
  if (spec.references?.length) headers.push(['References', spec.references.join(' ')]);
  if (!spec.omitMimeVersion) headers.push(['MIME-Version', '1.0']);
  headers.push(...(spec.headers ?? []));

  const attachments = collectAttachments(spec.body);
  const boundarySeed = createHash('sha256').update(spec.id).digest('base64url').slice(0, 12);
  return {
    id: spec.id,
    folder: spec.folder,
    flags: spec.flags ?? [],
    internalDate: new Date(spec.date.getTime() + (spec.receivedAfterMinutes ?? 1) * 60_000),
    uid: 0,
    raw: serializeMessage(headers, spec.body, boundarySeed),
    expect: {
      subject: spec.subject ?? '',
      ...(spec.from ? { from: spec.from.address, fromName: spec.from.name } : {}),
      ...(messageId !== null ? { messageId } : {}),
      ...(spec.text ? { textIncludes: spec.text } : {}),
      ...(attachments.length > 0 ? { attachments } : {}),
    },
  };
}
