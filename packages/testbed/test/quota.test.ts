import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDovecot } from '../src/dovecot.ts';
import { appendMessage, openSession, snapshotFolder } from '../src/third-party.ts';
import type { DovecotServer } from '../src/types.ts';
import { untaggedTexts, withoutTiming } from './support/imap.ts';

// Dovecot 2.3.19's quota plugin as the testbed configures it, pinned with the server's exact answers.

const OVERQUOTA = 'NO [OVERQUOTA] Quota exceeded (mailbox for user is full)';

/** A message of exactly `size` bytes (CRLF line ends, so its virtual size is the same). */
function message(id: string, size: number): string {
  const head = `From: a@example.org\r\nSubject: ${id}\r\nMessage-ID: <${id}@example.org>\r\n\r\n`;
  return `${head}${'x'.repeat(size - head.length - 2)}\r\n`;
}

let server: DovecotServer;

beforeAll(async () => {
  server = await startDovecot({
    users: [
      { name: 'demo', password: 'demo-password' },
      { name: 'limited', password: 'l', quota: { storageKb: 4 } },
      { name: 'full', password: 'f', quota: { fullFolder: 'Full' } },
    ],
  });
});
afterAll(() => server?.stop());

describe('quota', () => {
  it('changes nothing for a user without one: no QUOTA, no extra namespace', async () => {
    const client = await openSession(server, 'demo');
    expect((await client.ok('CAPABILITY')).untagged[0]?.text).not.toMatch(/\bQUOTA\b/);
    // The default variant's shared namespace (other users) is everyone's, quota or not.
    expect(untaggedTexts((await client.ok('NAMESPACE')).untagged)).toEqual([
      '* NAMESPACE (("" "/")) (("shared/" "/")) NIL',
    ]);
    expect(withoutTiming((await client.command('GETQUOTAROOT INBOX')).completion)).toBe(
      'BAD Error in IMAP command GETQUOTAROOT: Unknown command',
    );
    client.close();
  });

  describe('storageKb', () => {
    it('refuses APPEND and UID COPY past the limit, but lets UID MOVE through', async () => {
      await appendMessage(server, 'limited', 'INBOX', message('one', 1500));
      await appendMessage(server, 'limited', 'INBOX', message('two', 1500));
      const client = await openSession(server, 'limited');
      expect(untaggedTexts((await client.ok('GETQUOTAROOT INBOX')).untagged)).toEqual([
        '* QUOTAROOT INBOX User',
        '* QUOTA User (STORAGE 3 4)', // KiB, rounded up
      ]);
      await expect(appendMessage(server, 'limited', 'INBOX', message('three', 1500))).rejects.toThrow(
        OVERQUOTA,
      );
      const before = await snapshotFolder(server, 'limited', 'INBOX');
      await client.ok('SELECT INBOX');
      const copy = await client.command('UID COPY 1 Trash');
      expect([withoutTiming(copy.completion), untaggedTexts(copy.untagged)]).toEqual([OVERQUOTA, []]);
      expect(await snapshotFolder(server, 'limited', 'INBOX')).toEqual(before);
      expect(await snapshotFolder(server, 'limited', 'Trash')).toEqual([]);

      // Dovecot skips the check for a move inside one quota root: it cannot raise the usage.
      const move = await client.command('UID MOVE 1 Trash');
      expect(withoutTiming(move.completion)).toBe('OK Move completed');
      expect(await snapshotFolder(server, 'limited', 'Trash')).toEqual([
        { uid: 1, flags: [], messageId: '<one@example.org>' },
      ]);
      client.close();
    });
  });

  describe('fullFolder', () => {
    it('is an existing, subscribed top-level folder in a namespace of its own', async () => {
      const client = await openSession(server, 'full');
      expect(untaggedTexts((await client.ok('NAMESPACE')).untagged)).toEqual([
        '* NAMESPACE (("" "/")("Full/" "/")) (("shared/" "/")) NIL',
      ]);
      expect(untaggedTexts((await client.ok('LIST "" Full')).untagged)).toEqual([
        '* LIST (\\HasNoChildren) "/" Full',
      ]);
      expect(untaggedTexts((await client.ok('LSUB "" Full')).untagged)).toEqual(['* LSUB () "/" Full']);
      expect(untaggedTexts((await client.ok('GETQUOTAROOT Full')).untagged)).toEqual([
        '* QUOTAROOT Full Full',
        '* QUOTA Full (STORAGE 0 1)',
      ]);
      expect(untaggedTexts((await client.ok('GETQUOTAROOT INBOX')).untagged)).toEqual([]);
      expect(withoutTiming((await client.ok('SELECT Full')).completion)).toBe(
        'OK [READ-WRITE] Select completed',
      );
      client.close();
    });

    it('refuses UID COPY and UID MOVE into it with [OVERQUOTA], and the source stays untouched', async () => {
      await appendMessage(server, 'full', 'INBOX', message('keep-1', 300), ['\\Seen']);
      await appendMessage(server, 'full', 'INBOX', message('keep-2', 300), ['$Label1']);
      const before = await snapshotFolder(server, 'full', 'INBOX');
      expect(before).toEqual([
        { uid: 1, flags: ['\\Seen'], messageId: '<keep-1@example.org>' },
        { uid: 2, flags: ['$Label1'], messageId: '<keep-2@example.org>' },
      ]);

      const client = await openSession(server, 'full');
      await client.ok('SELECT INBOX');
      for (const command of ['UID COPY 1:2 Full', 'UID MOVE 1:2 Full', 'UID MOVE 2 Full', 'COPY 1 Full']) {
        const result = await client.command(command);
        expect([command, withoutTiming(result.completion), untaggedTexts(result.untagged)]).toEqual([
          command,
          OVERQUOTA,
          [],
        ]);
      }
      expect(await snapshotFolder(server, 'full', 'INBOX')).toEqual(before);
      expect(await snapshotFolder(server, 'full', 'Full')).toEqual([]);
      // The same session still works normally afterwards.
      expect(withoutTiming((await client.command('UID MOVE 2 Trash')).completion)).toBe('OK Move completed');
      client.close();
    });

    it('refuses APPEND, while deliver() (behind Dovecot) still puts mail there', async () => {
      await expect(appendMessage(server, 'full', 'Full', message('appended', 200))).rejects.toThrow(
        OVERQUOTA,
      );
      await server.deliver('full', 'Full', message('delivered', 200), ['\\Flagged']);
      expect(await snapshotFolder(server, 'full', 'Full')).toEqual([
        { uid: 1, flags: ['\\Flagged'], messageId: '<delivered@example.org>' },
      ]);
    });
  });

  // The variant's fixed imap_capability list also hides QUOTA (GETQUOTA & co.); [OVERQUOTA] is RFC 5530 and
  // comes regardless.
  it('works with the no-move-uidplus variant too: COPY is refused the same way, QUOTA is not advertised', async () => {
    const other = await startDovecot({
      variant: 'no-move-uidplus',
      users: [{ name: 'full', password: 'f', quota: { fullFolder: 'Full' } }],
    });
    try {
      await appendMessage(other, 'full', 'INBOX', message('only', 300));
      const client = await openSession(other, 'full');
      const capabilities = (await client.ok('CAPABILITY')).untagged[0]?.text ?? '';
      expect(capabilities).not.toMatch(/\b(QUOTA|MOVE)\b/);
      await client.ok('SELECT INBOX');
      for (const command of ['UID COPY 1 Full', 'UID MOVE 1 Full'])
        expect(withoutTiming((await client.command(command)).completion)).toBe(OVERQUOTA);
      client.close();
    } finally {
      await other.stop();
    }
  });

  it.each([
    [{ storageKb: 0 }, /storageKb of x must be a whole number/],
    [{ storageKb: 1.5 }, /storageKb of x must be a whole number/],
    [{ fullFolder: 'Over quota' }, /fullFolder of x must be ASCII/],
    [{ fullFolder: 'inbox' }, /fullFolder of x must be ASCII.*not INBOX/],
    [{ fullFolder: 'Trash' }, /not INBOX or a corpus folder/],
    [{ fullFolder: 'Lists' }, /not INBOX or a corpus folder/],
  ])('refuses the bad quota %o before starting anything', async (quota, error) => {
    await expect(startDovecot({ users: [{ name: 'x', password: 'x', quota }] })).rejects.toThrow(error);
  });
});
