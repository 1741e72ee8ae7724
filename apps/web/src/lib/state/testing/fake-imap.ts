// A scripted IMAP server for the state and component tests: an in-memory Transport that answers the commands
// the app sends (CAPABILITY, AUTHENTICATE PLAIN / LOGIN, ENABLE (when asked to),
// LIST [(SUBSCRIBED)] [RETURN (SUBSCRIBED SPECIAL-USE STATUS ...)], LSUB, SUBSCRIBE, UNSUBSCRIBE, STATUS,
// SELECT/EXAMINE [(CONDSTORE)|(QRESYNC ...)], UID SORT/SEARCH with criteria (fake-search.ts), UID FETCH
// [(CHANGEDSINCE n [VANISHED])], UID STORE, UID COPY/MOVE/EXPUNGE, EXPUNGE, CREATE, DELETE, IDLE, UNSELECT,
// CLOSE, LOGOUT, NOOP) from folders described in the test. The subscription list is the server's, kept as
// Dovecot keeps it: SUBSCRIBE and UNSUBSCRIBE change it, CREATE, RENAME and DELETE do not. Literals ({n} and
// {n+}) are read as the client sends them. Every line the client sends is logged, and so is every tagged
// answer, so a test can check what was pipelined.
//
// Each transport() is a new connection to the same folders (a reconnect finds the mailbox as it was left);
// push()/close()/selected act on the latest one. What another client would do is `deliver`, `setFlags` and
// `expunge`: every connection with that folder selected hears of it (EXISTS, FETCH, EXPUNGE or VANISHED).
// Only for tests: nothing in the app imports it.

import { decodeModifiedUtf7, encodeModifiedUtf7, parseSequenceSet } from '@webmail/imap-core';
import type { ConnectionError, Transport, TransportHandlers } from '@webmail/imap-core';
import { inRanges, parseCriteria, subjectText, tokenize } from './fake-search.ts';
import type { Token } from './fake-search.ts';
import { decodePlain, fetchResponse, formatUidSet, quote, unquoteArgs } from './fake-wire.ts';
import type { FakeMessage } from './fake-message.ts';

export type { FakeMessage } from './fake-message.ts';

export interface FakeFolder {
  /** Decoded name, '/' separated. */
  name: string;
  /** The name on the wire; default `name` in modified UTF-7. Set it to list a name that does not decode. */
  wireName?: string;
  attributes?: string[];
  uidValidity?: number;
  messages?: FakeMessage[];
  /** PERMANENTFLAGS sent on SELECT; default the system flags and \* (keywords may be created). */
  permanentFlags?: string[];
  /** COPY/MOVE into this folder is refused with NO [OVERQUOTA]. */
  overQuota?: boolean;
}

export interface FakeServerOptions {
  capabilities?: string[];
  user?: string;
  password?: string;
  folders?: FakeFolder[];
  /** Folders missing from the subscription list; every other folder starts subscribed. */
  unsubscribed?: string[];
  /** Text of an [ALERT] sent with a successful login. */
  loginAlert?: string;
  /** Delays the answer to commands whose line matches, in ms (to test what happens meanwhile). */
  delays?: { match: RegExp; ms: number }[];
  /** Holds the answer to commands whose line matches until `until` settles (what happens meanwhile, untimed). */
  holds?: { match: RegExp; until: Promise<unknown> }[];
  /**
   * Answer ENABLE (RFC 5161) for the capabilities offered, e.g. QRESYNC (then VANISHED replaces EXPUNGE).
   * Default false: ENABLE gets BAD, as from a server that refuses it.
   */
  enable?: boolean;
}

export const FULL_CAPABILITIES = [
  'IMAP4rev1',
  'SASL-IR',
  'AUTH=PLAIN',
  'LITERAL+',
  'ENABLE',
  'IDLE',
  'SORT',
  'ESORT',
  'UIDPLUS',
  'LIST-EXTENDED',
  'LIST-STATUS',
  'SPECIAL-USE',
  'ESEARCH',
  'MOVE',
];

/** FULL_CAPABILITIES plus CONDSTORE and QRESYNC (RFC 7162), as Dovecot offers them. */
export const QRESYNC_CAPABILITIES = [...FULL_CAPABILITIES, 'CONDSTORE', 'QRESYNC'];

const SYSTEM_FLAGS = ['\\Answered', '\\Flagged', '\\Deleted', '\\Seen', '\\Draft'];

interface Folder {
  name: string;
  wireName: string;
  attributes: string[];
  uidValidity: number;
  messages: FakeMessage[];
  permanentFlags?: string[];
  overQuota?: boolean;
  /** Next UID to give; at least one above the highest message's. */
  uidNext?: number;
  highestModseq?: number;
  /** Expunged UIDs with the mod-sequence of their expunge, for QRESYNC's VANISHED (EARLIER). */
  expunged?: { uid: number; modseq: number }[];
}

type Chunk = string | Uint8Array;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** One client connection: its bytes, its selected folder and what it ENABLEd. */
class Connection {
  handlers: TransportHandlers | null = null;
  buffer = new Uint8Array(0);
  /** A command line read up to a literal, and how many literal bytes are still to come. */
  partial: { logged: string; parsed: string } | null = null;
  literal: number | null = null;
  closed = false;
  selected: Folder | null = null;
  readonly enabled = new Set<string>();
  /** CONDSTORE is on: MODSEQ in FETCH responses (RFC 7162 3.1). */
  condstore = false;
  idleTag: string | null = null;

  write(data: Chunk): void {
    if (this.closed) return;
    this.handlers?.data(typeof data === 'string' ? encoder.encode(data) : data);
  }

  close(error: ConnectionError | null): void {
    if (this.closed) return;
    this.closed = true;
    this.handlers?.close(error);
  }
}

export class FakeImapServer {
  /** Client lines and server tagged answers in order: 'C: A1 LOGIN ...', 'S: A1 OK'. */
  readonly log: string[] = [];
  readonly folders: Folder[];
  /** Decoded names in the subscription list; a name may outlive its folder (RFC 9051 6.3.7). */
  readonly subscriptions: Set<string>;
  capabilities: string[];
  private readonly connections: Connection[] = [];
  private readonly options: FakeServerOptions;

  constructor(options: FakeServerOptions = {}) {
    this.options = options;
    this.capabilities = options.capabilities ?? FULL_CAPABILITIES;
    this.folders = (options.folders ?? [{ name: 'INBOX' }]).map((folder, index) => ({
      name: folder.name,
      wireName: folder.wireName ?? (folder.name === 'INBOX' ? 'INBOX' : encodeModifiedUtf7(folder.name)),
      attributes: folder.attributes ?? [],
      uidValidity: folder.uidValidity ?? 1000 + index,
      messages: [...(folder.messages ?? [])].sort((a, b) => a.uid - b.uid),
      ...(folder.permanentFlags ? { permanentFlags: folder.permanentFlags } : {}),
      ...(folder.overQuota ? { overQuota: true } : {}),
    }));
    const unsubscribed = new Set(options.unsubscribed ?? []);
    this.subscriptions = new Set(this.folders.map((f) => f.name).filter((name) => !unsubscribed.has(name)));
  }

  /** A new connection to this server (the greeting is sent when the client opens it). */
  transport(): Transport {
    const connection = new Connection();
    this.connections.push(connection);
    return {
      secure: true,
      open: (handlers) => {
        connection.handlers = handlers;
        connection.write('* OK fake IMAP ready\r\n');
      },
      send: (bytes) => this.receive(connection, bytes),
      close: () => connection.close(null),
    };
  }

  /** The folder the latest connection has selected. */
  get selected(): Folder | null {
    return this.latest?.selected ?? null;
  }

  set selected(folder: Folder | null) {
    if (this.latest) this.latest.selected = folder;
  }

  /** Whether the latest connection is closed. */
  get closed(): boolean {
    return this.latest?.closed ?? false;
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

  /** Unsolicited data on the latest connection, as when another client changes the mailbox. */
  push(text: string | Uint8Array): void {
    this.latest?.write(text);
  }

  /** Ends the latest connection the way the proxy does (a WebSocket close code becomes a ConnectionError). */
  close(error: ConnectionError | null): void {
    this.latest?.close(error);
  }

  /** Another client's delivery: the message gets the next UID; connections with the folder selected see EXISTS. */
  deliver(name: string, message: Omit<FakeMessage, 'uid'>): number {
    const folder = this.folder(name);
    const uid = this.take(folder);
    folder.messages.push({ ...message, uid, modseq: this.bump(folder) });
    this.tell(folder, null, () => [`* ${folder.messages.length} EXISTS\r\n`]);
    return uid;
  }

  /** Another client sets a message's flags: connections with the folder selected see the FETCH. */
  setFlags(name: string, uid: number, flags: string[]): void {
    const folder = this.folder(name);
    const index = folder.messages.findIndex((m) => m.uid === uid);
    const message = folder.messages[index];
    if (!message) throw new Error(`no UID ${uid} in ${name}`);
    message.flags = flags;
    message.modseq = this.bump(folder);
    this.tell(folder, null, (c) =>
      fetchResponse(index + 1, message, { items: 'FLAGS', modseq: c.condstore }),
    );
  }

  /** Another client expunges: connections with the folder selected see EXPUNGE (or VANISHED with QRESYNC). */
  expunge(name: string, uids: readonly number[]): void {
    const folder = this.folder(name);
    this.remove(
      folder,
      folder.messages.filter((m) => uids.includes(m.uid)),
      null,
    );
  }

  private get latest(): Connection | undefined {
    return this.connections.at(-1);
  }

  // --- reading commands ------------------------------------------------------------------------------------

  private receive(connection: Connection, bytes: Uint8Array): void {
    const joined = new Uint8Array(connection.buffer.length + bytes.length);
    joined.set(connection.buffer);
    joined.set(bytes, connection.buffer.length);
    connection.buffer = joined;
    for (;;) {
      const buffer = connection.buffer;
      if (connection.literal !== null) {
        if (buffer.length < connection.literal) return;
        const text = decoder.decode(buffer.subarray(0, connection.literal));
        connection.buffer = buffer.slice(connection.literal);
        connection.literal = null;
        const partial = connection.partial ?? { logged: '', parsed: '' };
        connection.partial = { logged: partial.logged + text, parsed: partial.parsed + quote(text) };
        continue;
      }
      const end = indexOfCrlf(buffer);
      if (end < 0) return;
      const line = decoder.decode(buffer.subarray(0, end));
      connection.buffer = buffer.slice(end + 2);
      const partial = connection.partial ?? { logged: '', parsed: '' };
      const literal = /\{(\d+)(\+?)\}$/.exec(line);
      if (literal) {
        connection.partial = {
          logged: partial.logged + line,
          parsed: partial.parsed + line.slice(0, literal.index),
        };
        connection.literal = Number(literal[1]);
        if (literal[2] === '') connection.write('+ go ahead\r\n');
        continue;
      }
      connection.partial = null;
      this.dispatch(connection, partial.logged + line, partial.parsed + line);
    }
  }

  private dispatch(connection: Connection, logged: string, line: string): void {
    this.log.push(`C: ${logged.replace(/^(\S+ (?:LOGIN \S+|AUTHENTICATE PLAIN)) .*/, '$1 ***')}`);
    if (connection.idleTag !== null && line.toUpperCase() === 'DONE') {
      const tag = connection.idleTag;
      connection.idleTag = null;
      this.log.push(`S: ${tag} OK`);
      connection.write(`${tag} OK IDLE terminated\r\n`);
      return;
    }
    const delay = this.options.delays?.find((d) => d.match.test(line))?.ms ?? 0;
    const hold = this.options.holds?.find((h) => h.match.test(line));
    const answer = () => this.answer(connection, line);
    if (hold) void hold.until.finally(answer);
    else if (delay > 0) setTimeout(answer, delay);
    else queueMicrotask(answer);
  }

  private answer(connection: Connection, line: string): void {
    if (connection.closed) return;
    const [tag = '', ...rest] = line.split(' ');
    const command = rest.join(' ');
    const upper = command.toUpperCase();
    const chunks: Chunk[] = [];
    let status = 'OK done';
    try {
      if (upper === 'CAPABILITY') chunks.push(`* CAPABILITY ${this.capabilities.join(' ')}\r\n`);
      else if (upper.startsWith('AUTHENTICATE PLAIN '))
        status = this.login(decodePlain(rest[2] ?? ''), chunks);
      else if (upper.startsWith('LOGIN ')) status = this.login(unquoteArgs(command.slice(6)), chunks);
      else if (upper.startsWith('ENABLE ') && this.options.enable)
        this.enable(connection, command.slice(7), chunks);
      else if (upper.startsWith('LIST ')) this.list(command, chunks);
      else if (upper.startsWith('LSUB ')) this.lsub(chunks);
      else if (upper.startsWith('SUBSCRIBE ')) this.subscriptions.add(this.nameOf(command.slice(10)));
      else if (upper.startsWith('UNSUBSCRIBE ')) this.subscriptions.delete(this.nameOf(command.slice(12)));
      else if (upper.startsWith('STATUS ')) this.status(command, chunks);
      else if (upper.startsWith('SELECT ') || upper.startsWith('EXAMINE '))
        status = this.select(connection, command, chunks);
      else if (upper.startsWith('UID SORT ')) this.sort(connection, tag, command.slice(9), chunks);
      else if (upper.startsWith('UID SEARCH ')) this.search(connection, tag, command.slice(11), chunks);
      else if (upper.startsWith('UID FETCH ')) this.fetch(connection, command.slice(10), chunks);
      else if (upper.startsWith('UID STORE ')) this.store(connection, command.slice(10), chunks);
      else if (upper.startsWith('UID COPY ') || upper.startsWith('UID MOVE '))
        status = this.copy(connection, command.slice(4), chunks);
      else if (upper.startsWith('UID EXPUNGE ')) this.expungeDeleted(connection, command.slice(12), chunks);
      else if (upper === 'EXPUNGE') this.expungeDeleted(connection, null, chunks);
      else if (upper.startsWith('CREATE ')) status = this.create(command.slice(7));
      else if (upper.startsWith('DELETE ')) status = this.delete(command.slice(7));
      else if (upper === 'UNSELECT' || upper === 'CLOSE') this.unselect(connection, upper === 'CLOSE');
      else if (upper === 'IDLE') {
        connection.idleTag = tag;
        connection.write('+ idling\r\n');
        return;
      } else if (upper === 'LOGOUT') {
        chunks.push('* BYE logging out\r\n');
        status = 'OK bye';
      } else if (upper !== 'NOOP') status = 'BAD unknown command';
    } catch (error) {
      status = `BAD ${(error as Error).message}`;
    }
    for (const chunk of chunks) connection.write(chunk);
    this.log.push(`S: ${tag} ${status.split(' ')[0]}`);
    connection.write(`${tag} ${status}\r\n`);
    if (upper === 'LOGOUT') connection.close(null);
  }

  // --- session and folders ---------------------------------------------------------------------------------

  private login([user, password]: string[], chunks: Chunk[]): string {
    if (user !== (this.options.user ?? 'demo') || password !== (this.options.password ?? 'secret')) {
      return 'NO [AUTHENTICATIONFAILED] Authentication failed.';
    }
    if (this.options.loginAlert) chunks.push(`* OK [ALERT] ${this.options.loginAlert}\r\n`);
    return `OK [CAPABILITY ${this.capabilities.join(' ')}] Logged in`;
  }

  /** RFC 5161: only what the server offers is enabled; QRESYNC implies CONDSTORE (RFC 7162 3.2.3). */
  private enable(connection: Connection, args: string, chunks: Chunk[]): void {
    const offered = new Set(this.capabilities.map((c) => c.toUpperCase()));
    const enabled = args
      .split(' ')
      .map((name) => name.toUpperCase())
      .filter((name) => offered.has(name) && !connection.enabled.has(name));
    for (const name of enabled) connection.enabled.add(name);
    if (connection.enabled.has('QRESYNC') || connection.enabled.has('CONDSTORE')) connection.condstore = true;
    chunks.push(`* ENABLED${enabled.map((name) => ` ${name}`).join('')}\r\n`);
  }

  /**
   * LIST [(SUBSCRIBED)] "" * [RETURN (...)] (RFC 5258), every folder whatever the pattern. The SUBSCRIBED
   * selection option lists the subscription list, all marked \Subscribed, a name without its folder also
   * \NonExistent (3.1); the SUBSCRIBED return option marks the subscribed folders among those that exist
   * (3.2).
   */
  private list(command: string, chunks: Chunk[]): void {
    const selection = (/^LIST \(([^)]*)\)/i.exec(command)?.[1] ?? '').toUpperCase().split(' ');
    const returns = (/RETURN \((.*)\)$/i.exec(command)?.[1] ?? '').toUpperCase().split(/[ ()]+/);
    if (selection.includes('SUBSCRIBED')) {
      for (const name of this.subscriptions) {
        const folder = this.folders.find((f) => f.name === name);
        const attributes = ['\\Subscribed', ...(folder?.attributes ?? ['\\NonExistent'])];
        chunks.push(`* LIST (${attributes.join(' ')}) "/" ${quote(this.wireNameOf(name))}\r\n`);
      }
      return;
    }
    for (const folder of this.folders) {
      const subscribed = returns.includes('SUBSCRIBED') && this.subscriptions.has(folder.name);
      const attributes = subscribed ? ['\\Subscribed', ...folder.attributes] : folder.attributes;
      chunks.push(`* LIST (${attributes.join(' ')}) "/" ${quote(folder.wireName)}\r\n`);
      if (returns.includes('STATUS') && !folder.attributes.some((a) => /\\noselect/i.test(a))) {
        chunks.push(`* STATUS ${quote(folder.wireName)} ${this.statusItems(folder, command)}\r\n`);
      }
    }
  }

  /** LSUB "" * (RFC 3501 6.3.9): the subscription list, with no attributes. */
  private lsub(chunks: Chunk[]): void {
    for (const name of this.subscriptions) chunks.push(`* LSUB () "/" ${quote(this.wireNameOf(name))}\r\n`);
  }

  /** How a subscribed name goes on the wire, its folder gone or not. */
  private wireNameOf(name: string): string {
    return this.folders.find((f) => f.name === name)?.wireName ?? encodeModifiedUtf7(name);
  }

  /** The decoded folder name a command's first argument names (INBOX in any case is INBOX). */
  private nameOf(args: string): string {
    const wireName = unquoteArgs(args)[0] ?? '';
    const listed = this.folders.find((f) => f.wireName === wireName);
    if (listed) return listed.name;
    return wireName.toUpperCase() === 'INBOX' ? 'INBOX' : decodeModifiedUtf7(wireName);
  }

  private status(command: string, chunks: Chunk[]): void {
    const folder = this.byWireName(unquoteArgs(command.slice(7))[0] ?? '');
    chunks.push(`* STATUS ${quote(folder.wireName)} ${this.statusItems(folder, command)}\r\n`);
  }

  /** MESSAGES and UNSEEN always; UIDNEXT, UIDVALIDITY and HIGHESTMODSEQ when asked for. */
  private statusItems(folder: Folder, command: string): string {
    const unseen = folder.messages.filter((m) => !(m.flags ?? []).includes('\\Seen')).length;
    const items = [`MESSAGES ${folder.messages.length}`, `UNSEEN ${unseen}`];
    const upper = command.toUpperCase();
    if (upper.includes('UIDNEXT')) items.push(`UIDNEXT ${this.uidNext(folder)}`);
    if (upper.includes('UIDVALIDITY')) items.push(`UIDVALIDITY ${folder.uidValidity}`);
    if (upper.includes('HIGHESTMODSEQ')) items.push(`HIGHESTMODSEQ ${this.highestModseq(folder)}`);
    return `(${items.join(' ')})`;
  }

  private select(connection: Connection, command: string, chunks: Chunk[]): string {
    const readOnly = command.toUpperCase().startsWith('EXAMINE');
    const tokens = tokenize(command.slice(command.indexOf(' ') + 1));
    const folder = this.byWireName(tokenText(tokens[0]));
    const params = tokens.slice(1).map((t) => (typeof t === 'string' ? t.toUpperCase() : t));
    const qresync = params[1] === 'QRESYNC';
    if (qresync && !connection.enabled.has('QRESYNC')) throw new Error('QRESYNC was not enabled');
    if (params[1] === 'CONDSTORE' || qresync) connection.condstore = true;
    connection.selected = folder;
    const keywords = new Set(
      folder.messages.flatMap((m) => (m.flags ?? []).filter((f) => !f.startsWith('\\'))),
    );
    const permanent = readOnly ? [] : (folder.permanentFlags ?? [...SYSTEM_FLAGS, '\\*']);
    chunks.push(
      `* FLAGS (${[...SYSTEM_FLAGS, ...keywords].join(' ')})\r\n`,
      `* OK [PERMANENTFLAGS (${permanent.join(' ')})] ok\r\n`,
      `* ${folder.messages.length} EXISTS\r\n`,
      `* OK [UIDVALIDITY ${folder.uidValidity}] ok\r\n`,
      `* OK [UIDNEXT ${this.uidNext(folder)}] ok\r\n`,
    );
    if (this.offers('CONDSTORE')) chunks.push(`* OK [HIGHESTMODSEQ ${this.highestModseq(folder)}] ok\r\n`);
    // RFC 7162 3.2.5: (QRESYNC (uidvalidity modseq [known-uids])); a different UIDVALIDITY means a plain
    // SELECT.
    if (qresync && Number(tokenText(params[3])) === folder.uidValidity) {
      const modseq = Number(tokenText(params[4]));
      const known = typeof params[5] === 'string' && params[5] !== ')' ? parseSequenceSet(params[5]) : null;
      const vanished = (folder.expunged ?? [])
        .filter((e) => e.modseq > modseq && (known === null || inRanges(known, e.uid, Infinity)))
        .map((e) => e.uid);
      if (vanished.length > 0) chunks.push(`* VANISHED (EARLIER) ${formatUidSet(vanished)}\r\n`);
      folder.messages.forEach((message, index) => {
        if ((message.modseq ?? 1) > modseq)
          chunks.push(...fetchResponse(index + 1, message, { items: 'FLAGS', modseq: true }));
      });
    }
    return readOnly ? 'OK [READ-ONLY] examined' : 'OK [READ-WRITE] selected';
  }

  private unselect(connection: Connection, expunge: boolean): void {
    const folder = this.mailbox(connection);
    if (expunge) {
      const deleted = folder.messages.filter((m) => (m.flags ?? []).includes('\\Deleted'));
      connection.selected = null; // CLOSE expunges silently (RFC 9051 6.4.1)
      this.remove(folder, deleted, connection, []);
    }
    connection.selected = null;
  }

  private create(args: string): string {
    const name = unquoteArgs(args)[0] ?? '';
    if (this.folders.some((f) => f.wireName === name)) return 'NO [ALREADYEXISTS] Mailbox already exists';
    this.folders.push({
      name,
      wireName: name,
      attributes: [],
      uidValidity: 5000 + this.folders.length,
      messages: [],
    });
    return 'OK created';
  }

  private delete(args: string): string {
    const folder = this.byWireName(unquoteArgs(args)[0] ?? '');
    this.folders.splice(this.folders.indexOf(folder), 1);
    for (const connection of this.connections) if (connection.selected === folder) connection.selected = null;
    return 'OK deleted';
  }

  // --- messages ----------------------------------------------------------------------------------------------

  /**
   * UID SORT [RETURN (ALL)] (keys) charset criteria (RFC 5256 3, ESORT RFC 5267); DATE, ARRIVAL, SIZE, SUBJECT
   * and FROM, with REVERSE. RETURN (ALL) answers as Dovecot does: runs of consecutive ascending UIDs as `a:b`.
   */
  private sort(connection: Connection, tag: string, args: string, chunks: Chunk[]): void {
    let tokens = tokenize(args);
    const esort = tokenText(tokens[0]).toUpperCase() === 'RETURN';
    if (esort) tokens = tokens.slice(tokens.indexOf(')') + 1);
    const close = tokens.indexOf(')');
    const keys = tokens.slice(1, close).map((t) => tokenText(t).toUpperCase());
    const matcher = parseCriteria(tokens.slice(close + 2));
    const folder = this.mailbox(connection);
    const compare = sortComparator(keys);
    const uids = this.matching(folder, matcher)
      .sort(compare)
      .map((m) => m.uid);
    if (!esort) {
      chunks.push(`* SORT ${uids.join(' ')}\r\n`.replace('SORT \r', 'SORT\r'));
      return;
    }
    const runs: string[] = [];
    for (let i = 0; i < uids.length;) {
      let j = i;
      while (j + 1 < uids.length && uids[j + 1] === (uids[j] as number) + 1) j++;
      runs.push(j === i ? String(uids[i]) : `${uids[i]}:${uids[j]}`);
      i = j + 1;
    }
    chunks.push(`* ESEARCH (TAG "${tag}") UID${runs.length ? ` ALL ${runs.join(',')}` : ''}\r\n`);
  }

  /** UID SEARCH [RETURN (...)] [CHARSET x] criteria; ESEARCH (RFC 4731) when RETURN is given. */
  private search(connection: Connection, tag: string, args: string, chunks: Chunk[]): void {
    let tokens = tokenize(args);
    let returns: string[] | null = null;
    if (tokenText(tokens[0]).toUpperCase() === 'RETURN') {
      const close = tokens.indexOf(')');
      returns = tokens.slice(2, close).map((t) => tokenText(t).toUpperCase());
      if (returns.length === 0) returns = ['ALL'];
      tokens = tokens.slice(close + 1);
    }
    if (tokenText(tokens[0]).toUpperCase() === 'CHARSET') tokens = tokens.slice(2);
    const uids = this.matching(this.mailbox(connection), parseCriteria(tokens)).map((m) => m.uid);
    if (returns === null) {
      chunks.push(`* SEARCH ${uids.join(' ')}\r\n`.replace('SEARCH \r', 'SEARCH\r'));
      return;
    }
    const items: string[] = [];
    if (uids.length > 0 && returns.includes('MIN')) items.push(`MIN ${Math.min(...uids)}`);
    if (uids.length > 0 && returns.includes('MAX')) items.push(`MAX ${Math.max(...uids)}`);
    if (returns.includes('COUNT')) items.push(`COUNT ${uids.length}`);
    if (uids.length > 0 && returns.includes('ALL')) items.push(`ALL ${formatUidSet(uids)}`);
    chunks.push(`* ESEARCH (TAG "${tag}") UID${items.map((item) => ` ${item}`).join('')}\r\n`);
  }

  private matching(folder: Folder, matcher: ReturnType<typeof parseCriteria>): FakeMessage[] {
    const context = { highestUid: folder.messages.at(-1)?.uid ?? 0, count: folder.messages.length };
    return folder.messages.filter((message, index) => matcher(message, index + 1, context));
  }

  /** UID FETCH set (items) [(CHANGEDSINCE n [VANISHED])] (RFC 7162 3.1.4.1, 3.2.6). */
  private fetch(connection: Connection, args: string, chunks: Chunk[]): void {
    const [set = '', ...itemWords] = args.split(' ');
    const items = itemWords.join(' ').toUpperCase();
    const modifier = /\(CHANGEDSINCE (\d+)( VANISHED)?\)$/.exec(items);
    const changedSince = modifier ? Number(modifier[1]) : null;
    const ranges = parseSequenceSet(set);
    const folder = this.mailbox(connection);
    const highest = folder.messages.at(-1)?.uid ?? 0;
    if (modifier?.[2] && connection.enabled.has('QRESYNC') && changedSince !== null) {
      const vanished = (folder.expunged ?? [])
        .filter((e) => e.modseq > changedSince && inRanges(ranges, e.uid, Infinity))
        .map((e) => e.uid);
      if (vanished.length > 0) chunks.push(`* VANISHED (EARLIER) ${formatUidSet(vanished)}\r\n`);
    }
    const modseq = connection.condstore && (changedSince !== null || items.includes('MODSEQ'));
    folder.messages.forEach((message, index) => {
      if (!inRanges(ranges, message.uid, highest)) return;
      if (changedSince !== null && (message.modseq ?? 1) <= changedSince) return;
      chunks.push(...fetchResponse(index + 1, message, { items, modseq }));
    });
  }

  /** UID STORE set [(UNCHANGEDSINCE n)] [+-]FLAGS[.SILENT] (...): echoes unless .SILENT; others always hear. */
  private store(connection: Connection, args: string, chunks: Chunk[]): void {
    const match = /^(\S+) (?:\(UNCHANGEDSINCE \d+\) )?([+-]?)FLAGS(\.SILENT)? \(([^)]*)\)/i.exec(args);
    if (!match) throw new Error('bad STORE');
    const [, set = '', sign, silent, list = ''] = match;
    const flags = list.split(' ').filter(Boolean);
    const ranges = parseSequenceSet(set);
    const folder = this.mailbox(connection);
    const known = this.keywordsOf(folder);
    const highest = folder.messages.at(-1)?.uid ?? 0;
    folder.messages.forEach((message, index) => {
      if (!inRanges(ranges, message.uid, highest)) return;
      const current = new Set(sign === '' ? [] : (message.flags ?? []));
      if (sign === '-') flags.forEach((f) => current.delete(f));
      else flags.forEach((f) => current.add(f));
      message.flags = [...current];
      message.modseq = this.bump(folder);
      if (!silent)
        chunks.push(...fetchResponse(index + 1, message, { items: 'FLAGS', modseq: connection.condstore }));
      this.tell(folder, connection, (c) =>
        fetchResponse(index + 1, message, { items: 'FLAGS', modseq: c.condstore }),
      );
    });
    // A new keyword: the mailbox's FLAGS grew (RFC 9051 7.3.5), as Dovecot announces it.
    const added = [...this.keywordsOf(folder)].filter((k) => !known.has(k));
    if (added.length > 0) {
      const line = `* FLAGS (${[...SYSTEM_FLAGS, ...this.keywordsOf(folder)].join(' ')})\r\n`;
      chunks.push(line);
      this.tell(folder, connection, () => [line]);
    }
  }

  /** UID COPY / UID MOVE set mailbox (RFC 4315 COPYUID, RFC 6851). */
  private copy(connection: Connection, args: string, chunks: Chunk[]): string {
    const [verb = '', set = '', ...rest] = args.split(' ');
    const move = verb.toUpperCase() === 'MOVE';
    const source = this.mailbox(connection);
    const name = unquoteArgs(rest.join(' '))[0] ?? '';
    const destination = this.folders.find(
      (f) => f.wireName === name || (name.toUpperCase() === 'INBOX' && f.name === 'INBOX'),
    );
    if (destination === undefined) return 'NO [TRYCREATE] Mailbox does not exist';
    if (destination.overQuota) return 'NO [OVERQUOTA] Quota exceeded';
    const ranges = parseSequenceSet(set);
    const highest = source.messages.at(-1)?.uid ?? 0;
    const chosen = source.messages.filter((m) => inRanges(ranges, m.uid, highest));
    if (chosen.length === 0) return 'OK No messages found';
    const copies = chosen.map((m) => ({
      ...m,
      uid: this.take(destination),
      flags: [...(m.flags ?? [])],
      modseq: this.bump(destination),
    }));
    destination.messages.push(...copies);
    this.tell(destination, null, () => [`* ${destination.messages.length} EXISTS\r\n`]);
    const code = `[COPYUID ${destination.uidValidity} ${formatUidSet(chosen.map((m) => m.uid))} ${formatUidSet(copies.map((m) => m.uid))}]`;
    if (!move) return `OK ${code} Copy completed`;
    chunks.push(`* OK ${code} Moved\r\n`);
    this.remove(source, chosen, connection, chunks);
    return 'OK Move completed';
  }

  /** UID EXPUNGE set (RFC 4315 2.1) or EXPUNGE (set null): messages marked \Deleted go. */
  private expungeDeleted(connection: Connection, set: string | null, chunks: Chunk[]): void {
    const folder = this.mailbox(connection);
    const ranges = set === null ? null : parseSequenceSet(set);
    const highest = folder.messages.at(-1)?.uid ?? 0;
    const chosen = folder.messages.filter(
      (m) => (m.flags ?? []).includes('\\Deleted') && (ranges === null || inRanges(ranges, m.uid, highest)),
    );
    this.remove(folder, chosen, connection, chunks);
  }

  /**
   * Takes messages out of a folder and tells every connection with it selected: VANISHED when it enabled
   * QRESYNC (RFC 7162 3.2.10), else one EXPUNGE per message, highest sequence number first so each is valid.
   */
  private remove(
    folder: Folder,
    messages: readonly FakeMessage[],
    acting: Connection | null,
    chunks: Chunk[] = [],
  ): void {
    if (messages.length === 0) return;
    const indexes = messages.map((m) => folder.messages.indexOf(m)).sort((a, b) => b - a);
    const uids = messages.map((m) => m.uid);
    const modseq = this.bump(folder);
    folder.expunged = [...(folder.expunged ?? []), ...uids.map((uid) => ({ uid, modseq }))];
    const lines = (c: Connection): string[] =>
      c.enabled.has('QRESYNC')
        ? [`* VANISHED ${formatUidSet(uids)}\r\n`]
        : indexes.map((i) => `* ${i + 1} EXPUNGE\r\n`);
    if (acting !== null && acting.selected === folder) chunks.push(...lines(acting));
    this.tell(folder, acting, lines);
    for (const index of indexes) folder.messages.splice(index, 1);
  }

  // --- helpers -------------------------------------------------------------------------------------------

  /** Writes to every open connection (but `except`) that has `folder` selected. */
  private tell(folder: Folder, except: Connection | null, lines: (c: Connection) => Chunk[]): void {
    for (const connection of this.connections) {
      if (connection === except || connection.closed || connection.selected !== folder) continue;
      for (const chunk of lines(connection)) connection.write(chunk);
    }
  }

  private offers(capability: string): boolean {
    return this.capabilities.some((c) => c.toUpperCase() === capability);
  }

  private uidNext(folder: Folder): number {
    return Math.max(folder.uidNext ?? 1, (folder.messages.at(-1)?.uid ?? 0) + 1);
  }

  /** The next UID of `folder`, used up. */
  private take(folder: Folder): number {
    const uid = this.uidNext(folder);
    folder.uidNext = uid + 1;
    return uid;
  }

  private highestModseq(folder: Folder): number {
    return folder.highestModseq ?? Math.max(1, ...folder.messages.map((m) => m.modseq ?? 1));
  }

  /** A new mod-sequence for a change in `folder` (RFC 7162 3.1.1). */
  private bump(folder: Folder): number {
    folder.highestModseq = this.highestModseq(folder) + 1;
    return folder.highestModseq;
  }

  private keywordsOf(folder: Folder): Set<string> {
    return new Set(folder.messages.flatMap((m) => (m.flags ?? []).filter((f) => !f.startsWith('\\'))));
  }

  private mailbox(connection: Connection): Folder {
    if (!connection.selected) throw new Error('no mailbox selected');
    return connection.selected;
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

/** RFC 5256 3: keys in order, REVERSE flips the one after it; ties go by UID (which is sequence order). */
function sortComparator(keys: readonly string[]): (a: FakeMessage, b: FakeMessage) => number {
  const criteria: { key: string; reverse: boolean }[] = [];
  for (let i = 0; i < keys.length; i++) {
    const reverse = keys[i] === 'REVERSE';
    criteria.push({ key: reverse ? (keys[++i] ?? '') : (keys[i] ?? ''), reverse });
  }
  const value = (m: FakeMessage, key: string): number | string => {
    if (key === 'DATE') return sortDate(m);
    if (key === 'ARRIVAL') return m.internalDate.getTime();
    if (key === 'SIZE') return m.size ?? 1234;
    if (key === 'SUBJECT') return subjectText(m).toLowerCase();
    if (key === 'FROM') return m.from?.mailbox ?? '';
    return 0;
  };
  return (a, b) => {
    for (const { key, reverse } of criteria) {
      const [x, y] = [value(a, key), value(b, key)];
      const order = x < y ? -1 : x > y ? 1 : 0;
      if (order !== 0) return reverse ? -order : order;
    }
    return a.uid - b.uid;
  };
}

function tokenText(token: Token | undefined): string {
  if (token === undefined) return '';
  return typeof token === 'string' ? token : token.text;
}

function indexOfCrlf(bytes: Uint8Array): number {
  for (let i = 0; i + 1 < bytes.length; i++) if (bytes[i] === 0x0d && bytes[i + 1] === 0x0a) return i;
  return -1;
}

/** A hold for FakeServerOptions.holds: the answer waits until `release()`. */
export function heldAnswer(match: RegExp): {
  hold: { match: RegExp; until: Promise<void> };
  release: () => void;
} {
  let release!: () => void;
  const until = new Promise<void>((resolve) => (release = resolve));
  return { hold: { match, until }, release };
}
