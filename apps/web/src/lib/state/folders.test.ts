import { CommandError, encodeModifiedUtf7, mailboxNameFromWire } from '@webmail/imap-core';
import { afterEach, describe, expect, it } from 'vitest';
import { i18n } from '../i18n/i18n.svelte.ts';
import { FolderError } from './folder-model.ts';
import type { AssignableRole } from './folder-model.ts';
import { FolderTree } from './folders.svelte.ts';
import { FULL_CAPABILITIES, generatedMessages } from './testing/fake-imap.ts';
import { signedIn } from './testing/connect.ts';
import { signedInForFolderAdmin } from './testing/folder-admin.ts';
import type { FolderAdminOptions } from './testing/folder-admin.ts';
import { describeError } from './user-message.ts';

const folders = [
  { name: 'INBOX', messages: generatedMessages(3) },
  { name: 'Sent', attributes: ['\\Sent'], messages: generatedMessages(2) },
  { name: 'Lists', attributes: ['\\Noselect', '\\HasChildren'] },
  { name: 'Lists/dovecot', messages: generatedMessages(4) },
  { name: 'Работа', messages: generatedMessages(1) },
  { name: '工作/项目', messages: generatedMessages(6) },
];

const WITHOUT_LIST_STATUS = FULL_CAPABILITIES.filter((c) => c !== 'LIST-STATUS');
const paths = (tree: FolderTree) => tree.visible.map((item) => item.node.path);
/** A name as imap-core sends it: modified UTF-7, an atom unless it needs quotes. */
const wire = (name: string) => {
  const encoded = encodeModifiedUtf7(name);
  return /[\s(){%*"\\\]]/.test(encoded) ? `"${encoded}"` : encoded;
};
/** The commands the client sent that match, without their tags. */
const sent = (server: { lines(match: RegExp): string[] }, match: RegExp) =>
  server.lines(match).map((line) => line.slice(line.indexOf(' ') + 1));
/** The admin tests' server also has 工作 itself (a selectable parent), not only 工作/项目. */
const adminFolders = [...folders, { name: '工作', messages: generatedMessages(2) }];
const NAMESPACE_CAPABILITIES = [...FULL_CAPABILITIES, 'NAMESPACE'];

async function adminTree(options: FolderAdminOptions = {}) {
  const session = await signedInForFolderAdmin({ folders: adminFolders, ...options });
  const tree = new FolderTree(session.client, { listChangeDelayMs: 5 });
  await tree.load();
  session.server.log.length = 0;
  return { ...session, tree };
}

async function refusal(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a refusal');
    },
    (error: unknown) => error,
  );
}

describe('FolderTree: listing and counts', () => {
  it('lists folders, counts and subscriptions in one round trip when the server has LIST-STATUS', async () => {
    const { server, client } = await signedIn({ folders });
    const tree = new FolderTree(client);
    await tree.load();
    expect(server.lines(/LIST|LSUB|STATUS/)).toEqual([
      'A3 LIST "" * RETURN (SUBSCRIBED SPECIAL-USE STATUS (MESSAGES UNSEEN))',
    ]);
    expect(tree.phase).toBe('ready');
    expect(paths(tree)).toEqual(['INBOX', 'Sent', 'Lists', 'Lists/dovecot', 'Работа', '工作', '工作/项目']);
    expect(tree.counts('INBOX')).toEqual({ messages: 3, unseen: 1 });
    expect(tree.counts('工作/项目')).toEqual({ messages: 6, unseen: 2 });
    expect(tree.get('Lists')?.selectable).toBe(false);
  });

  describe('in Chinese', () => {
    afterEach(() => i18n.setLocale('en'));

    it('sorts folder names in the interface language: pinyin order for Chinese', async () => {
      const cities = ['上海', '北京', '工作'].map((name) => ({ name, messages: generatedMessages(1) }));
      const { client } = await signedIn({ folders: [{ name: 'INBOX', messages: [] }, ...cities] });
      const tree = new FolderTree(client);
      await tree.load();
      // Code point order (上 U+4E0A, 北 U+5317, 工 U+5DE5) until the interface is Chinese.
      expect(paths(tree)).toEqual(['INBOX', '上海', '北京', '工作']);
      await i18n.setLocale('zh-CN');
      expect(paths(tree)).toEqual(['INBOX', '北京', '工作', '上海']);
    });
  });

  it('without LIST-STATUS, sends every STATUS before the first answer arrives (pipelined, not one by one)', async () => {
    const { server, client } = await signedIn({
      folders,
      capabilities: WITHOUT_LIST_STATUS,
      delays: [{ match: /STATUS/, ms: 5 }],
    });
    const tree = new FolderTree(client);
    await tree.load('INBOX');
    const isStatus = (line: string) => line.startsWith('C: ') && / STATUS /.test(line);
    const firstSent = server.log.findIndex(isStatus);
    const lastSent = server.log.map(isStatus).lastIndexOf(true);
    const firstAnswer = server.log.findIndex((line, i) => i > firstSent && line.startsWith('S: '));
    expect(server.lines(/ STATUS /)).toHaveLength(4); // every selectable folder but INBOX (the selected one)
    expect(lastSent).toBeLessThan(firstAnswer);
    expect(tree.counts('Работа')).toEqual({ messages: 1, unseen: 1 });
    expect(tree.counts('INBOX')).toBeUndefined();
  });

  it('refreshCounts asks LIST-STATUS once, for every folder', async () => {
    const { server, client, tree } = await adminTree();
    await client.select('INBOX');
    server.folder('Работа').messages.push(...generatedMessages(2).map((m) => ({ ...m, uid: m.uid + 10 })));
    server.folder('INBOX').messages.forEach((m) => (m.flags = ['\\Seen']));
    await tree.refreshCounts();
    expect(sent(server, /LIST|STATUS/)).toEqual(['LIST "" * RETURN (STATUS (MESSAGES UNSEEN))']);
    expect(tree.counts('Работа')).toEqual({ messages: 3, unseen: 2 });
    expect(tree.counts('INBOX')).toEqual({ messages: 3, unseen: 0 });
  });

  it('refreshCounts without LIST-STATUS pipelines one STATUS per selectable folder but the selected one', async () => {
    const { server, client, tree } = await adminTree({ capabilities: WITHOUT_LIST_STATUS });
    await client.select('Sent');
    server.log.length = 0;
    await tree.refreshCounts();
    expect(sent(server, /STATUS/)).toEqual([
      'STATUS INBOX (MESSAGES UNSEEN)',
      `STATUS Lists/dovecot (MESSAGES UNSEEN)`,
      `STATUS ${wire('Работа')} (MESSAGES UNSEEN)`,
      `STATUS ${wire('工作')} (MESSAGES UNSEEN)`,
      `STATUS ${wire('工作/项目')} (MESSAGES UNSEEN)`,
    ]);
  });

  it('keeps counts the message list reports, and says when LIST fails', async () => {
    const { server, client } = await signedIn({ folders });
    const tree = new FolderTree(client);
    await tree.load();
    tree.setCounts('INBOX', { unseen: 0 });
    expect(tree.counts('INBOX')).toEqual({ messages: 3, unseen: 0 });
    server.close(null);
    await tree.load();
    expect(tree.phase).toBe('error');
    expect(tree.error?.key).toBeDefined();
  });

  it('collapses and expands', async () => {
    const { client } = await signedIn({ folders });
    const tree = new FolderTree(client);
    await tree.load();
    tree.toggle('Lists');
    expect(paths(tree)).not.toContain('Lists/dovecot');
    tree.setExpanded('Lists', true);
    expect(paths(tree)).toContain('Lists/dovecot');
  });
});

describe('FolderTree: subscriptions', () => {
  it('shows subscribed folders, INBOX and special-use folders; the toggle shows the rest too', async () => {
    const { tree } = await adminTree({ unsubscribed: ['INBOX', 'Sent', 'Работа', 'Lists/dovecot'] });
    expect(paths(tree)).toEqual(['INBOX', 'Sent', '工作', '工作/项目']);
    tree.showUnsubscribed = true;
    expect(paths(tree)).toEqual(['INBOX', 'Sent', 'Lists', 'Lists/dovecot', 'Работа', '工作', '工作/项目']);
    expect(tree.get('Работа')?.subscribed).toBe(false);
    expect(tree.get('工作')?.subscribed).toBe(true);
  });

  it('keeps an unsubscribed parent of a subscribed folder, so the tree still nests', async () => {
    const { tree } = await adminTree({ unsubscribed: ['工作'] });
    expect(paths(tree)).toContain('工作');
    expect(tree.get('工作')?.subscribed).toBe(false);
  });

  it('subscribes and unsubscribes, and hides what is unsubscribed', async () => {
    const { server, tree, subscriptions } = await adminTree();
    await tree.setSubscribed('Работа', false);
    expect(sent(server, /SUBSCRIBE /)).toEqual([`UNSUBSCRIBE ${wire('Работа')}`]);
    expect(subscriptions.has('Работа')).toBe(false);
    expect(paths(tree)).not.toContain('Работа');
    await tree.setSubscribed('Работа', true);
    expect(paths(tree)).toContain('Работа');
  });

  it('learns them from the one LIST, and an empty subscription list hides all but INBOX and special-use folders', async () => {
    const { server, client } = await signedInForFolderAdmin({
      folders: adminFolders,
      unsubscribed: adminFolders.map((f) => f.name),
    });
    const tree = new FolderTree(client);
    await tree.load();
    expect(sent(server, /LIST|LSUB|STATUS/)).toEqual([
      'LIST "" * RETURN (SUBSCRIBED SPECIAL-USE STATUS (MESSAGES UNSEEN))',
    ]);
    expect(paths(tree)).toEqual(['INBOX', 'Sent']);
    expect(tree.get('Работа')?.subscribed).toBe(false);
    expect(tree.counts('Работа')).toEqual({ messages: 1, unseen: 1 });
    tree.showUnsubscribed = true;
    expect(paths(tree)).toEqual(['INBOX', 'Sent', 'Lists', 'Lists/dovecot', 'Работа', '工作', '工作/项目']);
  });

  it('falls back to LSUB without LIST-EXTENDED, asking no SUBSCRIBED return option', async () => {
    const capabilities = FULL_CAPABILITIES.filter((c) => c !== 'LIST-EXTENDED');
    const { server, tree } = await adminTree({ capabilities, unsubscribed: ['Работа'] });
    await tree.load();
    expect(sent(server, /LIST|LSUB/)).toEqual(['LIST "" * RETURN (STATUS (MESSAGES UNSEEN))', 'LSUB "" *']);
    expect(paths(tree)).not.toContain('Работа');
    expect(paths(tree)).toContain('工作/项目');
  });
});

describe('FolderTree: create, rename, delete', () => {
  it('creates a nested Unicode folder in modified UTF-7, subscribes it, lists again and expands the parent', async () => {
    const { server, tree } = await adminTree();
    tree.setExpanded('工作', false);
    const path = await tree.create('工作', ' Отчёты 2024 ');
    expect(path).toBe('工作/Отчёты 2024');
    expect(sent(server, /CREATE|SUBSCRIBE|LIST/)).toEqual([
      `CREATE ${wire('工作/Отчёты 2024')}`,
      `SUBSCRIBE ${wire('工作/Отчёты 2024')}`,
      'LIST "" * RETURN (SUBSCRIBED SPECIAL-USE STATUS (MESSAGES UNSEEN))',
    ]);
    expect(tree.collapsed.has('工作')).toBe(false);
    expect(paths(tree)).toContain('工作/Отчёты 2024');
    expect(tree.counts('工作/Отчёты 2024')).toEqual({ messages: 0, unseen: 0 });
  });

  it('creates top-level folders in the personal namespace, asked for once with the first listing', async () => {
    const session = await signedInForFolderAdmin({
      folders: adminFolders,
      personalPrefix: 'INBOX/',
      capabilities: NAMESPACE_CAPABILITIES,
    });
    const tree = new FolderTree(session.client, { listChangeDelayMs: 5 });
    await tree.load();
    expect(sent(session.server, /NAMESPACE|LIST/)).toEqual([
      'NAMESPACE',
      'LIST "" * RETURN (SUBSCRIBED SPECIAL-USE STATUS (MESSAGES UNSEEN))',
    ]);
    expect(await tree.create(null, '项目')).toBe('INBOX/项目');
    expect(sent(session.server, /NAMESPACE|CREATE/)).toEqual(['NAMESPACE', `CREATE ${wire('INBOX/项目')}`]);
    // Shown beside Inbox, as a folder at the top: the personal prefix is where the top is.
    expect(tree.parentOf('INBOX/项目')).toBeNull();
    expect(tree.get('INBOX/项目')?.depth).toBe(0);
    expect(tree.displayName('INBOX/项目')).toBe('项目');
  });

  it('refuses a name with the delimiter, an empty name and an existing folder, sending nothing', async () => {
    const { server, tree } = await adminTree();
    const cases: [string | null, string, string][] = [
      ['工作', 'a/b', 'folders.name.delimiter'],
      [null, '   ', 'folders.name.empty'],
      [null, 'Работа', 'folders.name.exists'],
      [null, 'inbox', 'folders.name.exists'],
      [null, 'a*', 'folders.name.wildcard'],
    ];
    for (const [parent, name, key] of cases) {
      const error = await refusal(tree.create(parent, name));
      expect(error).toBeInstanceOf(FolderError);
      expect((error as FolderError).userMessage.key).toBe(key);
    }
    expect(server.lines(/CREATE/)).toEqual([]);
  });

  it('shows the server refusal of a CREATE in its own words', async () => {
    const { tree, server } = await adminTree();
    server.folders.push({ ...server.folder('Работа'), name: 'Новая', wireName: encodeModifiedUtf7('Новая') });
    const error = await refusal(tree.create(null, 'Новая'));
    expect(error).toBeInstanceOf(CommandError);
    expect(describeError(error)).toMatchObject({
      key: 'error.server.refused',
      values: { text: 'Mailbox already exists' },
    });
  });

  it('renames and moves a folder under another parent, with its subfolders, subscriptions, counts and state', async () => {
    const { server, tree, subscriptions } = await adminTree();
    tree.setExpanded('工作', false);
    const target = await tree.rename('工作', 'Работа', 'Проекты');
    expect(target).toBe('Работа/Проекты');
    expect(sent(server, /RENAME/)).toEqual([`RENAME ${wire('工作')} ${wire('Работа/Проекты')}`]);
    expect(
      [...subscriptions].filter((name) => name.startsWith('Работа/') || name.startsWith('工作')),
    ).toEqual(['Работа/Проекты', 'Работа/Проекты/项目']);
    tree.setExpanded('Работа/Проекты', true);
    expect(paths(tree)).toEqual(
      expect.arrayContaining(['Работа', 'Работа/Проекты', 'Работа/Проекты/项目']) as string[],
    );
    expect(paths(tree)).not.toContain('工作');
    expect(tree.counts('Работа/Проекты/项目')).toEqual({ messages: 6, unseen: 2 });
  });

  it('renames in place and moves to the top level', async () => {
    const { tree } = await adminTree();
    expect(await tree.rename('Lists/dovecot', 'Lists', 'Dovecot')).toBe('Lists/Dovecot');
    expect(await tree.rename('Lists/Dovecot', null, 'Dovecot')).toBe('Dovecot');
    expect(tree.parentOf('Dovecot')).toBeNull();
    expect(await tree.rename('Dovecot', null, 'Dovecot')).toBe('Dovecot');
  });

  it('refuses to rename INBOX or to move a folder into itself', async () => {
    const { server, tree } = await adminTree();
    const inbox = await refusal(tree.rename('INBOX', null, 'Old'));
    expect((inbox as FolderError).userMessage.key).toBe('folders.refused.inbox');
    const loop = await refusal(tree.rename('工作', '工作/项目', 'x'));
    expect((loop as FolderError).userMessage.key).toBe('folders.refused.intoItself');
    expect(server.lines(/RENAME/)).toEqual([]);
  });

  it('deletes a folder and drops its subscription', async () => {
    const { server, tree, subscriptions } = await adminTree();
    await tree.remove('Работа');
    expect(sent(server, /DELETE|SUBSCRIBE /)).toEqual([
      `DELETE ${wire('Работа')}`,
      `UNSUBSCRIBE ${wire('Работа')}`,
    ]);
    expect(subscriptions.has('Работа')).toBe(false);
    expect(tree.get('Работа')).toBeUndefined();
    expect(tree.counts('Работа')).toBeUndefined();
  });

  it('leaves the open folder (or one below) before renaming or deleting it, without expunging', async () => {
    const { server, client, tree } = await adminTree();
    await client.select('工作/项目');
    await tree.rename('工作', null, 'Job');
    await client.select('Работа');
    await tree.remove('Работа');
    expect(sent(server, /SELECT|EXAMINE|RENAME|DELETE|CLOSE/)).toEqual([
      `SELECT ${wire('工作/项目')}`,
      'EXAMINE INBOX',
      `RENAME ${wire('工作')} Job`,
      `SELECT ${wire('Работа')}`,
      'EXAMINE INBOX',
      `DELETE ${wire('Работа')}`,
    ]);
  });

  it('refuses INBOX and special-use folders before sending, and passes on the server refusing a folder with children', async () => {
    const { server, tree } = await adminTree({ refuseNonEmptyDelete: true });
    expect(((await refusal(tree.remove('INBOX'))) as FolderError).userMessage.key).toBe(
      'folders.refused.inbox',
    );
    expect(((await refusal(tree.remove('Sent'))) as FolderError).userMessage.key).toBe(
      'folders.refused.special',
    );
    expect(server.lines(/DELETE/)).toEqual([]);
    const children = await refusal(tree.remove('工作'));
    expect(describeError(children).values).toEqual({ text: 'Mailbox has children, delete them first' });
    const nonEmpty = await refusal(tree.remove('Работа'));
    expect(describeError(nonEmpty).values).toEqual({ text: 'Mailbox is not empty' });
    expect(tree.get('Работа')).toBeDefined();
  });

  it('asks for the open folder to be opened again when the server refuses to delete it', async () => {
    const session = await signedInForFolderAdmin({ folders: adminFolders, refuseNonEmptyDelete: true });
    const reopened: string[] = [];
    const tree = new FolderTree(session.client, {
      listChangeDelayMs: 5,
      reopen: (path) => reopened.push(path),
    });
    await tree.load();
    await session.client.select('Работа');
    await refusal(tree.remove('Работа'));
    expect(reopened).toEqual(['Работа']);
    // A refusal of a folder that was not open asks for nothing.
    await refusal(tree.remove('工作'));
    expect(reopened).toEqual(['Работа']);
  });
});

describe('FolderTree: ensureRole', () => {
  const withTrash = [...folders, { name: 'Bin', attributes: ['\\Trash'] }];

  it('returns the folder that has the role, creating nothing', async () => {
    const { server, tree } = await adminTree({ folders: withTrash });
    expect(await tree.ensureRole('trash')).toEqual({ path: 'Bin', created: false });
    expect(server.lines(/CREATE/)).toEqual([]);
  });

  it('creates a missing one with its special use when the server has CREATE-SPECIAL-USE', async () => {
    const { server, tree } = await adminTree({ capabilities: [...FULL_CAPABILITIES, 'CREATE-SPECIAL-USE'] });
    expect(await tree.ensureRole('trash')).toEqual({ path: 'Trash', created: true });
    expect(sent(server, /CREATE|SUBSCRIBE /)).toEqual(['CREATE Trash (USE (\\Trash))', 'SUBSCRIBE Trash']);
    expect(tree.withRole('trash')?.path).toBe('Trash');
    expect(paths(tree)).toContain('Trash');
  });

  it('creates a plain folder of the usual name otherwise, once for concurrent callers', async () => {
    const { server, tree } = await adminTree();
    const [first, second] = await Promise.all([tree.ensureRole('junk'), tree.ensureRole('junk')]);
    expect(first).toEqual({ path: 'Junk', created: true });
    expect(second).toBe(first);
    expect(sent(server, /CREATE/)).toEqual(['CREATE Junk']);
    expect(tree.withRole('junk')?.path).toBe('Junk');
    expect(await tree.ensureRole('junk')).toEqual({ path: 'Junk', created: false });
  });

  it('creates it in the personal namespace', async () => {
    const { tree } = await adminTree({ personalPrefix: 'INBOX/', capabilities: NAMESPACE_CAPABILITIES });
    expect(await tree.ensureRole('archive')).toEqual({ path: 'INBOX/Archive', created: true });
    expect(await tree.ensureRole('archive')).toEqual({ path: 'INBOX/Archive', created: false });
  });
});

describe('FolderTree: NOTIFY events', () => {
  it('keeps counts current from unsolicited STATUS, merging partial answers, whatever the spelling of INBOX', async () => {
    const { server, client, tree } = await adminTree();
    server.push(`* STATUS ${wire('Работа')} (MESSAGES 7 UNSEEN 4)\r\n* STATUS Inbox (UNSEEN 9)\r\n`);
    await client.noop();
    expect(tree.counts('Работа')).toEqual({ messages: 7, unseen: 4 });
    expect(tree.counts('INBOX')).toEqual({ messages: 3, unseen: 9 });
  });

  it('reloads the tree once after a burst of unsolicited LIST responses from another client', async () => {
    const { server, client, tree } = await adminTree();
    server.folders.push({ ...server.folder('Работа'), name: 'Новая', wireName: encodeModifiedUtf7('Новая') });
    for (let i = 0; i < 3; i++) server.push(`* LIST () "/" ${wire('Новая')}\r\n`);
    await client.noop();
    await expect.poll(() => tree.get('Новая')).toBeDefined();
    expect(server.lines(/LIST "" \*/)).toHaveLength(1);
  });

  it('stops listening once disposed', async () => {
    const { server, client, tree } = await adminTree();
    tree.dispose();
    server.push(`* STATUS ${wire('Работа')} (MESSAGES 7 UNSEEN 4)\r\n`);
    await client.noop();
    expect(tree.counts('Работа')).toEqual({ messages: 1, unseen: 1 });
  });
});

describe('FolderTree: folders whose names do not decode', () => {
  const latin1 = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
  /** "R&D" is not modified UTF-7 (RFC 3501 5.1.3 spells it "R&-D"); this server lists both, two folders. */
  const odd = [
    ...adminFolders,
    { name: 'R&D as listed', wireName: 'R&D', messages: generatedMessages(2) },
    { name: 'R&D', messages: generatedMessages(5) },
  ];
  const raw = mailboxNameFromWire(latin1('R&D'));

  it('lists both as two folders, each with its own counts', async () => {
    const { tree } = await adminTree({ folders: odd });
    expect(paths(tree)).toEqual(expect.arrayContaining(['R&D', raw]));
    expect([tree.get(raw)?.name, tree.get('R&D')?.name]).toEqual(['R&D', 'R&D']);
    expect(tree.counts(raw)?.messages).toBe(2);
    expect(tree.counts('R&D')?.messages).toBe(5);
  });

  it('sends every command for it with the bytes the server listed', async () => {
    const { server, tree, client } = await adminTree({ folders: odd });
    await tree.setSubscribed(raw, false);
    await tree.setSubscribed('R&D', false);
    expect(sent(server, /SUBSCRIBE /)).toEqual(['UNSUBSCRIBE R&D', 'UNSUBSCRIBE R&-D']);
    expect((await client.select(raw)).exists).toBe(2);
    expect((await client.select('R&D')).exists).toBe(5);
    expect(sent(server, /SELECT /)).toEqual(['SELECT R&D', 'SELECT R&-D']);
  });
});

describe('FolderTree: roles the user chooses (settings)', () => {
  const CYRUS = FULL_CAPABILITIES.filter((c) => c !== 'SPECIAL-USE').concat('NAMESPACE', 'METADATA');
  const cyrusFolders = [
    { name: 'INBOX', messages: generatedMessages(1) },
    { name: 'INBOX/Deleted Items' },
    { name: 'INBOX/Мусор' },
    { name: 'INBOX/Old' },
  ];

  function memoryStore() {
    let saved: ReadonlyMap<AssignableRole, string> = new Map();
    return {
      load: () => saved,
      save: (choices: ReadonlyMap<AssignableRole, string>) => void (saved = choices),
      saved: () => saved,
    };
  }

  it('reads the roles the server keeps (METADATA /private/specialuse), all asked at once, before names', async () => {
    const kept = new Map([['INBOX/Мусор', '\\Trash']]);
    const { server, client } = await signedInForFolderAdmin({
      capabilities: CYRUS,
      personalPrefix: 'INBOX/',
      folders: cyrusFolders,
      specialUseMetadata: kept,
    });
    const tree = new FolderTree(client, { roleStore: memoryStore() });
    await tree.load();
    expect(tree.withRole('trash')?.path).toBe('INBOX/Мусор');
    expect(tree.get('INBOX/Deleted Items')?.role).toBeNull();
    const asked = server.log.flatMap((line, at) => (line.includes(' GETMETADATA ') ? [at] : []));
    expect(asked).toHaveLength(3);
    // Pipelined: every GETMETADATA went out before the first of them was answered.
    const firstTag = server.log[asked[0]!]!.split(' ')[1];
    const firstAnswer = server.log.findIndex((line) => line.startsWith(`S: ${firstTag} `));
    expect(asked.at(-1)).toBeLessThan(firstAnswer);
    expect(tree.roleSettings().find((s) => s.role === 'trash')).toEqual({
      role: 'trash',
      path: 'INBOX/Мусор',
      source: 'chosen',
    });
  });

  it('keeps a choice on the server when it accepts it, taking the role off the folder that had it', async () => {
    const kept = new Map([['INBOX/Мусор', '\\Trash']]);
    const store = memoryStore();
    const { server, client } = await signedInForFolderAdmin({
      capabilities: CYRUS,
      personalPrefix: 'INBOX/',
      folders: cyrusFolders,
      specialUseMetadata: kept,
    });
    const tree = new FolderTree(client, { roleStore: store });
    await tree.load();
    server.log.length = 0;
    expect(await tree.setRole('trash', 'INBOX/Old')).toBe('server');
    expect(sent(server, /SETMETADATA/)).toEqual([
      'SETMETADATA INBOX/Old (/private/specialuse "\\\\Trash")',
      `SETMETADATA ${wire('INBOX/Мусор')} (/private/specialuse NIL)`,
    ]);
    expect(kept).toEqual(new Map([['INBOX/Old', '\\Trash']]));
    expect(tree.withRole('trash')?.path).toBe('INBOX/Old');
    expect(store.saved().size).toBe(0);
  });

  it('keeps it in the browser when the server has no METADATA, and refuses a folder that cannot hold mail', async () => {
    const store = memoryStore();
    const { server, client } = await signedInForFolderAdmin({
      capabilities: CYRUS.filter((c) => c !== 'METADATA'),
      personalPrefix: 'INBOX/',
      folders: [...cyrusFolders, { name: 'INBOX/Lists', attributes: ['\\Noselect'] }],
    });
    const tree = new FolderTree(client, { roleStore: store });
    await tree.load();
    expect(tree.withRole('trash')?.path).toBe('INBOX/Deleted Items');
    expect(await tree.setRole('trash', 'INBOX/Old')).toBe('browser');
    expect(store.saved()).toEqual(new Map([['trash', 'INBOX/Old']]));
    expect(tree.withRole('trash')?.path).toBe('INBOX/Old');
    expect(server.lines(/METADATA/)).toEqual([]);
    await expect(tree.setRole('junk', 'INBOX/Lists')).rejects.toBeInstanceOf(FolderError);
    await expect(tree.setRole('junk', 'INBOX')).rejects.toBeInstanceOf(FolderError);
    // Back to automatic: the name decides again.
    expect(await tree.setRole('trash', null)).toBe('browser');
    expect(tree.withRole('trash')?.path).toBe('INBOX/Deleted Items');
  });

  it('names a new role folder under the personal prefix, found again by its name', async () => {
    const { server, client } = await signedInForFolderAdmin({
      capabilities: CYRUS,
      personalPrefix: 'INBOX/',
      folders: cyrusFolders,
      specialUseMetadata: new Map(),
    });
    const tree = new FolderTree(client, { roleStore: memoryStore() });
    await tree.load();
    expect(await tree.ensureRole('junk')).toEqual({ path: 'INBOX/Junk', created: true });
    expect(sent(server, / CREATE /)).toEqual(['CREATE INBOX/Junk']);
    expect(tree.withRole('junk')?.path).toBe('INBOX/Junk');
    expect(tree.displayName('INBOX/Junk')).toBe('Junk');
  });
});
