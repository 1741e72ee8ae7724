// MailActions while the connection is down: flag changes wait, painted, and reach the server by their UIDs once
// the list is in step again (or are dropped when the folder's UIDVALIDITY changed meanwhile); moves and
// deletions are refused with a message. The gate is the workspace's (sync-gate.ts).

import { describe, expect, it } from 'vitest';
import { MailActions } from './actions.svelte.ts';
import { FakeFolders, FakeList, scriptedClient } from './actions-fakes.ts';
import { SyncGate } from './sync-gate.ts';
import { generatedMessages } from './testing/fake-imap.ts';

async function offline() {
  const { server, client } = await scriptedClient({
    folders: [
      { name: 'INBOX', uidValidity: 100, messages: generatedMessages(5) },
      { name: 'Trash', uidValidity: 300, messages: [] },
    ],
  });
  const list = new FakeList(() => client);
  await list.open('INBOX', 'inbox');
  const gate = new SyncGate(false);
  const link = { up: false };
  const actions = new MailActions(client, {
    list,
    folders: new FakeFolders(() => client, new Map([['trash', 'Trash']])),
    inStep: () => gate.wait(),
    connected: () => link.up,
  });
  server.fake.log.length = 0;
  /** The connection is back and the list resynchronized (with a UIDVALIDITY the resync found). */
  const reconnect = async (uidValidity = list.uidValidity) => {
    link.up = true;
    if (uidValidity !== list.uidValidity) {
      list.uidValidity = uidValidity;
      list.emitUidValidity('INBOX', uidValidity);
    }
    gate.open();
  };
  return { server, list, actions, reconnect };
}

describe('MailActions offline', () => {
  it('paints a flag change at once, says it waits, and stores it by UID after the reconnect', async () => {
    const { server, list, actions, reconnect } = await offline();
    const done = actions.setFlag(list.target([2, 4]), '\\Flagged', true);
    expect(list.painted).toEqual([{ uids: [2, 4], add: ['\\Flagged'], remove: [] }]);
    expect(actions.notice).toMatchObject({
      tone: 'info',
      message: { key: 'remember.queued', values: { count: 2 } },
    });
    await Promise.resolve();
    expect(server.fake.lines(/STORE/)).toEqual([]);
    await reconnect();
    await done;
    expect(server.fake.lines(/STORE/).map((line) => line.replace(/^\S+ /, ''))).toEqual([
      'UID STORE 2,4 +FLAGS.SILENT (\\Flagged)',
    ]);
    expect(list.rolledBack).toEqual([]);
  });

  it('drops a waiting change, puts the flags back and says so, when the folder got a new UIDVALIDITY', async () => {
    const { server, list, actions, reconnect } = await offline();
    const first = actions.setFlag(list.target([2]), '\\Seen', true);
    const second = actions.setFlag(list.target([3]), '\\Flagged', true);
    await reconnect(101);
    await Promise.all([first, second]);
    expect(server.fake.lines(/STORE/)).toEqual([]);
    expect(list.rolledBack.map((change) => change.uids)).toEqual([[3], [2]]);
    expect(actions.notice?.message.key).toMatch(/^actions\.error\.(dropped|folderChanged)$/);
  });

  it.each([
    ['a move', (a: MailActions, l: FakeList) => a.move(l.target([1]), 'Trash')],
    ['a copy', (a: MailActions, l: FakeList) => a.copy(l.target([1]), 'Trash')],
    ['a deletion', (a: MailActions, l: FakeList) => a.delete(l.target([1]))],
    ['emptying the folder', (a: MailActions) => a.emptyFolder('INBOX')],
    ['junk with a move', (a: MailActions, l: FakeList) => a.markJunk(l.target([1]), true, { move: true })],
  ])('refuses %s, changing nothing and saying why', async (_, act) => {
    const { server, list, actions, reconnect } = await offline();
    await act(actions, list);
    expect(actions.notice).toMatchObject({ tone: 'error', message: { key: 'remember.needsConnection' } });
    expect(list.painted).toEqual([]);
    await reconnect();
    await Promise.resolve();
    expect(server.fake.lines(/MOVE|COPY|STORE|EXPUNGE/)).toEqual([]);
  });
});
