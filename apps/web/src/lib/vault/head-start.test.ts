import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Upstream } from '../upstreams.ts';
import { CredentialVault } from './credential-vault.ts';
import type { RememberedSession } from './credential-vault.ts';
import { deleteDeviceDb } from './device-db.ts';
import { startHeadStart, takeHeadStart } from './head-start.ts';

const UPSTREAM: Upstream = { name: 'demo', label: 'Demo mail', canSend: true, mailDomain: 'webmail.test' };
const SESSION: RememberedSession = {
  upstream: UPSTREAM,
  user: 'demo',
  password: 'secret',
  secret: null,
  scope: 'tab',
};

function tabStorage(): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> {
  const entries = new Map<string, string>();
  return {
    getItem: (key) => entries.get(key) ?? null,
    setItem: (key, value) => void entries.set(key, value),
    removeItem: (key) => void entries.delete(key),
  };
}

afterEach(async () => {
  takeHeadStart();
  await deleteDeviceDb();
});

describe('the head start', () => {
  it('hands the session it recalled to the first who takes it, and nothing to the next', async () => {
    const storage = tabStorage();
    await new CredentialVault({ storage }).remember(SESSION);
    startHeadStart(new CredentialVault({ storage }));
    await expect(takeHeadStart()).resolves.toEqual(SESSION);
    expect(takeHeadStart()).toBeNull();
  });

  it('recalls once however often it is started', async () => {
    let recalls = 0;
    const vault = new CredentialVault({ storage: tabStorage(), dbExists: async () => (recalls++, false) });
    startHeadStart(vault);
    startHeadStart(vault);
    await expect(takeHeadStart()).resolves.toBeNull();
    expect(recalls).toBe(1);
  });

  it('gives null, never a rejection, for a session that does not open', async () => {
    const storage = tabStorage();
    storage.setItem('webmail.session', 'not sealed data');
    const vault = new CredentialVault({
      storage,
      db: () => Promise.reject(new Error('no database')),
      dbExists: async () => true,
    });
    startHeadStart(vault);
    await expect(takeHeadStart()).resolves.toBeNull();
  });
});
