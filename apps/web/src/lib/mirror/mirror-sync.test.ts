import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { deleteDeviceDb, openDeviceDb } from '../vault/device-db.ts';
import { mirrorKeys, newSecret } from '../vault/mirror-secret.ts';
import { MailMirror } from './mail-mirror.ts';
import { EARLY_BODIES, MirrorSync } from './mirror-sync.svelte.ts';

const encoder = new TextEncoder();
const ref = (uid: number) => ({ mailbox: 'INBOX', uidValidity: 7, uid });
const message = (text: string) => ({
  raw: encoder.encode(text),
  internalDate: 1,
  size: text.length,
  deferred: new Map(),
});
const noPageHide = () => () => undefined;

async function mirror(): Promise<MailMirror> {
  await openDeviceDb({ create: true });
  return new MailMirror('acct', await mirrorKeys(newSecret()));
}

afterEach(async () => {
  await deleteDeviceDb();
});

describe('MirrorSync, messages read before the mirror opened', () => {
  it(`keeps the last ${EARLY_BODIES} once the mirror opens (it opens a moment after sign-in)`, async () => {
    const sync = new MirrorSync({ onPageHidden: noPageHide });
    for (let uid = 1; uid <= EARLY_BODIES + 1; uid++) sync.put(ref(uid), message(`body ${uid}`));
    const kept = await mirror();
    sync.use(kept);
    await vi.waitFor(async () => expect((await kept.usage()).records).toBe(EARLY_BODIES));
    await expect(kept.readBody(ref(1))).resolves.toBeNull();
    const last = await kept.readBody(ref(EARLY_BODIES + 1));
    expect(new TextDecoder().decode(last?.raw)).toBe(`body ${EARLY_BODIES + 1}`);
    sync.dispose();
  });

  it('keeps none when the mirror is off, or after sign-out', async () => {
    const off = new MirrorSync({ onPageHidden: noPageHide });
    off.put(ref(1), message('one'));
    off.use(null);
    const kept = await mirror();
    off.use(kept);
    const signedOut = new MirrorSync({ onPageHidden: noPageHide });
    signedOut.put(ref(2), message('two'));
    signedOut.dispose();
    signedOut.put(ref(3), message('three'));
    signedOut.use(kept);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await kept.usage()).records).toBe(0);
    off.dispose();
  });
});
