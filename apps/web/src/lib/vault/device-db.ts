// The one IndexedDB database the app keeps on a device, `webmail`: the device key and the sealed credentials
// (the vault), and the mirror's sealed records with their sizes and last use. One database, so that signing out
// is one deleteDatabase and nothing of the account can be left behind in a second one.
//
//   vault    'device-key'         the non-extractable AES-GCM key every credential is sealed with
//            'remembered'         "Keep me signed in": the sealed credential (credential-vault.ts)
//            'secret:<account>'   the mirror's secret, sealed with a key derived from the password (mirror-secret.ts)
//   records  '<account>:<name>'   a mirror record, sealed (its name is an HMAC: no folder name reaches the disk)
//   usage    the same keys        { account, kind, size, usedAt } of each record: what the size budget reads
//                                 without opening a record (index byKindUse: by account and kind, oldest first)
//
// Every tab holds one connection. Another tab that deletes the database (sign-out) or upgrades it asks ours to
// close (`versionchange`): it is closed at once and opened again on next use.
//
// Only a sign-in creates the database ({ create: true }). Every other open finds it or fails with VAULT_GONE:
// after a sign-out in any tab, a late mirror write, a usage mark or another tab's recall() queued behind the
// deletion must not bring the database back (it did, under load: an empty `webmail` after Sign out).

import { deleteDB, openDB } from 'idb';
import type { DBSchema, IDBPDatabase } from 'idb';
import { VaultError } from './errors.ts';
import type { Sealed } from './sealed.ts';

export const DEVICE_DB_NAME = 'webmail';
const DEVICE_DB_VERSION = 1;

/** What a password-wrapped secret rests as (mirror-secret.ts). */
export interface WrappedSecret {
  readonly salt: Uint8Array<ArrayBuffer>;
  readonly iterations: number;
  readonly sealed: Sealed;
}

export type MirrorRecordKind = 'folders' | 'list' | 'body' | 'queue';

export interface MirrorRecord {
  readonly account: string;
  readonly kind: MirrorRecordKind;
  readonly sealed: Sealed;
}

export interface UsageEntry {
  readonly account: string;
  readonly kind: MirrorRecordKind;
  /** Bytes of the sealed record. */
  readonly size: number;
  /** When the record was last written or read (ms since the epoch). */
  readonly usedAt: number;
}

export interface DeviceSchema extends DBSchema {
  vault: { key: string; value: CryptoKey | Sealed | WrappedSecret };
  records: { key: string; value: MirrorRecord };
  usage: { key: string; value: UsageEntry; indexes: { byKindUse: [string, MirrorRecordKind, number] } };
}

export type DeviceDb = IDBPDatabase<DeviceSchema>;

let opening: Promise<DeviceDb> | null = null;
/** Whether `opening` may create the database. */
let openingCreates = false;

export interface OpenDeviceDbOptions {
  /** Create the database when there is none: at sign-in only. */
  readonly create?: boolean;
}

/** This tab's connection to the device database, opened on first use; created only with `create`. */
export function openDeviceDb(options: OpenDeviceDbOptions = {}): Promise<DeviceDb> {
  if (opening) {
    if (options.create !== true || openingCreates) return opening;
    // A sign-in behind an open that may not create (a late write queued behind the sign-out's deletion): when
    // that one finds no database, this one makes it, instead of failing the sign-in's vault and mirror with it.
    return opening.catch(() => openDeviceDb(options));
  }
  if (typeof indexedDB === 'undefined') {
    return Promise.reject(new VaultError('VAULT_UNAVAILABLE', 'this browser offers no IndexedDB here'));
  }
  let gone = false;
  const attempt = openDB<DeviceSchema>(DEVICE_DB_NAME, DEVICE_DB_VERSION, {
    upgrade(db, oldVersion, _newVersion, transaction) {
      if (oldVersion === 0 && options.create !== true) {
        // Aborting the upgrade of a database that did not exist leaves none behind.
        gone = true;
        transaction.done.catch(() => undefined);
        transaction.abort();
        return;
      }
      db.createObjectStore('vault');
      db.createObjectStore('records');
      db.createObjectStore('usage').createIndex('byKindUse', ['account', 'kind', 'usedAt']);
    },
    blocking() {
      void attempt.then((db) => db.close());
      if (opening === attempt) opening = null;
    },
    terminated() {
      if (opening === attempt) opening = null;
    },
  });
  opening = attempt;
  openingCreates = options.create === true;
  attempt.catch(() => {
    if (opening === attempt) opening = null;
  });
  return attempt.catch((error: unknown) => {
    if (gone)
      throw new VaultError('VAULT_GONE', 'there is no device database (signed out)', { cause: error });
    throw new VaultError('VAULT_UNAVAILABLE', 'the device database does not open', { cause: error });
  });
}

/**
 * Whether the database exists, without creating it (opening it would: a visitor who never signs in keeps
 * nothing). True when the browser cannot say (no indexedDB.databases()).
 */
export async function deviceDbExists(): Promise<boolean> {
  if (typeof indexedDB === 'undefined') return false;
  if (typeof indexedDB.databases !== 'function') return true;
  try {
    return (await indexedDB.databases()).some((info) => info.name === DEVICE_DB_NAME);
  } catch {
    return true;
  }
}

/** How long sign-out waits for other tabs to let go of the database before it goes on without them. */
export const DELETE_WAIT_MS = 5000;

/**
 * Deletes the whole database (sign-out). Other tabs are asked to close their connections; a deletion they
 * still block when DELETE_WAIT_MS is over stays queued in the browser and completes once they let go.
 */
export async function deleteDeviceDb(): Promise<void> {
  if (typeof indexedDB === 'undefined') return;
  const current = opening;
  opening = null;
  await current?.then((db) => db.close()).catch(() => undefined);
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    deleteDB(DEVICE_DB_NAME).catch(() => undefined),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, DELETE_WAIT_MS))),
  ]);
  clearTimeout(timer);
}
