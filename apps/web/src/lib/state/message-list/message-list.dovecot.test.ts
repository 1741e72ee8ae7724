// MessageList against a real Dovecot: the connection drops while another client flags, expunges and delivers;
// after the reconnect resync() brings the list in line, with QRESYNC (one SELECT reporting VANISHED (EARLIER)
// and the changed flags) and without it (UID comparison), keeping the cursor, the open message and the
// selection on their messages. And a QRESYNC session hears another client's expunges as VANISHED.

import { ImapClient } from '@webmail/imap-core';
import { connectTcp } from '@webmail/imap-core/node';
import { DEMO_USER, startDovecot } from '@webmail/testbed';
import type { DovecotServer } from '@webmail/testbed';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MessageList } from './message-list.svelte.ts';
import { switchableClient } from '../testing/switchable-client.ts';

function message(n: number): string {
  const date = new Date(Date.UTC(2024, 0, 1, n)).toUTCString().replace('GMT', '+0000');
  return [
    `From: Sender ${n} <s${n}@example.org>`,
    'To: demo@example.org',
    `Subject: Message ${n}`,
    `Date: ${date}`,
    `Message-ID: <m${n}@example.org>`,
    '',
    `Body ${n}`,
    '',
  ].join('\r\n');
}

const shownUids = (list: MessageList): number[] =>
  Array.from({ length: list.count }, (_, i) => list.uidAt(i));

describe('MessageList on Dovecot', () => {
  let server: DovecotServer;
  let other: ImapClient;
  const clients: ImapClient[] = [];

  async function signedIn(): Promise<ImapClient> {
    const transport = await connectTcp({ host: server.host, port: server.imapPort, tls: 'none' });
    const client = await ImapClient.connect(transport, { startTls: 'never' });
    await client.login(DEMO_USER.name, DEMO_USER.password);
    clients.push(client);
    return client;
  }

  /** A folder with messages 1..count (UIDs 1..count, one hour apart). */
  async function folder(name: string, count: number): Promise<void> {
    await other.create(name);
    for (let n = 1; n <= count; n++) await other.append(name, message(n));
  }

  beforeAll(async () => {
    server = await startDovecot();
    other = await signedIn();
  }, 120_000);

  afterAll(async () => {
    for (const client of clients) client.close();
    await server?.stop();
  });

  /** Opens `name` in a list, then cuts its connection while the other client changes the folder. */
  async function changedWhileAway(name: string, enable: string[]) {
    await folder(name, 10);
    const session = await switchableClient(signedIn, enable);
    const list = new MessageList(session.client);
    await list.open(name);
    list.setViewport(0, 9);
    await vi.waitFor(() => expect(list.rowAt(9)).toBeDefined());
    list.openAt(list.indexOfUid(4));
    list.moveCursor(list.indexOfUid(5));
    list.selection.toggle(list.indexOfUid(6));
    list.selection.toggle(list.indexOfUid(8));
    session.current().close();

    await other.select(name);
    await other.store([{ start: 6, end: 6 }], { operation: 'add', flags: ['\\Flagged'] });
    await other.store(
      [
        { start: 3, end: 3 },
        { start: 8, end: 8 },
      ],
      { operation: 'add', flags: ['\\Deleted'] },
    );
    await other.uidExpunge([
      { start: 3, end: 3 },
      { start: 8, end: 8 },
    ]);
    await other.append(name, message(30));
    return { session, list };
  }

  async function resynced(
    session: Awaited<ReturnType<typeof switchableClient>>,
    list: MessageList,
    enable: string[],
  ) {
    await session.reconnect(enable);
    const sent: string[] = [];
    session.current().on('sent', (event) => sent.push(event.text.replace(/^\S+ /, '')));
    await list.resync();
    expect(shownUids(list)).toEqual([11, 10, 9, 7, 6, 5, 4, 2, 1]);
    expect(list.rowAt(list.indexOfUid(6))?.flagged).toBe(true);
    expect(list.rowAt(0)?.subject).toBe('Message 30');
    expect([list.uidAt(list.cursor), list.openUid]).toEqual([5, 4]);
    expect(Array.from(list.selection.uids())).toEqual([6]);
    return sent;
  }

  it('resyncs with QRESYNC: one SELECT, no new sort', async () => {
    const { session, list } = await changedWhileAway('Quick', ['QRESYNC']);
    const sent = await resynced(session, list, ['QRESYNC']);
    expect(sent.filter((line) => line.startsWith('SELECT'))).toEqual([
      expect.stringMatching(/^SELECT Quick \(QRESYNC \(\d+ \d+ 1:10\)\)$/),
    ]);
    expect(sent.some((line) => /UID (SORT|SEARCH)/.test(line))).toBe(false);
  });

  it('resyncs without QRESYNC by comparing UIDs', async () => {
    const { session, list } = await changedWhileAway('Slow', []);
    const sent = await resynced(session, list, []);
    expect(sent.filter((line) => /UID (SORT|SEARCH)/.test(line))).toEqual(['UID SEARCH RETURN (ALL) ALL']);
  });

  it('hears another client expunge as VANISHED in a QRESYNC session', async () => {
    await folder('Live', 6);
    const client = await signedIn();
    await client.enable(['QRESYNC']);
    const list = new MessageList(client);
    await list.open('Live');
    list.selection.selectAll();
    await other.select('Live');
    await other.store([{ start: 2, end: 4 }], { operation: 'add', flags: ['\\Deleted'] });
    await other.uidExpunge([{ start: 2, end: 4 }]);
    await client.noop();
    await vi.waitFor(() => expect(shownUids(list)).toEqual([6, 5, 1]));
    expect(Array.from(list.selection.uids())).toEqual([1, 5, 6]);
  });
});
