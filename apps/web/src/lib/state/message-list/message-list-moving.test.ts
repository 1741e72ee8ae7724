// Moved and deleted messages leave the list in the frame of the user's action, before the server has
// answered (issue 14: a move paints in the next frame), and come back where they were when they did not
// leave: the real MessageList and MailActions over the scripted server (actions-fakes.ts).

import { describe, expect, it } from 'vitest';
import { MailActions } from '../actions.svelte.ts';
import { scriptedClient } from '../actions-fakes.ts';
import { FolderTree } from '../folders.svelte.ts';
import { FULL_CAPABILITIES, generatedMessages } from '../testing/fake-imap.ts';
import type { FakeServerOptions } from '../testing/fake-imap.ts';
import { MessageList } from './message-list.svelte.ts';

const WITHOUT_MOVE_UIDPLUS = FULL_CAPABILITIES.filter((c) => c !== 'MOVE' && c !== 'UIDPLUS');

async function setUp(options: Partial<FakeServerOptions> = {}) {
  const { server, client } = await scriptedClient({
    folders: [
      { name: 'INBOX', uidValidity: 100, messages: generatedMessages(6) },
      { name: 'Archive', uidValidity: 200, messages: [] },
      { name: 'Trash', attributes: ['\\Trash'], uidValidity: 300, messages: [] },
      { name: 'Junk', attributes: ['\\Junk'], uidValidity: 400, messages: [] },
    ],
    ...options,
  });
  const list = new MessageList(client);
  const tree = new FolderTree(client);
  await list.open('INBOX', 'inbox');
  await tree.load();
  const actions = new MailActions(client, { list, folders: tree });
  const target = (uids: number[]) => ({
    mailbox: 'INBOX',
    uidValidity: list.uidValidity,
    uids: Uint32Array.from(uids),
  });
  const shownUids = () => Array.from({ length: list.count }, (_, i) => list.uidAt(i));
  return { server, client, list, tree, actions, target, shownUids };
}

describe('MessageList while messages are moved away', () => {
  it('takes the rows out before anything is sent, the cursor on the row below, and keeps them out', async () => {
    const { server, list, actions, target, shownUids } = await setUp();
    expect(shownUids()).toEqual([6, 5, 4, 3, 2, 1]);
    list.moveCursor(list.indexOfUid(4));
    const moving = actions.move(target([4, 5]), 'Archive');
    // In the same task as the user's key: nothing on the wire yet, the rows already gone.
    expect(server.commands(/MOVE/)).toEqual([]);
    expect(shownUids()).toEqual([6, 3, 2, 1]);
    expect(list.uidAt(list.cursor)).toBe(3);
    await moving;
    expect(server.commands(/MOVE/)).toEqual(['UID MOVE 4:5 Archive']);
    expect(shownUids()).toEqual([6, 3, 2, 1]);
    expect(server.uids('Archive')).toEqual([1, 2]);
  });

  it('puts the rows back where they were when the server refuses the move, and says so', async () => {
    const { server, list, actions, target, shownUids } = await setUp();
    server.refuse.push({ match: /MOVE/, answer: 'NO [OVERQUOTA] Quota exceeded' });
    list.moveCursor(list.indexOfUid(2));
    const moving = actions.move(target([5, 3]), 'Archive');
    expect(shownUids()).toEqual([6, 4, 2, 1]);
    await moving;
    expect(shownUids()).toEqual([6, 5, 4, 3, 2, 1]);
    expect(list.uidAt(list.cursor)).toBe(2);
    expect(list.count).toBe(6);
    expect(actions.notice?.tone).toBe('error');
  });

  it('puts them back when the server could only copy and mark them \\Deleted (no MOVE, no UIDPLUS)', async () => {
    const { server, actions, target, shownUids } = await setUp({ capabilities: WITHOUT_MOVE_UIDPLUS });
    const moving = actions.move(target([6]), 'Archive');
    expect(shownUids()).toEqual([5, 4, 3, 2, 1]);
    await moving;
    expect(server.uids('INBOX')).toContain(6);
    expect(shownUids()).toEqual([6, 5, 4, 3, 2, 1]);
    expect(actions.notice?.tone).toBe('warning');
  });

  it('puts a deleted row back before asking, when no Trash can be had', async () => {
    const { server, actions, target, shownUids } = await setUp({
      folders: [{ name: 'INBOX', uidValidity: 100, messages: generatedMessages(3) }],
    });
    server.refuse.push({ match: /^CREATE/, answer: 'NO [NOPERM] Permission denied' });
    const deleting = actions.delete(target([2]));
    expect(shownUids()).toEqual([3, 1]);
    await deleting;
    expect(shownUids()).toEqual([3, 2, 1]);
    expect(actions.eraseRequest?.reason).toBe('noTrash');
    expect(server.commands(/MOVE|EXPUNGE|STORE/)).toEqual([]);
  });

  it('takes junk out at once too, and puts it back when the server refuses the keyword', async () => {
    const { server, actions, target, shownUids } = await setUp();
    const junking = actions.markJunk(target([3]), true, { move: true });
    expect(shownUids()).toEqual([6, 5, 4, 2, 1]);
    await junking;
    expect(server.uids('Junk')).toEqual([1]);
    expect(shownUids()).toEqual([6, 5, 4, 2, 1]);

    server.refuse.push({ match: /STORE/, answer: 'NO [CANNOT] Keywords are not allowed here' });
    const refused = actions.markJunk(target([5]), true, { move: true });
    expect(shownUids()).toEqual([6, 4, 2, 1]);
    await refused;
    expect(shownUids()).toEqual([6, 5, 4, 2, 1]);
    expect(server.commands(/MOVE/)).toEqual(['UID MOVE 3 Junk']);
  });
});
