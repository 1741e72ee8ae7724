import { readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildCorpus } from '../src/corpus/index.ts';
import { startDovecot } from '../src/dovecot.ts';
import type { RawImap } from '../src/raw-imap.ts';
import { openSession, snapshotFolder, type SnapshotMessage } from '../src/third-party.ts';
import type { DovecotServer } from '../src/types.ts';
import { untaggedTexts, withoutTiming } from './support/imap.ts';

// resetUidValidity() and what Dovecot 2.3.19 makes of it, pinned as transcripts.

const BYE = '* BYE IMAP session state is inconsistent, please relogin.';
const INTERNAL_ERROR = 'Internal error occurred. Refer to server log for more information.';
const SENT = 1_700_000_002; // UIDVALIDITY of the corpus's Sent folder (5 messages, UIDs 1..5)

let server: DovecotServer;
const sessions: RawImap[] = [];

beforeEach(async () => {
  server = await startDovecot({ corpus: true });
});
afterEach(async () => {
  for (const client of sessions.splice(0)) client.close();
  await server.stop();
});

async function session(select?: string): Promise<RawImap> {
  const client = await openSession(server, 'demo');
  sessions.push(client);
  if (select !== undefined) await client.ok(`SELECT ${select}`);
  return client;
}

/** Timing and timestamps out of Dovecot's texts. */
const plain = (text: string): string =>
  withoutTiming(text).replace(/ \[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\]$/, '');

/** The rest of the exchange once the server has closed the connection (or reset it). */
const CLOSED = '(connection closed)';

function isClosed(error: unknown): boolean {
  const { message, code } = error as NodeJS.ErrnoException;
  return message === 'connection closed by server' || code === 'ECONNRESET' || code === 'EPIPE';
}

/** Reads responses up to the tagged answer of `tag`; a close ends the list with CLOSED. */
async function readUntilTagged(client: RawImap, tag: string, lines: string[]): Promise<boolean> {
  for (;;) {
    try {
      const { text } = await client.next(10_000);
      lines.push(`S: ${plain(text)}`);
      if (text.startsWith(`${tag} `)) return true;
    } catch (error) {
      if (!isClosed(error)) throw error;
      lines.push(CLOSED);
      return false;
    }
  }
}

/**
 * Sends a tagged command and returns the exchange as `C:`/`S:` lines. With `probe` (the default), a NOOP
 * follows the tagged answer and its exchange is included: a session Dovecot has given up on answers it with
 * BYE and a close (whether the BYE was already on its way or not), a live one with OK. No time window
 * decides anything: a BYE that is slow under load still lands in the transcript.
 */
async function transcript(client: RawImap, command: string, { probe = true } = {}): Promise<string[]> {
  client.write(`X1 ${command}\r\n`);
  const lines = [`C: X1 ${command}`];
  if (!(await readUntilTagged(client, 'X1', lines)) || !probe) return lines;
  client.write('X2 NOOP\r\n');
  lines.push('C: X2 NOOP');
  await readUntilTagged(client, 'X2', lines);
  return lines;
}

/** Responses that arrive within `ms` without asking. */
async function unsolicited(client: RawImap, ms: number): Promise<string[]> {
  const texts: string[] = [];
  for (;;) {
    try {
      texts.push((await client.next(ms)).text);
    } catch {
      return texts;
    }
  }
}

const messageIds = (messages: readonly SnapshotMessage[]): (string | null)[] =>
  messages.map((message) => message.messageId);

const STORE = 'UID STORE 2 +FLAGS (\\Flagged)';
/** What the stale sessions try, each on a session of its own. */
const STALE_MUTATIONS = [STORE, 'UID MOVE 2 Trash', 'UID COPY 2 Trash'];

/** A stale mutation refused because the mailbox "was deleted", and the session ended at the next command. */
const refusedAndEnded = (command: string): string[] => [
  `C: X1 ${command}`,
  'S: X1 NO Mailbox was deleted under us',
  'C: X2 NOOP',
  `S: ${BYE}`,
  CLOSED,
];

/**
 * The index id of a folder's index (struct mail_transaction_log_header in Dovecot's mail-transaction-log.h:
 * major, minor version (1 byte each), header size (2), indexid (4), in host byte order). It is the time, in
 * seconds, at which the index was made.
 */
function indexIdOf(folder: string): number {
  return readFileSync(path.join(server.maildir('demo'), folder, 'dovecot.index.log')).readUInt32LE(4);
}

/** Resolves once the wall clock (Dovecot's too) is past second `epochSeconds`. */
async function untilSecondAfter(epochSeconds: number): Promise<void> {
  while (Math.floor(Date.now() / 1000) <= epochSeconds) await sleep(1000 - (Date.now() % 1000) + 1);
}

const STALE_SESSIONS = 4;
const SAME_SECOND_ATTEMPTS = 8;

/**
 * Four sessions with Sent selected, whose index is then rebuilt (by snapshotFolder, after a reversed reset)
 * within the second it was made in, so the rebuilt index has the same id. Each attempt starts just after a
 * second boundary with a fresh index; the ids show whether it fitted, and a late one is tried again.
 */
async function staleSessionsWithSameIndexId(): Promise<{ stale: RawImap[]; after: SnapshotMessage[] }> {
  for (let attempt = 1; attempt <= SAME_SECOND_ATTEMPTS; attempt++) {
    await server.resetUidValidity('demo', 'Sent'); // same order and UIDs, and no index
    const stale: RawImap[] = [];
    for (let i = 0; i < STALE_SESSIONS; i++) stale.push(await session());
    await untilSecondAfter(Math.floor(Date.now() / 1000));
    for (const client of stale) await client.ok('SELECT Sent'); // the first one makes the index
    const staleId = indexIdOf('Sent');
    await server.resetUidValidity('demo', 'Sent', { order: 'reversed' });
    const after = await snapshotFolder(server, 'demo', 'Sent'); // rebuilds the index
    if (indexIdOf('Sent') === staleId) {
      console.info(`the index was rebuilt within its second at attempt ${attempt}`);
      return { stale, after };
    }
    for (const client of stale) client.close();
  }
  throw new Error(
    `Sent was never reopened within the second its index was made in (${SAME_SECOND_ATTEMPTS} attempts)`,
  );
}

describe('resetUidValidity()', () => {
  it('ends each session that has the folder selected at its next command; nothing is pushed before', async () => {
    const before = await snapshotFolder(server, 'demo', 'Sent');
    expect(messageIds(before)).toEqual(
      buildCorpus()
        .filter((message) => message.folder === 'Sent')
        .map((message) => message.expect.messageId ?? null),
    );
    const idler = await session('Sent');
    const noop = await session('Sent');
    const storer = await session();
    await storer.ok('ENABLE QRESYNC');
    await storer.ok('SELECT Sent');
    const elsewhere = await session('INBOX');
    const statuser = await session('Sent');
    idler.write('I1 IDLE\r\n');
    await idler.waitFor((response) => response.text.startsWith('+'));

    expect(await server.resetUidValidity('demo', 'Sent')).toEqual({
      previous: SENT,
      uidValidity: SENT + 1,
      count: 5,
    });

    // No untagged OK [UIDVALIDITY], no EXPUNGE, no BYE: IDLE hears nothing (at most a keepalive, when the
    // removed index woke it up), and DONE is answered normally.
    const heard = await unsolicited(idler, 1_500);
    expect(heard.filter((text) => text !== '* OK Still here')).toEqual([]);
    idler.write('DONE\r\n');
    expect((await idler.next()).text).toMatch(/^I1 OK Idle completed/);
    expect(await transcript(idler, 'NOOP')).toEqual(['C: X1 NOOP', `S: ${BYE}`, CLOSED]);
    expect(await transcript(noop, 'NOOP')).toEqual(['C: X1 NOOP', `S: ${BYE}`, CLOSED]);
    // A mutation is refused, not applied to the new numbering.
    expect(await transcript(storer, STORE)).toEqual(refusedAndEnded(STORE));
    expect(withoutTiming((await elsewhere.ok('NOOP')).completion)).toBe('OK NOOP completed');
    // STATUS of its own selected folder answers from the stale view (last: it may rebuild the index).
    expect(await transcript(statuser, 'STATUS Sent (UIDVALIDITY)', { probe: false })).toEqual([
      'C: X1 STATUS Sent (UIDVALIDITY)',
      `S: * STATUS Sent (UIDVALIDITY ${SENT})`,
      'S: X1 OK [CLIENTBUG] Status on selected mailbox completed',
    ]);
    expect(await transcript(statuser, STORE)).toEqual(refusedAndEnded(STORE));

    // A new session sees the new UIDVALIDITY and the same messages, flags and order (no gaps: same UIDs).
    const fresh = await session();
    expect(untaggedTexts((await fresh.ok('STATUS Sent (MESSAGES UIDNEXT UIDVALIDITY)')).untagged)).toEqual([
      `* STATUS Sent (MESSAGES 5 UIDNEXT 6 UIDVALIDITY ${SENT + 1})`,
    ]);
    expect(untaggedTexts((await fresh.ok('SELECT Sent')).untagged)).toContain(
      `* OK [UIDVALIDITY ${SENT + 1}] UIDs valid`,
    );
    expect(await snapshotFolder(server, 'demo', 'Sent')).toEqual(before);
  });

  // Once another session reopens the folder (snapshotFolder() does), Dovecot rebuilds its index, and what
  // the stale sessions then get depends on one thing: whether the rebuilt index has a new index id. Dovecot
  // takes the id from the clock in whole seconds, so an index rebuilt within the second the stale one was
  // made in gets the same id. Each of the next two tests makes one case certain, and checks that it did
  // (the id is in the header of dovecot.index.log).
  it('ends every stale session once the folder is reopened in a later second (new index id), applying nothing', async () => {
    const before = await snapshotFolder(server, 'demo', 'Sent');
    const trashBefore = await snapshotFolder(server, 'demo', 'Trash');
    const stale = [
      await session('Sent'),
      await session('Sent'),
      await session('Sent'),
      await session('Sent'),
    ];
    const staleId = indexIdOf('Sent');
    await untilSecondAfter(staleId);
    await server.resetUidValidity('demo', 'Sent', { order: 'reversed' });
    const after = await snapshotFolder(server, 'demo', 'Sent'); // rebuilds the index
    expect(indexIdOf('Sent')).toBeGreaterThan(staleId);
    expect(messageIds(after)).toEqual(messageIds(before).reverse());

    // Each session is ended: a NOOP at once or at the next command (whether Dovecot has already noticed
    // the new index when the NOOP arrives varies); a mutation is refused first.
    const [noop, ...mutators] = stale;
    expect([
      ['C: X1 NOOP', `S: ${BYE}`, CLOSED],
      ['C: X1 NOOP', 'S: X1 OK NOOP completed', 'C: X2 NOOP', `S: ${BYE}`, CLOSED],
    ]).toContainEqual(await transcript(noop as RawImap, 'NOOP'));
    for (const [index, command] of STALE_MUTATIONS.entries()) {
      expect(await transcript(mutators[index] as RawImap, command)).toEqual(refusedAndEnded(command));
    }
    // Nothing was flagged or moved. The UID COPY answered NO, and yet it may have copied (it did in most
    // runs, not in all under load): by the old view, old UID 2, the message the client meant, never the one
    // that has UID 2 now.
    expect(await snapshotFolder(server, 'demo', 'Sent')).toEqual(after);
    const trash = await snapshotFolder(server, 'demo', 'Trash');
    expect(trash.slice(0, trashBefore.length)).toEqual(trashBefore);
    expect([[], [before[1]?.messageId]]).toContainEqual(messageIds(trash.slice(trashBefore.length)));
  });

  it('leaves stale sessions alive when the folder is reopened within the same second (same index id), misapplying nothing', async () => {
    const before = await snapshotFolder(server, 'demo', 'Sent');
    const trashBefore = await snapshotFolder(server, 'demo', 'Trash');
    const { stale, after } = await staleSessionsWithSameIndexId();
    expect(messageIds(after)).toEqual(messageIds(before).reverse());

    const [noop, ...mutators] = stale;
    const exchanges = [await transcript(noop as RawImap, 'NOOP')];
    for (const [index, command] of STALE_MUTATIONS.entries())
      exchanges.push(await transcript(mutators[index] as RawImap, command));
    const [noopLines, storeLines, moveLines, copyLines] = exchanges;
    const tagged = (lines: string[] | undefined): string | undefined =>
      lines?.find((line) => line.startsWith('S: X1 '));
    // Every session lives on (the probing NOOP is answered); Dovecot may add "* NO Internal error" anywhere.
    for (const lines of exchanges) {
      expect(lines.at(-1), lines[0]).toMatch(/^S: X2 OK NOOP completed/);
      const untagged = lines.filter((line) => line.startsWith('S: * '));
      expect(
        new Set(untagged).size <= 1 && untagged.every((line) => line === `S: * NO ${INTERNAL_ERROR}`),
      ).toBe(true);
    }
    expect(tagged(noopLines)).toBe('S: X1 OK NOOP completed');
    expect(tagged(storeLines)).toBe(`S: X1 NO [SERVERBUG] ${INTERNAL_ERROR}`);
    expect(tagged(moveLines)).toBe(`S: X1 NO [SERVERBUG] ${INTERNAL_ERROR}`);
    // The copy goes either way. Whatever it answers, it copies by the old view or not at all: old UID 2,
    // the message the client meant, or nothing; never the message that has UID 2 now.
    const copied = tagged(copyLines) === 'S: X1 OK [COPYUID 1700000003 2 3] Copy completed';
    if (!copied) expect(tagged(copyLines)).toBe(`S: X1 NO [SERVERBUG] ${INTERNAL_ERROR}`);
    expect(await snapshotFolder(server, 'demo', 'Sent')).toEqual(after);
    const trash = await snapshotFolder(server, 'demo', 'Trash');
    expect(trash.slice(0, trashBefore.length)).toEqual(trashBefore);
    const added = messageIds(trash.slice(trashBefore.length));
    if (copied) expect(added).toEqual([before[1]?.messageId]);
    else expect([[], [before[1]?.messageId]]).toContainEqual(added);
  });

  it('numbers messages Dovecot has not seen yet last, keeps flags and keywords, and takes a given value', async () => {
    await server.deliver('demo', 'Sent', 'Message-ID: <late@example.org>\r\n\r\nnot numbered yet\r\n', [
      '\\Answered',
      'Work',
    ]);
    const before = await snapshotFolder(server, 'demo', 'Sent');
    await server.deliver('demo', 'Sent', 'Message-ID: <later@example.org>\r\n\r\nnot seen at all\r\n');
    const reset = await server.resetUidValidity('demo', 'Sent', { uidValidity: 42 });
    expect(reset).toEqual({ previous: SENT, uidValidity: 42, count: 7 });
    expect(await snapshotFolder(server, 'demo', 'Sent')).toEqual([
      ...before,
      { uid: 7, flags: [], messageId: '<later@example.org>' },
    ]);
    expect(before[5]).toEqual({ uid: 6, flags: ['\\Answered', 'Work'], messageId: '<late@example.org>' });
  });

  it('works on INBOX without touching the folder list or other folders', async () => {
    const client = await session();
    const statusOf = async (folder: string): Promise<string[]> =>
      untaggedTexts((await client.ok(`STATUS ${folder} (MESSAGES UIDVALIDITY)`)).untagged);
    const sentBefore = await statusOf('Sent');
    const inboxBefore = await snapshotFolder(server, 'demo', 'INBOX');
    await server.resetUidValidity('demo', 'INBOX');
    expect(await statusOf('INBOX')).toEqual([
      `* STATUS INBOX (MESSAGES ${inboxBefore.length} UIDVALIDITY 1700000001)`,
    ]);
    expect(await statusOf('Sent')).toEqual(sentBefore);
    expect((await client.ok('LIST "" "*"')).untagged.length).toBeGreaterThan(10);
    expect(await snapshotFolder(server, 'demo', 'INBOX')).toEqual(inboxBefore);
  });

  it('refuses an unknown folder or user, and a UIDVALIDITY it already has', async () => {
    await expect(server.resetUidValidity('demo', 'Nope')).rejects.toThrow('demo has no folder Nope');
    await expect(server.resetUidValidity('nobody', 'INBOX')).rejects.toThrow('unknown test user nobody');
    await expect(server.resetUidValidity('demo', 'Sent', { uidValidity: SENT })).rejects.toThrow(
      `UIDVALIDITY of`,
    );
    await expect(server.resetUidValidity('demo', 'Sent', { uidValidity: 0 })).rejects.toThrow(
      'UIDVALIDITY must be a whole number',
    );
    expect(untaggedTexts((await (await session()).ok('STATUS Sent (UIDVALIDITY)')).untagged)).toEqual([
      `* STATUS Sent (UIDVALIDITY ${SENT})`,
    ]);
  });
});
