import { describe, expect, it } from 'vitest';
import { accountId, mirrorKeys, newSecret, unwrapSecret, wrapSecret } from './mirror-secret.ts';

// A low iteration count: these tests check the wrapping, not PBKDF2's cost.
const ITERATIONS = 1000;

describe('the mirror secret', () => {
  it('unwraps with the password it was wrapped with, and with no other', async () => {
    const secret = newSecret();
    const wrapped = await wrapSecret(secret, 'пароль', ITERATIONS);
    expect(wrapped.iterations).toBe(ITERATIONS);
    await expect(unwrapSecret(wrapped, 'пароль')).resolves.toEqual(secret);
    await expect(unwrapSecret(wrapped, 'пароль ')).rejects.toMatchObject({ code: 'VAULT_UNREADABLE' });
  });

  it('derives non-extractable keys, the same names from the same secret and different ones from another', async () => {
    const secret = newSecret();
    const keys = await mirrorKeys(secret);
    expect(keys.records.extractable).toBe(false);
    expect(keys.names.extractable).toBe(false);
    const name = async (k: CryptoKey) =>
      new Uint8Array(await crypto.subtle.sign('HMAC', k, new TextEncoder().encode('INBOX')));
    expect(await name(keys.names)).toEqual(await name((await mirrorKeys(secret)).names));
    expect(await name(keys.names)).not.toEqual(await name((await mirrorKeys(newSecret())).names));
  });

  it('gives every account its own id', async () => {
    const ids = await Promise.all([
      accountId('demo', 'anna'),
      accountId('demo', 'anna'),
      accountId('demo', 'ann'),
      accountId('other', 'anna'),
      accountId('demoa', 'nna'),
    ]);
    expect(ids[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(ids[0]).toBe(ids[1]);
    expect(new Set(ids).size).toBe(4);
  });
});
