// Against a real Dovecot 2.3.19 from @webmail/testbed: what NOTIFY (RFC 5465) makes it send, pinned, because the
// web app builds on it. The facts (see also commands/notify.ts):
// - NOTIFY SET STATUS answers with `STATUS (MESSAGES UIDNEXT UIDVALIDITY UNSEEN HIGHESTMODSEQ)` for every
//   personal mailbox but the selected one (HIGHESTMODSEQ because FlagChange is asked for).
// - Another session's APPEND to a watched mailbox: `STATUS (MESSAGES UIDNEXT UNSEEN HIGHESTMODSEQ)` about 0.5 s
//   later (measured 504-519 ms; HIGHESTMODSEQ only when FlagChange is asked for); its flag change:
//   `STATUS (UNSEEN HIGHESTMODSEQ)`, partial.
// - A message dropped into the selected mailbox's maildir (server.deliver) reaches a session in IDLE as EXISTS
//   about 0.5 s later (measured 503-507 ms), with or without NOTIFY, but only if NOTIFY named the selected
//   mailbox: without a SELECTED group, nothing arrives, not even in IDLE.
// - Mailbox names in these STATUS and LIST responses are UTF-8 (sent as literals), not modified UTF-7, even
//   without UTF8=ACCEPT. The parser's fallback decodes them right (a name that is not valid modified UTF-7 is
//   taken as UTF-8); only an ASCII name that happens to be valid modified UTF-7 ("A&-B") would read wrong.
// - A message dropped into another folder's maildir is not reported at all (Dovecot's list index only learns of
//   it when something opens that folder); through Dovecot (APPEND, LMTP) it is.
// - CREATE and (UN)SUBSCRIBE: `LIST () "/" name`, `LIST (\Subscribed) "/" name` about 0.5 s later; RENAME
//   `LIST () "/" new ("OLDNAME" (old))` and DELETE `LIST (\NonExistent) "/" gone` only along with the next change
//   to the mailbox list, however long that takes. The first NOTIFY of a new account also reports the
//   auto-created special-use folders once (`LIST ()` and `LIST (\Subscribed)` for each).
// Also here: VANISHED under QRESYNC, during IDLE and on SELECT, as the events the web app listens to.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDovecot } from '@webmail/testbed';
import type { DovecotServer } from '@webmail/testbed';
import { ImapClient } from '../../src/client.ts';
import type { NotifySpec } from '../../src/commands/notify.ts';
import { connectTcp } from '../../src/node/index.ts';
import { rangesFromNumbers } from '../../src/seqset.ts';
import type { SessionEvents } from '../../src/session.ts';

const DANA = { name: 'dana', password: 'dana-Secret-4' };

/** What the web app asks for: its open folder, and every other folder's counts and names. */
const WEB_SPEC: NotifySpec = {
  status: true,
  selected: ['MessageNew', 'MessageExpunge', 'FlagChange'],
  personal: ['MessageNew', 'MessageExpunge', 'FlagChange', 'MailboxName', 'SubscriptionChange'],
};

function message(subject: string): string {
  return `From: Eve <eve@example.org>\r\nSubject: ${subject}\r\n\r\nBody of ${subject}\r\n`;
}

/** Resolves with the event, or rejects after `timeoutMs` (a hang guard: Dovecot reports after about 0.5 s). */
function next<K extends keyof SessionEvents>(
  client: ImapClient,
  name: K,
  matches: (event: SessionEvents[K]) => boolean,
  timeoutMs = 10_000,
): Promise<{ event: SessionEvents[K] }> {
  return new Promise((resolve, reject) => {
    const off = client.on(name, (event) => {
      if (!matches(event)) return;
      off();
      clearTimeout(timer);
      resolve({ event });
    });
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no matching ${String(name)} event within ${timeoutMs} ms`));
    }, timeoutMs);
  });
}

/** Everything `name` reports during `ms`. */
async function during<K extends keyof SessionEvents>(
  client: ImapClient,
  name: K,
  ms: number,
): Promise<SessionEvents[K][]> {
  const seen: SessionEvents[K][] = [];
  const off = client.on(name, (event) => seen.push(event));
  await new Promise((resolve) => setTimeout(resolve, ms));
  off();
  return seen;
}

/** Dana, logged in to `server` over plain TCP. */
async function loggedIn(server: DovecotServer): Promise<ImapClient> {
  const transport = await connectTcp({ host: server.host, port: server.imapPort, tls: 'none' });
  const client = await ImapClient.connect(transport);
  await client.login(DANA.name, DANA.password);
  return client;
}

describe('Dovecot NOTIFY', () => {
  let server: DovecotServer;
  beforeAll(async () => {
    server = await startDovecot({ users: [DANA] });
    const setup = await loggedIn(server);
    for (const name of ['Other', 'Old']) await setup.create(name);
    await setup.logout();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('SET STATUS answers with the full STATUS of every other personal mailbox, never the selected one', async () => {
    const client = await loggedIn(server);
    expect(client.capabilities.has('NOTIFY')).toBe(true);
    await client.select('INBOX');
    const events: SessionEvents['status'][] = [];
    client.on('status', (e) => events.push(e));
    const { status } = await client.notify(WEB_SPEC);
    expect([...status.keys()].sort()).toEqual(['Archive', 'Drafts', 'Junk', 'Old', 'Other', 'Sent', 'Trash']);
    for (const value of status.values()) {
      expect(Object.keys(value).sort()).toEqual([
        'highestModseq',
        'messages',
        'uidNext',
        'uidValidity',
        'unseen',
      ]);
    }
    expect(events.map((e) => e.mailbox).sort()).toEqual([...status.keys()].sort());
    expect(await client.notify(null)).toEqual({ status: new Map() });
    await client.logout();
  });

  it('in IDLE: EXISTS for a delivery to the selected mailbox, STATUS for an APPEND elsewhere, promptly', async () => {
    const watcher = await loggedIn(server);
    await watcher.select('INBOX');
    await watcher.notify(WEB_SPEC);
    const idle = await watcher.idle();

    const exists = next(watcher, 'exists', (e) => e.mailbox === 'INBOX');
    await server.deliver(DANA.name, 'INBOX', message('delivered'));
    await exists;

    const other = await loggedIn(server);
    const before = await other.status('Other', ['MESSAGES', 'UIDNEXT']);
    const appended = next(watcher, 'status', (e) => e.mailbox === 'Other');
    await other.append('Other', message('appended'));
    const { event } = await appended;
    expect(event.status).toMatchObject({
      messages: (before.messages ?? 0) + 1,
      uidNext: (before.uidNext ?? 0) + 1,
      unseen: expect.any(Number),
      highestModseq: expect.any(BigInt),
    });
    expect(event.status.uidValidity).toBeUndefined();

    // A flag change reports only what it changed: the consumer must merge.
    await other.select('Other');
    const everything = rangesFromNumbers(await other.search({ all: true }));
    const flagged = next(watcher, 'status', (e) => e.mailbox === 'Other' && e.status.messages === undefined);
    await other.store(everything, { operation: 'add', flags: ['\\Seen'] });
    expect(Object.keys((await flagged).event.status).sort()).toEqual(['highestModseq', 'unseen']);
    await other.logout();

    // A maildir drop into a folder that is not selected goes unnoticed by Dovecot's NOTIFY.
    const quiet = during(watcher, 'status', 1500);
    await server.deliver(DANA.name, 'Other', message('dropped'));
    expect((await quiet).filter((e) => e.mailbox === 'Other')).toEqual([]);

    await idle.stop();
    await watcher.logout();
  });

  it('reports nothing for the selected mailbox, even in IDLE, when NOTIFY leaves it out', async () => {
    const watcher = await loggedIn(server);
    await watcher.select('INBOX');
    await watcher.notify({ personal: ['MessageNew', 'MessageExpunge'] });
    const idle = await watcher.idle();
    const quiet = during(watcher, 'exists', 1500);
    await server.deliver(DANA.name, 'INBOX', message('unreported'));
    expect(await quiet).toEqual([]);
    await idle.stop();
    await watcher.noop(); // the next command's sync reports it after all
    expect(watcher.mailbox?.exists).toBeGreaterThan(0);
    await watcher.logout();
  });

  it('reports created, renamed, deleted and subscribed mailboxes as mailbox-list events, names decoded', async () => {
    const watcher = await loggedIn(server);
    await watcher.notify(WEB_SPEC);
    const idle = await watcher.idle();
    const lists: SessionEvents['mailbox-list'][] = [];
    watcher.on('mailbox-list', (e) => lists.push(e));

    // Dovecot 2.3.19 reports CREATE and (UN)SUBSCRIBE about 0.5 s later, but RENAME and DELETE only together
    // with the next change to the mailbox list: each of those is followed by one here.
    const other = await loggedIn(server);
    await other.rename('Old', '项目');
    const created = next(watcher, 'mailbox-list', (e) => e.mailbox.name === 'Gone');
    await other.create('Gone');
    await created;
    await other.delete('Gone');
    const subscribed = next(watcher, 'mailbox-list', (e) => e.mailbox.name === 'Other');
    await other.subscribe('Other');
    await subscribed;
    await other.logout();

    const find = (name: string): SessionEvents['mailbox-list'] | undefined =>
      lists.find((e) => e.mailbox.name === name);
    // Dovecot's NOTIFY names mailboxes in UTF-8 (a literal), not modified UTF-7 as LIST and STATUS do.
    expect(find('项目')?.mailbox).toMatchObject({ wireName: '项目', attributes: [], delimiter: '/' });
    expect(find('项目')?.mailbox.extended?.get('OLDNAME')).toBe('Old');
    expect(lists.filter((e) => e.mailbox.name === 'Gone').map((e) => e.mailbox.attributes)).toEqual([
      [],
      ['\\NonExistent'],
    ]);
    expect(find('Other')?.mailbox.attributes).toEqual(['\\Subscribed']);

    // A LIST the client asked for is its answer, not an event.
    const before = lists.length;
    await idle.stop();
    const { mailboxes } = await watcher.list();
    expect(mailboxes.map((m) => m.name)).toContain('项目');
    expect(lists.length).toBe(before);
    await watcher.logout();
  });
});

describe('Dovecot QRESYNC events', () => {
  let server: DovecotServer;
  beforeAll(async () => {
    server = await startDovecot({ users: [DANA] });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('VANISHED during IDLE reaches the app as expunge events carrying UIDs, mapped or not', async () => {
    const setup = await loggedIn(server);
    await setup.create('Q');
    for (let i = 1; i <= 5; i++) await setup.append('Q', message(`q${i}`));
    await setup.logout();

    const watcher = await loggedIn(server);
    await watcher.enable(['QRESYNC']);
    const selected = await watcher.select('Q');
    expect(selected.highestModseq).not.toBeNull(); // ENABLE QRESYNC turns CONDSTORE on: no option needed
    // SEARCH tells the app the UIDs; the session's seq -> UID map learns UIDs only from FETCH.
    const uids = Array.from(await watcher.search({ all: true }));
    await watcher.fetch(rangesFromNumbers([uids[0] as number]), { flags: true });
    expect(watcher.mailbox?.knownUidCount()).toBe(1);
    const expunged: SessionEvents['expunge'][] = [];
    watcher.on('expunge', (e) => expunged.push(e));
    const idle = await watcher.idle();

    const gone = [uids[0], uids[2], uids[3]] as number[];
    const other = await loggedIn(server);
    await other.select('Q');
    await other.store(rangesFromNumbers(gone), { operation: 'add', flags: ['\\Deleted'] });
    const arrived = next(watcher, 'expunge', () => expunged.length === gone.length);
    await other.uidExpunge(rangesFromNumbers(gone));
    await other.logout();
    await arrived;
    expect(expunged.map((e) => e.uid).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(gone);
    expect(watcher.mailbox?.exists).toBe(2);
    await idle.stop();
    await watcher.logout();

    // Reopened from the cached state: what went meanwhile comes as SelectResult.vanished and a 'vanished' event.
    const again = await loggedIn(server);
    await again.enable(['QRESYNC']);
    const vanishedEvents: SessionEvents['vanished'][] = [];
    again.on('vanished', (e) => vanishedEvents.push(e));
    const resynced = await again.select('Q', {
      qresync: {
        uidValidity: selected.uidValidity ?? 0,
        modseq: BigInt(selected.highestModseq ?? '0'),
        knownUids: rangesFromNumbers(uids),
      },
    });
    expect(resynced.vanished).toEqual(rangesFromNumbers(gone));
    expect(vanishedEvents).toEqual([{ mailbox: 'Q', uids: rangesFromNumbers(gone) }]);
    expect(BigInt(resynced.highestModseq ?? '0')).toBeGreaterThan(BigInt(selected.highestModseq ?? '0'));
    await again.logout();
  });
});
