// FolderTree against a real Dovecot in the testbed's Courier and Cyrus layouts (issue 13): every folder under
// INBOX ("INBOX." with '.', "INBOX/" with '/'), no SPECIAL-USE, LIST-STATUS or LIST-EXTENDED, special folders
// named as those servers' users name them (Отправленные, 已删除, Sent Items, Спам, 草稿...). The tree shows
// them beside Inbox with their roles, counts every folder with STATUS, names folders without the prefix,
// creates new ones under it, and keeps a role choice in the browser when the server will not keep it.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImapClient } from '@webmail/imap-core';
import type { TraceEvent } from '@webmail/imap-core';
import { connectTcp } from '@webmail/imap-core/node';
import {
  CORPUS_FOLDERS,
  buildCorpus,
  folderNameIn,
  openSession,
  quoted,
  startDovecot,
} from '@webmail/testbed';
import type { DovecotServer } from '@webmail/testbed';
import { FolderError } from './folder-model.ts';
import type { AssignableRole } from './folder-model.ts';
import { FolderTree } from './folders.svelte.ts';

const corpus = buildCorpus();
const ROLE_OF: Readonly<Record<string, AssignableRole>> = {
  Drafts: 'drafts',
  Sent: 'sent',
  Junk: 'junk',
  Trash: 'trash',
  Archive: 'archive',
};

describe.each([
  { variant: 'courier' as const, separator: '.' },
  { variant: 'cyrus' as const, separator: '/' },
])('FolderTree on Dovecot in the $variant layout', ({ variant, separator }) => {
  let server: DovecotServer;
  let client: ImapClient;
  let tree: FolderTree;
  const trace: TraceEvent[] = [];
  let saved: ReadonlyMap<AssignableRole, string> = new Map();
  const name = (corpusFolder: string) => folderNameIn(variant, corpusFolder);

  beforeAll(async () => {
    server = await startDovecot({ variant, corpus: true, metadata: variant === 'cyrus' });
    const transport = await connectTcp({
      host: server.host,
      port: server.imapsPort,
      tls: 'implicit',
      ca: server.caPem,
      servername: 'localhost',
    });
    client = await ImapClient.connect(transport, { startTls: 'never', trace: (event) => trace.push(event) });
    await client.login('demo', 'demo-password');
    tree = new FolderTree(client, {
      roleStore: { load: () => saved, save: (choices) => void (saved = choices) },
    });
    await tree.load();
  }, 60_000);
  afterAll(async () => {
    tree?.dispose();
    await client?.logout().catch(() => undefined);
    await server?.stop();
  });

  const sent = (match: RegExp) =>
    trace
      .filter((event) => event.direction === 'client' && match.test(event.text))
      .map((event) => event.text.slice(event.text.indexOf(' ') + 1));

  it('knows every special folder by its name, and shows every folder at the top beside Inbox', () => {
    for (const [corpusFolder, role] of Object.entries(ROLE_OF)) {
      expect(tree.withRole(role)?.path, role).toBe(name(corpusFolder));
    }
    expect(tree.all.map((node) => node.path).slice(0, 6)).toEqual([
      'INBOX',
      name('Drafts'),
      name('Sent'),
      name('Junk'),
      name('Trash'),
      name('Archive'),
    ]);
    expect(tree.get('INBOX')?.children).toEqual([]);
    expect(tree.parentOf(name('Работа'))).toBeNull();
    expect(tree.parentOf(name('工作/项目'))).toBe(name('工作'));
  });

  it('names folders without the prefix, special folders by their role', () => {
    expect(tree.displayName(name('Работа'))).toBe('Работа');
    expect(tree.displayName(name('工作/项目'))).toBe('工作/项目');
    expect(tree.displayName(name('Lists/dovecot'))).toBe('Lists/dovecot');
    expect(tree.displayName(name('Trash'))).toBe('Trash');
    expect(tree.serverPath(name('Trash'))).toBe(name('Trash').slice('INBOX.'.length));
  });

  it('counts every folder with STATUS, after one NAMESPACE, LIST and LSUB', () => {
    expect(sent(/^\S+ (LIST|LSUB|NAMESPACE)( |$)/)).toEqual(['NAMESPACE', 'LIST "" *', 'LSUB "" *']);
    for (const folder of CORPUS_FOLDERS.filter((f) => f.name !== 'Lists' && f.name !== 'INBOX')) {
      const messages = corpus.filter((m) => m.folder === folder.name).length;
      expect(tree.counts(name(folder.name))?.messages, folder.name).toBe(messages);
    }
  });

  it('creates a top-level folder under the personal prefix, and refuses to delete a special folder', async () => {
    const path = await tree.create(null, 'Отчёты 2025');
    expect(path).toBe(`INBOX${separator}Отчёты 2025`);
    expect(tree.parentOf(path)).toBeNull();
    await expect(tree.remove(name('Trash'))).rejects.toBeInstanceOf(FolderError);
    await tree.remove(path);
    const session = await openSession(server, 'demo');
    try {
      const listed = await session.ok(`LIST "" ${quoted(`INBOX${separator}*`)}`);
      expect(listed.untagged.map((r) => r.text).join('\n')).not.toContain('Отчёты');
    } finally {
      session.close();
    }
  });

  it('keeps a role choice in the browser when the server will not (Dovecot: NO [CANNOT] to /private/specialuse)', async () => {
    expect(await tree.setRole('archive', name('Работа'))).toBe('browser');
    expect(saved).toEqual(new Map([['archive', name('Работа')]]));
    expect(tree.withRole('archive')?.path).toBe(name('Работа'));
    expect(sent(/SETMETADATA/)).toEqual(
      variant === 'cyrus'
        ? [expect.stringMatching(/^SETMETADATA .* \(\/private\/specialuse "\\\\Archive"\)$/)]
        : [],
    );
    expect(await tree.setRole('archive', null)).toBe('browser');
    expect(tree.withRole('archive')?.path).toBe(name('Archive'));
  });
});
