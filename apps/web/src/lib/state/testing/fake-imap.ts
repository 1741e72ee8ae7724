// A scripted IMAP server for the state and component tests: an in-memory Transport that answers the commands the
// app sends (CAPABILITY, AUTHENTICATE PLAIN / LOGIN, LIST [RETURN (SPECIAL-USE STATUS ...)], STATUS, SELECT,
// UID SORT, UID SEARCH [RETURN (...)], UID FETCH, UID STORE, LOGOUT, NOOP) from folders described in the test.
// Every line the client sends is logged, and so is every tagged answer, so a test can check what was
// pipelined. `push()` injects unsolicited responses (EXISTS, EXPUNGE, FETCH) as another client would cause.
// Only for tests: nothing in the app imports it.

import { encodeModifiedUtf7, parseSequenceSet } from '@webmail/imap-core';
import type { ConnectionError, NumberRange, Transport, TransportHandlers } from '@webmail/imap-core';

export interface FakeMessage {
  uid: number;
  flags?: string[];
  /** RFC 5322 Date header; omitted means none. */
  date?: string;
  internalDate: Date;
  /** A string (sent as UTF-8) or raw bytes (raw 8-bit header). */
  subject?: string | Uint8Array;
  from?: { name?: string; mailbox: string; host: string };
  to?: { name?: string; mailbox: string; host: string }[];
  size?: number;
  attachment?: boolean;
}

export interface FakeFolder {
  /** Decoded name, '/' separated. */
  name: string;
  attributes?: string[];
  uidValidity?: number;
  messages?: FakeMessage[];
}

export interface FakeServerOptions {
  capabilities?: string[];
  user?: string;
  password?: string;
  folders?: FakeFolder[];
  /** Text of an [ALERT] sent with a successful login. */
  loginAlert?: string;
  /** Delays the answer to commands whose line matches, in ms (to test what happens meanwhile). */
  delays?: { match: RegExp; ms: number }[];
}

export const FULL_CAPABILITIES = [
  'IMAP4rev1',
  'SASL-IR',
  'AUTH=PLAIN',
  'LITERAL+',
  'ENABLE',
  'IDLE',
  'SORT',
  'UIDPLUS',
  'LIST-EXTENDED',
  'LIST-STATUS',
  'SPECIAL-USE',
  'ESEARCH',
  'MOVE',
];

interface Folder {
  name: string;
  wireName: string;
  attributes: string[];
  uidValidity: number;
  messages: FakeMessage[];
}

const encoder = new TextEncoder();

export class FakeImapServer {
  /** Client lines and server tagged answers in order: 'C: A1 LOGIN ...', 'S: A1 OK'. */
  readonly log: string[] = [];
  readonly folders: Folder[];
  capabilities: string[];
  selected: Folder | null = null;
  closed = false;
  private handlers: TransportHandlers | null = null;
  private buffer = '';
  private readonly options: FakeServerOptions;

  constructor(options: FakeServerOptions = {}) {
    this.options = options;
    this.capabilities = options.capabilities ?? FULL_CAPABILITIES;
    this.folders = (options.folders ?? [{ name: 'INBOX' }]).map((folder, index) => ({
      name: folder.name,
      wireName: folder.name === 'INBOX' ? 'INBOX' : encodeModifiedUtf7(folder.name),
      attributes: folder.attributes ?? [],
      uidValidity: folder.uidValidity ?? 1000 + index,
      messages: [...(folder.messages ?? [])].sort((a, b) => a.uid - b.uid),
    }));
  }

  /** A transport connected to this server (the greeting is sent when the client opens it). */
  transport(): Transport {
    return {
      secure: true,
      open: (handlers) => {
        this.handlers = handlers;
        this.write('* OK fake IMAP ready\r\n');
      },
      send: (bytes) => this.receive(bytes),
      close: () => this.close(null),
    };
  }

  /** Client lines whose command matches, e.g. lines(/UID FETCH/). */
  lines(match: RegExp): string[] {
    return this.log.filter((line) => line.startsWith('C: ') && match.test(line)).map((line) => line.slice(3));
  }

  folder(name: string): Folder {
    const folder = this.folders.find((f) => f.name === name);
    if (!folder) throw new Error(`no folder ${name}`);
    return folder;
  }

  /** Unsolicited data, as when another client changes the mailbox. */
  push(text: string | Uint8Array): void {
    this.write(text);
  }

  /** Ends the connection the way the proxy does (a WebSocket close code becomes a ConnectionError). */
  close(error: ConnectionError | null): void {
    if (this.closed) return;
    this.closed = true;
    this.handlers?.close(error);
  }

  private write(data: string | Uint8Array): void {
    if (this.closed) return;
    this.handlers?.data(typeof data === 'string' ? encoder.encode(data) : data);
  }

  private receive(bytes: Uint8Array): void {
    this.buffer += new TextDecoder().decode(bytes);
    let end: number;
    while ((end = this.buffer.indexOf('\r\n')) >= 0) {
      const line = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      this.log.push(`C: ${line.replace(/^(\S+ (?:LOGIN \S+|AUTHENTICATE PLAIN)) .*/, '$1 ***')}`);
      const delay = this.options.delays?.find((d) => d.match.test(line))?.ms ?? 0;
      const answer = () => this.answer(line);
      if (delay > 0) setTimeout(answer, delay);
      else queueMicrotask(answer);
    }
  }

  private answer(line: string): void {
    const [tag = '', ...rest] = line.split(' ');
    const command = rest.join(' ');
    const upper = command.toUpperCase();
    const chunks: (string | Uint8Array)[] = [];
    let status = 'OK done';
    try {
      if (upper === 'CAPABILITY') chunks.push(`* CAPABILITY ${this.capabilities.join(' ')}\r\n`);
      else if (upper.startsWith('AUTHENTICATE PLAIN '))
        status = this.login(decodePlain(rest[2] ?? ''), chunks);
      else if (upper.startsWith('LOGIN ')) status = this.login(unquoteArgs(command.slice(6)), chunks);
      else if (upper.startsWith('LIST ')) this.list(command, chunks);
      else if (upper.startsWith('STATUS ')) this.status(command, chunks);
      else if (upper.startsWith('SELECT ') || upper.startsWith('EXAMINE '))
        status = this.select(command, chunks);
      else if (upper.startsWith('UID SORT ')) this.sort(chunks);
      else if (upper.startsWith('UID SEARCH ')) this.search(tag, upper, chunks);
      else if (upper.startsWith('UID FETCH ')) this.fetch(command.slice(10), chunks);
      else if (upper.startsWith('UID STORE ')) this.store(command.slice(10), chunks);
      else if (upper === 'LOGOUT') {
        chunks.push('* BYE logging out\r\n');
        status = 'OK bye';
      } else if (upper !== 'NOOP') status = 'BAD unknown command';
    } catch (error) {
      status = `BAD ${(error as Error).message}`;
    }
    for (const chunk of chunks) this.write(chunk);
    this.log.push(`S: ${tag} ${status.split(' ')[0]}`);
    this.write(`${tag} ${status}\r\n`);
    if (upper === 'LOGOUT') this.close(null);
  }

  private login([user, password]: string[], chunks: (string | Uint8Array)[]): string {
    if (user !== (this.options.user ?? 'demo') || password !== (this.options.password ?? 'secret')) {
      return 'NO [AUTHENTICATIONFAILED] Authentication failed.';
    }
    if (this.options.loginAlert) chunks.push(`* OK [ALERT] ${this.options.loginAlert}\r\n`);
    return `OK [CAPABILITY ${this.capabilities.join(' ')}] Logged in`;
  }

  private list(command: string, chunks: (string | Uint8Array)[]): void {
    const withStatus = /RETURN \(.*STATUS/i.test(command);
    for (const folder of this.folders) {
      chunks.push(`* LIST (${folder.attributes.join(' ')}) "/" ${quote(folder.wireName)}\r\n`);
      if (withStatus && !folder.attributes.some((a) => /\\noselect/i.test(a))) {
        chunks.push(`* STATUS ${quote(folder.wireName)} ${this.statusItems(folder)}\r\n`);
      }
    }
  }

  private status(command: string, chunks: (string | Uint8Array)[]): void {
    const folder = this.byWireName(unquoteArgs(command.slice(7))[0] ?? '');
    chunks.push(`* STATUS ${quote(folder.wireName)} ${this.statusItems(folder)}\r\n`);
  }

  private statusItems(folder: Folder): string {
    const unseen = folder.messages.filter((m) => !(m.flags ?? []).includes('\\Seen')).length;
    return `(MESSAGES ${folder.messages.length} UNSEEN ${unseen})`;
  }

  private select(command: string, chunks: (string | Uint8Array)[]): string {
    const folder = this.byWireName(unquoteArgs(command.split(' ').slice(1).join(' '))[0] ?? '');
    this.selected = folder;
    const uidNext = (folder.messages.at(-1)?.uid ?? 0) + 1;
    chunks.push(
      '* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n',
      `* ${folder.messages.length} EXISTS\r\n`,
      `* OK [UIDVALIDITY ${folder.uidValidity}] ok\r\n`,
      `* OK [UIDNEXT ${uidNext}] ok\r\n`,
    );
    return 'OK [READ-WRITE] selected';
  }

  private sort(chunks: (string | Uint8Array)[]): void {
    const messages = [...this.mailbox().messages].sort((a, b) => sortDate(b) - sortDate(a) || b.uid - a.uid);
    chunks.push(`* SORT ${messages.map((m) => m.uid).join(' ')}\r\n`.replace('SORT \r', 'SORT\r'));
  }

  private search(tag: string, upper: string, chunks: (string | Uint8Array)[]): void {
    const unseen = upper.endsWith(' UNSEEN');
    const uids = this.mailbox()
      .messages.filter((m) => !unseen || !(m.flags ?? []).includes('\\Seen'))
      .map((m) => m.uid);
    if (upper.includes('RETURN (COUNT)'))
      chunks.push(`* ESEARCH (TAG "${tag}") UID COUNT ${uids.length}\r\n`);
    else if (upper.includes('RETURN (ALL)')) {
      const all = uids.length === 0 ? '' : ` ALL ${uids.join(',')}`;
      chunks.push(`* ESEARCH (TAG "${tag}") UID${all}\r\n`);
    } else chunks.push(`* SEARCH ${uids.join(' ')}\r\n`.replace('SEARCH \r', 'SEARCH\r'));
  }

  private fetch(args: string, chunks: (string | Uint8Array)[]): void {
    const [set = '', ...itemWords] = args.split(' ');
    const items = itemWords.join(' ').toUpperCase();
    const ranges = parseSequenceSet(set);
    const messages = this.mailbox().messages;
    const highest = messages.at(-1)?.uid ?? 0;
    messages.forEach((message, index) => {
      if (!inRanges(ranges, message.uid, highest)) return;
      chunks.push(...fetchResponse(index + 1, message, items));
    });
  }

  private store(args: string, chunks: (string | Uint8Array)[]): void {
    const match = /^(\S+) ([+-]?)FLAGS(\.SILENT)? \(([^)]*)\)/i.exec(args);
    if (!match) throw new Error('bad STORE');
    const [, set = '', sign, silent, list = ''] = match;
    const flags = list.split(' ').filter(Boolean);
    const ranges = parseSequenceSet(set);
    const messages = this.mailbox().messages;
    messages.forEach((message, index) => {
      if (!inRanges(ranges, message.uid, messages.at(-1)?.uid ?? 0)) return;
      const current = new Set(sign === '' ? [] : (message.flags ?? []));
      if (sign === '-') flags.forEach((f) => current.delete(f));
      else flags.forEach((f) => current.add(f));
      message.flags = [...current];
      if (!silent)
        chunks.push(`* ${index + 1} FETCH (UID ${message.uid} FLAGS (${message.flags.join(' ')}))\r\n`);
    });
  }

  private mailbox(): Folder {
    if (!this.selected) throw new Error('no mailbox selected');
    return this.selected;
  }

  private byWireName(name: string): Folder {
    const folder = this.folders.find(
      (f) => f.wireName === name || (name.toUpperCase() === 'INBOX' && f.name === 'INBOX'),
    );
    if (!folder) throw new Error(`no mailbox ${name}`);
    return folder;
  }
}

/** Messages 1..count with a date one hour apart (UID i is the i-th oldest), for big-folder tests. */
export function generatedMessages(count: number, start = Date.UTC(2024, 0, 1)): FakeMessage[] {
  return Array.from({ length: count }, (_, i) => ({
    uid: i + 1,
    flags: i % 3 === 0 ? [] : ['\\Seen'],
    date: new Date(start + i * 3_600_000).toUTCString(),
    internalDate: new Date(start + i * 3_600_000),
    subject: `Message ${i + 1}`,
    from: { name: `Sender ${i + 1}`, mailbox: `s${i + 1}`, host: 'example.org' },
    size: 1000 + i,
  }));
}

function sortDate(message: FakeMessage): number {
  const date = message.date === undefined ? NaN : Date.parse(message.date);
  return Number.isNaN(date) ? message.internalDate.getTime() : date;
}

function inRanges(ranges: readonly NumberRange[], uid: number, highest: number): boolean {
  return ranges.some((range) => {
    const end = range.end === Infinity ? highest : range.end;
    // RFC 9051 6.4.8: n:* when n is above every UID still means the highest one.
    const start = range.end === Infinity ? Math.min(range.start, highest) : range.start;
    return uid >= Math.min(start, end) && uid <= Math.max(start, end);
  });
}

function fetchResponse(seq: number, message: FakeMessage, items: string): (string | Uint8Array)[] {
  const parts: (string | Uint8Array)[] = [`* ${seq} FETCH (UID ${message.uid}`];
  if (items.includes('FLAGS')) parts.push(` FLAGS (${(message.flags ?? []).join(' ')})`);
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

function quote(text: string): string {
  return `"${text.replace(/[\\"]/g, '\\$&')}"`;
}

/** The quoted or atom arguments of a command line, unquoted. */
function unquoteArgs(text: string): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)) {
    out.push(match[1] === undefined ? (match[2] ?? '') : match[1].replace(/\\(.)/g, '$1'));
  }
  return out;
}

/** SASL PLAIN (RFC 4616): authzid NUL authcid NUL password. */
function decodePlain(base64: string): string[] {
  const [, user = '', password = ''] = atob(base64).split('\0');
  return [user, password];
}
