// The mailbox the user bench reads, one Dovecot per size: INBOX and Big hold `size` messages each (20, 10,000 or
// 100,000), so signing in lands in a mailbox of that size and a folder switch goes to another of the same size.
//
// INBOX is emptied of the corpus and refilled with Big's generated mail (UID COPY: Maildir copies are hard
// links), then the messages the bench opens are appended, dated after everything else so that they are the
// newest rows on the first screen, unread:
//
//   plain        today-standup         a short text/plain, 7bit
//   gbk          gbk-raw-8bit-subject  Foxmail's raw 8-bit GBK Subject and From, an 8bit GBK body
//   koi8r        koi8r-b-subject       KOI8-R encoded words, an 8bit KOI8-R body
//   attachment   (generated)           a short text with a 2 MB PDF attachment (base64, 2.7 MB on the wire)
//   newsletter   newsletter-100kb      the ~100 KB HTML newsletter
//
// A session of the bench's own (RawImap) beside the app's puts moved messages back, reads the server's order
// (what the first row, the 5,000th and the oldest must be) and checks what the app stored. Every index is warmed (SORT and FLAGS, as a mail client that had the folder open
// leaves it); makeCold() takes a folder's cache away again (see there).

import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  BIG_FOLDER_SEARCH_WORDS,
  CORPUS_NOW,
  RawImap,
  buildCorpus,
  diskNameOf,
  encodeMailboxName,
  quoted,
  startDovecot,
  type CorpusMessage,
  type DovecotServer,
  type DovecotVariant,
} from '@webmail/testbed';

export type OpenKind = 'plain' | 'gbk' | 'koi8r' | 'attachment' | 'newsletter';

export interface OpenTarget {
  readonly kind: OpenKind;
  readonly uid: number;
  /** Text the body shows once decoded (checked in the page, or in the mail frame for HTML). */
  readonly snippet: string;
  readonly body: 'text' | 'frame';
}

export interface FolderOrder {
  readonly path: string;
  /** The folder's UIDs newest first, as UID SORT (REVERSE DATE) gives them: display index -> UID. */
  readonly order: readonly number[];
}

const OPEN_SOURCES: readonly { kind: OpenKind; id: string | null; body: 'text' | 'frame' }[] = [
  { kind: 'plain', id: 'today-standup', body: 'text' },
  { kind: 'gbk', id: 'gbk-raw-8bit-subject', body: 'text' },
  { kind: 'koi8r', id: 'koi8r-b-subject', body: 'text' },
  { kind: 'attachment', id: null, body: 'text' },
  { kind: 'newsletter', id: 'newsletter-100kb', body: 'frame' },
];

const ATTACHMENT_BYTES = 2 * 1024 * 1024;
const ATTACHMENT_TEXT = 'The signed scan is attached (2 MB).';

/** Subject words of Big's generated mail, each found in a share of its messages. */
export const SEARCH_WORDS = BIG_FOLDER_SEARCH_WORDS;

const corpus = buildCorpus();

function corpusMessage(id: string): CorpusMessage {
  const message = corpus.find((m) => m.id === id);
  if (!message) throw new Error(`no corpus message ${id}`);
  return message;
}

/** The RFC 5322 date of `date` in UTC. */
function mailDate(date: Date): string {
  return date.toUTCString().replace('GMT', '+0000');
}

/** `raw` with its Date header replaced (the bench needs its messages newest), everything else byte for byte. */
function redated(raw: Buffer, date: Date): Buffer {
  const text = raw.toString('latin1');
  const headerEnd = text.indexOf('\r\n\r\n');
  const head = text
    .slice(0, headerEnd)
    .replace(/^Date:[^\r\n]*(\r\n[ \t][^\r\n]*)*/im, `Date: ${mailDate(date)}`);
  return Buffer.from(head + text.slice(headerEnd), 'latin1');
}

function attachmentMessage(date: Date): Buffer {
  const boundary = 'bench-attachment-2mb';
  const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(ATTACHMENT_BYTES - 9)]);
  const base64 = (pdf.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');
  return Buffer.from(
    `Date: ${mailDate(date)}\r\nFrom: Bob Schneider <bob.schneider@example.de>\r\n` +
      `To: Demo User <demo@testbed.example>\r\nSubject: Signed contract (scan)\r\n` +
      `Message-ID: <bench-attachment-2mb@example.de>\r\nMIME-Version: 1.0\r\n` +
      `Content-Type: multipart/mixed; boundary="${boundary}"\r\n\r\n` +
      `--${boundary}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${ATTACHMENT_TEXT}\r\n` +
      `--${boundary}\r\nContent-Type: application/pdf; name="contract.pdf"\r\n` +
      `Content-Disposition: attachment; filename="contract.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n` +
      `${base64}\r\n--${boundary}--\r\n`,
  );
}

export class UserMailbox {
  readonly size: number;
  readonly server: DovecotServer;
  readonly targets: ReadonlyMap<OpenKind, OpenTarget>;
  /** How long create() took (Dovecot's start with Big, the copy into INBOX, the warm-up). */
  setupSeconds = 0;
  readonly #imap: RawImap;
  readonly #user: { name: string; password: string };
  #selected: string | null = null;

  private constructor(
    size: number,
    server: DovecotServer,
    imap: RawImap,
    targets: ReadonlyMap<OpenKind, OpenTarget>,
  ) {
    this.size = size;
    this.server = server;
    this.#imap = imap;
    this.targets = targets;
    const user = server.users[0];
    if (!user) throw new Error('no test user');
    this.#user = user;
  }

  /**
   * Starts Dovecot with INBOX and Big of `size` messages each (see the header), warm. `variant`: how the
   * testbed lays mail out and what it offers ('courier': `INBOX.` names, no SORT, ESEARCH, CONDSTORE...).
   */
  static async create(size: number, variant: DovecotVariant = 'full'): Promise<UserMailbox> {
    const started = performance.now();
    const server = await startDovecot({ corpus: true, bigFolderSize: size, variant });
    const big = server.folderName('Big');
    const imap = await benchImap(server);
    const appended = OPEN_SOURCES.length;
    if (size <= appended) throw new Error(`a mailbox of ${size} has no room for the ${appended} opened`);
    await imap.ok('SELECT INBOX');
    await imap.ok('UID STORE 1:* +FLAGS.SILENT (\\Deleted)');
    await imap.ok('EXPUNGE');
    await imap.ok(`SELECT ${quoted(big)}`);
    // Big's UIDs follow its dates: the newest size - appended make INBOX `size` with the appended ones.
    await imap.ok(`UID COPY ${appended + 1}:${size} INBOX`);
    // After Big's newest (its dates end at CORPUS_NOW), whatever this machine's clock says.
    const newest = Math.max(Date.now(), CORPUS_NOW.getTime() + 86_400_000);
    const targets = new Map<OpenKind, OpenTarget>();
    for (const [i, source] of OPEN_SOURCES.entries()) {
      // Dated in the order listed, an hour apart: the newsletter is the first row.
      const date = new Date(newest - (OPEN_SOURCES.length - i) * 3_600_000);
      const message = source.id === null ? null : corpusMessage(source.id);
      const raw = message ? redated(Buffer.from(message.raw), date) : attachmentMessage(date);
      const snippet = message ? (message.expect.textIncludes?.[0] ?? '') : ATTACHMENT_TEXT;
      if (snippet === '') throw new Error(`no text to look for in ${source.id}`);
      // LITERAL+ (RFC 7888): the message follows the command at once. No flags: unread.
      const { completion } = await imap.ok(
        Buffer.concat([Buffer.from(`APPEND INBOX () {${raw.length}+}\r\n`), raw]),
      );
      // RFC 4315 3: [APPENDUID uidvalidity uid]
      const uid = Number(/\[APPENDUID \d+ (\d+)\]/.exec(completion)?.[1]);
      if (!Number.isInteger(uid)) throw new Error(`no APPENDUID in ${completion}`);
      targets.set(source.kind, { kind: source.kind, uid, snippet, body: source.body });
    }
    const mailbox = new UserMailbox(size, server, imap, targets);
    for (const folder of ['INBOX', big]) await mailbox.warm(folder);
    mailbox.setupSeconds = Math.round((performance.now() - started) / 100) / 10;
    return mailbox;
  }

  get user(): { name: string; password: string } {
    return this.#user;
  }

  /**
   * What a mail client that had the folder open leaves in Dovecot's index: the date order and every flag.
   * Then the folder is selected once more, which folds the transaction log those left (the date of 100,000
   * messages added to the cache: 0.8 MB) into dovecot.index: until some session does, every SELECT replays
   * it (200-300 ms at 100,000 here), which Dovecot does on its own only once the log is 5 minutes old or past
   * 1 MB (mail_index_log_rotate_*). A folder in use is in that state, not in the one of the minute after a
   * mass copy.
   */
  async warm(folder: string): Promise<void> {
    await this.#select(folder);
    await this.#imap.ok('UID SORT (REVERSE DATE) UTF-8 ALL');
    await this.#imap.ok('UID FETCH 1:* (FLAGS)');
    await this.#unselect();
    await this.#select(folder);
    await this.#unselect();
  }

  /** The server's display order of `folder`. */
  async order(folder: string): Promise<FolderOrder> {
    await this.#select(folder, true);
    const { untagged } = await this.#imap.ok('UID SORT (REVERSE DATE) UTF-8 ALL');
    await this.#unselect();
    const line = untagged.find((r) => r.text.startsWith('* SORT'))?.text ?? '* SORT';
    return { path: folder, order: line.split(' ').slice(2).map(Number) };
  }

  /** Words of SEARCH_WORDS whose subject search finds something in `folder`, with the count the server finds. */
  async searchWords(folder: string): Promise<{ word: string; matches: number }[]> {
    await this.#select(folder, true);
    const words: { word: string; matches: number }[] = [];
    for (const word of SEARCH_WORDS) {
      const { untagged } = await this.#imap.ok(`UID SEARCH CHARSET UTF-8 SUBJECT ${quoted(word)}`);
      const matches = (untagged.find((r) => r.text.startsWith('* SEARCH'))?.text ?? '* SEARCH')
        .split(' ')
        .slice(2).length;
      if (matches > 0) words.push({ word, matches });
    }
    await this.#unselect();
    return words;
  }

  async flagsOf(folder: string, uid: number): Promise<string[]> {
    await this.#select(folder, true);
    const { untagged } = await this.#imap.ok(`UID FETCH ${uid} (FLAGS)`);
    await this.#unselect();
    const text = untagged.find((r) => r.text.includes('FETCH'))?.text ?? '';
    return /FLAGS \(([^)]*)\)/.exec(text)?.[1]?.split(' ').filter(Boolean) ?? [];
  }

  /** UIDNEXT of `folder`: messages moved there from now on have UIDs from it. */
  async uidNext(folder: string): Promise<number> {
    const { untagged } = await this.#imap.ok(`STATUS ${quoted(folder)} (UIDNEXT)`);
    return Number(/UIDNEXT (\d+)/.exec(untagged.map((r) => r.text).join('\n'))?.[1] ?? NaN);
  }

  /** Moves every message of `from` with a UID from `since` on back to `to`; resolves with how many. */
  async moveBack(from: string, since: number, to: string): Promise<number> {
    await this.#select(from);
    const { untagged } = await this.#imap.ok(`UID SEARCH UID ${since}:*`);
    const uids = (untagged.find((r) => r.text.startsWith('* SEARCH'))?.text ?? '* SEARCH')
      .split(' ')
      .slice(2)
      .map(Number)
      .filter((uid) => uid >= since);
    if (uids.length > 0) await this.#imap.ok(`UID MOVE ${uids.join(',')} ${quoted(to)}`);
    await this.#unselect();
    return uids.length;
  }

  /**
   * Makes `folder` cold for Dovecot: its dovecot.index.cache is removed, the file where Dovecot keeps the
   * header fields it has read (Date for SORT, the envelope, subjects for SEARCH) and its decisions on which to
   * keep. The next SORT (REVERSE DATE) must open every message file to read its Date header, as on a folder no
   * client has opened since the mail arrived: 3-6 s for 100,000 messages here, against 0.2 s warm. The index
   * itself (UIDs, flags) stays. The message files stay in the kernel's page cache: emptying it is machine-wide
   * (drop_caches) and this machine is shared, so "cold" here is Dovecot's cache, not the disk.
   * The folder must not be selected by any session meanwhile (the app has another folder open).
   */
  makeCold(folder: string): void {
    // On disk the folder has its name without the layout's prefix (INBOX.Big is Maildir/Big on Courier's).
    const disk = diskNameOf(this.server.variant, folder).split('/').map(encodeMailboxName);
    const dir = join(this.server.maildir(this.#user.name), ...disk);
    if (!existsSync(join(dir, 'cur'))) throw new Error(`makeCold: ${folder} is not at ${dir}`);
    rmSync(join(dir, 'dovecot.index.cache'), { force: true });
  }

  async close(): Promise<void> {
    await this.#imap.ok('LOGOUT').catch(() => undefined);
    this.#imap.close();
    await this.server.stop();
  }

  async #select(folder: string, readOnly = false): Promise<void> {
    if (this.#selected === folder && !readOnly) return;
    await this.#imap.ok(`${readOnly ? 'EXAMINE' : 'SELECT'} ${quoted(folder)}`);
    this.#selected = readOnly ? null : folder;
  }

  async #unselect(): Promise<void> {
    await this.#imap.ok('UNSELECT');
    this.#selected = null;
  }
}

/** A session of the bench's own beside the app's: the test user signed in over TLS, with a patient timeout. */
export async function benchImap(server: DovecotServer): Promise<RawImap> {
  const user = server.users[0];
  if (!user) throw new Error('no test user');
  const imap = await RawImap.connect({
    port: server.imapsPort,
    tls: { ca: server.caPem },
    timeoutMs: 600_000,
  });
  await imap.ok(`LOGIN ${quoted(user.name)} ${quoted(user.password)}`);
  return imap;
}
