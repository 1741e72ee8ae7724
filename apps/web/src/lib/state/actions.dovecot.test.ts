// MailActions against a real Dovecot (@webmail/testbed), each outcome checked from a separate raw session with
// `UID FETCH 1:* (UID FLAGS)` and the Message-IDs: concurrent flags are both kept, only the intended message is
// hit after another client expunged, a refused move touches nothing, a cancelled bulk move leaves a consistent
// mailbox, undo brings the messages back, empty removes only what was listed, a UIDVALIDITY change drops queued
// actions, and without MOVE and UIDPLUS nobody else's \Deleted mail is expunged.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImapClient } from '@webmail/imap-core';
import { connectTcp } from '@webmail/imap-core/node';
import { RawImap, encodeMailboxName, quoted, startDovecot } from '@webmail/testbed';
import type { DovecotServer, TestUser } from '@webmail/testbed';
import { t } from '../i18n/i18n.svelte.ts';
import { MailActions } from './actions.svelte.ts';
import { FakeFolders, FakeList } from './actions-fakes.ts';
import type { FolderRole } from './folder-model.ts';
import { keywordToLabel, labelToKeyword } from './labels.ts';
import type { MailClient } from './mail-client.ts';

const ALICE: TestUser = { name: 'alice', password: 'alice-Secret-1' };

/** A message whose Message-ID is <id@example.org>. */
function message(id: string): string {
  return `From: Carol <carol@example.org>\r\nTo: alice@example.org\r\nSubject: ${id}\r\nDate: Mon, 1 Jan 2024 10:00:00 +0000\r\nMessage-ID: <${id}@example.org>\r\n\r\nBody of ${id}\r\n`;
}

async function signIn(server: DovecotServer, user = ALICE): Promise<ImapClient> {
  const transport = await connectTcp({
    host: server.host,
    port: server.imapsPort,
    tls: 'implicit',
    ca: server.caPem,
    servername: 'localhost',
  });
  const client = await ImapClient.connect(transport, { startTls: 'never' });
  await client.login(user.name, user.password);
  return client;
}

async function rawSession(server: DovecotServer, user = ALICE): Promise<RawImap> {
  const raw = await RawImap.connect({ port: server.imapsPort, tls: { ca: server.caPem } });
  await raw.ok(`LOGIN ${quoted(user.name)} ${quoted(user.password)}`);
  return raw;
}

interface Seen {
  readonly uid: number;
  readonly flags: readonly string[];
  readonly id: string;
}

/** What a third session sees in `folder`: every message's UID, flags but \Recent, and Message-ID (local part). */
async function seen(server: DovecotServer, folder: string, user = ALICE): Promise<Seen[]> {
  const raw = await rawSession(server, user);
  try {
    const selected = await raw.ok(`EXAMINE ${quoted(encodeMailboxName(folder))}`);
    if (selected.untagged.some((r) => r.text === '* 0 EXISTS')) return [];
    const result = await raw.ok('UID FETCH 1:* (UID FLAGS BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])');
    return result.untagged
      .filter((r) => / FETCH \(/.test(r.text))
      .map((r) => ({
        uid: Number(/UID (\d+)/.exec(r.text)?.[1]),
        // \Recent says which session saw a message first, not what anyone did to it.
        flags: (/FLAGS \(([^)]*)\)/.exec(r.text)?.[1] ?? '')
          .split(' ')
          .filter((flag) => flag !== '' && flag !== '\\Recent')
          .sort(),
        id: /<([^@>]*)@/.exec(r.literals[0]?.toString() ?? '')?.[1] ?? '',
      }))
      .sort((a, b) => a.uid - b.uid);
  } finally {
    raw.close();
  }
}

const ids = (messages: readonly Seen[]) => messages.map((m) => m.id);

/** Creates `folder` with messages `<folder>-1`, `<folder>-2`, ... (UIDs 1..count), through a setup session. */
async function seed(server: DovecotServer, folder: string, count: number, user = ALICE): Promise<string[]> {
  const client = await signIn(server, user);
  await client.create(folder);
  const made: string[] = [];
  for (let i = 1; i <= count; i++) {
    const id = `${folder.replace(/\W/g, '')}-${i}`;
    await client.append(folder, message(id));
    made.push(id);
  }
  await client.logout();
  return made;
}

const ROLES = new Map([
  ['trash', 'Trash'],
  ['junk', 'Junk'],
  ['archive', 'Archive'],
]);

/** The app's side: one signed-in connection (swappable, as after a reconnect), the list open on `folder`. */
async function app(server: DovecotServer, folder: string, role: FolderRole | null = null, user = ALICE) {
  const connection = { current: await signIn(server, user) };
  // The state classes keep one MailClient across reconnects (connection.svelte.ts); so does this stand-in.
  const client = new Proxy({} as MailClient, {
    get(_, name) {
      const value = Reflect.get(connection.current, name) as unknown;
      return typeof value === 'function' ? value.bind(connection.current) : value;
    },
  });
  const list = new FakeList(() => client);
  const folders = new FakeFolders(() => client, new Map(ROLES));
  await list.open(folder, role);
  const actions = new MailActions(client, { list, folders });
  return { connection, client, list, folders, actions };
}

const shown = (actions: MailActions) =>
  actions.notice === null ? '' : t(actions.notice.message.key, actions.notice.message.values);

describe('MailActions on Dovecot with MOVE and UIDPLUS', () => {
  let server: DovecotServer;
  beforeAll(async () => {
    // "Full" refuses every message with OVERQUOTA (testbed: quota.fullFolder).
    server = await startDovecot({
      corpus: true,
      bigFolderSize: 1200,
      users: [{ ...ALICE, quota: { fullFolder: 'Full' } }],
    });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('keeps flags set at the same time by another client, and stores labels as keywords', async () => {
    await seed(server, 'Flags', 2);
    const other = await rawSession(server);
    await other.ok('SELECT Flags');
    const { list, actions, connection } = await app(server, 'Flags');
    await other.ok('UID STORE 1 +FLAGS.SILENT (\\Seen $Important)');
    const label = labelToKeyword('Работа') as string;
    await Promise.all([
      actions.setFlag(list.target([1]), '\\Flagged', true),
      actions.setKeyword(list.target([1, 2]), label, true),
    ]);
    await other.ok('UID STORE 1 -FLAGS.SILENT ($Important)');
    await actions.setFlag(list.target([1]), '\\Flagged', false);
    other.close();
    expect(await seen(server, 'Flags')).toEqual([
      { uid: 1, flags: ['&BCAEMAQxBD4EQgQw-', '\\Seen'], id: 'Flags-1' },
      { uid: 2, flags: ['&BCAEMAQxBD4EQgQw-'], id: 'Flags-2' },
    ]);
    expect(keywordToLabel(label)).toBe('Работа');
    expect(actions.notice).toBeNull();
    await connection.current.logout();
  });

  it('marks junk and moves it to Junk; not junk in Junk goes back to INBOX', async () => {
    await seed(server, 'Suspect', 1);
    const other = await rawSession(server);
    await other.ok('SELECT Suspect');
    await other.ok('UID STORE 1 +FLAGS.SILENT ($NotJunk)');
    other.close();
    const { list, actions, connection } = await app(server, 'Suspect');
    await actions.markJunk(list.target([1]), true, { move: true });
    expect(await seen(server, 'Suspect')).toEqual([]);
    const inJunk = (await seen(server, 'Junk')).find((m) => m.id === 'Suspect-1');
    expect(inJunk?.flags).toEqual(['$Junk']);
    await list.open('Junk', 'junk');
    await actions.markJunk(list.target([inJunk?.uid ?? 0]), false, { move: true });
    const inInbox = (await seen(server, 'INBOX')).find((m) => m.id === 'Suspect-1');
    expect(inInbox?.flags).toEqual(['$NotJunk']);
    expect(ids(await seen(server, 'Junk'))).not.toContain('Suspect-1');
    await connection.current.logout();
  });

  it('deletes exactly "the third row" after another client expunged another row meanwhile', async () => {
    await seed(server, 'Rows', 5);
    const { list, actions, connection } = await app(server, 'Rows');
    const thirdRow = list.target([list.allUids()[2] as number]);
    const other = await rawSession(server);
    await other.ok('SELECT Rows');
    await other.ok('UID STORE 2 +FLAGS.SILENT (\\Deleted)');
    await other.ok('UID EXPUNGE 2');
    other.close();
    await actions.delete(thirdRow);
    expect(ids(await seen(server, 'Rows'))).toEqual(['Rows-1', 'Rows-4', 'Rows-5']);
    expect(ids(await seen(server, 'Trash'))).toContain('Rows-3');
    expect(ids(await seen(server, 'Trash'))).not.toContain('Rows-2');
    expect(shown(actions)).toBe('1 message moved to Trash.');
    await connection.current.logout();
  });

  it('leaves the source untouched when the destination does not exist, and shows Dovecot\u2019s words', async () => {
    await seed(server, 'Stays', 2);
    const before = await seen(server, 'Stays');
    const { list, actions, connection } = await app(server, 'Stays');
    await actions.move(list.target([1, 2]), 'No such folder');
    expect(await seen(server, 'Stays')).toEqual(before);
    expect(actions.notice?.tone).toBe('error');
    expect(shown(actions)).toMatch(
      /^Nothing was moved to No such folder\. The server says: Mailbox doesn't exist/,
    );
    expect(actions.canUndo).toBe(false);
    await connection.current.logout();
  });

  it('leaves the source untouched when the destination is over quota, and shows Dovecot\u2019s words', async () => {
    await seed(server, 'Quota', 2);
    const before = await seen(server, 'Quota');
    const { list, actions, connection } = await app(server, 'Quota');
    await actions.move(list.target([1, 2]), 'Full');
    expect(await seen(server, 'Quota')).toEqual(before);
    expect(await seen(server, 'Full')).toEqual([]);
    expect(shown(actions)).toMatch(/^Nothing was moved to Full\. The server says: Quota exceeded/);
    await actions.copy(list.target([1]), 'Full');
    expect(await seen(server, 'Full')).toEqual([]);
    expect(shown(actions)).toMatch(/^Nothing was copied to Full\. The server says: Quota exceeded/);
    await connection.current.logout();
  });

  it('moves 1,200 messages in batches; cancelled after the first, 500 moved and 700 untouched; undo brings them back', async () => {
    const client = await signIn(server);
    await client.create('Bulk');
    await client.logout();
    const { client: appClient, list, actions, connection } = await app(server, 'Big');
    const moves: string[] = [];
    const off = appClient.on('completed', (event) => {
      if (event.name !== 'UID MOVE') return;
      moves.push(event.status);
      actions.cancel();
    });
    await actions.move(list.target(list.allUids()), 'Bulk');
    off();
    expect(moves).toEqual(['OK']);
    const [big, bulk] = [await seen(server, 'Big'), await seen(server, 'Bulk')];
    expect(big).toHaveLength(700);
    expect(bulk).toHaveLength(500);
    expect(new Set([...ids(big), ...ids(bulk)]).size).toBe(1200);
    expect(shown(actions)).toBe(
      'Stopped: 500 messages of 1,200 moved to Bulk; the rest are where they were.',
    );
    expect(actions.canUndo).toBe(true);

    await actions.undo();
    expect(await seen(server, 'Bulk')).toEqual([]);
    const back = await seen(server, 'Big');
    expect(new Set(ids(back))).toEqual(new Set([...ids(big), ...ids(bulk)]));
    expect(list.opened.at(-1)).toEqual({ path: 'Big', role: null });
    expect(shown(actions)).toBe('500 messages moved back to Big.');
    // The list's folder is selected again: the next action works on it.
    await actions.setFlag(list.target([back[0]?.uid ?? 0]), '\\Seen', true);
    expect((await seen(server, 'Big'))[0]?.flags).toContain('\\Seen');
    await connection.current.logout();
  });

  it('deletes to Trash and undoes it: the message is back in INBOX and gone from Trash', async () => {
    const inbox = await seen(server, 'INBOX');
    const victim = inbox[0] as Seen;
    const { list, actions, connection } = await app(server, 'INBOX', 'inbox');
    await actions.delete(list.target([victim.uid]));
    expect(ids(await seen(server, 'INBOX'))).not.toContain(victim.id);
    expect(ids(await seen(server, 'Trash'))).toContain(victim.id);
    expect(actions.notice?.undoable).toBe(true);
    await actions.undo();
    const after = await seen(server, 'INBOX');
    expect(after.filter((m) => m.id === victim.id)).toHaveLength(1);
    expect(ids(await seen(server, 'Trash'))).not.toContain(victim.id);
    expect(list.opened.at(-1)).toEqual({ path: 'INBOX', role: 'inbox' });
    await connection.current.logout();
  });

  it('in Trash, expunges exactly the chosen UIDs: a message another client marked \\Deleted stays', async () => {
    await seed(server, 'Bin', 3);
    const other = await rawSession(server);
    await other.ok('SELECT Bin');
    await other.ok('UID STORE 1 +FLAGS.SILENT (\\Deleted)');
    other.close();
    const { list, actions, connection } = await app(server, 'Bin', 'trash');
    // Delete in Trash erases: it asks first, and nothing is touched until the user confirms.
    await actions.delete(list.target([2]));
    expect(actions.eraseRequest?.reason).toBe('inTrash');
    expect(ids(await seen(server, 'Bin'))).toEqual(['Bin-1', 'Bin-2', 'Bin-3']);
    await actions.confirmErase();
    expect(await seen(server, 'Bin')).toEqual([
      { uid: 1, flags: ['\\Deleted'], id: 'Bin-1' },
      { uid: 3, flags: [], id: 'Bin-3' },
    ]);
    expect(shown(actions)).toBe('1 message deleted for good.');
    await connection.current.logout();
  });

  it('empties only what was listed: a message delivered after listing survives', async () => {
    await seed(server, 'Emptied', 3);
    const { actions, connection } = await app(server, 'Emptied', 'trash');
    await server.deliver(ALICE.name, 'Emptied', message('late-arrival'));
    await actions.emptyFolder('Emptied');
    expect(ids(await seen(server, 'Emptied'))).toEqual(['late-arrival']);
    expect(shown(actions)).toBe('Emptied is empty: 3 messages deleted for good.');
    await connection.current.logout();
  });

  it('drops queued actions when the folder comes back with a new UIDVALIDITY; one that slips through is refused', async () => {
    await seed(server, 'Shifting', 3);
    const { connection, list, folders, actions } = await app(server, 'Shifting');
    const oldUidValidity = list.uidValidity;
    let release!: () => void;
    folders.gate = new Promise((resolve) => (release = resolve));
    // Running: waits in ensureRole('trash'); then queued behind it: a flag change and a move.
    const running = actions.delete(list.target([1]));
    const flagged = actions.setFlag(list.target([2]), '\\Flagged', true);
    const moved = actions.move(list.target([3]), 'Archive');

    // Another client replaces the folder: same name, new UIDVALIDITY, UIDs 1..3 naming other messages.
    const other = await signIn(server);
    await other.delete('Shifting');
    await other.create('Shifting');
    for (const id of ['new-1', 'new-2', 'new-3']) await other.append('Shifting', message(id));
    await other.logout();
    // The app reconnects and reopens the folder: the list reports the new UIDVALIDITY.
    connection.current.close();
    connection.current = await signIn(server);
    await list.open('Shifting');
    expect(list.uidValidity).not.toBe(oldUidValidity);
    await Promise.all([flagged, moved]);
    expect(shown(actions)).toBe(
      '2 waiting actions were cancelled because Shifting changed on the server. Choose the messages again.',
    );

    release();
    await running;
    expect(actions.notice?.message.key).toBe('actions.error.folderChanged');
    expect(await seen(server, 'Shifting')).toEqual([
      { uid: 1, flags: [], id: 'new-1' },
      { uid: 2, flags: [], id: 'new-2' },
      { uid: 3, flags: [], id: 'new-3' },
    ]);
    expect(ids(await seen(server, 'Trash'))).not.toContain('new-1');
    await connection.current.logout();
  });
});

describe('MailActions on Dovecot without MOVE and UIDPLUS', () => {
  let server: DovecotServer;
  beforeAll(async () => {
    server = await startDovecot({ variant: 'no-move-uidplus', users: [ALICE] });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('copies and marks deleted: another client\u2019s \\Deleted message survives, and the user is told', async () => {
    await seed(server, 'Old', 3);
    const client = await signIn(server);
    await client.create('New');
    await client.logout();
    const other = await rawSession(server);
    await other.ok('SELECT Old');
    await other.ok('UID STORE 1 +FLAGS.SILENT (\\Deleted)');
    other.close();
    const { client: appClient, list, actions, connection } = await app(server, 'Old');
    expect(appClient.capabilities.has('MOVE') || appClient.capabilities.has('UIDPLUS')).toBe(false);
    await actions.move(list.target([2]), 'New');
    expect(await seen(server, 'Old')).toEqual([
      { uid: 1, flags: ['\\Deleted'], id: 'Old-1' },
      { uid: 2, flags: ['\\Deleted'], id: 'Old-2' },
      { uid: 3, flags: [], id: 'Old-3' },
    ]);
    expect(await seen(server, 'New')).toEqual([{ uid: 1, flags: [], id: 'Old-2' }]);
    expect(actions.notice).toMatchObject({ tone: 'warning', undoable: false });
    expect(shown(actions)).toContain('marked as deleted here');
    expect(actions.canUndo).toBe(false);

    await actions.delete(list.target([3]), { permanent: true });
    expect(await seen(server, 'Old')).toHaveLength(3);
    expect((await seen(server, 'Old'))[2]?.flags).toEqual(['\\Deleted']);
    expect(shown(actions)).toContain('1 message is marked as deleted');
    await connection.current.logout();
  });
});
