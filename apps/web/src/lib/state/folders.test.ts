import { describe, expect, it } from 'vitest';
import { FolderTree } from './folders.svelte.ts';
import { FULL_CAPABILITIES, generatedMessages } from './testing/fake-imap.ts';
import { signedIn } from './testing/connect.ts';

const folders = [
  { name: 'INBOX', messages: generatedMessages(3) },
  { name: 'Sent', attributes: ['\\Sent'], messages: generatedMessages(2) },
  { name: 'Lists', attributes: ['\\Noselect', '\\HasChildren'] },
  { name: 'Lists/dovecot', messages: generatedMessages(4) },
  { name: 'Работа', messages: generatedMessages(1) },
  { name: '工作/项目', messages: generatedMessages(6) },
];

describe('FolderTree', () => {
  it('lists folders with their counts in one LIST-STATUS round trip when the server has LIST-STATUS', async () => {
    const { server, client } = await signedIn({ folders });
    const tree = new FolderTree(client);
    await tree.load();
    expect(server.lines(/LIST|STATUS/)).toEqual([
      'A3 LIST "" * RETURN (SPECIAL-USE STATUS (MESSAGES UNSEEN))',
    ]);
    expect(tree.phase).toBe('ready');
    expect(tree.visible.map((item) => item.node.path)).toEqual([
      'INBOX',
      'Sent',
      'Lists',
      'Lists/dovecot',
      'Работа',
      '工作',
      '工作/项目',
    ]);
    expect(tree.counts('INBOX')).toEqual({ messages: 3, unseen: 1 });
    expect(tree.counts('工作/项目')).toEqual({ messages: 6, unseen: 2 });
    expect(tree.get('Lists')?.selectable).toBe(false);
  });

  it('without LIST-STATUS, sends every STATUS before the first answer arrives (pipelined, not one by one)', async () => {
    const capabilities = FULL_CAPABILITIES.filter((c) => c !== 'LIST-STATUS');
    const { server, client } = await signedIn({
      folders,
      capabilities,
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

  it('collapses and expands', async () => {
    const { client } = await signedIn({ folders });
    const tree = new FolderTree(client);
    await tree.load();
    tree.toggle('Lists');
    expect(tree.visible.map((item) => item.node.path)).not.toContain('Lists/dovecot');
    tree.setExpanded('Lists', true);
    expect(tree.visible.map((item) => item.node.path)).toContain('Lists/dovecot');
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
});
