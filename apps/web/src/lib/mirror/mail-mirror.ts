// The local mirror of one account: the folder tree with its counts, the lists of recently opened folders and
// recently read messages, kept in the device database (vault/device-db.ts) so that the app shows mail at once
// on start and stays readable offline. Never the source of truth: whatever is shown from it is brought in line
// with the server as soon as there is one (list-resync.ts), and a list kept under another UIDVALIDITY is
// dropped.
//
// Every record is sealed (vault/sealed.ts) with the account's record key under a label that is its own name,
// and named by an HMAC of what it holds (kind, folder, UIDVALIDITY, UID): what reaches the disk in the clear is
// an account id, a record kind, a size and a time of last use (what the budget needs).
//
// Budget: at most MAX_KEPT_LISTS folders' lists (the least recently used go), and `budgetBytes` for the
// account's records in all (DEFAULT_BUDGET_BYTES, 200 MB): past it the least recently read messages go first,
// then lists.

import type { ListSnapshot } from '../state/message-list/list-snapshot.ts';
import type { FolderSnapshot } from '../state/folders.svelte.ts';
import { openDeviceDb } from '../vault/device-db.ts';
import type { DeviceDb, MirrorRecordKind, OpenDeviceDbOptions, UsageEntry } from '../vault/device-db.ts';
import type { MirrorKeys } from '../vault/mirror-secret.ts';
import { seal, toBase64Url, unseal } from '../vault/sealed.ts';
import { decodeBody, encodeBody } from './body-codec.ts';
import type { KeptBody } from './body-codec.ts';
import { decodeFolders, encodeFolders } from './folders-codec.ts';
import { decodeList, encodeList } from './list-codec.ts';

export const DEFAULT_BUDGET_BYTES = 200 * 1024 * 1024;
/** Record names a mirror remembers once computed (#name): about 100 KB of strings at most. */
const NAMES_REMEMBERED = 1000;
/** Folders whose lists are kept (the most recently opened). */
export const MAX_KEPT_LISTS = 20;

/** A message as the reader names it: its UID under its folder's UIDVALIDITY. */
export interface KeptMessageRef {
  readonly mailbox: string;
  readonly uidValidity: number;
  readonly uid: number;
}

export interface MailMirrorOptions {
  readonly budgetBytes?: number;
  readonly now?: () => number;
  /** Default: the device database; the mirror never creates it (only a sign-in does). */
  readonly db?: (options?: OpenDeviceDbOptions) => Promise<DeviceDb>;
}

const encoder = new TextEncoder();

export class MailMirror {
  readonly #account: string;
  readonly #keys: MirrorKeys;
  readonly #budget: number;
  readonly #now: () => number;
  readonly #db: () => Promise<DeviceDb>;
  /** Bytes of the account's records as last counted, plus what was written since; null until counted. */
  #bytes: number | null = null;
  #closed = false;
  /** HMACs of record contents ('body\0INBOX\0…'), see #name. */
  readonly #names = new Map<string, string>();

  constructor(account: string, keys: MirrorKeys, options: MailMirrorOptions = {}) {
    this.#account = account;
    this.#keys = keys;
    this.#budget = options.budgetBytes ?? DEFAULT_BUDGET_BYTES;
    this.#now = options.now ?? Date.now;
    this.#db = options.db ?? openDeviceDb;
  }

  get account(): string {
    return this.#account;
  }

  readFolders(): Promise<FolderSnapshot | null> {
    return this.#read('folders', ['folders'], decodeFolders);
  }

  writeFolders(snapshot: FolderSnapshot): Promise<void> {
    return this.#write('folders', ['folders'], encodeFolders(snapshot));
  }

  /** The kept list of `path`, or null (none kept, or it does not open). */
  async readList(path: string): Promise<ListSnapshot | null> {
    const list = await this.#read('list', ['list', path], decodeList);
    return list?.path === path ? list : null;
  }

  async writeList(snapshot: ListSnapshot): Promise<void> {
    await this.#write('list', ['list', snapshot.path], encodeList(snapshot));
    await this.#keepRecentLists();
  }

  async forgetList(path: string): Promise<void> {
    await this.#delete([await this.#name('list', ['list', path])]);
  }

  readBody(ref: KeptMessageRef): Promise<KeptBody | null> {
    return this.#read('body', bodyParts(ref), decodeBody);
  }

  writeBody(ref: KeptMessageRef, body: KeptBody): Promise<void> {
    return this.#write('body', bodyParts(ref), encodeBody(body));
  }

  /** Bytes and records kept for this account. */
  async usage(): Promise<{ bytes: number; records: number }> {
    const entries = await this.#entries();
    return { bytes: entries.reduce((sum, [, entry]) => sum + entry.size, 0), records: entries.length };
  }

  /** Deletes every record of the account (the mirror was turned off). */
  async clear(): Promise<void> {
    await this.#delete((await this.#entries()).map(([name]) => name));
    this.#bytes = 0;
  }

  /** Nothing is read or written any more (sign-out, or the mirror turned off). */
  close(): void {
    this.#closed = true;
  }

  // --- records -------------------------------------------------------------------------------------------

  /**
   * A record's name. Each is computed once per mirror and remembered (at most NAMES_REMEMBERED, the oldest
   * forgotten first): WebCrypto answers on another thread, and under load that hop took 4-24 ms of every kept
   * message's open. The names stay in this object's memory, beside the keys that make them.
   */
  async #name(kind: MirrorRecordKind, parts: readonly string[]): Promise<string> {
    const what = parts.join('\0');
    const known = this.#names.get(what);
    if (known !== undefined) return `${this.#account}:${kind}:${known}`;
    const mac = toBase64Url(
      new Uint8Array(await crypto.subtle.sign('HMAC', this.#keys.names, encoder.encode(what))),
    );
    if (this.#names.size >= NAMES_REMEMBERED) this.#names.delete(this.#names.keys().next().value as string);
    this.#names.set(what, mac);
    return `${this.#account}:${kind}:${mac}`;
  }

  async #read<T>(
    kind: MirrorRecordKind,
    parts: readonly string[],
    decode: (bytes: Uint8Array) => T | null,
  ): Promise<T | null> {
    if (this.#closed) return null;
    const name = await this.#name(kind, parts);
    const db = await this.#db();
    const record = await db.get('records', name);
    if (record === undefined || record.account !== this.#account) return null;
    let value: T | null;
    try {
      value = decode(await unseal(this.#keys.records, name, record.sealed));
    } catch {
      value = null;
    }
    if (value === null) {
      await this.#delete([name]);
      return null;
    }
    this.#touch(db, name);
    return value;
  }

  /**
   * Records that `name` was just read, for the budget's least-recently-read order. Not awaited: the reader
   * waited 4-11 ms for this write on every kept open. Its transaction is created before the read returns, so
   * any later write or delete of the usage store still comes after it (IndexedDB runs transactions with
   * overlapping scopes in the order they were created).
   */
  #touch(db: DeviceDb, name: string): void {
    const usage = db.transaction('usage', 'readwrite').objectStore('usage');
    const usedAt = this.#now();
    void usage
      .get(name)
      .then((used) => (used ? usage.put({ ...used, usedAt }, name) : undefined))
      .catch(() => undefined);
  }

  async #write(
    kind: MirrorRecordKind,
    parts: readonly string[],
    plain: Uint8Array<ArrayBuffer>,
  ): Promise<void> {
    if (this.#closed) return;
    const name = await this.#name(kind, parts);
    const sealed = await seal(this.#keys.records, name, plain);
    const size = sealed.data.length + sealed.iv.length;
    if (this.#closed) return;
    const db = await this.#db();
    const tx = db.transaction(['records', 'usage'], 'readwrite');
    const usage = tx.objectStore('usage');
    const before = await usage.get(name);
    await Promise.all([
      tx.objectStore('records').put({ account: this.#account, kind, sealed }, name),
      usage.put({ account: this.#account, kind, size, usedAt: this.#now() } satisfies UsageEntry, name),
    ]);
    await tx.done;
    if (this.#bytes !== null) this.#bytes += size - (before?.size ?? 0);
    if (this.#bytes === null || this.#bytes > this.#budget) await this.#keepWithinBudget();
  }

  async #delete(names: readonly string[]): Promise<void> {
    if (names.length === 0) return;
    const db = await this.#db();
    const tx = db.transaction(['records', 'usage'], 'readwrite');
    await Promise.all([
      ...names.map((name) => tx.objectStore('records').delete(name)),
      ...names.map((name) => tx.objectStore('usage').delete(name)),
      tx.done,
    ]);
  }

  /** The account's usage entries (of one kind, or all), least recently used first within each kind. */
  async #entries(kind?: MirrorRecordKind): Promise<[string, UsageEntry][]> {
    const db = await this.#db();
    // An array key sorts before any longer one that starts with it, and a string after every number.
    const range =
      kind === undefined
        ? IDBKeyRange.bound([this.#account], [this.#account, []])
        : IDBKeyRange.bound([this.#account, kind, -Infinity], [this.#account, kind, Infinity]);
    const index = db.transaction('usage').store.index('byKindUse');
    const [keys, values] = await Promise.all([index.getAllKeys(range), index.getAll(range)]);
    return keys.map((key, i) => [key, values[i] as UsageEntry]);
  }

  /** Oldest read messages go first, then the least recently opened lists, until the account fits. */
  async #keepWithinBudget(): Promise<void> {
    const entries = await this.#entries();
    let bytes = entries.reduce((sum, [, entry]) => sum + entry.size, 0);
    const doomed: string[] = [];
    for (const kind of ['body', 'list'] as const) {
      for (const [name, entry] of entries) {
        if (bytes <= this.#budget) break;
        if (entry.kind !== kind) continue;
        doomed.push(name);
        bytes -= entry.size;
      }
    }
    await this.#delete(doomed);
    this.#bytes = bytes;
  }

  async #keepRecentLists(): Promise<void> {
    const lists = await this.#entries('list');
    await this.#delete(lists.slice(0, Math.max(0, lists.length - MAX_KEPT_LISTS)).map(([name]) => name));
  }
}

function bodyParts(ref: KeptMessageRef): string[] {
  return ['body', ref.mailbox, String(ref.uidValidity), String(ref.uid)];
}
