// Staying signed in. The session (mail server, user name, password, and the mirror's secret) is sealed
// (sealed.ts) with the device key: a non-extractable AES-GCM key generated in this browser and kept in
// IndexedDB (device-db.ts), which script of this origin can use but no script can read out. Where the sealed
// session rests decides how long it lasts:
//
//   'tab'     sessionStorage (`webmail.session`): a reload, a tab the browser discarded and restores, and a
//             tab another tab hands it to (tab-handoff.ts) come back signed in; closing the tab ends it.
//   'device'  also IndexedDB ('remembered'): "Keep me signed in on this device", off by default, for
//             REMEMBER_DEVICE_MS; a new tab or a restarted browser comes back signed in.
//
// Nothing here is sent anywhere, and nothing is a cookie. forget() removes the tab's copy and deletes the
// whole device database (the key with it), so every copy anywhere, in any tab, stops opening. The threat model
// is in the web README ("What the app keeps on this device").

import { parseUpstreamList } from '@webmail/relay-contract';
import type { Upstream } from '../upstreams.ts';
import { deleteDeviceDb, deviceDbExists, openDeviceDb } from './device-db.ts';
import type { DeviceDb, OpenDeviceDbOptions } from './device-db.ts';
import { VaultError } from './errors.ts';
import {
  fromBase64Url,
  jsonBytes,
  parseJsonBytes,
  seal,
  sealedFromText,
  sealedToText,
  toBase64Url,
  unseal,
} from './sealed.ts';
import type { Sealed } from './sealed.ts';

export type RememberScope = 'tab' | 'device';

export interface RememberedSession {
  readonly upstream: Upstream;
  readonly user: string;
  readonly password: string;
  /** The mirror's secret (mirror-secret.ts), or null when the mirror is off. */
  readonly secret: Uint8Array<ArrayBuffer> | null;
  readonly scope: RememberScope;
}

/** Where the tab's sealed session is kept (sessionStorage: one per tab, cleared with it). */
export const SESSION_STORAGE_KEY = 'webmail.session';
/** How long "Keep me signed in on this device" lasts before the password is asked again: 30 days. */
export const REMEMBER_DEVICE_MS = 30 * 24 * 60 * 60 * 1000;

const SESSION_LABEL = 'webmail/session/v1';
const DEVICE_KEY = 'device-key';
const REMEMBERED = 'remembered';

/** The sealed JSON: what RememberedSession holds, and when it was sealed. */
interface SessionPayload {
  /** The proxy's entry for the mail server when signing in (GET /api/upstreams). */
  readonly upstream: Upstream;
  readonly user: string;
  readonly password: string;
  readonly secret: string | null;
  readonly scope: RememberScope;
  readonly since: number;
}

export interface CredentialVaultOptions {
  /** Default: window.sessionStorage (null when storage is blocked). */
  readonly storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
  /** Default: the device database. */
  readonly db?: (options?: OpenDeviceDbOptions) => Promise<DeviceDb>;
  readonly deleteDb?: () => Promise<void>;
  /** Default: whether the device database exists (recall() does not create it). */
  readonly dbExists?: () => Promise<boolean>;
  readonly now?: () => number;
}

export class CredentialVault {
  readonly #storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
  readonly #db: (options?: OpenDeviceDbOptions) => Promise<DeviceDb>;
  readonly #deleteDb: () => Promise<void>;
  readonly #dbExists: () => Promise<boolean>;
  readonly #now: () => number;

  constructor(options: CredentialVaultOptions = {}) {
    this.#storage = options.storage === undefined ? browserSessionStorage() : options.storage;
    this.#db = options.db ?? openDeviceDb;
    this.#deleteDb = options.deleteDb ?? deleteDeviceDb;
    this.#dbExists = options.dbExists ?? deviceDbExists;
    this.#now = options.now ?? Date.now;
  }

  /** Seals `session` into this tab's storage, and with scope 'device' into the device database as well. */
  async remember(session: RememberedSession): Promise<void> {
    const db = await this.#db({ create: true });
    const key = await deviceKey(db);
    const payload: SessionPayload = {
      upstream: session.upstream,
      user: session.user,
      password: session.password,
      secret: session.secret === null ? null : toBase64Url(session.secret),
      scope: session.scope,
      since: this.#now(),
    };
    const sealed = await seal(key, SESSION_LABEL, jsonBytes(payload));
    this.#storage?.setItem(SESSION_STORAGE_KEY, sealedToText(sealed));
    if (session.scope === 'device') await db.put('vault', sealed, REMEMBERED);
    else await db.delete('vault', REMEMBERED);
  }

  /**
   * The session this tab (or, with "keep me signed in", this device) remembers; null when there is none or it
   * no longer opens (signed out elsewhere, expired), in which case its leftovers are removed.
   */
  async recall(): Promise<RememberedSession | null> {
    const text = this.#storage?.getItem(SESSION_STORAGE_KEY) ?? null;
    // A tab without a session asks first whether there is a database at all, so that a first visit opens none.
    // A tab with one opens it at once: the open never creates it, and asking first cost a reload 10-37 ms
    // (indexedDB.databases() answers from the browser process).
    if (text === null && !(await this.#dbExists())) return null;
    let db: DeviceDb;
    try {
      db = await this.#db();
    } catch {
      // No key on this device: whatever the tab holds was sealed with one that is gone (signed out).
      if (text !== null) this.#storage?.removeItem(SESSION_STORAGE_KEY);
      return null;
    }
    if (text !== null) {
      const session = await this.#open(db, sealedFromText(text)).catch(() => null);
      if (session) return session;
      this.#storage?.removeItem(SESSION_STORAGE_KEY);
    }
    const remembered = await db.get('vault', REMEMBERED);
    if (remembered === undefined || !isSealed(remembered)) return null;
    const session = await this.#open(db, remembered).catch(() => null);
    if (session === null) {
      await db.delete('vault', REMEMBERED);
      return null;
    }
    this.#storage?.setItem(SESSION_STORAGE_KEY, sealedToText(remembered));
    return session;
  }

  /**
   * Whether any tab of this browser can hold a session: only once one signed in is there a device key to seal
   * it with (a first visit need not ask the other tabs).
   */
  hasDeviceKey(): Promise<boolean> {
    return this.#dbExists();
  }

  /** The tab's sealed session as text, to hand to another tab of this browser (it opens with the same key). */
  sealedSession(): string | null {
    return this.#storage?.getItem(SESSION_STORAGE_KEY) ?? null;
  }

  /** A sealed session another tab handed over: kept as this tab's when it opens. */
  async adopt(text: string): Promise<RememberedSession | null> {
    try {
      const session = await this.#open(await this.#db(), sealedFromText(text));
      this.#storage?.setItem(SESSION_STORAGE_KEY, text);
      return session;
    } catch {
      return null;
    }
  }

  /**
   * Sign-out: the tab's sealed session goes, and so does the device database with the key every copy was
   * sealed with (and the mirror). Copies in other tabs' storage are ciphertext without a key from now on.
   */
  async forget(): Promise<void> {
    this.#storage?.removeItem(SESSION_STORAGE_KEY);
    await this.#deleteDb();
  }

  /** Forgets only this tab's copy (the server refused the password: the device copy is as stale). */
  async forgetTab(): Promise<void> {
    this.#storage?.removeItem(SESSION_STORAGE_KEY);
    try {
      await (await this.#db()).delete('vault', REMEMBERED);
    } catch {
      // No database: nothing remembered there.
    }
  }

  async #open(db: DeviceDb, sealed: Sealed | null): Promise<RememberedSession> {
    if (sealed === null) throw new VaultError('VAULT_UNREADABLE', 'the stored session is not sealed data');
    const key = await db.get('vault', DEVICE_KEY);
    if (!(key instanceof CryptoKey)) throw new VaultError('VAULT_UNREADABLE', 'this device has no key');
    const payload = sessionPayload(parseJsonBytes(await unseal(key, SESSION_LABEL, sealed)));
    if (payload.scope === 'device' && this.#now() - payload.since > REMEMBER_DEVICE_MS) {
      throw new VaultError('VAULT_EXPIRED', 'the remembered session is older than 30 days');
    }
    const secret = payload.secret === null ? null : fromBase64Url(payload.secret);
    return {
      upstream: payload.upstream,
      user: payload.user,
      password: payload.password,
      secret,
      scope: payload.scope,
    };
  }
}

/** The device key, made on first use. Two tabs making one at once agree on whichever was stored first. */
async function deviceKey(db: DeviceDb): Promise<CryptoKey> {
  const existing = await db.get('vault', DEVICE_KEY);
  if (existing instanceof CryptoKey) return existing;
  // Non-extractable: exportKey refuses it, so no script (ours included) can ever read the key's bytes.
  const made = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, [
    'encrypt',
    'decrypt',
  ]);
  const tx = db.transaction('vault', 'readwrite');
  const stored = await tx.store.get(DEVICE_KEY);
  const key = stored instanceof CryptoKey ? stored : made;
  if (!(stored instanceof CryptoKey)) await tx.store.put(made, DEVICE_KEY);
  await tx.done;
  return key;
}

function isSealed(value: unknown): value is Sealed {
  const sealed = value as Partial<Sealed> | null;
  return isBytes(sealed?.iv) && isBytes(sealed?.data);
}

/** A Uint8Array from any realm (what IndexedDB hands back is not always of this one's constructor). */
function isBytes(value: unknown): boolean {
  return Object.prototype.toString.call(value) === '[object Uint8Array]';
}

function sessionPayload(value: unknown): SessionPayload {
  const payload = value as Partial<SessionPayload> | null;
  let upstream: Upstream | undefined;
  try {
    upstream = parseUpstreamList([payload?.upstream])[0];
  } catch {
    upstream = undefined;
  }
  if (
    upstream === undefined ||
    typeof payload?.user !== 'string' ||
    typeof payload.password !== 'string' ||
    (payload.secret !== null && typeof payload.secret !== 'string') ||
    (payload.scope !== 'tab' && payload.scope !== 'device') ||
    typeof payload.since !== 'number'
  ) {
    throw new VaultError('VAULT_UNREADABLE', 'the sealed session does not have the expected fields');
  }
  return { ...(payload as SessionPayload), upstream };
}

function browserSessionStorage(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null; // reading window.sessionStorage itself throws when storage is blocked
  }
}
