import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { chown, mkdir, open, readFile, rename, unlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { encodeMailboxName } from './mutf7.ts';

// Maildir as Dovecot 2.3 reads it (https://doc.dovecot.org/admin_manual/mailbox_formats/maildir/):
// files are `<base>,S=<size>,W=<rfc822 size>:2,<flags>`; system flags are capital letters, keywords are the
// letters a-z indexed by the folder's `dovecot-keywords` file; `dovecot-uidlist` maps UIDs to bases.

const SYSTEM_FLAG_LETTERS: ReadonlyMap<string, string> = new Map([
  ['\\Draft', 'D'],
  ['\\Flagged', 'F'],
  ['\\Answered', 'R'],
  ['\\Seen', 'S'],
  ['\\Deleted', 'T'],
]);
const MAX_KEYWORDS = 26;
const KEYWORDS_FILE = 'dovecot-keywords';
const KEYWORDS_LOCK_WAIT_MS = 5_000;

export interface Owner {
  uid: number;
  gid: number;
}

/** The folder's directory: INBOX is the Maildir root, others are nested directories in modified UTF-7. */
export function folderDir(maildirRoot: string, folder: string): string {
  if (folder.toUpperCase() === 'INBOX') return maildirRoot;
  const segments = folder.split('/').map((segment) => {
    if (segment === '' || segment === '.' || segment === '..') throw new Error(`bad folder name: ${folder}`);
    return encodeMailboxName(segment);
  });
  return path.join(maildirRoot, ...segments);
}

/** RFC 822 size: the size once every bare LF is sent as CRLF. */
export function rfc822Size(raw: Uint8Array): number {
  let size = raw.length;
  for (let i = 0; i < raw.length; i++) if (raw[i] === 0x0a && (i === 0 || raw[i - 1] !== 0x0d)) size++;
  return size;
}

function systemLetters(flags: readonly string[]): string {
  const letters: string[] = [];
  for (const flag of flags) {
    if (!flag.startsWith('\\')) continue;
    const letter = SYSTEM_FLAG_LETTERS.get(flag);
    if (letter === undefined) throw new Error(`Maildir cannot store flag ${flag}`);
    letters.push(letter);
  }
  return letters.sort().join('');
}

function parseKeywords(text: string): string[] {
  const keywords: string[] = [];
  for (const line of text.split('\n')) {
    const match = /^(\d+) (.+)$/.exec(line);
    if (match) keywords[Number(match[1])] = match[2] ?? '';
  }
  return keywords;
}

function renderKeywords(keywords: readonly string[]): string {
  return keywords.map((keyword, i) => `${i} ${keyword}\n`).join('');
}

function letterFor(keywords: string[], keyword: string): string {
  let index = keywords.indexOf(keyword);
  if (index < 0) {
    if (keywords.length >= MAX_KEYWORDS) throw new Error(`Maildir holds at most ${MAX_KEYWORDS} keywords`);
    index = keywords.push(keyword) - 1;
  }
  return String.fromCharCode(0x61 + index);
}

/**
 * Writes a whole folder before Dovecot starts: messages straight into cur/, then dovecot-keywords and a
 * dovecot-uidlist that gives UIDs 1..n in the order of add() and a fixed UIDVALIDITY.
 */
export class MaildirFolderWriter {
  private readonly keywords: string[] = [];
  private readonly bases: string[] = [];
  private readonly dir: string;
  private readonly uidValidity: number;

  constructor(dir: string, uidValidity: number) {
    this.dir = dir;
    this.uidValidity = uidValidity;
    for (const sub of ['cur', 'new', 'tmp']) mkdirSync(path.join(dir, sub), { recursive: true });
  }

  /** Adds the next message; its UID is the number of messages added so far. Returns that UID. */
  add(raw: Uint8Array, flags: readonly string[], internalDate: Date): number {
    const uid = this.bases.length + 1;
    const ms = internalDate.getTime();
    const base = `${Math.floor(ms / 1000)}.M${(ms % 1000) * 1000}P${uid}.testbed,S=${raw.length},W=${rfc822Size(raw)}`;
    const keywordLetters = flags
      .filter((flag) => !flag.startsWith('\\'))
      .map((keyword) => letterFor(this.keywords, keyword))
      .sort()
      .join('');
    const file = path.join(this.dir, 'cur', `${base}:2,${systemLetters(flags)}${keywordLetters}`);
    writeFileSync(file, raw);
    // Dovecot takes INTERNALDATE from the file's mtime.
    utimesSync(file, internalDate, internalDate);
    this.bases.push(base);
    return uid;
  }

  finish(): void {
    if (this.keywords.length > 0)
      writeFileSync(path.join(this.dir, KEYWORDS_FILE), renderKeywords(this.keywords));
    const guid = createHash('sha256').update(`${this.dir}\0${this.uidValidity}`).digest('hex').slice(0, 32);
    const header = `3 V${this.uidValidity} N${this.bases.length + 1} G${guid}\n`;
    writeFileSync(
      path.join(this.dir, 'dovecot-uidlist'),
      header + this.bases.map((base, i) => `${i + 1} :${base}\n`).join(''),
    );
  }
}

async function makeFolderDirs(maildirRoot: string, dir: string, owner: Owner | undefined): Promise<void> {
  const created = await mkdir(path.join(dir, 'tmp'), { recursive: true });
  await Promise.all(['cur', 'new'].map((sub) => mkdir(path.join(dir, sub), { recursive: true })));
  if (owner === undefined || created === undefined) return;
  // mkdir reports the first directory it had to create; hand everything from there down to Dovecot's user.
  const toChown: string[] = [];
  for (
    let p = path.join(dir, 'tmp');
    p.length >= created.length && p.startsWith(maildirRoot);
    p = path.dirname(p)
  ) {
    toChown.push(p);
  }
  toChown.push(path.join(dir, 'cur'), path.join(dir, 'new'));
  await Promise.all(toChown.map((p) => chown(p, owner.uid, owner.gid)));
}

/** Adds keywords to the folder's dovecot-keywords under Dovecot's own dotlock protocol; returns their letters. */
async function keywordLetters(
  dir: string,
  keywords: readonly string[],
  owner: Owner | undefined,
): Promise<string> {
  if (keywords.length === 0) return '';
  const file = path.join(dir, KEYWORDS_FILE);
  const lock = `${file}.lock`;
  const deadline = Date.now() + KEYWORDS_LOCK_WAIT_MS;
  for (;;) {
    try {
      const handle = await open(lock, 'wx', 0o644);
      try {
        const existing = parseKeywords(await readFile(file, 'utf8').catch(() => ''));
        const letters = keywords.map((keyword) => letterFor(existing, keyword));
        await handle.writeFile(renderKeywords(existing));
        await handle.close();
        if (owner) await chown(lock, owner.uid, owner.gid);
        // Dovecot's dotlock: the lock file becomes the new file by rename, so readers never see a partial one.
        await rename(lock, file);
        return letters.sort().join('');
      } catch (error) {
        await handle.close().catch(() => undefined);
        await unlink(lock).catch(() => undefined);
        throw error;
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || Date.now() > deadline) throw error;
      await sleep(10);
    }
  }
}

let deliverySequence = 0;

/**
 * Delivers like an MTA: write into tmp/, then rename into new/ (no flags) or cur/ (with flags), so Dovecot
 * never sees a partial file. The folder's directories are created when missing.
 */
export async function deliverToMaildir(
  maildirRoot: string,
  folder: string,
  raw: Uint8Array,
  flags: readonly string[],
  owner: Owner | undefined,
  receivedAt: Date = new Date(),
): Promise<string> {
  const dir = folderDir(maildirRoot, folder);
  await makeFolderDirs(maildirRoot, dir, owner);
  const ms = receivedAt.getTime();
  const base = `${Math.floor(ms / 1000)}.M${(ms % 1000) * 1000}P${process.pid}Q${++deliverySequence}.testbed,S=${raw.length},W=${rfc822Size(raw)}`;
  const tmpFile = path.join(dir, 'tmp', base);
  await writeFile(tmpFile, raw);
  await utimes(tmpFile, receivedAt, receivedAt);
  if (owner) await chown(tmpFile, owner.uid, owner.gid);
  const keywords = flags.filter((flag) => !flag.startsWith('\\'));
  const target =
    flags.length === 0
      ? path.join(dir, 'new', base)
      : path.join(
          dir,
          'cur',
          `${base}:2,${systemLetters(flags)}${await keywordLetters(dir, keywords, owner)}`,
        );
  await rename(tmpFile, target);
  return target;
}

/** Reads a folder's keyword list (index = letter - 'a'), for tests that inspect what was written. */
export function readKeywords(dir: string): string[] {
  try {
    return parseKeywords(readFileSync(path.join(dir, KEYWORDS_FILE), 'utf8'));
  } catch {
    return [];
  }
}
