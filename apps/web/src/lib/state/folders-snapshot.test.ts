import { describe, expect, it } from 'vitest';
import { FolderTree } from './folders.svelte.ts';
import type { FolderSnapshot } from './folders.svelte.ts';
import { generatedMessages } from './testing/fake-imap.ts';
import { signedIn } from './testing/connect.ts';

const folders = [
  { name: 'INBOX', messages: generatedMessages(3) },
  { name: 'Sent', attributes: ['\\Sent'], messages: generatedMessages(2) },
  { name: 'Работа', messages: generatedMessages(1) },
  { name: '工作/项目', messages: generatedMessages(6) },
  // Raw 8-bit: not modified UTF-7, so imap-core names it verbatim.
  { name: 'raw', wireName: 'Caf\u00e9' },
];

const paths = (tree: FolderTree) => tree.visible.map((item) => item.node.path);

describe('FolderTree.snapshot and restore', () => {
  it('keeps nothing before a listing is in', async () => {
    const { client } = await signedIn({ folders });
    expect(new FolderTree(client).snapshot()).toBeNull();
  });

  it('shows the kept tree, subscriptions and counts at once, without a command to the server', async () => {
    const { client } = await signedIn({ folders, unsubscribed: ['Работа'] });
    const listed = new FolderTree(client);
    await listed.load();
    const snapshot = JSON.parse(JSON.stringify(listed.snapshot())) as FolderSnapshot;

    const { client: other, server } = await signedIn({ folders });
    const before = server.log.length;
    const restored = new FolderTree(other);
    restored.restore(snapshot);
    expect(restored.phase).toBe('ready');
    expect(paths(restored)).toEqual(paths(listed));
    expect(restored.get('Работа')?.subscribed).toBe(false);
    expect(restored.counts('工作/项目')).toEqual(listed.counts('工作/项目'));
    expect(restored.get('Sent')?.role).toBe('sent');
    expect(server.log.length).toBe(before);
    const verbatim = listed.all.find((node) => node.path.startsWith('\uDC00'));
    expect(verbatim).toBeDefined();
    expect(restored.get(verbatim?.path ?? '')?.name).toBe(verbatim?.name);
  });
});
