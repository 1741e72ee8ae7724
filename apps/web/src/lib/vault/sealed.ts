// Sealing small values: AES-GCM with a 256-bit key, a fresh random 96-bit IV for every seal (NIST SP 800-38D
// 8.2.2: random IVs are safe far beyond the number of seals a mailbox makes), and additional authenticated data
// naming what the bytes are. A sealed value opens only with its key and under its own label, so one cannot be
// passed off as another (a list record as another folder's, a mirror record as the credential); a changed or
// cut byte fails the tag check and opens as VAULT_UNREADABLE, never as different content.

import { VaultError } from './errors.ts';

export interface Sealed {
  readonly iv: Uint8Array<ArrayBuffer>;
  readonly data: Uint8Array<ArrayBuffer>;
}

const IV_BYTES = 12;
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export async function seal(key: CryptoKey, label: string, plain: Uint8Array<ArrayBuffer>): Promise<Sealed> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const data = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: encoder.encode(label) },
    key,
    plain,
  );
  return { iv, data: new Uint8Array(data) };
}

/** The plain bytes; VAULT_UNREADABLE when the key, the label or any byte differs from the seal's. */
export async function unseal(
  key: CryptoKey,
  label: string,
  sealed: Sealed,
): Promise<Uint8Array<ArrayBuffer>> {
  try {
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: sealed.iv, additionalData: encoder.encode(label) },
      key,
      sealed.data,
    );
    return new Uint8Array(plain);
  } catch (error) {
    throw new VaultError('VAULT_UNREADABLE', `a sealed ${label} does not open with this key`, {
      cause: error,
    });
  }
}

/** JSON as UTF-8. JSON.stringify escapes lone surrogates (verbatim folder names), so nothing is lost here. */
export function jsonBytes(value: unknown): Uint8Array<ArrayBuffer> {
  return encoder.encode(JSON.stringify(value));
}

export function parseJsonBytes(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(decoder.decode(bytes)) as unknown;
  } catch (error) {
    throw new VaultError('VAULT_UNREADABLE', 'a sealed value is not the JSON it should be', { cause: error });
  }
}

/** IV and ciphertext as one base64url string, for web storage and for another tab. */
export function sealedToText(sealed: Sealed): string {
  const joined = new Uint8Array(sealed.iv.length + sealed.data.length);
  joined.set(sealed.iv);
  joined.set(sealed.data, sealed.iv.length);
  return toBase64Url(joined);
}

/** The inverse of sealedToText; null for text that cannot be one (too short, not base64url). */
export function sealedFromText(text: string): Sealed | null {
  const bytes = fromBase64Url(text);
  if (bytes === null || bytes.length <= IV_BYTES) return null;
  return { iv: bytes.slice(0, IV_BYTES), data: bytes.slice(IV_BYTES) };
}

export function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return null;
  }
}
