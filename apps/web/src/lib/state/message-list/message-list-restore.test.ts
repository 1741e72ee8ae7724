import { ImapClient } from '@webmail/imap-core';
import { describe, expect, it, vi } from 'vitest';
import { MessageList } from './message-list.svelte.ts';
import type { ListSnapshot } from './message-list.svelte.ts';
import { FULL_CAPABILITIES, QRESYNC_CAPABILITIES, generatedMessages } from '../testing/fake-imap.ts';
import type { FakeImapServer } from '../testing/fake-imap.ts';
import { switchableClient, switchableSession } from '../testing/switchable-client.ts';

const shownUids = (list: MessageList): number[] =>
  Array.from({ length: list.count }, (_, i) => list.uidAt(i));

/** A list of INBOX (UIDs 1..10, newest first) with every row fetched, kept as a snapshot. */
async function keptList(capabilities: string[], enable: string[] = []) {
  const first = await switchableSession(
    { capabilities, folders: [{ name: 'INBOX', messages: generatedMessages(10) }] },
    enable,
  );
  const list = new MessageList(first.client);
  await list.open('INBOX');
  list.setViewport(0, 9);
  await vi.waitFor(() => expect(list.rowAt(9)).toBeDefined());
  const snapshot = list.snapshot();
  list.dispose();
  first.current().close();
  return { server: first.server, snapshot: snapshot as ListSnapshot };
}

/** A new tab's list on a new connection to the same server (nothing selected yet). */
async function newTab(server: FakeImapServer, enable: string[] = []) {
  const tab = await switchableClient(async () => {
    const client = await ImapClient.connect(server.transport());
    await client.login('demo', 'secret');
    return client;
  }, enable);
  return new MessageList(tab.client);
}

describe('MessageList.snapshot and restore', () => {
  it('keeps the whole order and the fetched rows of a listed folder', async () => {
    const { snapshot } = await keptList(FULL_CAPABILITIES);
    expect(snapshot.path).toBe('INBOX');
    expect(snapshot.uidValidity).toBe(1000);
    expect(snapshot.uidNext).toBe(11);
    expect(Array.from(snapshot.order)).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(snapshot.rows.map((row) => row.uid).sort((a, b) => a - b)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
    ]);
  });

  it('has nothing to keep while the folder is still opening', async () => {
    const session = await switchableSession({ folders: [{ name: 'INBOX', messages: generatedMessages(3) }] });
    const list = new MessageList(session.client);
    const opening = list.open('INBOX');
    expect(list.snapshot()).toBeNull();
    await opening;
    expect(list.snapshot()).not.toBeNull();
  });

  it('shows a kept folder at once, without a command to the server', async () => {
    const { server, snapshot } = await keptList(FULL_CAPABILITIES);
    const sent = server.log.length;
    const list = await newTab(server);
    const before = server.log.length;
    list.restore(snapshot);
    expect(list.phase).toBe('ready');
    expect(list.count).toBe(10);
    expect(shownUids(list)).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(list.rowAt(0)?.subject).toBe(snapshot.rows.find((row) => row.uid === 10)?.subject);
    expect(server.log.length).toBe(before);
    expect(before).toBeGreaterThan(sent); // the new tab's own sign-in, nothing after it
  });

  it.each([
    ['QRESYNC', QRESYNC_CAPABILITIES, ['QRESYNC']],
    ['UID comparison', FULL_CAPABILITIES, []],
  ])('is brought in line with what changed meanwhile by resync (%s)', async (_, capabilities, enable) => {
    const { server, snapshot } = await keptList(capabilities, enable);
    server.expunge('INBOX', [8, 3]);
    server.setFlags('INBOX', 6, ['\\Flagged']);
    server.deliver('INBOX', { internalDate: new Date(Date.UTC(2030, 0, 1)), subject: 'New' });
    const list = await newTab(server, enable);
    list.restore(snapshot);
    await list.resync();
    expect(shownUids(list)).toEqual([11, 10, 9, 7, 6, 5, 4, 2, 1]);
    expect(list.rowAt(list.indexOfUid(6))?.flagged).toBe(true);
    expect(list.rowAt(0)?.subject).toBe('New');
    expect(server.lines(/UID SORT/)).toHaveLength(1); // the first tab's; the order is not asked again
  });

  it('starts over when the folder got a new UIDVALIDITY meanwhile, and tells who holds UIDs', async () => {
    const { server, snapshot } = await keptList(FULL_CAPABILITIES);
    server.folder('INBOX').uidValidity = 2000;
    const list = await newTab(server);
    const changed = vi.fn();
    list.onUidValidityChange(changed);
    list.restore(snapshot);
    await list.resync();
    expect(changed).toHaveBeenCalledWith('INBOX', 2000);
    expect(list.uidValidity).toBe(2000);
    expect(list.count).toBe(10);
  });
});
