// FolderTree against a real Dovecot (@webmail/testbed, the seeded corpus): a Cyrillic and a Chinese folder are
// created, renamed (one moved under another parent) and deleted, and their names on the wire and on disk
// (Dovecot's Maildir with LAYOUT=fs names directories as the wire does) are modified UTF-7. Subscriptions are
// checked from a separate raw session, and so are the server's refusals the app passes on.

import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandError, ImapClient } from '@webmail/imap-core';
import type { TraceEvent } from '@webmail/imap-core';
import { connectTcp } from '@webmail/imap-core/node';
import { RawImap, encodeMailboxName, quoted, startDovecot } from '@webmail/testbed';
import type { DovecotServer, TestUser } from '@webmail/testbed';
import { FolderError } from './folder-model.ts';
import { FolderTree } from './folders.svelte.ts';

describe('FolderTree on Dovecot', () => {
  let server: DovecotServer;
  let user: TestUser;
  let client: ImapClient;
  let tree: FolderTree;
  const trace: TraceEvent[] = [];

  beforeAll(async () => {
    server = await startDovecot({ corpus: true });
    user = server.users[0] as TestUser;
    const transport = await connectTcp({
      host: server.host,
      port: server.imapsPort,
      tls: 'implicit',
      ca: server.caPem,
      servername: 'localhost',
    });
    client = await ImapClient.connect(transport, { startTls: 'never', trace: (event) => trace.push(event) });
    await client.login(user.name, user.password);
    tree = new FolderTree(client);
    await tree.load();
  }, 60_000);
  afterAll(async () => {
    tree?.dispose();
    await client?.logout().catch(() => undefined);
    await server?.stop();
  });

  /** The lines the client sent since `from`, tags cut off, for the commands matching `match`. */
  const sentSince = (from: number, match: RegExp) =>
    trace
      .slice(from)
      .filter((event) => event.direction === 'client' && match.test(event.text))
      .map((event) => event.text.slice(event.text.indexOf(' ') + 1));

  /** Folder directories on disk: `path` is a decoded folder name, '/' separated. */
  const onDisk = (path: string) =>
    existsSync(join(server.maildir(user.name), ...encodeMailboxName(path).split('/')));

  /** Another session of the same user, as another mail client would have. */
  async function otherSession(): Promise<RawImap> {
    const raw = await RawImap.connect({ port: server.imapsPort, tls: { ca: server.caPem } });
    await raw.ok(`LOGIN ${quoted(user.name)} ${quoted(user.password)}`);
    return raw;
  }

  /** The subscription list (wire names) as another session sees it. */
  async function subscriptions(): Promise<string[]> {
    const raw = await otherSession();
    try {
      const result = await raw.ok('LSUB "" *');
      return result.untagged.map((r) => /"([^"]*)"$|(\S+)$/.exec(r.text)?.slice(1).find(Boolean) ?? '');
    } finally {
      raw.close();
    }
  }

  it('lists the corpus folders with their roles, counts and subscriptions, in one LIST', () => {
    expect(sentSince(0, /^\S+ (LIST|LSUB|STATUS) /)).toEqual([
      'LIST "" * RETURN (SUBSCRIBED SPECIAL-USE STATUS (MESSAGES UNSEEN))',
    ]);
    expect(tree.phase).toBe('ready');
    expect(tree.withRole('trash')?.path).toBe('Trash');
    expect(tree.get('工作/项目')?.subscribed).toBe(true);
    expect(tree.get('Lists')?.selectable).toBe(false);
    expect(tree.counts('Работа')?.messages).toBeGreaterThan(0);
  });

  it('creates a Cyrillic folder at the top and a Chinese one inside 工作, in modified UTF-7 on the wire and on disk', async () => {
    const from = trace.length;
    expect(await tree.create(null, 'Отчёты')).toBe('Отчёты');
    expect(await tree.create('工作', '报告')).toBe('工作/报告');
    const wire = sentSince(from, /^\S+ CREATE /);
    expect(wire).toEqual([
      `CREATE ${encodeMailboxName('Отчёты')}`,
      `CREATE ${encodeMailboxName('工作/报告')}`,
    ]);
    expect(wire.join(' ')).toMatch(/^[\x20-\x7e]+$/);
    const top = readdirSync(server.maildir(user.name));
    expect(top).toContain(encodeMailboxName('Отчёты'));
    expect(readdirSync(join(server.maildir(user.name), encodeMailboxName('工作')))).toContain(
      encodeMailboxName('报告'),
    );
    expect(tree.get('Отчёты')?.selectable).toBe(true);
    expect(tree.get('工作/报告')?.subscribed).toBe(true);
    expect(await subscriptions()).toEqual(
      expect.arrayContaining([encodeMailboxName('Отчёты'), encodeMailboxName('工作/报告')]) as string[],
    );
  });

  it('refuses a name holding the delimiter before sending anything', async () => {
    const from = trace.length;
    await expect(tree.create(null, 'a/b')).rejects.toBeInstanceOf(FolderError);
    expect(sentSince(from, /CREATE/)).toEqual([]);
  });

  it('renames the Cyrillic folder into 工作 and the Chinese one to the top, subscriptions following', async () => {
    // Open, as when the user renames the folder they are reading: Dovecot would end the session unless the app
    // leaves it first.
    await client.select('Отчёты');
    const from = trace.length;
    expect(await tree.rename('Отчёты', '工作', 'Отчёты 2024')).toBe('工作/Отчёты 2024');
    expect(await tree.rename('工作/报告', null, '报告')).toBe('报告');
    expect(sentSince(from, /^\S+ RENAME /)).toEqual([
      `RENAME ${encodeMailboxName('Отчёты')} "${encodeMailboxName('工作/Отчёты 2024')}"`,
      `RENAME ${encodeMailboxName('工作/报告')} ${encodeMailboxName('报告')}`,
    ]);
    expect(onDisk('Отчёты')).toBe(false);
    expect(onDisk('工作/Отчёты 2024')).toBe(true);
    expect(onDisk('工作/报告')).toBe(false);
    expect(onDisk('报告')).toBe(true);
    expect(tree.get('工作/Отчёты 2024')?.subscribed).toBe(true);
    expect(tree.get('Отчёты')).toBeUndefined();
    const subscribed = await subscriptions();
    expect(subscribed).toEqual(
      expect.arrayContaining([encodeMailboxName('工作/Отчёты 2024'), encodeMailboxName('报告')]) as string[],
    );
    expect(subscribed).not.toContain(encodeMailboxName('Отчёты'));
    expect(subscribed).not.toContain(encodeMailboxName('工作/报告'));
    expect(sentSince(from, /UNSELECT/)).toHaveLength(1);
    await client.noop();
  });

  it('unsubscribes and subscribes again; the tree hides the folder until "show unsubscribed"', async () => {
    await tree.setSubscribed('报告', false);
    expect(await subscriptions()).not.toContain(encodeMailboxName('报告'));
    expect(tree.visible.map((item) => item.node.path)).not.toContain('报告');
    await tree.load(); // the server's listing (no \Subscribed on it) agrees with what the tree remembered
    expect(tree.get('报告')?.subscribed).toBe(false);
    expect(tree.get('工作/项目')?.subscribed).toBe(true);
    expect(tree.visible.map((item) => item.node.path)).not.toContain('报告');
    tree.showUnsubscribed = true;
    expect(tree.visible.find((item) => item.node.path === '报告')?.node.subscribed).toBe(false);
    tree.showUnsubscribed = false;
    await tree.setSubscribed('报告', true);
    expect(tree.visible.map((item) => item.node.path)).toContain('报告');
  });

  it('passes on the refusal to delete a folder that still has children, and refuses Trash itself', async () => {
    const error = await tree.remove('Lists').then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CommandError);
    expect((error as CommandError).serverText).not.toBe('');
    expect(onDisk('Lists/dovecot')).toBe(true);
    await expect(tree.remove('Trash')).rejects.toBeInstanceOf(FolderError);
  });

  it('deletes both folders: gone from disk, from the tree and from the subscriptions', async () => {
    await client.select('报告');
    const from = trace.length;
    await tree.remove('工作/Отчёты 2024');
    await tree.remove('报告');
    expect(sentSince(from, /^\S+ DELETE /)).toEqual([
      `DELETE "${encodeMailboxName('工作/Отчёты 2024')}"`,
      `DELETE ${encodeMailboxName('报告')}`,
    ]);
    expect(onDisk('工作/Отчёты 2024')).toBe(false);
    expect(onDisk('报告')).toBe(false);
    expect(tree.get('报告')).toBeUndefined();
    const subscribed = await subscriptions();
    expect(subscribed).not.toContain(encodeMailboxName('报告'));
    expect(subscribed).not.toContain(encodeMailboxName('工作/Отчёты 2024'));
    expect(client.mailbox).toBeNull();
    await client.noop();
  });

  it('finds the existing Trash instead of creating one, and refreshes counts in one LIST-STATUS', async () => {
    expect(await tree.ensureRole('trash')).toEqual({ path: 'Trash', created: false });
    const before = tree.counts('Работа')?.messages ?? 0;
    await server.deliver(user.name, 'Работа', 'From: a@example.org\r\nSubject: new\r\n\r\nhello\r\n');
    const from = trace.length;
    await tree.refreshCounts();
    expect(sentSince(from, /LIST|STATUS/)).toEqual(['LIST "" * RETURN (STATUS (MESSAGES UNSEEN))']);
    expect(tree.counts('Работа')?.messages).toBe(before + 1);
  });

  it('with NOTIFY, follows another session: a new message is counted, a new folder appears', async () => {
    await client.notify({
      status: true,
      personal: ['MessageNew', 'MessageExpunge', 'FlagChange', 'MailboxName', 'SubscriptionChange'],
    });
    const before = tree.counts('Работа')?.messages ?? 0;
    const other = await otherSession();
    try {
      const body = 'From: b@example.org\r\nSubject: notified\r\n\r\nhello\r\n';
      const literal = `{${Buffer.byteLength(body)}+}\r\n${body}`;
      await other.ok(`APPEND ${quoted(encodeMailboxName('Работа'))} ${literal}`);
      await other.ok(`CREATE ${quoted(encodeMailboxName('新项目'))}`);
      await other.ok(`SUBSCRIBE ${quoted(encodeMailboxName('新项目'))}`);
    } finally {
      other.close();
    }
    // Hang guards only (Dovecot reports about 0.5 s after the change; the bench measures how fast).
    await expect.poll(() => tree.counts('Работа')?.messages, { timeout: 10_000 }).toBe(before + 1);
    await expect.poll(() => tree.get('新项目')?.subscribed, { timeout: 10_000 }).toBe(true);
  });
});
