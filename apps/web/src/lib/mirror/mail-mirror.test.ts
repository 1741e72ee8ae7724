import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ListSnapshot } from '../state/message-list/list-snapshot.ts';
import { unreadableRow } from '../state/message-list/message-row.ts';
import { deleteDeviceDb, openDeviceDb } from '../vault/device-db.ts';
import { mirrorKeys, newSecret } from '../vault/mirror-secret.ts';
import type { KeptBody } from './body-codec.ts';
import { MAX_KEPT_LISTS, MailMirror } from './mail-mirror.ts';
import { deleteMirror, openMirrorWithPassword, openMirrorWithSecret } from './open-mirror.ts';

const ITERATIONS = 1000;

function list(path: string, uids: number[] = [3, 2, 1]): ListSnapshot {
  return {
    path,
    role: null,
    uidValidity: 77,
    uidNext: Math.max(...uids) + 1,
    highestModseq: 5n,
    order: Uint32Array.from(uids),
    rows: uids.map((uid) => unreadableRow(uid, ['\\Seen'])),
    keywords: { flags: [], permanentFlags: null },
  };
}

function body(text: string, bytes?: number): KeptBody {
  const encoded = new TextEncoder().encode(text);
  const raw = new Uint8Array(bytes ?? encoded.length);
  raw.set(encoded.subarray(0, raw.length));
  return { raw, internalDate: 1, size: raw.length, flags: ['\\Seen'], deferred: [] };
}

async function mirror(options: ConstructorParameters<typeof MailMirror>[2] = {}, account = 'acct') {
  await openDeviceDb({ create: true }); // as a sign-in does: the mirror itself never creates the database
  return new MailMirror(account, await mirrorKeys(newSecret()), options);
}

/** Everything in the database as one string (keys and values; bytes as Latin-1). */
async function everythingStored(): Promise<string> {
  const db = await openDeviceDb();
  const parts: string[] = [];
  for (const store of ['vault', 'records', 'usage'] as const) {
    for (const key of await db.getAllKeys(store)) parts.push(String(key));
    for (const value of await db.getAll(store)) {
      parts.push(
        JSON.stringify(value, (_, v: unknown) =>
          Object.prototype.toString.call(v) === '[object Uint8Array]'
            ? String.fromCharCode(...(v as Uint8Array))
            : v,
        ),
      );
    }
  }
  return parts.join('\n');
}

afterEach(async () => {
  await deleteDeviceDb();
});

describe('MailMirror', () => {
  it('gives back the folders, lists and messages it kept', async () => {
    const m = await mirror();
    const tree = {
      mailboxes: [{ name: 'Работа', wireName: 'x', attributes: [], delimiter: '/' }],
      subscribed: null,
      counts: [],
    };
    await m.writeFolders(tree);
    await m.writeList(list('Работа'));
    await m.writeBody({ mailbox: 'Работа', uidValidity: 77, uid: 3 }, body('Привет'));
    await expect(m.readFolders()).resolves.toEqual(tree);
    await expect(m.readList('Работа')).resolves.toEqual(list('Работа'));
    const read = await m.readBody({ mailbox: 'Работа', uidValidity: 77, uid: 3 });
    expect(new TextDecoder().decode(read?.raw)).toBe('Привет');
    await expect(m.readBody({ mailbox: 'Работа', uidValidity: 78, uid: 3 })).resolves.toBeNull();
    await expect(m.readList('Работа/2023')).resolves.toBeNull();
  });

  it('signs each record name once: reading a message again asks WebCrypto for nothing', async () => {
    const m = await mirror();
    const ref = { mailbox: 'INBOX', uidValidity: 77, uid: 3 };
    await m.writeBody(ref, body('first'));
    const sign = vi.spyOn(crypto.subtle, 'sign');
    try {
      for (let i = 0; i < 3; i++) expect((await m.readBody(ref))?.size).toBe(5);
      await m.writeBody(ref, body('again'));
      expect(new TextDecoder().decode((await m.readBody(ref))?.raw)).toBe('again');
      expect(sign).not.toHaveBeenCalled();
      // Another message, folder or UIDVALIDITY is another name.
      await expect(m.readBody({ ...ref, uid: 4 })).resolves.toBeNull();
      await expect(m.readBody({ ...ref, uidValidity: 78 })).resolves.toBeNull();
      await expect(m.readBody({ ...ref, mailbox: 'Sent' })).resolves.toBeNull();
      expect(sign).toHaveBeenCalledTimes(3);
    } finally {
      sign.mockRestore();
    }
  });

  it('writes no folder name, subject or message text to the disk in the clear', async () => {
    const m = await mirror();
    const secret = 'Секретный проект 机密项目';
    await m.writeFolders({
      mailboxes: [{ name: secret, wireName: secret, attributes: [], delimiter: '/' }],
      subscribed: null,
      counts: [],
    });
    await m.writeList({ ...list(secret), rows: [{ ...unreadableRow(1, []), subject: secret }] });
    await m.writeBody({ mailbox: secret, uidValidity: 77, uid: 1 }, body(`Subject: ${secret}`));
    const stored = await everythingStored();
    for (const word of ['Секрет', '机密', 'Subject', 'Seen', 'uidValidity'])
      expect(stored).not.toContain(word);
  });

  it("reads nothing of another account's mirror, or of its own with another secret", async () => {
    const kept = await mirror();
    await kept.writeList(list('INBOX'));
    await expect((await mirror({}, 'other')).readList('INBOX')).resolves.toBeNull();
    await expect((await mirror()).readList('INBOX')).resolves.toBeNull();
  });

  it('drops a record whose bytes were altered on disk instead of showing them', async () => {
    const m = await mirror();
    await m.writeList(list('INBOX'));
    const db = await openDeviceDb();
    const [name] = await db.getAllKeys('records');
    const record = await db.get('records', name ?? '');
    if (!record || !name) throw new Error('no record');
    const data = record.sealed.data.slice();
    data[5] = (data[5] ?? 0) ^ 1;
    await db.put('records', { ...record, sealed: { ...record.sealed, data } }, name);
    await expect(m.readList('INBOX')).resolves.toBeNull();
    await expect(db.count('records')).resolves.toBe(0);
    await expect(db.count('usage')).resolves.toBe(0);
  });

  it('keeps within its budget by dropping the least recently read messages first', async () => {
    let now = 1000;
    const ref = (uid: number) => ({ mailbox: 'INBOX', uidValidity: 77, uid });
    // What a list and three messages take, measured on a mirror without a budget to speak of.
    const measure = await mirror({}, 'measure');
    await measure.writeList(list('INBOX'));
    for (const uid of [1, 2, 3]) await measure.writeBody(ref(uid), body('x', 1000));
    const budget = (await measure.usage()).bytes + 500;
    await measure.clear();

    const m = await mirror({ budgetBytes: budget, now: () => now++ });
    await m.writeList(list('INBOX'));
    for (const uid of [1, 2, 3]) await m.writeBody(ref(uid), body('x', 1000));
    await m.readBody(ref(1));
    await m.writeBody(ref(4), body('x', 1000));
    await expect(m.readBody(ref(2))).resolves.toBeNull();
    for (const uid of [1, 3, 4]) await expect(m.readBody(ref(uid))).resolves.not.toBeNull();
    await expect(m.readList('INBOX')).resolves.not.toBeNull();
    expect((await m.usage()).bytes).toBeLessThanOrEqual(budget);
  });

  it(`keeps the lists of the ${MAX_KEPT_LISTS} folders opened most recently`, async () => {
    let now = 1;
    const m = await mirror({ now: () => now++ });
    for (let i = 0; i <= MAX_KEPT_LISTS; i++) {
      await m.writeList(list(`Folder ${i}`));
      if (i === 5) await m.readList('Folder 0');
    }
    await expect(m.readList('Folder 0')).resolves.not.toBeNull();
    await expect(m.readList('Folder 1')).resolves.toBeNull();
    await expect(m.readList(`Folder ${MAX_KEPT_LISTS}`)).resolves.not.toBeNull();
    expect((await m.usage()).records).toBe(MAX_KEPT_LISTS);
  });

  it('clears every record of its account and none of another', async () => {
    const mine = await mirror({}, 'mine');
    const theirs = await mirror({}, 'theirs');
    await mine.writeList(list('INBOX'));
    await theirs.writeList(list('INBOX'));
    await mine.clear();
    await expect(mine.usage()).resolves.toEqual({ bytes: 0, records: 0 });
    await expect(theirs.readList('INBOX')).resolves.not.toBeNull();
  });
});

describe('opening a mirror', () => {
  it('opens the same mirror with the same password, and after a reload with the secret alone', async () => {
    const first = await openMirrorWithPassword('acct', 'pw', { iterations: ITERATIONS });
    await first.mirror.writeList(list('INBOX'));
    const again = await openMirrorWithPassword('acct', 'pw', { iterations: ITERATIONS });
    expect(again.secret).toEqual(first.secret);
    await expect(again.mirror.readList('INBOX')).resolves.not.toBeNull();
    await expect(
      (await openMirrorWithSecret('acct', first.secret)).readList('INBOX'),
    ).resolves.not.toBeNull();
  });

  it('starts afresh when the password is not the one the secret was wrapped with', async () => {
    const first = await openMirrorWithPassword('acct', 'old', { iterations: ITERATIONS });
    await first.mirror.writeList(list('INBOX'));
    const changed = await openMirrorWithPassword('acct', 'new', { iterations: ITERATIONS });
    expect(changed.secret).not.toEqual(first.secret);
    await expect(changed.mirror.usage()).resolves.toEqual({ bytes: 0, records: 0 });
    await expect(first.mirror.readList('INBOX')).resolves.toBeNull();
  });

  it('deletes the records and the wrapped secret when the mirror is turned off', async () => {
    const { mirror: m } = await openMirrorWithPassword('acct', 'pw', { iterations: ITERATIONS });
    await m.writeList(list('INBOX'));
    await deleteMirror('acct');
    const db = await openDeviceDb();
    await expect(db.count('records')).resolves.toBe(0);
    await expect(db.get('vault', 'secret:acct')).resolves.toBeUndefined();
  });
});

describe('after sign-out', () => {
  const read = { mailbox: 'INBOX', uidValidity: 77, uid: 3 };
  const unread = { mailbox: 'INBOX', uidValidity: 77, uid: 2 };
  const databases = async () => (await indexedDB.databases()).map((info) => info.name);

  it('never brings the database back: the late writes, reads, marks and clears of a mirror still open', async () => {
    const m = await mirror();
    await m.writeList(list('INBOX'));
    await m.writeBody(read, body('kept'));
    const everything = (): Promise<unknown>[] => [
      m.writeList(list('Work')),
      m.writeBody(unread, body('late')),
      m.readBody(read),
      m.readList('INBOX'),
      m.forgetList('INBOX'),
      m.usage(),
      m.clear(),
    ];
    // Issued before the deletion, while it runs, and after it (another tab signed out meanwhile).
    const before = everything();
    const deleting = deleteDeviceDb();
    const during = everything();
    await deleting;
    const after = everything();
    await Promise.allSettled([...before, ...during, ...after]);
    expect(await databases()).not.toContain('webmail');
  });

  it('leaves it to a sign-in alone to make the database again', async () => {
    await openMirrorWithPassword('acct', 'pw', { iterations: ITERATIONS });
    await deleteDeviceDb();
    await expect(openDeviceDb()).rejects.toMatchObject({ code: 'VAULT_GONE' });
    expect(await databases()).not.toContain('webmail');
    const again = await openMirrorWithPassword('acct', 'pw', { iterations: ITERATIONS });
    await again.mirror.writeList(list('INBOX'));
    await expect(again.mirror.readList('INBOX')).resolves.not.toBeNull();
  });

  it('signs in even behind a late open that finds no database', async () => {
    await openMirrorWithPassword('acct', 'pw', { iterations: ITERATIONS });
    const deleting = deleteDeviceDb();
    await new Promise((resolve) => setTimeout(resolve, 0)); // the deletion has been asked for
    // A write of the tab signed out, still under way: its open waits behind the deletion, then finds nothing.
    const late = openDeviceDb();
    const signIn = openMirrorWithPassword('acct', 'pw', { iterations: ITERATIONS });
    await deleting;
    await expect(late).rejects.toMatchObject({ code: 'VAULT_GONE' });
    const { mirror } = await signIn;
    await mirror.writeList(list('INBOX'));
    await expect(mirror.readList('INBOX')).resolves.not.toBeNull();
  });
});
