// MessageList against a real Dovecot: the connection drops while another client flags, expunges and delivers;
// after the reconnect resync() brings the list in line, with QRESYNC (one SELECT reporting VANISHED (EARLIER)
// and the changed flags) and without it (UID comparison), keeping the cursor, the open message and the
// selection on their messages. A QRESYNC session hears another client's expunges as VANISHED. And another
// client changing flags while the list fetches rows: Dovecot puts a flags-only FETCH inside the row fetch's
// answer, which must neither make a row nor blank one. Messages copied in from another folder with old dates
// end where the server's own UID SORT puts them, not on top.

import { ImapClient } from '@webmail/imap-core';
import { connectTcp } from '@webmail/imap-core/node';
import { DEMO_USER, startDovecot } from '@webmail/testbed';
import type { DovecotServer } from '@webmail/testbed';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MessageList } from './message-list.svelte.ts';
import { SideSorter } from './side-sort.ts';
import { switchableClient } from '../testing/switchable-client.ts';

function message(n: number, minutes = 0): string {
  const date = new Date(Date.UTC(2024, 0, 1, n, minutes)).toUTCString().replace('GMT', '+0000');
  return [
    `From: Sender ${n} <s${n}@example.org>`,
    'To: demo@example.org',
    `Subject: Message ${n}`,
    `Date: ${date}`,
    `Message-ID: <m${n}${minutes === 0 ? '' : `.${minutes}`}@example.org>`,
    '',
    `Body ${n}`,
    '',
  ].join('\r\n');
}

/** demo signed in to `server` over plain IMAP on loopback, kept in `clients` to be closed. */
async function signedInTo(server: DovecotServer, clients: ImapClient[]): Promise<ImapClient> {
  const transport = await connectTcp({ host: server.host, port: server.imapPort, tls: 'none' });
  const client = await ImapClient.connect(transport, { startTls: 'never' });
  await client.login(DEMO_USER.name, DEMO_USER.password);
  clients.push(client);
  return client;
}

const shownUids = (list: MessageList): number[] =>
  Array.from({ length: list.count }, (_, i) => list.uidAt(i));

describe('MessageList on Dovecot', () => {
  let server: DovecotServer;
  let other: ImapClient;
  const clients: ImapClient[] = [];

  const signedIn = (): Promise<ImapClient> => signedInTo(server, clients);

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

  it('keeps whole rows when another client changes flags while they are fetched (a flags-only FETCH inside the answer)', async () => {
    await folder('Partial', 60);
    const client = await signedIn();
    // With QRESYNC on, every FETCH names its UID (RFC 7162 3.2.4), the unsolicited ones too.
    await client.enable(['QRESYNC']);
    const list = new MessageList(client);
    await list.open('Partial'); // the head start fetched UIDs 21..60; nothing else is fetched yet
    /** UIDs of the flags-only FETCHes that came inside the row fetch's answer. */
    const inside: number[] = [];
    let rowFetch: string | null = null;
    client.on('sent', (event) => {
      if (event.name === 'UID FETCH') rowFetch = event.tag;
    });
    client.on('completed', (event) => {
      if (event.tag === rowFetch) rowFetch = null;
    });
    client.on('untagged', (response) => {
      const flagsOnly = response.kind === 'fetch' && response.attributes.envelope === undefined;
      if (rowFetch !== null && flagsOnly && response.attributes.uid) inside.push(response.attributes.uid);
    });
    // The other client, while this session is quiet: Dovecot tells this session at its next command, the
    // row fetch, after the rows it asked for.
    await other.select('Partial');
    await other.store([{ start: 5, end: 6 }], { operation: 'add', flags: ['\\Seen', '\\Flagged'] });
    await other.store([{ start: 8, end: 8 }], { operation: 'add', flags: ['\\Answered'] });
    list.setViewport(list.indexOfUid(10), list.indexOfUid(1));
    await vi.waitFor(() => expect(list.rowAt(list.indexOfUid(1))).toBeDefined());
    expect(inside).toEqual(expect.arrayContaining([5, 6, 8]));
    for (const uid of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) {
      expect(list.rowAt(list.indexOfUid(uid))).toMatchObject({
        subject: `Message ${uid}`,
        from: `Sender ${uid}`,
      });
    }
    expect(list.rowAt(list.indexOfUid(5))).toMatchObject({ seen: true, flagged: true });
    expect(list.rowAt(list.indexOfUid(6))).toMatchObject({ seen: true, flagged: true });
    expect(list.rowAt(list.indexOfUid(8))).toMatchObject({ seen: false, flagged: false, answered: true });
    expect(list.rowAt(list.indexOfUid(7))).toMatchObject({ seen: false, flagged: false, answered: false });
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

  it('lists messages copied in with old dates where the server’s UID SORT puts them, the cursor kept', async () => {
    // An archive's messages, dated (and arrived, as APPEND may set) half an hour after hours among the folder's:
    // some among the newest rows the list holds, most further down, where it holds none.
    const hours = [58, 47, 33, 25, 19, 14, 9, 3];
    await other.create('Archive');
    for (const hour of hours) {
      await other.append('Archive', message(hour, 30), { date: new Date(Date.UTC(2024, 0, 1, hour, 30)) });
    }
    await folder('Landing', 60);
    const client = await signedIn();
    const list = new MessageList(client, { reorderDelayMs: 100 });
    // Only the head start's rows are fetched (the newest 40 by UID, hours 21..60): no view asks for more.
    await list.open('Landing');
    list.openAt(list.indexOfUid(55));
    list.moveCursor(list.indexOfUid(50));
    list.selection.toggle(list.indexOfUid(52));

    await other.select('Archive');
    await other.copy([{ start: 1, end: hours.length }], 'Landing');
    await other.examine('Landing');
    const sorted = Array.from(await other.sort([{ key: 'DATE', reverse: true }], { all: true }));
    // COPY kept the dates: the copies are not the newest, and the server sorts them among the others.
    expect(sorted.slice(0, 2)).toEqual([60, 59]);
    expect(sorted.indexOf(61)).toBe(2);

    // The list's connection hears EXISTS with its next command.
    await client.noop();
    await vi.waitFor(() => expect(list.count).toBe(68));
    await vi.waitFor(() => expect(shownUids(list)).toEqual(sorted));
    expect([list.uidAt(list.cursor), list.openUid]).toEqual([50, 55]);
    expect(Array.from(list.selection.uids())).toEqual([52]);
  });

  it('orders a folder by Date from a sort on a side connection, the same order as its own UID SORT', async () => {
    // Dates out of UID order, so that an order by UID would be wrong.
    const hours = [5, 1, 9, 3, 7, 2, 8, 4, 6, 10, 0, 11];
    await other.create('Sided');
    for (const hour of hours) await other.append('Sided', message(hour));
    const sorter = new SideSorter(signedIn, { minMessages: 0 });
    const list = new MessageList(await signedIn(), { sortOnSide: sorter.sort });
    await list.open('Sided');
    const byDate = hours
      .map((hour, i) => ({ hour, uid: i + 1 }))
      .sort((a, b) => b.hour - a.hour)
      .map((m) => m.uid);
    expect(shownUids(list)).toEqual(byDate);
    await other.examine('Sided');
    expect(Array.from(await other.sort([{ key: 'DATE', reverse: true }], { all: true }))).toEqual(byDate);
    sorter.dispose();
  });
});

describe('MessageList on a Dovecot without SORT (the Courier-style layout)', () => {
  let server: DovecotServer;
  const clients: ImapClient[] = [];

  const signedIn = (): Promise<ImapClient> => signedInTo(server, clients);

  beforeAll(async () => {
    server = await startDovecot({ variant: 'courier' });
  }, 120_000);

  afterAll(async () => {
    for (const client of clients) client.close();
    await server?.stop();
  });

  it('orders by INTERNALDATE read on a side connection, the same order as when read on its own', async () => {
    // Arrival dates out of UID order (as after messages were copied in), so that an order by UID would be wrong.
    const hours = [5, 1, 9, 3, 7, 2, 8, 4, 6, 10, 0, 11];
    const path = server.folderName('Dated');
    const other = await signedIn();
    expect(other.capabilities.has('SORT')).toBe(false);
    await other.create(path);
    for (const hour of hours) {
      await other.append(path, message(hour), { date: new Date(Date.UTC(2024, 0, 1, hour)) });
    }
    const byDate = hours
      .map((hour, i) => ({ hour, uid: i + 1 }))
      .sort((a, b) => b.hour - a.hour)
      .map((m) => m.uid);
    const sorter = new SideSorter(signedIn, { minMessages: 0 });
    const sided = new MessageList(await signedIn(), { sortOnSide: sorter.sort });
    await sided.open(path);
    expect(shownUids(sided)).toEqual(byDate);
    const alone = new MessageList(await signedIn());
    await alone.open(path);
    expect(shownUids(alone)).toEqual(byDate);
    sorter.dispose();
  });

  it('brings the order kept from a visit up to date: new mail on top, a message gone left out, no date read again', async () => {
    const hours = [5, 1, 9, 3, 7, 2];
    const path = server.folderName('Revisited');
    const away = server.folderName('Away');
    const other = await signedIn();
    await other.create(path);
    await other.create(away);
    for (const hour of hours) {
      await other.append(path, message(hour), { date: new Date(Date.UTC(2024, 0, 1, hour)) });
    }
    const client = await signedIn();
    const fetched = vi.spyOn(client, 'fetch');
    /** The UID sets of the INTERNALDATE-only fetches the list sent. */
    const datesRead = () =>
      fetched.mock.calls
        .filter(([, items]) => items.internalDate && !items.envelope)
        .map(([set]) =>
          set
            .map((r) => (r.start === r.end ? `${r.start}` : `${r.start}:${r.end === Infinity ? '*' : r.end}`))
            .join(','),
        );
    const list = new MessageList(client);
    await list.open(path);
    expect(shownUids(list)).toEqual([3, 5, 1, 4, 6, 2]);
    await list.open(away);
    // While the list is away: new mail (dated now) arrives and message 5 leaves.
    await other.append(path, message(30));
    await other.select(path);
    await other.store([{ start: 5, end: 5 }], { operation: 'add', flags: ['\\Deleted'] });
    await other.uidExpunge([{ start: 5, end: 5 }]);
    await other.unselect();
    await list.open(path);
    expect(shownUids(list)).toEqual([7, 3, 1, 4, 6, 2]);
    expect(datesRead()).toEqual(['1:*', '3,7']);
    // A message copied in with an old date has no place the kept order can tell: every date is read again.
    await list.open(away);
    await other.append(path, message(40), { date: new Date(Date.UTC(2023, 0, 1)) });
    await list.open(path);
    expect(shownUids(list)).toEqual([7, 3, 1, 4, 6, 2, 8]);
    expect(datesRead().slice(2)).toEqual(['7:8', '1:*']);
  });
});
