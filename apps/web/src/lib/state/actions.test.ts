// MailActions against a scripted server (actions-fakes.ts): what goes on the wire for each action, what the
// user is told, and what is refused before anything is sent. The same rules against a real Dovecot are in
// actions.dovecot.test.ts.

import { mailboxNameFromWire } from '@webmail/imap-core';
import { describe, expect, it, vi } from 'vitest';
import { t } from '../i18n/i18n.svelte.ts';
import actionsCatalog from '../i18n/en/actions.ts';
import { MailActions } from './actions.svelte.ts';
import type { ActionNotice } from './actions.svelte.ts';
import { FakeFolders, FakeList, scriptedClient } from './actions-fakes.ts';
import { FolderTree } from './folders.svelte.ts';
import { MessageList } from './message-list/message-list.svelte.ts';
import { FULL_CAPABILITIES, generatedMessages } from './testing/fake-imap.ts';
import type { FakeFolder, FakeServerOptions } from './testing/fake-imap.ts';

const WITHOUT_MOVE = FULL_CAPABILITIES.filter((c) => c !== 'MOVE');
const WITHOUT_MOVE_UIDPLUS = WITHOUT_MOVE.filter((c) => c !== 'UIDPLUS');

function folders(inbox = 10): FakeFolder[] {
  return [
    { name: 'INBOX', uidValidity: 100, messages: generatedMessages(inbox) },
    { name: 'Archive', uidValidity: 200, messages: [] },
    { name: 'Trash', uidValidity: 300, messages: [] },
    { name: 'Junk', uidValidity: 400, messages: [] },
  ];
}

async function setUp(options: FakeServerOptions & { open?: string; role?: 'inbox' | 'trash' | 'junk' } = {}) {
  const { server, client } = await scriptedClient({ folders: folders(), ...options });
  const list = new FakeList(() => client);
  const roles = new Map([
    ['trash', 'Trash'],
    ['junk', 'Junk'],
  ]);
  const tree = new FakeFolders(() => client, roles);
  await list.open(options.open ?? 'INBOX', options.role ?? 'inbox');
  const actions = new MailActions(client, { list, folders: tree });
  server.fake.log.length = 0;
  return { server, client, list, tree, actions };
}

/** The notice as the user reads it. */
function shown(notice: ActionNotice | null): string {
  return notice === null ? '' : t(notice.message.key, notice.message.values);
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('flags', () => {
  it('paints at once, even behind a running action, then sends +FLAGS.SILENT for exactly those UIDs', async () => {
    const { server, list, actions } = await setUp({ delays: [{ match: /MOVE/, ms: 20 }] });
    const moving = actions.move(list.target([9]), 'Archive');
    const done = actions.setFlag(list.target([3, 1, 2, 7]), '\\Seen', true);
    expect(list.painted).toEqual([{ uids: [1, 2, 3, 7], add: ['\\Seen'], remove: [] }]);
    expect(server.commands(/STORE/)).toEqual([]);
    await Promise.all([moving, done]);
    expect(server.commands(/STORE/)).toEqual(['UID STORE 1:3,7 +FLAGS.SILENT (\\Seen)']);
    expect(list.rolledBack).toEqual([]);
  });

  it('removes with -FLAGS.SILENT and never replaces the flag list', async () => {
    const { server, list, actions } = await setUp();
    await actions.setFlag(list.target([4]), '\\Flagged', false);
    expect(server.commands(/STORE/)).toEqual(['UID STORE 4 -FLAGS.SILENT (\\Flagged)']);
    expect(server.commands(/ FLAGS/)).toEqual([]);
  });

  it('puts the flags back and shows the server\u2019s words when the server says NO', async () => {
    const { server, list, actions } = await setUp();
    server.refuse.push({ match: /STORE/, answer: 'NO [READ-ONLY] Mailbox is read-only' });
    await actions.setFlag(list.target([1, 2]), '\\Seen', true);
    expect(list.rolledBack).toEqual(list.painted);
    expect(actions.notice?.tone).toBe('error');
    expect(shown(actions.notice)).toContain('Mailbox is read-only');
  });

  it('stores a large selection in batches and puts back only the batches the server refused', async () => {
    const { server, client, list, actions } = await setUp({ folders: folders(1200) });
    server.refuse.push({ match: /^UID STORE 1001:1200/, answer: 'NO Try again later' });
    const seen: (number | undefined)[] = [];
    const done = actions.setFlag(list.target(range(1, 1200)), '\\Seen', true);
    const off = client.on('completed', () => seen.push(actions.progress?.done));
    await done;
    off();
    expect(server.commands(/STORE/)).toEqual([
      'UID STORE 1:500 +FLAGS.SILENT (\\Seen)',
      'UID STORE 501:1000 +FLAGS.SILENT (\\Seen)',
      'UID STORE 1001:1200 +FLAGS.SILENT (\\Seen)',
    ]);
    expect(list.painted.map((change) => change.uids.length)).toEqual([500, 500, 200]);
    expect(list.rolledBack).toEqual([list.painted[2]]);
    expect(shown(actions.notice)).toBe(
      '1,000 messages of 1,200 changed, then the server refused the rest, which are as they were: Try again later',
    );
    expect(seen).toContain(500);
    expect(actions.progress).toBeNull();
  });

  it('refuses, without painting or sending, when the messages belong to a folder no longer open', async () => {
    const { server, list, actions } = await setUp();
    const target = list.target([1]);
    await list.open('Archive');
    server.fake.log.length = 0;
    await actions.setFlag(target, '\\Seen', true);
    expect(list.painted).toEqual([]);
    expect(server.commands(/UID/)).toEqual([]);
    expect(shown(actions.notice)).toBe(
      'Nothing was changed: these messages belong to INBOX, which is no longer the open folder.',
    );
  });

  it('refuses UIDs captured under another UIDVALIDITY of the open folder', async () => {
    const { server, actions } = await setUp();
    await actions.setFlag({ mailbox: 'INBOX', uidValidity: 99, uids: Uint32Array.of(1) }, '\\Seen', true);
    expect(server.commands(/UID/)).toEqual([]);
    expect(actions.notice?.message.key).toBe('actions.error.folderChanged');
  });
});

describe('junk and labels', () => {
  it('marks junk as $Junk without $NotJunk, and the reverse', async () => {
    const { server, list, actions } = await setUp();
    await actions.markJunk(list.target([2]), true);
    await actions.markJunk(list.target([3]), false);
    expect(server.commands(/STORE/)).toEqual([
      'UID STORE 2 +FLAGS.SILENT ($Junk)',
      'UID STORE 2 -FLAGS.SILENT ($NotJunk)',
      'UID STORE 3 +FLAGS.SILENT ($NotJunk)',
      'UID STORE 3 -FLAGS.SILENT ($Junk)',
    ]);
    expect(server.commands(/MOVE/)).toEqual([]);
  });

  it('moves junk to the Junk folder when asked, after flagging it', async () => {
    const { server, list, actions } = await setUp();
    await actions.markJunk(list.target([2, 3]), true, { move: true });
    expect(server.commands(/STORE|MOVE/)).toEqual([
      'UID STORE 2:3 +FLAGS.SILENT ($Junk)',
      'UID STORE 2:3 -FLAGS.SILENT ($NotJunk)',
      'UID MOVE 2:3 Junk',
    ]);
    expect(server.uids('Junk')).toEqual([1, 2]);
    expect(actions.canUndo).toBe(true);
  });

  it('moves not-junk shown in Junk back to INBOX when asked', async () => {
    const { server, list, actions } = await setUp();
    await actions.move(list.target([5]), 'Junk');
    await list.open('Junk', 'junk');
    await actions.markJunk(list.target([1]), false, { move: true });
    expect(server.commands(/MOVE/).at(-1)).toBe('UID MOVE 1 INBOX');
    expect(server.uids('Junk')).toEqual([]);
  });

  it('inside the Junk folder, "Move to Junk" only flags: nothing is moved or copied onto itself', async () => {
    // The folder is the Junk folder, but it opened before its role was known (the list says no role).
    const { server, list, actions } = await setUp();
    server.fake.folder('Junk').messages.push(...generatedMessages(2));
    await list.open('Junk', null);
    server.fake.log.length = 0;
    await actions.markJunk(list.target([1]), true, { move: true });
    expect(server.commands(/STORE|MOVE|COPY/)).toEqual([
      'UID STORE 1 +FLAGS.SILENT ($Junk)',
      'UID STORE 1 -FLAGS.SILENT ($NotJunk)',
    ]);
    expect(server.uids('Junk')).toEqual([1, 2]);
    expect(shown(actions.notice)).toBe('The message is already in Junk: nothing was moved or copied.');
    expect(actions.canUndo).toBe(false);
  });

  it('does not move when the flags were refused', async () => {
    const { server, list, actions } = await setUp();
    server.refuse.push({ match: /\$Junk/, answer: 'NO Keywords are full' });
    await actions.markJunk(list.target([2]), true, { move: true });
    expect(server.commands(/MOVE/)).toEqual([]);
    expect(shown(actions.notice)).toContain('Keywords are full');
  });

  it('adds a label only where the server allows new keywords or already knows it', async () => {
    const { server, list, actions } = await setUp();
    list.keywordsAllowed = false;
    list.knownKeywords = ['Work'];
    await actions.setKeyword(list.target([1]), '&BCAEMAQxBD4EQgQw-', true);
    expect(actions.notice?.message.key).toBe('actions.label.notAllowed');
    await actions.setKeyword(list.target([1]), 'work', true);
    await actions.setKeyword(list.target([1]), '&BCAEMAQxBD4EQgQw-', false);
    expect(server.commands(/STORE/)).toEqual([
      'UID STORE 1 +FLAGS.SILENT (work)',
      'UID STORE 1 -FLAGS.SILENT (&BCAEMAQxBD4EQgQw-)',
    ]);
  });
});

describe('move and copy', () => {
  it.each([
    ['move', 'INBOX'],
    ['copy', 'INBOX'],
    ['move', 'inbox'],
  ] as const)('refuses to %s into the folder the messages are in (%s), sending nothing', async (verb, to) => {
    const { server, list, actions } = await setUp();
    await actions[verb](list.target([1, 2]), to);
    expect(server.commands(/MOVE|COPY|STORE|EXPUNGE/)).toEqual([]);
    expect(shown(actions.notice)).toBe('The messages are already in INBOX: nothing was moved or copied.');
  });

  it('names folders in notices as the folder tree shows them', async () => {
    const { list, tree, actions } = await setUp();
    tree.displayName = (path) => `shown(${path})`;
    await actions.move(list.target([1]), 'Archive');
    expect(shown(actions.notice)).toBe('1 message moved to shown(Archive).');
  });

  it('moves in batches of explicit UID sets, reporting progress, and says how many moved', async () => {
    const { server, client, list, actions } = await setUp({ folders: folders(1200) });
    const progress: unknown[] = [];
    const off = client.on('completed', () => progress.push(actions.progress));
    await actions.move(list.target(range(1, 1200)), 'Archive');
    off();
    expect(progress).toEqual([
      { action: 'move', done: 0, total: 1200 },
      { action: 'move', done: 500, total: 1200 },
      { action: 'move', done: 1000, total: 1200 },
    ]);
    expect(server.commands(/MOVE/)).toEqual([
      'UID MOVE 1:500 Archive',
      'UID MOVE 501:1000 Archive',
      'UID MOVE 1001:1200 Archive',
    ]);
    expect(server.uids('INBOX')).toEqual([]);
    expect(server.uids('Archive')).toHaveLength(1200);
    expect(shown(actions.notice)).toBe('1,200 messages moved to Archive.');
    expect(actions.notice).toMatchObject({ tone: 'info', undoable: true });
    expect(actions.progress).toBeNull();
  });

  it('stops between batches when cancelled: the batch under way completes, the rest stay', async () => {
    const { server, client, list, actions } = await setUp({ folders: folders(1200) });
    const done = actions.move(list.target(range(1, 1200)), 'Archive');
    const off = client.on('completed', (event) => {
      if (event.name === 'UID MOVE') actions.cancel();
    });
    await done;
    off();
    expect(server.commands(/MOVE/)).toEqual(['UID MOVE 1:500 Archive']);
    expect(server.uids('INBOX')).toEqual(range(501, 1200));
    expect(server.uids('Archive')).toEqual(range(1, 500));
    expect(shown(actions.notice)).toBe(
      'Stopped: 500 messages of 1,200 moved to Archive; the rest are where they were.',
    );
    expect(actions.notice?.undoable).toBe(true);
  });

  it.each([
    [
      'NO [TRYCREATE] Mailbox does not exist',
      'Nothing was moved to Nowhere. The server says: Mailbox does not exist',
    ],
    ['NO [OVERQUOTA] Quota exceeded', 'Nothing was moved to Nowhere. The server says: Quota exceeded'],
  ])('a refused move (%s) touches nothing and shows the server\u2019s words', async (answer, text) => {
    const { server, list, actions } = await setUp({ capabilities: WITHOUT_MOVE });
    server.refuse.push({ match: /COPY/, answer });
    await actions.move(list.target([1, 2]), 'Nowhere');
    expect(server.commands(/UID (COPY|STORE|EXPUNGE|MOVE)/)).toEqual(['UID COPY 1:2 Nowhere']);
    expect(server.uids('INBOX')).toEqual(range(1, 10));
    expect(shown(actions.notice)).toBe(text);
    expect(actions.canUndo).toBe(false);
  });

  it('says the messages are in both folders when the fallback copied them and then could not remove them', async () => {
    const { server, list, actions } = await setUp({ capabilities: WITHOUT_MOVE });
    server.refuse.push({ match: /UID EXPUNGE/, answer: 'NO [SERVERBUG] Internal error' });
    await actions.move(list.target([3]), 'Archive');
    expect(server.commands(/UID (COPY|STORE|EXPUNGE|MOVE)/)).toEqual([
      'UID COPY 3 Archive',
      'UID STORE 3 +FLAGS.SILENT (\\Deleted)',
      'UID EXPUNGE 3',
    ]);
    expect(shown(actions.notice)).toBe(
      'The messages were copied to Archive and marked deleted here, but the server refused to remove them, so they stay here until the folder is compacted. The server says: Internal error',
    );
  });

  it('says how many moved when a later batch is refused, and stops there', async () => {
    const { server, list, actions } = await setUp({ folders: folders(1200) });
    server.refuse.push({ match: /^UID MOVE 501:/, answer: 'NO [OVERQUOTA] Quota exceeded' });
    await actions.move(list.target(range(1, 1200)), 'Archive');
    expect(server.commands(/MOVE/)).toEqual(['UID MOVE 1:500 Archive', 'UID MOVE 501:1000 Archive']);
    expect(shown(actions.notice)).toBe(
      '500 messages of 1,200 moved to Archive, then the server refused the rest: Quota exceeded',
    );
    expect(server.uids('INBOX')).toEqual(range(501, 1200));
  });

  it('without MOVE: copies, marks and expunges exactly the copied UIDs', async () => {
    const { server, list, actions } = await setUp({ capabilities: WITHOUT_MOVE });
    await actions.move(list.target([2, 4]), 'Archive');
    expect(server.commands(/UID (COPY|STORE|EXPUNGE)| EXPUNGE/)).toEqual([
      'UID COPY 2,4 Archive',
      'UID STORE 2,4 +FLAGS.SILENT (\\Deleted)',
      'UID EXPUNGE 2,4',
    ]);
    expect(shown(actions.notice)).toBe('2 messages moved to Archive.');
  });

  it('without MOVE and UIDPLUS: copies and marks deleted, says they remain, offers no undo', async () => {
    const { server, list, actions } = await setUp({ capabilities: WITHOUT_MOVE_UIDPLUS });
    server.fake.folder('INBOX').messages[0]!.flags = ['\\Deleted'];
    await actions.move(list.target([2]), 'Archive');
    expect(server.commands(/EXPUNGE/)).toEqual([]);
    expect(server.uids('INBOX')).toEqual(range(1, 10));
    expect(actions.notice).toMatchObject({ tone: 'warning', undoable: false });
    expect(shown(actions.notice)).toBe(
      '1 message was copied to Archive and marked as deleted here. This server cannot move messages, so it stays in this folder until it is compacted.',
    );
    expect(actions.canUndo).toBe(false);
  });

  it('copies in batches and leaves the source alone', async () => {
    const { server, list, actions } = await setUp();
    await actions.copy(list.target([1, 2, 3]), 'Archive');
    expect(server.commands(/COPY|STORE|EXPUNGE/)).toEqual(['UID COPY 1:3 Archive']);
    expect(server.uids('INBOX')).toHaveLength(10);
    expect(shown(actions.notice)).toBe('3 messages copied to Archive.');
    expect(actions.canUndo).toBe(false);
  });

  it('refuses a command that would reach another folder selected in between', async () => {
    const { server, client, list, actions } = await setUp();
    // Archive and INBOX with one UIDVALIDITY: only the mailbox name tells them apart.
    server.fake.folder('Archive').uidValidity = 100;
    server.fake.folder('Archive').messages.push(...generatedMessages(3));
    void client.select('Archive');
    await actions.move(list.target([1]), 'Trash');
    expect(server.commands(/MOVE/)).toEqual([]);
    expect(server.uids('Archive')).toEqual([1, 2, 3]);
    expect(actions.notice?.message.key).toBe('actions.error.notOpen');
  });

  it('says the connection was lost, not that another folder is open, when no folder is selected', async () => {
    const { server, client, list, actions } = await setUp({
      capabilities: [...FULL_CAPABILITIES, 'UNSELECT'],
    });
    // What a BYE leaves behind until the reconnect has opened the folder again: nothing selected.
    await client.unselect();
    await actions.move(list.target([1]), 'Trash');
    expect(server.commands(/MOVE/)).toEqual([]);
    expect(actions.notice?.message.key).toBe('actions.error.offline');
    expect(shown(actions.notice)).toBe(
      'Nothing was changed: the connection to the mail server was lost. Try again once it is back.',
    );
  });
});

describe('delete', () => {
  it('moves to Trash, undoably', async () => {
    const { server, list, actions } = await setUp();
    await actions.delete(list.target([1, 2]));
    expect(server.commands(/MOVE/)).toEqual(['UID MOVE 1:2 Trash']);
    expect(shown(actions.notice)).toBe('2 messages moved to Trash.');
    expect(actions.notice?.undoable).toBe(true);
  });

  it('says so when the Trash folder had to be created', async () => {
    const { server, list, tree, actions } = await setUp();
    tree.roles.delete('trash');
    await actions.delete(list.target([1]));
    expect(server.commands(/CREATE|MOVE/)).toEqual(['CREATE Trash', 'UID MOVE 1 Trash']);
    expect(shown(actions.notice)).toBe(
      '1 message moved to Trash, a folder created just now because there was none.',
    );
  });

  it('names the Junk folder it had to create for a junk move (not a Trash folder)', async () => {
    const { server, list, tree, actions } = await setUp();
    tree.roles.delete('junk');
    await actions.markJunk(list.target([1]), true, { move: true });
    expect(server.commands(/CREATE|MOVE/)).toEqual(['CREATE Junk', 'UID MOVE 1 Junk']);
    expect(shown(actions.notice)).toBe(
      '1 message moved to Junk, a folder created just now because there was none.',
    );
  });

  it('with permanent (the user was asked): marks \\Deleted and expunges exactly those UIDs', async () => {
    const { server, list, actions } = await setUp();
    await actions.delete(list.target([2, 3]), { permanent: true });
    expect(server.commands(/MOVE|STORE|EXPUNGE/)).toEqual([
      'UID STORE 2:3 +FLAGS.SILENT (\\Deleted)',
      'UID EXPUNGE 2:3',
    ]);
    expect(shown(actions.notice)).toBe('2 messages deleted for good.');
    expect(actions.notice?.undoable).toBe(false);
  });

  it('inside Trash, a plain Delete erases nothing: it asks, and only the confirmation expunges those UIDs', async () => {
    const { server, list, actions } = await setUp();
    server.fake.folder('Trash').messages.push(...generatedMessages(4));
    await list.open('Trash', 'trash');
    server.fake.log.length = 0;
    await actions.delete(list.target([2, 3]));
    expect(server.commands(/MOVE|COPY|STORE|EXPUNGE/)).toEqual([]);
    expect(actions.eraseRequest).toMatchObject({ reason: 'inTrash', target: { mailbox: 'Trash' } });
    await actions.confirmErase();
    expect(actions.eraseRequest).toBeNull();
    expect(server.commands(/MOVE|COPY|STORE|EXPUNGE/)).toEqual([
      'UID STORE 2:3 +FLAGS.SILENT (\\Deleted)',
      'UID EXPUNGE 2:3',
    ]);
    expect(server.uids('Trash')).toEqual([1, 4]);
  });

  it('asks too when the Trash turns out to be the open folder (its role was not known when it opened)', async () => {
    const { server, list, actions } = await setUp({ open: 'Trash', role: 'inbox' });
    server.fake.log.length = 0;
    await actions.delete(list.target([1]));
    expect(actions.eraseRequest?.reason).toBe('inTrash');
    actions.dismissErase();
    expect(actions.eraseRequest).toBeNull();
    expect(server.commands(/MOVE|COPY|STORE|EXPUNGE/)).toEqual([]);
  });

  it('asks, with the reason, when there is no Trash and none can be created; keeping them sends nothing', async () => {
    const { server, list, tree, actions } = await setUp();
    tree.roles.delete('trash');
    server.refuse.push({ match: /^CREATE/, answer: 'NO [NOPERM] Permission denied' });
    await actions.delete(list.target([4, 5]));
    expect(actions.eraseRequest).toMatchObject({ reason: 'noTrash', target: { uids: Uint32Array.of(4, 5) } });
    expect(actions.eraseRequest?.detail?.values).toMatchObject({
      text: expect.stringContaining('Permission denied'),
    });
    actions.dismissErase();
    expect(server.commands(/MOVE|COPY|STORE|EXPUNGE/)).toEqual([]);
    expect(server.uids('INBOX')).toEqual(range(1, 10));
  });

  it('without UIDPLUS only marks \\Deleted, never a bare EXPUNGE, and says so', async () => {
    const { server, list, actions } = await setUp({ capabilities: WITHOUT_MOVE_UIDPLUS });
    await actions.delete(list.target([5]), { permanent: true });
    expect(server.commands(/STORE|EXPUNGE/)).toEqual(['UID STORE 5 +FLAGS.SILENT (\\Deleted)']);
    expect(actions.notice?.tone).toBe('warning');
    expect(shown(actions.notice)).toContain('1 message is marked as deleted');
  });

  it('a permanent delete ends the offer to undo the move before it', async () => {
    const { list, actions } = await setUp();
    await actions.move(list.target([1]), 'Archive');
    expect(actions.canUndo).toBe(true);
    await actions.delete(list.target([2]), { permanent: true });
    expect(actions.canUndo).toBe(false);
  });
});

describe('emptyFolder', () => {
  it('expunges exactly the UIDs listed when asked, in batches', async () => {
    const { server, list, actions } = await setUp({ folders: folders(700) });
    await actions.emptyFolder('INBOX');
    expect(server.commands(/STORE|EXPUNGE/)).toEqual([
      'UID STORE 1:500 +FLAGS.SILENT (\\Deleted)',
      'UID EXPUNGE 1:500',
      'UID STORE 501:700 +FLAGS.SILENT (\\Deleted)',
      'UID EXPUNGE 501:700',
    ]);
    expect(shown(actions.notice)).toBe('INBOX is empty: 700 messages deleted for good.');
    expect(list.path).toBe('INBOX');
  });

  it('is refused for a folder that is not open', async () => {
    const { server, actions } = await setUp();
    await actions.emptyFolder('Trash');
    expect(server.commands(/UID/)).toEqual([]);
    expect(actions.notice?.message.key).toBe('actions.error.notOpen');
  });
});

describe('folders whose names do not decode', () => {
  it('moves to such a folder by the bytes the server listed, and names it in the notice as shown', async () => {
    const raw = mailboxNameFromWire(Uint8Array.from('R&D', (c) => c.charCodeAt(0)));
    const { server, list, actions } = await setUp({
      folders: [...folders(), { name: 'R&D as listed', wireName: 'R&D', uidValidity: 500, messages: [] }],
    });
    await actions.move(list.target([2, 3]), raw);
    expect(server.commands(/MOVE/)).toEqual(['UID MOVE 2:3 R&D']);
    expect(server.uids('R&D as listed')).toHaveLength(2);
    expect(shown(actions.notice)).toBe('2 messages moved to R&D.');
  });
});

describe('undo', () => {
  it('selects the destination, moves the messages back by their COPYUID, and reopens the list', async () => {
    const { server, list, actions } = await setUp();
    server.fake.folder('Archive').messages.push(...generatedMessages(5));
    await actions.move(list.target([2, 3, 9]), 'Archive');
    server.fake.log.length = 0;
    await actions.undo();
    expect(server.commands(/SELECT|MOVE/)).toEqual(['SELECT Archive', 'UID MOVE 6:8 INBOX', 'SELECT INBOX']);
    expect(list.opened.at(-1)).toEqual({ path: 'INBOX', role: 'inbox' });
    expect(server.uids('Archive')).toEqual(range(1, 5));
    expect(server.uids('INBOX')).toHaveLength(10);
    expect(shown(actions.notice)).toBe('3 messages moved back to INBOX.');
    expect(actions.canUndo).toBe(false);
  });

  it('undoes a delete to Trash', async () => {
    const { server, list, actions } = await setUp();
    await actions.delete(list.target([4]));
    await actions.undo();
    expect(server.uids('Trash')).toEqual([]);
    expect(server.uids('INBOX')).toContain(11);
  });

  it.each([
    ['a destination covering the whole UID space', '[COPYUID 9 2:3 1:4294967295]'],
    ['a destination larger than what was moved', '[COPYUID 9 2:3 40:44]'],
    ['sources the move did not name', '[COPYUID 9 1:9 40:48]'],
  ])('is unavailable, and says so, when the COPYUID has %s', async (_name, code) => {
    const { server, list, actions } = await setUp();
    server.refuse.push({ match: /^UID MOVE/, answer: `OK ${code} moved` });
    await actions.move(list.target([2, 3]), 'Archive');
    expect(actions.notice).toMatchObject({ tone: 'warning', undoable: false });
    expect(shown(actions.notice)).toBe(
      '2 messages moved to Archive. Undo is not available: the server’s answer did not match the messages moved, so where they are now is not known.',
    );
    expect(actions.canUndo).toBe(false);
    server.fake.log.length = 0;
    await actions.undo();
    expect(server.commands(/SELECT|MOVE/)).toEqual([]);
  });

  it('finds nothing to undo when the destination was recreated meanwhile', async () => {
    const { server, list, actions } = await setUp();
    await actions.move(list.target([1]), 'Archive');
    server.fake.folder('Archive').uidValidity = 201;
    server.fake.log.length = 0;
    await actions.undo();
    expect(server.commands(/MOVE/)).toEqual([]);
    expect(actions.notice?.message.key).toBe('actions.undo.gone');
    expect(list.opened.at(-1)?.path).toBe('INBOX');
  });
});

describe('the queue', () => {
  it('runs actions one after another in the order asked', async () => {
    const { server, list, actions } = await setUp({
      folders: folders(),
      delays: [{ match: /STORE 1 /, ms: 30 }],
    });
    const first = actions.setFlag(list.target([1]), '\\Seen', true);
    const second = actions.move(list.target([2]), 'Archive');
    await Promise.all([first, second]);
    const log = server.fake.log;
    const store = log.findIndex((line) => / UID STORE 1 /.test(line));
    const storeTag = log[store]?.split(' ')[1];
    const storeAnswered = log.indexOf(`S: ${storeTag} OK`);
    const move = log.findIndex((line) => / UID MOVE 2 /.test(line));
    expect(store).toBeGreaterThanOrEqual(0);
    expect(storeAnswered).toBeGreaterThan(store);
    expect(move).toBeGreaterThan(storeAnswered);
  });

  it('drops queued actions aimed at a UIDVALIDITY the folder no longer has, and puts their flags back', async () => {
    const { server, list, tree, actions } = await setUp();
    let release!: () => void;
    tree.gate = new Promise((resolve) => (release = resolve));
    const running = actions.delete(list.target([1]));
    const queued = actions.setFlag(list.target([2]), '\\Flagged', true);
    const alsoQueued = actions.move(list.target([3]), 'Archive');
    list.emitUidValidity('INBOX', 101);
    await Promise.all([queued, alsoQueued]);
    expect(list.rolledBack).toEqual(list.painted);
    expect(shown(actions.notice)).toBe(
      '2 waiting actions were cancelled because INBOX changed on the server. Choose the messages again.',
    );
    release();
    await running;
    expect(server.commands(/STORE|MOVE/)).toEqual(['UID MOVE 1 Trash']);
  });

  it('maps imap-core\u2019s UIDVALIDITY check to a clear notice when a stale action slips through', async () => {
    const { server, client, list, actions } = await setUp();
    // The list has not noticed yet; the session has: the server reports the new value.
    server.fake.folder('INBOX').uidValidity = 101;
    await client.select('INBOX');
    list.uidValidity = 100;
    await actions.move(list.target([1]), 'Archive');
    expect(server.commands(/MOVE/)).toEqual([]);
    expect(shown(actions.notice)).toBe(
      'Nothing was changed: INBOX changed on the server, so the messages chosen earlier cannot be told apart any more. Choose them again.',
    );
  });
});

describe('with the app\u2019s MessageList and FolderTree', () => {
  it('paints a flag in the list\u2019s row at once, deletes to the tree\u2019s Trash, and undoes it', async () => {
    const { server, client } = await scriptedClient({
      folders: [
        { name: 'INBOX', uidValidity: 100, messages: generatedMessages(5) },
        { name: 'Bin', attributes: ['\\Trash'], uidValidity: 300, messages: [] },
      ],
    });
    const list = new MessageList(client);
    const tree = new FolderTree(client);
    await list.open('INBOX', 'inbox');
    await tree.load();
    list.setViewport(0, 4);
    await vi.waitFor(() => expect(list.rowAt(list.indexOfUid(1))).toBeDefined());
    const actions = new MailActions(client, { list, folders: tree });

    const target = list.selection.target();
    expect(target?.uids).toEqual(Uint32Array.of(list.uidAt(list.cursor)));
    const flagging = actions.setFlag(target!, '\\Flagged', true);
    expect(list.rowAt(list.cursor)?.flagged).toBe(true);
    await flagging;

    const uid = list.uidAt(list.cursor);
    await actions.delete({ mailbox: 'INBOX', uidValidity: list.uidValidity, uids: Uint32Array.of(uid) });
    expect(server.uids('Bin')).toEqual([1]);
    expect(list.indexOfUid(uid)).toBe(-1);
    // Named as the tree names it: by its role, whatever the server calls it.
    expect(shown(actions.notice)).toBe('1 message moved to Trash.');

    await actions.undo();
    expect(server.uids('Bin')).toEqual([]);
    expect(list.path).toBe('INBOX');
    expect(list.count).toBe(5);
    list.dispose();
  });
});

describe('the actions catalog', () => {
  it('has a valid ICU pattern behind every key, with every value filled in', () => {
    const values = {
      count: 2,
      done: 1,
      total: 3,
      folder: 'Archive',
      text: 'No {x}',
      detail: 'd',
      action: 'move',
      reason: 'r',
    };
    for (const key of Object.keys(actionsCatalog) as (keyof typeof actionsCatalog)[]) {
      const text = t(key, values);
      expect(text.replaceAll('No {x}', ''), key).not.toMatch(/[{}]/);
    }
  });
});
