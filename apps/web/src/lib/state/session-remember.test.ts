// MailSession across reloads, tabs and sign-out, on a scripted server, with the device's storage (IndexedDB from
// fake-indexeddb, a sessionStorage per tab) and the real vault and mirror: a reload signs in again and shows the
// kept list before the server answers; a proxy out of reach leaves the kept mail showing, offline; a refused
// password and sign-out forget.

import 'fake-indexeddb/auto';
import { ConnectionError, ErrorCodes } from '@webmail/imap-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CredentialVault, SESSION_STORAGE_KEY } from '../vault/credential-vault.ts';
import { DEVICE_DB_NAME, deleteDeviceDb } from '../vault/device-db.ts';
import { TabHandoff } from '../vault/tab-handoff.ts';
import { MailSession } from './session.svelte.ts';
import type { MailSessionOptions } from './session.svelte.ts';
import { FakeImapServer, QRESYNC_CAPABILITIES, generatedMessages, heldAnswer } from './testing/fake-imap.ts';

const upstream = { name: 'demo', label: 'Demo mail', canSend: false };

/** sessionStorage of one tab. */
function tabStorage() {
  const entries = new Map<string, string>();
  return {
    entries,
    getItem: (key: string) => entries.get(key) ?? null,
    setItem: (key: string, value: string) => void entries.set(key, value),
    removeItem: (key: string) => void entries.delete(key),
  };
}

const sessions: MailSession[] = [];
const channels: TabHandoff[] = [];

afterEach(async () => {
  for (const session of sessions.splice(0)) await session.signOut().catch(() => undefined);
  for (const channel of channels.splice(0)) channel.close();
  await deleteDeviceDb();
});

/** The mail server and the network between; `down` makes the proxy unreachable. */
function mailServer() {
  // Filled by a test that needs the server slow to answer (the array is read at each command).
  const delays: { match: RegExp; ms: number }[] = [];
  const holds: { match: RegExp; until: Promise<unknown> }[] = [];
  const server = new FakeImapServer({
    delays,
    holds,
    capabilities: QRESYNC_CAPABILITIES,
    enable: true,
    folders: [
      { name: 'INBOX', messages: generatedMessages(8) },
      { name: 'Work', messages: generatedMessages(3) },
    ],
  });
  const net = { down: false };
  return { server, net, delays, holds };
}

/** One tab of the app: its own sessionStorage, the shared device database and mail server. */
function tab(
  { server, net }: ReturnType<typeof mailServer>,
  storage = tabStorage(),
  extra: Partial<MailSessionOptions> = {},
) {
  const handoff = new TabHandoff({
    channel: new BroadcastChannel('webmail.session.session-test'),
    waitMs: 300,
  });
  channels.push(handoff);
  const session = new MailSession({
    fetchUpstreams: async () => [upstream],
    openTransport: async () => {
      if (net.down)
        throw new ConnectionError(ErrorCodes.TRANSPORT, 'the WebSocket closed with code 1006', 1006);
      return server.transport();
    },
    workspace: {
      loadReader: async () =>
        ({ reader: { open: vi.fn(), clear: vi.fn(), dispose: vi.fn() }, ReaderPane: () => {} }) as never,
    },
    connection: { timers: { setTimeout: () => 0, clearTimeout: () => undefined, now: () => 0 } },
    vault: new CredentialVault({ storage }),
    handoff,
    mirror: { iterations: 1000 },
    mirrorSync: { saveDelayMs: 5, onPageHidden: () => () => {} },
    ...extra,
  });
  sessions.push(session);
  return { session, storage };
}

/** Signs in and waits until the INBOX list is kept in the mirror. */
async function signedInAndKept(mail: ReturnType<typeof mailServer>, keep = false) {
  const first = tab(mail);
  await first.session.signIn(upstream, 'demo', 'secret', { keep });
  const list = first.session.workspace?.messages;
  await vi.waitFor(() => expect(list?.phase === 'ready' && !list.ordering).toBe(true));
  list?.setViewport(0, 7);
  await vi.waitFor(() => expect(list?.rowAt(7)).toBeDefined());
  await vi.waitFor(() => expect(first.storage.getItem(SESSION_STORAGE_KEY)).not.toBeNull());
  // The mirror is written a moment after the rows came: wait until a reload would find them.
  await vi.waitFor(async () => {
    const kept = await (
      await import('../mirror/index.ts')
    ).openMirrorWithPassword(await (await import('../mirror/index.ts')).accountId('demo', 'demo'), 'secret', {
      iterations: 1000,
    });
    expect((await kept.mirror.readList('INBOX'))?.rows.length).toBe(8);
  });
  return first;
}

/**
 * What a reload does to the tab it replaces: its page is gone, so it hears nothing more from the server and writes
 * nothing more to the mirror (without this, the old tab could keep mail delivered "while away" before the new tab
 * reads the mirror). Nothing is signed out or forgotten.
 */
function leave(old: ReturnType<typeof tab>) {
  old.session.workspace?.dispose();
  old.session.connection?.dispose();
}

describe('MailSession remembering', () => {
  it('comes back signed in after a reload, the kept list shown before the server answers, then in line', async () => {
    const mail = mailServer();
    const first = await signedInAndKept(mail);
    leave(first);
    mail.server.deliver('INBOX', { internalDate: new Date(Date.UTC(2030, 0, 1)), subject: 'While away' });

    const selectAnswer = heldAnswer(/SELECT/);
    mail.holds.push(selectAnswer.hold);
    const reloaded = tab(mail, first.storage);
    const before = mail.server.log.length;
    const restoring = reloaded.session.restore();
    await vi.waitFor(() => expect(reloaded.session.phase).toBe('signed-in'));
    const list = reloaded.session.workspace?.messages;
    // Shown from the mirror: the rows are there while the server has not answered the SELECT yet.
    expect(list?.count).toBe(8);
    expect(list?.rowAt(0)?.uid).toBe(8);
    const since = mail.server.log.slice(before);
    const select = since.find((line) => /^C: \S+ SELECT/.test(line))?.split(' ')[1];
    expect(select).toBeDefined();
    expect(since.filter((line) => line.startsWith(`S: ${select} `) || /FETCH|SORT/.test(line))).toEqual([]);
    selectAnswer.release();
    await expect(restoring).resolves.toBe(true);
    await vi.waitFor(() => expect(list?.count).toBe(9));
    expect(list?.rowAt(0)?.subject).toBe('While away');
    expect(mail.server.lines(/SELECT INBOX \(QRESYNC/)).toHaveLength(1);
  });

  it('shows the kept mail offline when the proxy cannot be reached, and catches up once it can', async () => {
    const mail = mailServer();
    const first = await signedInAndKept(mail);
    leave(first);
    mail.net.down = true;
    const reloaded = tab(mail, first.storage);
    await expect(reloaded.session.restore()).resolves.toBe(true);
    expect(reloaded.session.connection?.status).toBe('reconnecting');
    const list = reloaded.session.workspace?.messages;
    expect(list?.count).toBe(8);
    expect(reloaded.session.workspace?.folders.get('Work')).toBeDefined();
    mail.server.expunge('INBOX', [8]);
    mail.net.down = false;
    reloaded.session.connection?.retryNow();
    await vi.waitFor(() => expect(list?.count).toBe(7));
    expect(reloaded.session.connection?.status).toBe('online');
  });

  it('opens at the folder the address names', async () => {
    const mail = mailServer();
    const first = tab(mail);
    await first.session.signIn(upstream, 'demo', 'secret', { folder: 'Work' });
    await vi.waitFor(() => expect(first.session.workspace?.messages.path).toBe('Work'));
    expect(mail.server.lines(/SELECT/).map((line) => line.replace(/^\S+ /, ''))[0]).toMatch(/^SELECT Work/);
  });

  it('shows the sign-in form, with the server words, when the password was changed meanwhile', async () => {
    const mail = mailServer();
    const first = await signedInAndKept(mail);
    leave(first);
    const reloaded = tab(mail, first.storage, {
      openTransport: async () => new FakeImapServer({ password: 'new' }).transport(),
    });
    await expect(reloaded.session.restore()).resolves.toBe(false);
    expect(reloaded.session.phase).toBe('signed-out');
    expect(reloaded.session.error?.key).toBe('error.auth.failed');
    expect(first.storage.getItem(SESSION_STORAGE_KEY)).toBeNull();
  });

  it('hands the session to a new tab of the same browser, and to no tab once signed out', async () => {
    const mail = mailServer();
    const first = await signedInAndKept(mail);
    const second = tab(mail);
    await expect(second.session.restore()).resolves.toBe(true);
    expect(second.session.account?.user).toBe('demo');
    expect(second.storage.getItem(SESSION_STORAGE_KEY)).not.toBeNull();

    await first.session.signOut();
    // The other tab hears of it and signs out too.
    await vi.waitFor(() => expect(second.session.phase).toBe('signed-out'));
    expect(second.session.signedOutElsewhere).toBe(true);
    expect(second.storage.entries.size).toBe(0);
    const third = tab(mail);
    await expect(third.session.restore()).resolves.toBe(false);
  });

  it('forgets everything on sign-out: the tab entry and the device database', async () => {
    const mail = mailServer();
    const first = await signedInAndKept(mail, true);
    await first.session.signOut();
    expect(first.storage.entries.size).toBe(0);
    expect((await indexedDB.databases()).map((db) => db.name)).not.toContain(DEVICE_DB_NAME);
    await expect(tab(mail).session.restore()).resolves.toBe(false);
  });

  it('with "keep me signed in", a new tab comes back without asking another tab', async () => {
    const mail = mailServer();
    const first = await signedInAndKept(mail, true);
    const others = tab(mail);
    // No tab answers: the first one is gone (its channel closed), as after the browser restarted.
    channels[0]?.close();
    void first;
    await expect(others.session.restore()).resolves.toBe(true);
  });
  it('writes the mirror when the page is hidden only if something changed since its last write', async () => {
    const mail = mailServer();
    let pageHidden = (): void => undefined;
    // Written only when the page is hidden (the delayed write never comes within the test).
    const first = tab(mail, tabStorage(), {
      mirrorSync: {
        saveDelayMs: 600_000,
        onPageHidden: (listener) => {
          pageHidden = listener;
          return () => undefined;
        },
      },
    });
    await first.session.signIn(upstream, 'demo', 'secret');
    const list = first.session.workspace?.messages;
    await vi.waitFor(() => expect(list?.phase === 'ready' && !list.ordering).toBe(true));
    await vi.waitFor(() => expect(first.storage.getItem(SESSION_STORAGE_KEY)).not.toBeNull());
    const puts = vi.spyOn(IDBObjectStore.prototype, 'put');
    try {
      const recordPuts = () =>
        puts.mock.contexts.filter((store) => (store as IDBObjectStore).name === 'records').length;
      pageHidden();
      await vi.waitFor(() => expect(recordPuts()).toBeGreaterThan(0));
      await new Promise((resolve) => setTimeout(resolve, 50));
      const written = recordPuts();
      pageHidden();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(recordPuts()).toBe(written);
      mail.server.deliver('INBOX', { internalDate: new Date(Date.UTC(2030, 0, 1)), subject: 'New' });
      await vi.waitFor(() => expect(list?.count).toBe(9));
      pageHidden();
      await vi.waitFor(() => expect(recordPuts()).toBeGreaterThan(written));
    } finally {
      puts.mockRestore();
    }
  });
});
