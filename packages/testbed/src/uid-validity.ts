import { chown, open, readdir, readFile, rename, rm, unlink } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Owner } from './maildir.ts';
import type { UidValidityReset, UidValidityResetOptions } from './types.ts';

// Giving a Maildir folder a new UIDVALIDITY behind Dovecot's back, as an administrator's tool (or a restore
// from backup) would: the messages stay, numbered 1..n again under the new UIDVALIDITY, and the folder's
// index files go, so Dovecot rebuilds them from dovecot-uidlist. Format of dovecot-uidlist v3:
// https://doc.dovecot.org/admin_manual/mailbox_formats/maildir/#dovecot-uidlist

const UIDLIST = 'dovecot-uidlist';
const LOCK_WAIT_MS = 5_000;
// The folder's own index files (dovecot.list.index* in the Maildir root belong to the folder list).
const INDEX_FILE = /^dovecot\.index(\.log(\.2)?|\.cache)?$/;

interface UidlistEntry {
  /** Extension fields between the UID and the ':' (e.g. `W2052`), kept as they are. */
  extensions: string;
  base: string;
}

interface Uidlist {
  uidValidity: number;
  guid: string | undefined;
  entries: UidlistEntry[];
}

function parseUidlist(text: string): Uidlist | undefined {
  const [header = '', ...lines] = text.split('\n');
  const fields = header.split(' ');
  if (fields[0] !== '3') return undefined;
  const uidValidity = Number(fields.find((field) => field.startsWith('V'))?.slice(1));
  const guid = fields.find((field) => field.startsWith('G'))?.slice(1);
  const entries: UidlistEntry[] = [];
  for (const line of lines) {
    const match = /^\d+((?: [^:\s]\S*)*) :(.+)$/.exec(line);
    if (match) entries.push({ extensions: match[1] ?? '', base: match[2] ?? '' });
  }
  return { uidValidity: Number.isFinite(uidValidity) ? uidValidity : 0, guid, entries };
}

/** Message files of the folder by base name (the file name up to `:2,`), from cur/ and new/. */
async function messageBases(dir: string): Promise<Set<string>> {
  const bases = new Set<string>();
  for (const sub of ['cur', 'new']) {
    for (const name of await readdir(path.join(dir, sub)).catch(() => [] as string[])) {
      if (!name.startsWith('.')) bases.add(name.split(':2,', 1)[0] ?? name);
    }
  }
  return bases;
}

/** Dovecot's dotlock on dovecot-uidlist: whoever creates `<file>.lock` exclusively may replace the file. */
async function takeUidlistLock(file: string): Promise<Awaited<ReturnType<typeof open>>> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      return await open(`${file}.lock`, 'wx', 0o644);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || Date.now() > deadline) throw error;
      await sleep(10);
    }
  }
}

/** Writes the renumbered uidlist into the lock file and renames it over dovecot-uidlist (Dovecot's dotlock). */
async function rewriteUidlist(
  dir: string,
  owner: Owner | undefined,
  options: UidValidityResetOptions,
): Promise<UidValidityReset> {
  const { uidValidity, order = 'kept' } = options;
  const file = path.join(dir, UIDLIST);
  const lock = await takeUidlistLock(file);
  try {
    const old = parseUidlist(await readFile(file, 'utf8').catch(() => ''));
    const previous = old?.uidValidity ?? 0;
    const next = uidValidity ?? previous + 1;
    if (!Number.isInteger(next) || next < 1 || next > 0xffff_ffff)
      throw new Error(`UIDVALIDITY must be a whole number from 1 to 2^32-1, not ${next}`);
    if (next === previous) throw new Error(`UIDVALIDITY of ${dir} is already ${next}`);
    const present = await messageBases(dir);
    const entries = (old?.entries ?? []).filter((entry) => present.delete(entry.base));
    for (const base of [...present].sort()) entries.push({ extensions: '', base });
    if (order === 'reversed') entries.reverse();
    const guid = old?.guid === undefined ? '' : ` G${old.guid}`;
    await lock.writeFile(
      `3 V${next} N${entries.length + 1}${guid}\n` +
        entries.map((entry, i) => `${i + 1}${entry.extensions} :${entry.base}\n`).join(''),
    );
    await lock.close();
    if (owner) await chown(`${file}.lock`, owner.uid, owner.gid);
    await rename(`${file}.lock`, file);
    return { previous, uidValidity: next, count: entries.length };
  } catch (error) {
    await lock.close().catch(() => undefined);
    await unlink(`${file}.lock`).catch(() => undefined);
    throw error;
  }
}

/**
 * Rewrites `dir`'s dovecot-uidlist with a new UIDVALIDITY (default: the previous one + 1, RFC 3501 §2.3.1.1
 * wants it to grow) and UIDs 1..n in the previous UID order (files Dovecot had not numbered yet last), then removes the folder's index files.
 */
export async function resetMaildirUidValidity(
  dir: string,
  owner: Owner | undefined,
  options: UidValidityResetOptions = {},
): Promise<UidValidityReset> {
  const result = await rewriteUidlist(dir, owner, options);
  // Only once the new uidlist is in place: an index rebuilt meanwhile from the old uidlist would keep the
  // old UIDVALIDITY for good (Dovecot believes an existing index over dovecot-uidlist).
  const indexFiles = (await readdir(dir)).filter((name) => INDEX_FILE.test(name));
  await Promise.all(indexFiles.map((name) => rm(path.join(dir, name), { force: true })));
  return result;
}
