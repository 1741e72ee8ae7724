// Against a real Dovecot from @webmail/testbed, through the Node transport: the three TLS modes, MOVE and its
// fallbacks (asserting on the server that other clients' \Deleted mail survives), IDLE, and two sessions on one
// mailbox where one expunges while the other fetches and stores.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDovecot } from '@webmail/testbed';
import type { DovecotServer } from '@webmail/testbed';
import { ImapClient } from '../../src/client.ts';
import type { ClientOptions } from '../../src/client.ts';
import { moveMessages } from '../../src/commands/move.ts';
import { connectTcp } from '../../src/node/index.ts';
import { rangesFromNumbers } from '../../src/seqset.ts';
import type { TraceEvent } from '../../src/session.ts';

const ALICE = { name: 'alice', password: 'alice-Secret-1' };
const BOB = { name: 'bob', password: 'bob-Secret-2' };

function message(subject: string): string {
  return `From: Carol <carol@example.org>\r\nTo: alice@example.org\r\nSubject: ${subject}\r\nDate: Mon, 1 Jan 2024 10:00:00 +0000\r\nMessage-ID: <${subject.replace(/\W/g, '')}@example.org>\r\n\r\nBody of ${subject}\r\n`;
}

async function connect(
  server: DovecotServer,
  mode: 'none' | 'starttls' | 'implicit',
  options: ClientOptions = {},
): Promise<ImapClient> {
  const port = mode === 'implicit' ? server.imapsPort : server.imapPort;
  const transport = await connectTcp({
    host: server.host,
    port,
    tls: mode,
    ca: server.caPem,
    servername: 'localhost',
  });
  return ImapClient.connect(transport, { startTls: mode === 'starttls' ? 'required' : 'never', ...options });
}

async function loggedIn(
  server: DovecotServer,
  user = ALICE,
  mode: 'none' | 'starttls' | 'implicit' = 'implicit',
) {
  const client = await connect(server, mode);
  await client.login(user.name, user.password);
  return client;
}

describe('Dovecot, full capabilities', () => {
  let server: DovecotServer;
  beforeAll(async () => {
    server = await startDovecot({ users: [ALICE, BOB] });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it.each(['none', 'starttls', 'implicit'] as const)('logs in and lists over %s', async (mode) => {
    const trace: TraceEvent[] = [];
    const client = await connect(server, mode, { trace: (e) => trace.push(e) });
    expect(client.state).toBe('not-authenticated');
    if (mode === 'starttls') expect(trace.some((e) => e.text.endsWith('STARTTLS'))).toBe(true);
    await client.login(ALICE.name, ALICE.password);
    expect(client.state).toBe('authenticated');
    const { mailboxes } = await client.list();
    expect(mailboxes.map((m) => m.name)).toContain('INBOX');
    await client.logout();
    expect(client.state).toBe('logout');
    const text = trace.map((e) => e.text).join('\n');
    expect(text).not.toContain(ALICE.password);
    expect(text).not.toContain(Buffer.from(`\0${ALICE.name}\0${ALICE.password}`).toString('base64'));
  });

  it('appends, fetches, searches, stores and moves by UID', async () => {
    const client = await loggedIn(server);
    await client.create('Archive/Ünïcödé');
    const appended = await client.append('INBOX', message('move me'), { flags: ['\\Seen'] });
    const selected = await client.select('INBOX');
    const found = await client.search({ subject: 'move me' });
    expect(found.length).toBe(1);
    const uid = found[0] as number;
    if (appended.uidValidity !== null) expect(appended.uidValidity).toBe(selected.uidValidity);
    const fetched = await client.fetch([{ start: uid, end: uid }], {
      flags: true,
      envelope: true,
      sections: [{ specifier: 'HEADER' }],
    });
    expect(fetched.messages[0]?.attributes.envelope?.subject).toBe('move me');
    await client.store([{ start: uid, end: uid }], {
      operation: 'add',
      flags: ['\\Flagged'],
      expectedUidValidity: selected.uidValidity ?? 0,
    });
    const moved = await client.move([{ start: uid, end: uid }], 'Archive/Ünïcödé');
    expect(moved).toMatchObject({ method: 'MOVE', sourceRemoved: true });
    expect(moved.copyUid?.destination.length).toBe(1);
    expect(await client.search({ subject: 'move me' })).toEqual(new Uint32Array());
    const status = await client.status('Archive/Ünïcödé', ['MESSAGES']);
    expect(status.messages).toBe(1);
    await client.logout();
  });

  it('the UIDPLUS fallback expunges only what it copied; other clients\u2019 \\Deleted mail survives', async () => {
    const client = await loggedIn(server, BOB);
    await client.create('Kept');
    for (const subject of ['mine', 'theirs']) await client.append('INBOX', message(subject));
    const { uidValidity } = await client.select('INBOX');
    const theirs = (await client.search({ subject: 'theirs' }))[0] as number;
    const mine = (await client.search({ subject: 'mine' }))[0] as number;
    const other = await loggedIn(server, BOB);
    await other.select('INBOX');
    await other.store([{ start: theirs, end: theirs }], { operation: 'add', flags: ['\\Deleted'] });
    await other.logout();
    const withoutMove = new Set([...client.capabilities].filter((c) => c !== 'MOVE'));
    const result = await moveMessages(
      (c) => client.run(c),
      withoutMove,
      [{ start: mine, end: mine }],
      'Kept',
      {
        expectedUidValidity: uidValidity ?? 0,
      },
    );
    expect(result).toMatchObject({ method: 'COPY+EXPUNGE', sourceRemoved: true });
    await client.logout();
    const check = await loggedIn(server, BOB);
    await check.select('INBOX');
    expect(Array.from(await check.search({ subject: 'theirs' }))).toEqual([theirs]);
    expect(Array.from(await check.search({ subject: 'mine' }))).toEqual([]);
    await check.logout();
  });

  it('IDLE reports new mail delivered meanwhile', async () => {
    const client = await loggedIn(server);
    await client.select('INBOX');
    const arrived = new Promise<number>((resolve) => client.on('exists', (e) => resolve(e.count)));
    const idle = await client.idle();
    await server.deliver(ALICE.name, 'INBOX', message('while idle'));
    expect(await arrived).toBeGreaterThan(0);
    await idle.stop();
    expect((await client.search({ subject: 'while idle' })).length).toBe(1);
    await client.logout();
  });

  it('two sessions: one expunges while the other fetches and stores, and both stay consistent', async () => {
    const a = await loggedIn(server, BOB);
    await a.create('Shared');
    for (let i = 1; i <= 6; i++) await a.append('Shared', message(`shared ${i}`));
    await a.select('Shared');
    const b = await loggedIn(server, BOB);
    await b.select('Shared');
    const all = Array.from(await b.search({ all: true }));
    expect(all.length).toBe(6);
    await b.fetch(rangesFromNumbers(all), { flags: true });
    const victims = [all[1], all[3]] as number[];
    const expunged: (number | null)[] = [];
    b.on('expunge', (e) => expunged.push(e.uid));
    await a.store(rangesFromNumbers(victims), { operation: 'add', flags: ['\\Deleted'] });
    await a.uidExpunge(rangesFromNumbers(victims));
    // RFC 9051 7.5.1: no EXPUNGE during FETCH or STORE, so B still sees the expunged messages until the NOOP.
    const fetched = await b.fetch(rangesFromNumbers(all), { flags: true });
    expect(fetched.messages.length).toBeGreaterThanOrEqual(4);
    await b.store(rangesFromNumbers(all), { operation: 'add', flags: ['\\Seen'] });
    await b.noop();
    expect(expunged.sort()).toEqual(victims.sort());
    const mailbox = b.mailbox;
    const left = Array.from(await b.search({ all: true }));
    expect(mailbox?.exists).toBe(left.length);
    left.forEach((uid, index) => expect(mailbox?.uidOf(index + 1)).toBe(uid));
    const seen = Array.from(await b.search({ flag: '\\Seen', set: true }));
    expect(seen).toEqual(left);
    await a.logout();
    await b.logout();
  });

  it('a wrong password is a NO with the server text, and the password never appears in the error', async () => {
    const client = await connect(server, 'implicit');
    const error = await client.login(ALICE.name, 'wrong-Password-9').catch((e: unknown) => e as Error);
    expect(error).toMatchObject({ code: 'IMAP_NO' });
    expect(String((error as Error).message)).not.toContain('wrong-Password-9');
    client.close();
  });
});

describe('Dovecot without MOVE and UIDPLUS', () => {
  let server: DovecotServer;
  beforeAll(async () => {
    server = await startDovecot({ users: [ALICE], variant: 'no-move-uidplus' });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('moves by COPY + \\Deleted without expunging, says so, and leaves other \\Deleted mail alone', async () => {
    const client = await loggedIn(server);
    expect(client.capabilities.has('MOVE')).toBe(false);
    expect(client.capabilities.has('UIDPLUS')).toBe(false);
    await client.create('Elsewhere');
    for (const subject of ['to move', 'already deleted']) await client.append('INBOX', message(subject));
    await client.select('INBOX');
    const deleted = (await client.search({ subject: 'already deleted' }))[0] as number;
    const toMove = (await client.search({ subject: 'to move' }))[0] as number;
    await client.store([{ start: deleted, end: deleted }], { operation: 'add', flags: ['\\Deleted'] });
    const result = await client.move([{ start: toMove, end: toMove }], 'Elsewhere');
    expect(result).toMatchObject({ method: 'COPY+DELETED', sourceRemoved: false });
    await client.logout();

    const check = await loggedIn(server);
    await check.select('INBOX');
    expect(Array.from(await check.search({ flag: '\\Deleted', set: true })).sort()).toEqual(
      [toMove, deleted].sort(),
    );
    expect((await check.status('Elsewhere', ['MESSAGES'])).messages).toBe(1);
    await check.logout();
  });
});
