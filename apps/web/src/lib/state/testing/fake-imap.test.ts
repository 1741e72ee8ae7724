import { ImapClient } from '@webmail/imap-core';
import { describe, expect, it, vi } from 'vitest';
import { FakeImapServer, QRESYNC_CAPABILITIES, generatedMessages } from './fake-imap.ts';
import type { FakeServerOptions } from './fake-imap.ts';

async function connect(server: FakeImapServer, enable: string[] = []): Promise<ImapClient> {
  const client = await ImapClient.connect(server.transport());
  await client.login('demo', 'secret');
  if (enable.length > 0) await client.enable(enable);
  return client;
}

async function selected(options: FakeServerOptions = {}, enable: string[] = []) {
  const server = new FakeImapServer({
    folders: [
      { name: 'INBOX', messages: generatedMessages(6) },
      { name: 'Archive', uidValidity: 77 },
    ],
    ...options,
  });
  const client = await connect(server, enable);
  await client.select('INBOX');
  return { server, client };
}

const untagged = (line: string): string => line.replace(/^\S+ /, '');

describe('FakeImapServer search', () => {
  it('reads a literal (non-ASCII words) as part of the command', async () => {
    const { server, client } = await selected();
    server.folder('INBOX').messages[2]!.subject = '季度报告';
    expect(Array.from(await client.search({ subject: '报告' }))).toEqual([3]);
    expect(server.lines(/SEARCH/).at(-1)).toMatch(/CHARSET UTF-8 SUBJECT \{6\+?\}报告$/);
  });

  it('answers ESEARCH MIN, MAX, COUNT and ALL over NOT, OR and flag keys', async () => {
    const { client } = await selected();
    // Unread: 1 and 4. OR subject 'Message 6' adds 6; NOT UID 4 takes 4 away.
    const result = await client.esearch(
      {
        and: [
          { or: [{ flag: '\\Seen', set: false }, { subject: 'Message 6' }] },
          { not: { uid: [{ start: 4, end: 4 }] } },
        ],
      },
      ['MIN', 'MAX', 'COUNT', 'ALL'],
    );
    expect(result).toEqual({
      min: 1,
      max: 6,
      count: 2,
      all: [
        { start: 1, end: 1 },
        { start: 6, end: 6 },
      ],
    });
  });

  it('sorts the matching messages newest first', async () => {
    const { client } = await selected();
    expect(
      Array.from(
        await client.sort([{ key: 'DATE', reverse: true }], { since: new Date(Date.UTC(2024, 0, 1)) }),
      ),
    ).toEqual([6, 5, 4, 3, 2, 1]);
    expect(
      Array.from(await client.sort([{ key: 'DATE', reverse: true }], { flag: '\\Seen', set: true })),
    ).toEqual([6, 5, 3, 2]);
  });
});

describe('FakeImapServer changes', () => {
  it('moves with COPYUID and EXPUNGEs, and tells another connection with the folder selected', async () => {
    const { server, client } = await selected();
    const other = await connect(server);
    await other.select('INBOX');
    const expunged = vi.fn();
    other.on('expunge', expunged);
    const result = await client.move([{ start: 2, end: 3 }], 'Archive');
    expect(result).toMatchObject({
      method: 'MOVE',
      copyUid: { uidValidity: 77, source: [{ start: 2, end: 3 }], destination: [{ start: 1, end: 2 }] },
    });
    expect(server.folder('INBOX').messages.map((m) => m.uid)).toEqual([1, 4, 5, 6]);
    expect(expunged).toHaveBeenCalledTimes(2);
    expect(client.mailbox?.exists).toBe(4);
  });

  it('refuses a copy to a missing or full folder, touching nothing', async () => {
    const { server, client } = await selected({
      folders: [
        { name: 'INBOX', messages: generatedMessages(2) },
        { name: 'Full', overQuota: true },
      ],
    });
    await expect(client.copy([{ start: 1, end: 2 }], 'Nowhere')).rejects.toMatchObject({
      responseCode: { name: 'TRYCREATE' },
    });
    await expect(client.move([{ start: 1, end: 2 }], 'Full')).rejects.toMatchObject({
      responseCode: { name: 'OVERQUOTA' },
    });
    expect(server.folder('INBOX').messages).toHaveLength(2);
  });

  it('expunges only the \\Deleted messages of the UID set', async () => {
    const { server, client } = await selected();
    server.folder('INBOX').messages[0]!.flags = ['\\Deleted'];
    await client.store([{ start: 2, end: 3 }], { operation: 'add', flags: ['\\Deleted'] });
    await client.uidExpunge([{ start: 2, end: 2 }]);
    expect(server.folder('INBOX').messages.map((m) => m.uid)).toEqual([1, 3, 4, 5, 6]);
  });

  it('reports expunges as VANISHED to a QRESYNC connection, and what changed on a QRESYNC SELECT', async () => {
    const options = { capabilities: QRESYNC_CAPABILITIES, enable: true };
    const { server, client } = await selected(options, ['QRESYNC']);
    const modseq = client.mailbox?.highestModseq ?? 0n;
    const vanished = vi.fn();
    client.on('expunge', vanished);
    server.expunge('INBOX', [2, 5]);
    expect(vanished.mock.calls.map(([event]) => event.uid)).toEqual([5, 2]);
    server.setFlags('INBOX', 3, ['\\Flagged']);
    client.close();

    const again = await connect(server, ['QRESYNC']);
    const result = await again.select('INBOX', { qresync: { uidValidity: 1000, modseq } });
    expect(result.vanished).toEqual([
      { start: 2, end: 2 },
      { start: 5, end: 5 },
    ]);
    expect(result.changed.map((c) => [c.uid, c.attributes.flags])).toEqual([[3, ['\\Flagged']]]);
    expect(untagged(server.lines(/SELECT/).at(-1) ?? '')).toBe(`SELECT INBOX (QRESYNC (1000 ${modseq}))`);
  });

  it('delivers new mail to a connection in IDLE', async () => {
    const { server, client } = await selected();
    const exists = vi.fn();
    client.on('exists', exists);
    const idle = await client.idle();
    server.deliver('INBOX', { internalDate: new Date(), subject: 'New' });
    expect(exists).toHaveBeenCalledWith(expect.objectContaining({ count: 7 }));
    await idle.stop();
    expect(server.lines(/IDLE|DONE/)).toEqual(['A4 IDLE', 'DONE']);
  });

  it('answers ENABLE only when asked to', async () => {
    const refusing = new FakeImapServer({ capabilities: QRESYNC_CAPABILITIES });
    await expect(connect(refusing, ['QRESYNC'])).rejects.toThrow();
    const enabling = new FakeImapServer({ capabilities: QRESYNC_CAPABILITIES, enable: true });
    const client = await connect(enabling);
    expect(await client.enable(['QRESYNC', 'X-NOPE'])).toEqual(['QRESYNC']);
  });
});

describe('FakeImapServer subscriptions', () => {
  it('marks subscribed folders for RETURN (SUBSCRIBED), lists a deleted one only for LIST (SUBSCRIBED), as Dovecot', async () => {
    const server = new FakeImapServer({
      folders: [{ name: 'INBOX' }, { name: 'Работа' }, { name: 'Old' }, { name: 'Quiet' }],
      unsubscribed: ['Quiet'],
    });
    const client = await connect(server);
    await client.unsubscribe('INBOX');
    await client.delete('Old'); // its subscription stays
    const marked = (result: Awaited<ReturnType<ImapClient['list']>>) =>
      result.mailboxes.map((m) => `${m.name} ${m.attributes.join(' ')}`.trim());
    expect(marked(await client.list({ returnSubscribed: true }))).toEqual([
      'INBOX',
      'Работа \\Subscribed',
      'Quiet',
    ]);
    expect(marked(await client.list())).toEqual(['INBOX', 'Работа', 'Quiet']);
    expect(marked(await client.list({ subscribedOnly: true }))).toEqual([
      'Работа \\Subscribed',
      'Old \\Subscribed \\NonExistent',
    ]);
    await client.subscribe('Quiet');
    expect([...server.subscriptions]).toEqual(['Работа', 'Old', 'Quiet']);
  });
});
