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

/**
 * Sends a tagged command; returns the exchange as `C:`/`S:` lines, read until the connection closes or
 * 300 ms pass without a response after the tagged answer (a BYE may follow it).
 */
async function transcript(client: RawImap, command: string): Promise<string[]> {
  client.write(`X1 ${command}\r\n`);
  const lines = [`C: X1 ${command}`];
  let answered = false;
  for (;;) {
    try {
      const { text } = await client.next(answered ? 300 : 5_000);
      answered ||= text.startsWith('X1 ');
      lines.push(`S: ${plain(text)}`);
    } catch (error) {
      if ((error as Error).message === 'connection closed by server') lines.push('(connection closed)');
      else if (!answered) throw error;
      return lines;
    }
  }
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
    expect(await transcript(idler, 'NOOP')).toEqual(['C: X1 NOOP', `S: ${BYE}`, '(connection closed)']);
    expect(await transcript(noop, 'NOOP')).toEqual(['C: X1 NOOP', `S: ${BYE}`, '(connection closed)']);
    // A mutation is refused, not applied to the new numbering.
    expect(await transcript(storer, 'UID STORE 2 +FLAGS (\\Flagged)')).toEqual([
      'C: X1 UID STORE 2 +FLAGS (\\Flagged)',
      'S: X1 NO Mailbox was deleted under us',
      `S: ${BYE}`,
      '(connection closed)',
    ]);
    expect(withoutTiming((await elsewhere.ok('NOOP')).completion)).toBe('OK NOOP completed');
    // STATUS of its own selected folder answers from the stale view (last: it may rebuild the index).
    expect(await transcript(statuser, 'STATUS Sent (UIDVALIDITY)')).toEqual([
      'C: X1 STATUS Sent (UIDVALIDITY)',
      `S: * STATUS Sent (UIDVALIDITY ${SENT})`,
      'S: X1 OK [CLIENTBUG] Status on selected mailbox completed',
    ]);
    expect(await transcript(statuser, 'UID STORE 2 +FLAGS (\\Flagged)')).toEqual([
      'C: X1 UID STORE 2 +FLAGS (\\Flagged)',
      'S: X1 NO Mailbox was deleted under us',
      `S: ${BYE}`,
      '(connection closed)',
    ]);

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

  // Any other session that opens the folder rebuilds its index (snapshotFolder() does), hence README's advice
  // to take "before" snapshots before the reset. Which answer a stale session then gets depends on timing (a
  // stale session that finds the new index "corrupted" may remove it again); what holds either way: no
  // mutation lands on the message that now has that UID.
  it('may leave stale sessions alive once another session has rebuilt the index, but never misapplies a UID', async () => {
    const before = await snapshotFolder(server, 'demo', 'Sent');
    const [noop, storer, mover, copier] = [
      await session('Sent'),
      await session('Sent'),
      await session('Sent'),
      await session('Sent'),
    ];
    await server.resetUidValidity('demo', 'Sent', { order: 'reversed' });
    const after = await snapshotFolder(server, 'demo', 'Sent'); // rebuilds the index
    expect(messageIds(after)).toEqual(messageIds(before).reverse());

    const refusals = (command: string): string[][] => [
      [`C: X1 ${command}`, `S: X1 NO [SERVERBUG] ${INTERNAL_ERROR}`],
      [`C: X1 ${command}`, 'S: X1 NO Mailbox was deleted under us', `S: ${BYE}`, '(connection closed)'],
    ];
    expect([
      ['C: X1 NOOP', 'S: X1 OK NOOP completed'],
      ['C: X1 NOOP', `S: * NO ${INTERNAL_ERROR}`, 'S: X1 OK NOOP completed'],
      ['C: X1 NOOP', `S: ${BYE}`, '(connection closed)'],
    ]).toContainEqual(await transcript(noop, 'NOOP'));
    expect(refusals('UID STORE 2 +FLAGS (\\Flagged)')).toContainEqual(
      await transcript(storer, 'UID STORE 2 +FLAGS (\\Flagged)'),
    );
    expect(refusals('UID MOVE 2 Trash')).toContainEqual(await transcript(mover, 'UID MOVE 2 Trash'));
    // A copy by the old view, when it is made, copies the message the client meant: old UID 2.
    const copy = await transcript(copier, 'UID COPY 2 Trash');
    expect([
      ['C: X1 UID COPY 2 Trash', 'S: X1 OK [COPYUID 1700000003 2 3] Copy completed'],
      ...refusals('UID COPY 2 Trash'),
    ]).toContainEqual(copy);
    const trash = await snapshotFolder(server, 'demo', 'Trash');
    expect(trash.slice(2).map((message) => message.messageId)).toEqual(
      copy[1]?.includes('COPYUID') ? [before[1]?.messageId] : [],
    );
    expect(await snapshotFolder(server, 'demo', 'Sent')).toEqual(after);
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
