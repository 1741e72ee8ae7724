import { describe, expect, it } from 'vitest';
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

const key = () => crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);

describe('sealing', () => {
  it('opens what it sealed, under the same label only', async () => {
    const k = await key();
    const sealed = await seal(k, 'webmail/test', jsonBytes({ folder: 'Работа/工作' }));
    expect(parseJsonBytes(await unseal(k, 'webmail/test', sealed))).toEqual({ folder: 'Работа/工作' });
    await expect(unseal(k, 'webmail/other', sealed)).rejects.toMatchObject({ code: 'VAULT_UNREADABLE' });
    await expect(unseal(await key(), 'webmail/test', sealed)).rejects.toBeInstanceOf(VaultError);
  });

  it('uses a fresh IV for every seal', async () => {
    const k = await key();
    const a = await seal(k, 'x', jsonBytes(1));
    const b = await seal(k, 'x', jsonBytes(1));
    expect(a.iv).not.toEqual(b.iv);
    expect(a.data).not.toEqual(b.data);
  });

  it('keeps a verbatim folder name (a lone surrogate) through JSON', async () => {
    const name = '\uDC00\u00e4\u00ff';
    expect(parseJsonBytes(jsonBytes({ name }))).toEqual({ name });
  });

  it.each([
    [new Uint8Array([]), ''],
    [new Uint8Array([0xfb, 0xff, 0xfe]), '-__-'],
    [new Uint8Array([1, 2, 3, 4]), 'AQIDBA'],
  ])('writes %o as base64url %s and reads it back', (bytes, text) => {
    expect(toBase64Url(bytes)).toBe(text);
    expect(fromBase64Url(text)).toEqual(bytes);
  });

  it('reads no sealed value from text that cannot be one', () => {
    expect(sealedFromText('a+b/')).toBeNull();
    expect(sealedFromText(toBase64Url(new Uint8Array(12)))).toBeNull();
    const sealed = { iv: new Uint8Array(12).fill(1), data: new Uint8Array([9, 8, 7]) };
    expect(sealedFromText(sealedToText(sealed))).toEqual(sealed);
  });
});
