// How the fake IMAP server writes what it answers: FETCH items, ENVELOPE, BODYSTRUCTURE, dates, quoted strings
// and UID sets. Only for tests.

import type { FakeMessage } from './fake-message.ts';

const encoder = new TextEncoder();

export interface FetchOptions {
  /** Upper-cased item list as the client sent it. */
  readonly items: string;
  /** MODSEQ is included (CONDSTORE is on for the connection, RFC 7162 3.1.4). */
  readonly modseq: boolean;
}

export function fetchResponse(
  seq: number,
  message: FakeMessage,
  options: FetchOptions,
): (string | Uint8Array)[] {
  const { items } = options;
  const parts: (string | Uint8Array)[] = [`* ${seq} FETCH (UID ${message.uid}`];
  if (items.includes('FLAGS')) parts.push(` FLAGS (${(message.flags ?? []).join(' ')})`);
  if (options.modseq) parts.push(` MODSEQ (${message.modseq ?? 1})`);
  if (items.includes('INTERNALDATE')) parts.push(` INTERNALDATE "${internalDate(message.internalDate)}"`);
  if (items.includes('RFC822.SIZE')) parts.push(` RFC822.SIZE ${message.size ?? 1234}`);
  if (items.includes('ENVELOPE')) parts.push(' ENVELOPE (', ...envelope(message), ')');
  if (items.includes('BODYSTRUCTURE')) parts.push(` BODYSTRUCTURE ${bodyStructure(message)}`);
  parts.push(')\r\n');
  return parts;
}

function envelope(message: FakeMessage): (string | Uint8Array)[] {
  const subject = message.subject;
  // Subjects go as literals: raw 8-bit bytes (a GBK subject) pass through untouched.
  const bytes = typeof subject === 'string' ? encoder.encode(subject) : subject;
  const subjectPart = bytes === undefined ? ['NIL'] : [`{${bytes.length}}\r\n`, bytes];
  const from = message.from ? `(${address(message.from)})` : 'NIL';
  const to = message.to ? `(${message.to.map(address).join('')})` : '(("Demo" NIL "demo" "example.org"))';
  return [
    message.date === undefined ? 'NIL' : quote(message.date),
    ' ',
    ...subjectPart,
    ` ${from} ${from} ${from} ${to} NIL NIL NIL ${quote(`<m${message.uid}@example.org>`)}`,
  ];
}

function address(a: { name?: string; mailbox: string; host: string }): string {
  return `(${a.name === undefined ? 'NIL' : quote(a.name)} NIL ${quote(a.mailbox)} ${quote(a.host)})`;
}

function bodyStructure(message: FakeMessage): string {
  const text = '("TEXT" "PLAIN" ("CHARSET" "UTF-8") NIL NIL "7BIT" 100 5 NIL NIL NIL NIL)';
  if (!message.attachment) return text;
  return `(${text}("APPLICATION" "PDF" ("NAME" "a.pdf") NIL NIL "BASE64" 400 NIL ("ATTACHMENT" ("FILENAME" "a.pdf")) NIL NIL) "MIXED" ("BOUNDARY" "b") NIL NIL NIL)`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function internalDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getUTCDate())}-${MONTHS[date.getUTCMonth()]}-${date.getUTCFullYear()} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

export function quote(text: string): string {
  return `"${text.replace(/[\\"]/g, '\\$&')}"`;
}

/** The quoted or atom arguments of a command line, unquoted. */
export function unquoteArgs(text: string): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)) {
    out.push(match[1] === undefined ? (match[2] ?? '') : match[1].replace(/\\(.)/g, '$1'));
  }
  return out;
}

/** SASL PLAIN (RFC 4616): authzid NUL authcid NUL password. */
export function decodePlain(base64: string): string[] {
  const [, user = '', password = ''] = atob(base64).split('\0');
  return [user, password];
}

/** Ascending numbers as a compact set: 1:3,7,9:10. */
export function formatUidSet(numbers: readonly number[]): string {
  const sorted = [...numbers].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && (sorted[j + 1] as number) === (sorted[j] as number) + 1) j++;
    parts.push(i === j ? `${sorted[i]}` : `${sorted[i]}:${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}
