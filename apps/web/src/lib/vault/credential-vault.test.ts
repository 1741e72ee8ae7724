import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Upstream } from '../upstreams.ts';
import { CredentialVault, REMEMBER_DEVICE_MS, SESSION_STORAGE_KEY } from './credential-vault.ts';
import type { RememberedSession } from './credential-vault.ts';
import { DEVICE_DB_NAME, deleteDeviceDb, openDeviceDb } from './device-db.ts';

const UPSTREAM: Upstream = { name: 'demo', label: 'Demo mail', canSend: true, mailDomain: 'webmail.test' };
const SESSION: RememberedSession = {
  upstream: UPSTREAM,
  user: 'анна@почта.рф',
  password: 'pässwörd 密码',
  secret: new Uint8Array(32).fill(7),
  scope: 'tab',
};

/** sessionStorage of one tab. */
function tabStorage(): Storage & { entries: Map<string, string> } {
  const entries = new Map<string, string>();
  return {
    entries,
    get length() {
      return entries.size;
    },
    clear: () => entries.clear(),
    key: (index) => [...entries.keys()][index] ?? null,
    getItem: (key) => entries.get(key) ?? null,
    setItem: (key, value) => void entries.set(key, value),
    removeItem: (key) => void entries.delete(key),
  };
}

async function databases(): Promise<(string | undefined)[]> {
  return (await indexedDB.databases()).map((info) => info.name);
}

afterEach(async () => {
  await deleteDeviceDb();
});

describe('CredentialVault', () => {
  it('seals the session into the tab storage, where neither the password nor the user name can be read', async () => {
    const storage = tabStorage();
    await new CredentialVault({ storage }).remember(SESSION);
    const stored = storage.getItem(SESSION_STORAGE_KEY) ?? '';
    expect(stored).toMatch(/^[A-Za-z0-9_-]{60,}$/);
    for (const clear of [SESSION.password, SESSION.user, 'pässwörd', 'demo'])
      expect(stored).not.toContain(clear);
  });

  it('gives the session back after a reload of the tab', async () => {
    const storage = tabStorage();
    await new CredentialVault({ storage }).remember(SESSION);
    await expect(new CredentialVault({ storage }).recall()).resolves.toEqual(SESSION);
  });

  it('opens the device database at once for a tab that holds a session, without asking which ones exist', async () => {
    const storage = tabStorage();
    await new CredentialVault({ storage }).remember(SESSION);
    let asked = 0;
    const dbExists = async () => {
      asked++;
      return true;
    };
    await expect(new CredentialVault({ storage, dbExists }).recall()).resolves.toEqual(SESSION);
    expect(asked).toBe(0);
    // Without a session in the tab it asks (a first visit opens no database).
    await expect(new CredentialVault({ storage: tabStorage(), dbExists }).recall()).resolves.toBeNull();
    expect(asked).toBe(1);
  });

  it('gives nothing to a new tab for a tab session, and the session to it with "keep me signed in"', async () => {
    await new CredentialVault({ storage: tabStorage() }).remember(SESSION);
    await expect(new CredentialVault({ storage: tabStorage() }).recall()).resolves.toBeNull();

    await new CredentialVault({ storage: tabStorage() }).remember({ ...SESSION, scope: 'device' });
    const newTab = tabStorage();
    await expect(new CredentialVault({ storage: newTab }).recall()).resolves.toEqual({
      ...SESSION,
      scope: 'device',
    });
    expect(newTab.getItem(SESSION_STORAGE_KEY)).not.toBeNull();
  });

  it('keeps a device key that no script can export', async () => {
    await new CredentialVault({ storage: tabStorage() }).remember(SESSION);
    const key = await (await openDeviceDb()).get('vault', 'device-key');
    expect(key).toBeInstanceOf(CryptoKey);
    expect((key as CryptoKey).extractable).toBe(false);
    await expect(crypto.subtle.exportKey('raw', key as CryptoKey)).rejects.toThrow();
  });

  it.each([
    ['a byte changed', (text: string) => text.slice(0, 30) + (text[30] === 'A' ? 'B' : 'A') + text.slice(31)],
    ['cut short', (text: string) => text.slice(0, 40)],
    ['not base64url', () => 'not a sealed session!'],
    ['empty', () => ''],
  ])('recalls nothing from a stored session that was %s, and removes it', async (_, change) => {
    const storage = tabStorage();
    await new CredentialVault({ storage }).remember(SESSION);
    storage.setItem(SESSION_STORAGE_KEY, change(storage.getItem(SESSION_STORAGE_KEY) ?? ''));
    await expect(new CredentialVault({ storage }).recall()).resolves.toBeNull();
    expect(storage.getItem(SESSION_STORAGE_KEY)).toBeNull();
  });

  it('forgets: the tab entry and the whole device database go, and copies other tabs hold open no more', async () => {
    const storage = tabStorage();
    const otherTab = tabStorage();
    const vault = new CredentialVault({ storage });
    await vault.remember({ ...SESSION, scope: 'device' });
    const copy = vault.sealedSession() ?? '';
    otherTab.setItem(SESSION_STORAGE_KEY, copy);
    await vault.forget();
    expect(storage.entries.size).toBe(0);
    expect(await databases()).not.toContain(DEVICE_DB_NAME);
    await expect(new CredentialVault({ storage: otherTab }).recall()).resolves.toBeNull();
    expect(otherTab.getItem(SESSION_STORAGE_KEY)).toBeNull();
    // Trying the copy's key did not bring the database back.
    expect(await databases()).not.toContain(DEVICE_DB_NAME);
    await expect(new CredentialVault({ storage: tabStorage() }).adopt(copy)).resolves.toBeNull();
  });

  it('creates no database for a visitor who never signed in', async () => {
    await expect(new CredentialVault({ storage: tabStorage() }).recall()).resolves.toBeNull();
    expect(await databases()).not.toContain(DEVICE_DB_NAME);
  });

  it('asks for the password again once "keep me signed in" is 30 days old', async () => {
    let now = Date.UTC(2026, 0, 1);
    await new CredentialVault({ storage: tabStorage(), now: () => now }).remember({
      ...SESSION,
      scope: 'device',
    });
    now += REMEMBER_DEVICE_MS - 1;
    await expect(
      new CredentialVault({ storage: tabStorage(), now: () => now }).recall(),
    ).resolves.not.toBeNull();
    now += 2;
    await expect(new CredentialVault({ storage: tabStorage(), now: () => now }).recall()).resolves.toBeNull();
    await expect((await openDeviceDb()).get('vault', 'remembered')).resolves.toBeUndefined();
  });

  it('takes over a sealed session another tab handed over', async () => {
    const first = new CredentialVault({ storage: tabStorage() });
    await first.remember(SESSION);
    const second = tabStorage();
    await expect(
      new CredentialVault({ storage: second }).adopt(first.sealedSession() ?? ''),
    ).resolves.toEqual(SESSION);
    expect(second.getItem(SESSION_STORAGE_KEY)).toBe(first.sealedSession());
    await expect(new CredentialVault({ storage: tabStorage() }).adopt('garbage')).resolves.toBeNull();
  });

  it('forgets only the tab (and the remembered copy) when the server refuses the password', async () => {
    const storage = tabStorage();
    const vault = new CredentialVault({ storage });
    await vault.remember({ ...SESSION, scope: 'device' });
    await vault.forgetTab();
    expect(storage.getItem(SESSION_STORAGE_KEY)).toBeNull();
    await expect(new CredentialVault({ storage: tabStorage() }).recall()).resolves.toBeNull();
  });
});
