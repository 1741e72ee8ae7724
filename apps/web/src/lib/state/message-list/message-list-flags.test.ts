import { describe, expect, it, vi } from 'vitest';
import { MessageList } from './message-list.svelte.ts';
import type { FolderCountsUpdate } from './message-list.svelte.ts';
import { signedIn } from '../testing/connect.ts';
import { generatedMessages, heldAnswer } from '../testing/fake-imap.ts';
import type { FakeFolder, FakeServerOptions } from '../testing/fake-imap.ts';

const inbox = (messages = generatedMessages(10), extra: Partial<FakeFolder> = {}): FakeFolder => ({
  name: 'INBOX',
  messages,
  ...extra,
});

/** A list of INBOX with every row cached; `unseen` is the unread count the folder pane shows. */
async function shown(options: FakeServerOptions = { folders: [inbox()] }, unseen: number | null = null) {
  const { server, client } = await signedIn(options);
  let shownUnseen = unseen;
  const counts = vi.fn((_path: string, update: FolderCountsUpdate) => {
    if (update.unseen !== undefined) shownUnseen = update.unseen;
  });
  const list = new MessageList(client, { onCounts: counts, unseenCount: () => shownUnseen });
  await list.open('INBOX');
  list.setViewport(0, list.count - 1);
  await vi.waitFor(() => expect(list.rowAt(list.count - 1)).toBeDefined());
  return { server, client, list, counts };
}

const row = (list: MessageList, uid: number) => list.rowAt(list.indexOfUid(uid));

describe('MessageList keywords', () => {
  it('learns whether keywords may be created and which exist from SELECT', async () => {
    const messages = generatedMessages(3);
    messages[0]!.flags = ['\\Seen', 'Work', '$Junk', '$Forwarded'];
    const { list } = await shown({ folders: [inbox(messages)] });
    expect(list.keywordsAllowed).toBe(true);
    expect(list.knownKeywords).toEqual(['Work']);
  });

  it('does not allow new keywords when PERMANENTFLAGS lacks \\*', async () => {
    const folder = inbox(generatedMessages(2), { permanentFlags: ['\\Seen', '\\Flagged', 'Work'] });
    const { list } = await shown({ folders: [folder] });
    expect(list.keywordsAllowed).toBe(false);
    expect(list.knownKeywords).toEqual(['Work']);
  });

  it('shows labels and junk on rows, without state keywords', async () => {
    const messages = generatedMessages(2);
    messages[1]!.flags = ['\\Seen', 'Work', '$Junk', '$MDNSent', 'NonJunk', '&BBIEMAQ2BD0EPgQ1-'];
    const { list } = await shown({ folders: [inbox(messages)] });
    expect(row(list, 2)).toMatchObject({ keywords: ['Work', '&BBIEMAQ2BD0EPgQ1-'], junk: true, seen: true });
    expect(row(list, 1)).toMatchObject({ keywords: [], junk: false });
  });

  it('learns a keyword another client created (FLAGS) and one a row carries', async () => {
    const { server, list } = await shown();
    server.push('* FLAGS (\\Seen \\Flagged Family)\r\n');
    expect(list.knownKeywords).toEqual(['Family']);
    server.push('* 3 FETCH (UID 3 FLAGS (Later))\r\n');
    expect(list.knownKeywords).toEqual(['Family', 'Later']);
    expect(row(list, 3)?.keywords).toEqual(['Later']);
  });
});

describe('MessageList.applyFlags', () => {
  it('paints a flag change on the cached rows at once and puts it back on rollback', async () => {
    const { list } = await shown();
    expect([row(list, 10)?.seen, row(list, 9)?.seen]).toEqual([false, true]);
    const rollback = list.applyFlags([10, 9], ['\\Seen', 'Work'], []);
    expect([row(list, 10)?.seen, row(list, 10)?.keywords, row(list, 9)?.keywords]).toEqual([
      true,
      ['Work'],
      ['Work'],
    ]);
    expect(list.knownKeywords).toContain('Work');
    rollback();
    expect([row(list, 10)?.seen, row(list, 10)?.keywords, row(list, 9)?.seen]).toEqual([false, [], true]);
  });

  it('leaves a row alone on rollback when the server reported its flags meanwhile', async () => {
    const { server, list } = await shown();
    const rollback = list.applyFlags([10, 7], ['\\Flagged'], []);
    server.push('* 10 FETCH (UID 10 FLAGS (\\Flagged \\Answered))\r\n');
    rollback();
    expect(row(list, 10)).toMatchObject({ flagged: true, answered: true });
    expect(row(list, 7)?.flagged).toBe(false);
  });

  it('adjusts the unread count at once from the count shown, and recounts after the STORE', async () => {
    const { server, client, list, counts } = await shown(undefined, 4);
    // UIDs 10, 7, 4, 1 are unread.
    list.applyFlags([10, 7, 9], ['\\Seen'], []);
    expect(counts).toHaveBeenLastCalledWith('INBOX', { unseen: 2 });
    expect(server.lines(/UNSEEN/)).toEqual([]);
    // A silent STORE reports nothing, so its completion is what triggers the recount.
    await client.store([{ start: 7, end: 10 }], { operation: 'add', flags: ['\\Seen'] });
    await vi.waitFor(() => expect(server.lines(/UNSEEN/)).toHaveLength(1));
    const unseenCounts = () => counts.mock.calls.flatMap(([, c]) => ('unseen' in c ? [c.unseen] : []));
    await vi.waitFor(() => expect(unseenCounts()).toEqual([2, 2]));
  });

  it('puts the count back with the flags', async () => {
    const { list, counts } = await shown(undefined, 4);
    const rollback = list.applyFlags([9], [], ['\\Seen']);
    expect(counts).toHaveBeenLastCalledWith('INBOX', { unseen: 5 });
    rollback();
    expect(counts).toHaveBeenCalledWith('INBOX', { unseen: 4 });
  });

  it('applies the change to a row whose fetch was in flight when the user acted', async () => {
    const fetch = heldAnswer(/UID FETCH 1:50 /);
    const { server, client } = await signedIn({
      folders: [inbox(generatedMessages(200))],
      holds: [fetch.hold],
    });
    const list = new MessageList(client);
    await list.open('INBOX');
    list.setViewport(150, 199); // UIDs 50..1: the fetch of 1:50 is held back
    await vi.waitFor(() => expect(server.lines(/UID FETCH 1:50 /)).toHaveLength(1));
    expect(row(list, 1)).toBeUndefined();
    list.applyFlags([1], ['\\Flagged'], []);
    fetch.release();
    await vi.waitFor(() => expect(row(list, 1)).toBeDefined());
    expect(row(list, 1)?.flagged).toBe(true);
    expect(server.folder('INBOX').messages[0]?.flags).toEqual([]); // nothing was stored: only painted
  });

  it('keeps a bulk change painted on rows fetched before their batch is stored, then shows the server', async () => {
    const { server, client } = await signedIn({ folders: [inbox(generatedMessages(200))] });
    const list = new MessageList(client);
    await list.open('INBOX');
    const all = Array.from(list.allUids());
    list.applyFlags(all, ['\\Flagged'], []);
    // The first batch is stored; the user scrolls to rows of a later batch before it is sent.
    await client.store([{ start: 101, end: 200 }], { operation: 'add', flags: ['\\Flagged'] });
    list.setViewport(150, 199); // UIDs 50..1, not stored yet
    await vi.waitFor(() => expect(row(list, 1)).toBeDefined());
    expect(row(list, 1)?.flagged).toBe(true);
    await client.store([{ start: 1, end: 100 }], { operation: 'add', flags: ['\\Flagged'] });
    // Stored: from now on the server's word stands, even when another client takes the flag away.
    server.setFlags('INBOX', 1, []);
    expect(row(list, 1)?.flagged).toBe(false);
  });

  it('shows what the server reports once a rolled-back change is gone', async () => {
    const { server, list } = await shown();
    const rollback = list.applyFlags([10], ['\\Seen'], []);
    server.setFlags('INBOX', 10, ['\\Answered']); // another client, before our STORE
    expect(row(list, 10)).toMatchObject({ seen: true, answered: true });
    rollback(); // our STORE was refused
    expect(row(list, 10)).toMatchObject({ seen: false, answered: true });
  });

  it('does not paint a change of one folder on the rows of the next', async () => {
    const { client } = await signedIn({
      folders: [inbox(generatedMessages(3)), { name: 'Other', messages: generatedMessages(3) }],
    });
    const list = new MessageList(client);
    await list.open('INBOX');
    list.applyFlags([1, 2, 3], ['\\Flagged'], []);
    await list.open('Other');
    list.setViewport(0, 2);
    await vi.waitFor(() => expect(list.rowAt(2)).toBeDefined());
    expect([1, 2, 3].map((uid) => row(list, uid)?.flagged)).toEqual([false, false, false]);
  });
});
