import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCorpus } from '../src/corpus/index.ts';
import { startDovecot } from '../src/dovecot.ts';
import { appendMessage, openSession, snapshotFolder } from '../src/third-party.ts';
import type { DovecotServer } from '../src/types.ts';

let server: DovecotServer;

beforeAll(async () => {
  server = await startDovecot({
    corpus: true,
    users: [
      { name: 'demo', password: 'demo-password' },
      { name: 'other', password: 'o' },
    ],
  });
});
afterAll(() => server?.stop());

const systemFirst = (flags: readonly string[]): string[] => [
  ...flags.filter((flag) => flag.startsWith('\\')).sort(),
  ...flags.filter((flag) => !flag.startsWith('\\')).sort(),
];

describe('snapshotFolder()', () => {
  it('lists every message of a folder by UID with its flags and Message-ID', async () => {
    for (const folder of ['INBOX', 'Junk', '工作/项目']) {
      const expected = buildCorpus()
        .filter((message) => message.folder === folder)
        .map((message) => ({
          uid: message.uid,
          flags: systemFirst(message.flags),
          messageId: message.expect.messageId ?? null,
        }));
      expect(await snapshotFolder(server, 'demo', folder)).toEqual(expected);
    }
  });

  it('reads Message-IDs that are folded or missing', async () => {
    await server.deliver(
      'other',
      'Folded',
      'Message-ID:\r\n <folded@example.org>\r\nSubject: a\r\n\r\na\r\n',
    );
    await server.deliver('other', 'Folded', 'Subject: no id\r\n\r\nb\r\n');
    expect(await snapshotFolder(server, 'other', 'Folded')).toEqual([
      { uid: 1, flags: [], messageId: '<folded@example.org>' },
      { uid: 2, flags: [], messageId: null },
    ]);
  });

  it('changes nothing: \\Recent and \\Seen stay for the client under test', async () => {
    await server.deliver('other', 'Fresh', 'Message-ID: <recent@example.org>\r\n\r\nnew\r\n');
    await snapshotFolder(server, 'other', 'Fresh');
    const client = await openSession(server, 'other');
    const selected = await client.ok('SELECT Fresh');
    expect(selected.untagged.map((response) => response.text)).toContain('* 1 RECENT');
    client.close();
  });

  it('returns an empty list for an empty folder and rejects a missing one', async () => {
    expect(await snapshotFolder(server, 'other', 'Trash')).toEqual([]);
    await expect(snapshotFolder(server, 'other', 'Missing')).rejects.toThrow(/EXAMINE failed: NO/);
    await expect(snapshotFolder(server, 'nobody', 'INBOX')).rejects.toThrow('unknown test user nobody');
  });
});

describe('appendMessage()', () => {
  it('appends through Dovecot with flags and returns the new UID', async () => {
    const first = await appendMessage(
      server,
      'other',
      'Drafts',
      'Message-ID: <d1@example.org>\r\n\r\nd1\r\n',
      ['\\Draft', '$Label1'],
    );
    const second = await appendMessage(
      server,
      'other',
      'Drafts',
      new TextEncoder().encode('Subject: d2\r\n\r\n'),
    );
    expect(second).toEqual({ uidValidity: first.uidValidity, uid: first.uid + 1 });
    expect(await snapshotFolder(server, 'other', 'Drafts')).toEqual([
      { uid: first.uid, flags: ['\\Draft', '$Label1'], messageId: '<d1@example.org>' },
      { uid: second.uid, flags: [], messageId: null },
    ]);
  });

  it("rejects with the server's answer", async () => {
    await expect(appendMessage(server, 'other', 'Missing', 'Subject: x\r\n\r\n')).rejects.toThrow(
      /APPEND failed: NO \[TRYCREATE\] Mailbox doesn't exist/,
    );
  });
});
