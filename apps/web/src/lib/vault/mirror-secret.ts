// The mirror's keys. Each account's mirror has a random 256-bit secret; HKDF (RFC 5869) derives from it the key
// records are sealed with (AES-GCM) and the key their names are made with (HMAC-SHA-256, so that no folder
// name, and no UID beside its folder, is written to disk in the clear). Both are imported non-extractable.
//
// Where the secret rests:
// - in IndexedDB, sealed with a key derived from the password (PBKDF2-SHA-256, PBKDF2_ITERATIONS, a random
//   salt): with no live session on the device, the mirror is ciphertext to whoever holds the disk, who would
//   have to guess the password at PBKDF2's cost per guess;
// - inside the sealed session (credential-vault.ts), so that a reload opens the mirror without paying
//   PBKDF2's cost again. Sign-in pays it once, while the IMAP login runs.

import type { WrappedSecret } from './device-db.ts';
import { VaultError } from './errors.ts';
import { seal, unseal } from './sealed.ts';

/** OWASP's 2023 figure for PBKDF2-HMAC-SHA-256. */
export const PBKDF2_ITERATIONS = 600_000;
export const SECRET_BYTES = 32;
const WRAP_LABEL = 'webmail/mirror-secret/v1';
const encoder = new TextEncoder();

export interface MirrorKeys {
  /** Seals and opens the mirror's records (AES-GCM). */
  readonly records: CryptoKey;
  /** Names the mirror's records (HMAC-SHA-256). */
  readonly names: CryptoKey;
}

export function newSecret(): Uint8Array<ArrayBuffer> {
  return crypto.getRandomValues(new Uint8Array(SECRET_BYTES));
}

/** The secret sealed under the password, to rest in IndexedDB. */
export async function wrapSecret(
  secret: Uint8Array<ArrayBuffer>,
  password: string,
  iterations = PBKDF2_ITERATIONS,
): Promise<WrappedSecret> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const key = await passwordKey(password, salt, iterations);
  return { salt, iterations, sealed: await seal(key, WRAP_LABEL, secret) };
}

/** The secret back; VAULT_UNREADABLE when `password` is not the one it was wrapped with. */
export async function unwrapSecret(
  wrapped: WrappedSecret,
  password: string,
): Promise<Uint8Array<ArrayBuffer>> {
  const key = await passwordKey(password, wrapped.salt, wrapped.iterations);
  const secret = await unseal(key, WRAP_LABEL, wrapped.sealed);
  if (secret.length !== SECRET_BYTES) throw new VaultError('VAULT_UNREADABLE', 'the mirror secret is cut');
  return secret;
}

export async function mirrorKeys(secret: Uint8Array<ArrayBuffer>): Promise<MirrorKeys> {
  const base = await crypto.subtle.importKey('raw', secret, 'HKDF', false, ['deriveKey']);
  const derive = (info: string, algorithm: AesKeyGenParams | HmacImportParams, usages: KeyUsage[]) =>
    crypto.subtle.deriveKey(
      { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: encoder.encode(info) },
      base,
      algorithm,
      false,
      usages,
    );
  const [records, names] = await Promise.all([
    derive('webmail/mirror/records', { name: 'AES-GCM', length: 256 }, ['encrypt', 'decrypt']),
    derive('webmail/mirror/names', { name: 'HMAC', hash: 'SHA-256', length: 256 }, ['sign']),
  ]);
  return { records, names };
}

/** A stable id for an account (mail server and user name), so that two accounts' mirrors never mix. */
export async function accountId(upstream: string, user: string): Promise<string> {
  const digest = await crypto.subtle.digest(
    'SHA-256',
    encoder.encode(`webmail/account\0${upstream}\0${user}`),
  );
  return Array.from(new Uint8Array(digest, 0, 16), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

async function passwordKey(
  password: string,
  salt: Uint8Array<ArrayBuffer>,
  iterations: number,
): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey('raw', encoder.encode(password), 'PBKDF2', false, [
    'deriveKey',
  ]);
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}
