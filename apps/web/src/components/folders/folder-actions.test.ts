import type { ListedMailbox } from '@webmail/imap-core';
import { describe, expect, it } from 'vitest';
import { allFolders, buildFolderTree } from '../../lib/state/folder-model.ts';
import { folderActions } from './folder-actions.ts';

const mailbox = (name: string, attributes: string[] = []): ListedMailbox => ({
  name,
  wireName: name,
  attributes,
  delimiter: '/',
  ...(name === 'Trash' ? { specialUse: '\\Trash' as const } : {}),
});

// Dovecot's shared namespace (testbed README, "The shared namespace"): alice's root is her Inbox.
const tree = buildFolderTree(
  [
    mailbox('INBOX'),
    mailbox('Trash'),
    mailbox('Работа'),
    mailbox('shared', ['\\Noselect', '\\HasChildren']),
    mailbox('shared/alice', ['\\HasChildren']),
    mailbox('shared/alice/Проект'),
  ],
  {
    collator: new Intl.Collator('en'),
    namespaces: {
      personal: { prefix: '', delimiter: '/' },
      other: [{ prefix: 'shared/', delimiter: '/' }],
      shared: [],
    },
  },
);
const byPath = new Map(allFolders(tree).map((node) => [node.path, node]));

describe('folderActions', () => {
  // No subscription list given: every folder counts as subscribed.
  it.each([
    ['INBOX', ['newSubfolder']],
    ['Trash', ['newSubfolder', 'rename', 'unsubscribe']],
    ['Работа', ['newSubfolder', 'rename', 'delete', 'unsubscribe']],
    // The heading of other users' folders is no folder.
    ['shared', []],
    // Another user's root is that user's Inbox: never renamed or deleted from here.
    ['shared/alice', ['newSubfolder', 'unsubscribe']],
    ['shared/alice/Проект', ['newSubfolder', 'rename', 'delete', 'unsubscribe']],
  ])('offers for %s: %j', (path, expected) => {
    const node = byPath.get(path);
    if (!node) throw new Error(`no folder ${path}`);
    expect(folderActions(node)).toEqual(expected);
  });
});
