// Opening an account's mirror. At sign-in the secret is unwrapped with the password from IndexedDB (or made,
// the first time on this device); a reload has it from the sealed session and skips PBKDF2. A wrapped secret
// that the password does not open (the password was changed, or the record altered) cannot be told apart from
// a wrong guess, and the sign-in already proved the password: the old records are dropped and a new secret
// made. vault/mirror-secret.ts says why the secret is kept this way.

import { openDeviceDb } from '../vault/device-db.ts';
import type { DeviceDb, WrappedSecret } from '../vault/device-db.ts';
import { mirrorKeys, newSecret, unwrapSecret, wrapSecret } from '../vault/mirror-secret.ts';
import { MailMirror } from './mail-mirror.ts';
import type { MailMirrorOptions } from './mail-mirror.ts';

export interface OpenedMirror {
  readonly mirror: MailMirror;
  /** To be sealed into the session, so that a reload opens the mirror without the password's cost. */
  readonly secret: Uint8Array<ArrayBuffer>;
}

export interface OpenMirrorOptions extends MailMirrorOptions {
  /** PBKDF2 iterations for a new wrap. Default PBKDF2_ITERATIONS (tests lower it). */
  readonly iterations?: number;
}

const secretName = (account: string): string => `secret:${account}`;

/** At sign-in: the account's mirror, its secret unwrapped with `password` (or a new one). */
export async function openMirrorWithPassword(
  account: string,
  password: string,
  options: OpenMirrorOptions = {},
): Promise<OpenedMirror> {
  // A sign-in: the one moment the device database may be created.
  const db = await (options.db ?? openDeviceDb)({ create: true });
  const wrapped = await db.get('vault', secretName(account));
  let secret: Uint8Array<ArrayBuffer> | null = null;
  if (isWrappedSecret(wrapped)) secret = await unwrapSecret(wrapped, password).catch(() => null);
  if (secret === null) {
    await deleteAccountRecords(db, account);
    secret = newSecret();
    await db.put('vault', await wrapSecret(secret, password, options.iterations), secretName(account));
  }
  return { mirror: new MailMirror(account, await mirrorKeys(secret), options), secret };
}

/** On a reload: the account's mirror from the secret the sealed session carried. */
export async function openMirrorWithSecret(
  account: string,
  secret: Uint8Array<ArrayBuffer>,
  options: MailMirrorOptions = {},
): Promise<MailMirror> {
  return new MailMirror(account, await mirrorKeys(secret), options);
}

/** The mirror turned off: the account's records and its wrapped secret go. */
export async function deleteMirror(
  account: string,
  options: Pick<MailMirrorOptions, 'db'> = {},
): Promise<void> {
  const db = await (options.db ?? openDeviceDb)();
  await deleteAccountRecords(db, account);
  await db.delete('vault', secretName(account));
}

async function deleteAccountRecords(db: DeviceDb, account: string): Promise<void> {
  const tx = db.transaction(['records', 'usage'], 'readwrite');
  const range = IDBKeyRange.bound([account], [account, []]);
  const names = await tx.objectStore('usage').index('byKindUse').getAllKeys(range);
  await Promise.all([
    ...names.map((name) => tx.objectStore('records').delete(name)),
    ...names.map((name) => tx.objectStore('usage').delete(name)),
    tx.done,
  ]);
}

function isWrappedSecret(value: unknown): value is WrappedSecret {
  const wrapped = value as Partial<WrappedSecret> | null;
  return (
    Object.prototype.toString.call(wrapped?.salt) === '[object Uint8Array]' &&
    typeof wrapped?.iterations === 'number' &&
    wrapped.sealed !== undefined
  );
}
