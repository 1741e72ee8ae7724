import { describe, expect, it, vi } from 'vitest';
import { MessageList } from './message-list.svelte.ts';
import { signedIn } from '../testing/connect.ts';
import { FULL_CAPABILITIES, generatedMessages } from '../testing/fake-imap.ts';
import type { FakeMessage, FakeServerOptions } from '../testing/fake-imap.ts';

const untagged = (line: string): string => line.replace(/^\S+ /, '');
const shownUids = (list: MessageList): number[] =>
  Array.from({ length: list.count }, (_, i) => list.uidAt(i));

/** Ten messages; the subjects of 3, 6 and 9 mention "report" (9 in Chinese too). */
function messages(): FakeMessage[] {
  return generatedMessages(10).map((message) =>
    message.uid % 3 === 0
      ? { ...message, subject: message.uid === 9 ? '季度 report 报告' : `Weekly report ${message.uid}` }
      : message,
  );
}

async function opened(options: Partial<FakeServerOptions> = {}) {
  const { server, client } = await signedIn({
    folders: [{ name: 'INBOX', messages: messages() }],
    ...options,
  });
  const list = new MessageList(client);
  await list.open('INBOX');
  return { server, client, list };
}

describe('MessageList.setQuery with a UID set found elsewhere', () => {
  it('orders the UIDs by the folder\u2019s known order without asking the server again', async () => {
    const { server, list } = await opened();
    const before = server.lines(/UID (SORT|SEARCH)/).length;
    await list.setQuery({
      uid: [
        { start: 2, end: 4 },
        { start: 9, end: 9 },
      ],
    });
    expect(server.lines(/UID (SORT|SEARCH)/)).toHaveLength(before);
    expect(shownUids(list)).toEqual([9, 4, 3, 2]);
  });
});

describe('MessageList.setQuery with SORT', () => {
  it('searches a folder whose order is known with UID SEARCH, and shows the matches in that order, cursor on top', async () => {
    const { server, list } = await opened();
    const sorts = server.lines(/UID SORT/).length;
    list.moveCursor(5);
    await list.setQuery({ subject: 'report' });
    expect(
      server
        .lines(/UID SEARCH/)
        .map(untagged)
        .at(-1),
    ).toBe('UID SEARCH RETURN (ALL) SUBJECT report');
    expect(server.lines(/UID SORT/)).toHaveLength(sorts);
    expect(shownUids(list)).toEqual([9, 6, 3]);
    expect([list.count, list.cursor, list.searching]).toEqual([3, 0, false]);
    expect(Array.from(list.allUids())).toEqual([9, 6, 3]);
    list.setViewport(0, 2);
    await vi.waitFor(() => expect(list.rowAt(2)?.subject).toBe('Weekly report 3'));
  });

  it('asks UID SORT with the criteria while the folder\u2019s own order is still being computed', async () => {
    const { server, client } = await signedIn({
      folders: [{ name: 'INBOX', messages: messages() }],
      delays: [{ match: /UID SORT RETURN \(ALL\) \(DATE\) UTF-8 ALL/, ms: 60 }],
    });
    const list = new MessageList(client);
    const opening = list.open('INBOX');
    await vi.waitFor(() => expect(list.ordering).toBe(true));
    await list.setQuery({ subject: 'report' });
    expect(
      server
        .lines(/UID SORT/)
        .map(untagged)
        .at(-1),
    ).toBe('UID SORT RETURN (ALL) (DATE) UTF-8 SUBJECT report');
    expect(shownUids(list)).toEqual([9, 6, 3]);
    await opening;
  });

  it('sends non-ASCII words as a literal the criteria encoder built, never as syntax', async () => {
    const { server, list } = await opened();
    await list.setQuery({ subject: '报告' });
    expect(shownUids(list)).toEqual([9]);
    await list.setQuery({ subject: 'x) ALL (' });
    expect(shownUids(list)).toEqual([]);
    expect(server.lines(/UID SEARCH/).at(-1)).toMatch(/SUBJECT "x\) ALL \("$/);
  });

  it('shows no empty answer when asked not to: the list keeps what it showed', async () => {
    const { list } = await opened();
    await list.setQuery({ subject: 'report' });
    await list.setQuery({ subject: 'nowhere' }, { unlessEmpty: true });
    expect([list.query, list.count, list.searching]).toEqual([{ subject: 'report' }, 3, false]);
    await list.setQuery({ subject: '季度' }, { unlessEmpty: true });
    expect(shownUids(list)).toEqual([9]);
  });

  it('restores the whole folder for a null query, the cursor staying on its message', async () => {
    const { list } = await opened();
    await list.setQuery({ subject: 'report' });
    list.moveCursor(1); // UID 6
    await list.setQuery(null);
    expect(list.count).toBe(10);
    expect(list.query).toBeNull();
    expect(list.uidAt(list.cursor)).toBe(6);
  });

  it('ignores the answer of a search that a newer one replaced', async () => {
    const { list } = await opened({ delays: [{ match: /SUBJECT Weekly/, ms: 40 }] });
    const slow = list.setQuery({ subject: 'Weekly' });
    const fast = list.setQuery({ subject: '季度' });
    await Promise.all([slow, fast]);
    expect(shownUids(list)).toEqual([9]);
    expect(list.query).toEqual({ subject: '季度' });
  });

  it('keeps showing what it showed when a search is cancelled', async () => {
    const { list } = await opened({ delays: [{ match: /UID SEARCH .*SUBJECT/, ms: 30 }] });
    const running = list.setQuery({ subject: 'report' });
    expect(list.searching).toBe(true);
    list.cancelSearch();
    await running;
    expect([list.searching, list.query, list.count]).toEqual([false, null, 10]);
  });

  it('rejects a search that cannot be sent, keeping the previous query', async () => {
    const { list } = await opened();
    await list.setQuery({ subject: 'report' });
    await expect(list.setQuery({ flag: '\\Recent', set: true })).rejects.toThrow(/Recent/);
    expect(list.query).toEqual({ subject: 'report' });
    expect(list.count).toBe(3);
  });

  it('clears the selection when the result changes', async () => {
    const { list } = await opened();
    list.selection.selectAll();
    await list.setQuery({ subject: 'report' });
    expect(list.selection.size).toBe(0);
    list.selection.selectAll();
    expect(list.selection.target()?.uids).toEqual(Uint32Array.of(3, 6, 9));
  });

  it('adds new mail only when it matches, asking the server about the arrivals alone', async () => {
    const { server, list } = await opened();
    await list.setQuery({ subject: 'report' });
    list.moveCursor(1); // UID 6
    const start = Date.UTC(2025, 0, 1);
    server.deliver('INBOX', {
      internalDate: new Date(start),
      date: new Date(start).toUTCString(),
      subject: 'Another report',
    });
    server.deliver('INBOX', { internalDate: new Date(start + 1), subject: 'Lunch?' });
    await vi.waitFor(() => expect(list.count).toBe(4));
    expect(server.lines(/UID SEARCH/).map(untagged)).toContain(
      'UID SEARCH RETURN (ALL) UID 11:* SUBJECT report',
    );
    expect(shownUids(list)).toEqual([11, 9, 6, 3]);
    expect(list.uidAt(list.cursor)).toBe(6);
    await list.setQuery(null);
    expect(shownUids(list).slice(0, 2)).toEqual([12, 11]);
  });

  it('takes expunged messages out of the result and the folder', async () => {
    const { server, list } = await opened();
    await list.setQuery({ subject: 'report' });
    server.expunge('INBOX', [6, 7]);
    await Promise.resolve();
    expect(shownUids(list)).toEqual([9, 3]);
    await list.setQuery(null);
    expect(list.count).toBe(8);
    expect(list.indexOfUid(7)).toBe(-1);
  });
});

describe('MessageList.setQuery without SORT', () => {
  it('keeps the folder date order for the SEARCH result, with no dates to fetch', async () => {
    const capabilities = FULL_CAPABILITIES.filter((c) => c !== 'SORT');
    const { server, list } = await opened({ capabilities });
    const dateFetches = server.lines(/INTERNALDATE\)$/).length;
    await list.setQuery({ or: [{ subject: 'report' }, { from: 'Sender 1' }] });
    expect(
      server
        .lines(/UID SEARCH/)
        .map(untagged)
        .at(-1),
    ).toBe('UID SEARCH RETURN (ALL) OR SUBJECT report FROM "Sender 1"');
    expect(shownUids(list)).toEqual([10, 9, 6, 3, 1]);
    expect(server.lines(/INTERNALDATE\)$/)).toHaveLength(dateFetches);
  });

  it('falls back to plain UID SEARCH without ESEARCH', async () => {
    const capabilities = FULL_CAPABILITIES.filter((c) => c !== 'SORT' && c !== 'ESEARCH');
    const { server, list } = await opened({ capabilities });
    await list.setQuery({ flag: '\\Seen', set: false });
    expect(
      server
        .lines(/UID SEARCH/)
        .map(untagged)
        .at(-1),
    ).toBe('UID SEARCH UNSEEN');
    expect(shownUids(list)).toEqual([10, 7, 4, 1]);
  });
});

describe('MessageList.recentWindow', () => {
  it('names the newest messages by UID once the order is known and the folder is twice the window, else null', async () => {
    const { list } = await opened();
    expect(list.recentWindow(4)).toEqual({ uid: [{ start: 7, end: Infinity }] });
    expect(list.recentWindow(5)).toEqual({ uid: [{ start: 6, end: Infinity }] });
    expect(list.recentWindow(6)).toBeNull();
  });
});

describe('MessageList.rowsFetched', () => {
  it('settles once the rows asked for around the view have come, at once when none are asked for', async () => {
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const { server, list } = await opened({
      folders: [{ name: 'INBOX', messages: generatedMessages(200) }],
      // The rows of an older screen (UIDs 140-120 and around): the head start fetched the newest 40 only.
      holds: [{ match: /UID FETCH 91:140 /, until: held }],
    });
    await list.rowsFetched();
    let settled = false;
    list.setViewport(60, 80);
    void list.rowsFetched().then(() => (settled = true));
    await vi.waitFor(() => expect(server.lines(/UID FETCH 91:140 /)).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(settled).toBe(false);
    release();
    await vi.waitFor(() => expect(settled).toBe(true));
    expect(list.rowAt(60)).not.toBeNull();
  });
});
