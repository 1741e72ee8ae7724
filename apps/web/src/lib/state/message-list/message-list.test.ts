import { afterEach, describe, expect, it, vi } from 'vitest';
import { BATCH_SIZE, CACHE_LIMIT, FIRST_ROWS, MessageList } from './message-list.svelte.ts';
import { FULL_CAPABILITIES, generatedMessages, heldAnswer } from '../testing/fake-imap.ts';
import type { FakeFolder } from '../testing/fake-imap.ts';
import { signedIn } from '../testing/connect.ts';
import { secondaryConnections } from '../testing/secondary-connections.ts';
import { SideSorter } from './side-sort.ts';

const untagged = (line: string): string => line.replace(/^\S+ /, '');
/** Expunges leave the order together once the burst they came in is read (one microtask later). */
const afterBurst = (): Promise<void> => Promise.resolve();
const big = (count: number): FakeFolder => ({ name: 'Big', messages: generatedMessages(count) });

/** UIDs named by the UID FETCH commands sent so far (ranges expanded). */
function fetchedUids(lines: string[]): number[] {
  return lines.flatMap((line) => {
    const set = / UID FETCH (\S+) /.exec(line)?.[1] ?? '';
    return set.split(',').flatMap((part) => {
      const [from = '0', to = from] = part.split(':');
      if (to === '*') return [Number(from), Infinity];
      const out: number[] = [];
      for (let uid = Number(from); uid <= Number(to); uid++) out.push(uid);
      return out;
    });
  });
}

async function openList(folders: FakeFolder[], capabilities = FULL_CAPABILITIES, counts = vi.fn()) {
  const { server, client } = await signedIn({ folders, capabilities });
  const list = new MessageList(client, { onCounts: counts });
  return { server, client, list, counts };
}

/**
 * A server without SORT with Big (30 messages, the fifth dated after all the others) and Other (2), and how many
 * times every INTERNALDATE of a folder was asked for.
 */
async function twoFoldersWithoutSort() {
  const messages = generatedMessages(30);
  messages[4] = { ...messages[4]!, internalDate: new Date(Date.UTC(2030, 0, 1)) };
  const opened = await openList(
    [
      { name: 'Big', messages },
      { name: 'Other', messages: generatedMessages(2) },
    ],
    FULL_CAPABILITIES.filter((c) => c !== 'SORT'),
  );
  const datesAsked = () => opened.server.lines(/UID FETCH 1:\* \(UID INTERNALDATE\)$/).length;
  return { ...opened, datesAsked };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('MessageList with SORT', () => {
  it('orders newest first from UID SORT (DATE) read backwards and fetches only the rows in view, in batches', async () => {
    const { server, list, counts } = await openList([big(2000)]);
    await list.open('Big');
    expect(list.count).toBe(2000);
    expect(list.uidAt(0)).toBe(2000);
    expect(list.uidAt(1999)).toBe(1);
    expect(server.lines(/UID SORT/).map(untagged)).toEqual(['UID SORT RETURN (ALL) (DATE) UTF-8 ALL']);
    expect(counts).toHaveBeenCalledWith('Big', { messages: 2000 });

    list.setViewport(0, 19);
    await vi.waitFor(() => expect(list.rowAt(19)).toBeDefined());
    const fetched = fetchedUids(server.lines(/UID FETCH/));
    // The head start (newest by UID, ahead of SORT) plus the view and its margin: nowhere near 2000.
    expect(fetched.filter((uid) => uid !== Infinity).length).toBeLessThan(FIRST_ROWS + 2 * BATCH_SIZE);
    expect(Math.min(...fetched)).toBeGreaterThan(1900);
    for (const line of server.lines(/UID FETCH/).slice(1)) {
      expect(fetchedUids([line]).length).toBeLessThanOrEqual(BATCH_SIZE);
    }
    expect(list.rowAt(0)).toMatchObject({ uid: 2000, subject: 'Message 2000', from: 'Sender 2000' });
  });

  it('sends the head-start fetch of the newest messages before UID SORT, and shows them before SORT answers', async () => {
    const sort = heldAnswer(/UID SORT/);
    const { server, client } = await signedIn({ folders: [big(500)], holds: [sort.hold] });
    const list = new MessageList(client);
    const opened = list.open('Big');
    await vi.waitFor(() => expect(list.rowAt(0)).toBeDefined());
    expect(list.ordering).toBe(true);
    expect(list.rowAt(0)?.uid).toBe(500);
    const [fetchIndex, sortIndex] = [/UID FETCH 461:\*/, /UID SORT/].map((re) =>
      server.log.findIndex((line) => re.test(line)),
    );
    expect(fetchIndex).toBeGreaterThan(-1);
    expect(fetchIndex).toBeLessThan(sortIndex as number);
    sort.release();
    await opened;
    expect(list.ordering).toBe(false);
  });

  it('jumps to the oldest message: only the last rows are fetched', async () => {
    const { server, list } = await openList([big(5000)]);
    await list.open('Big');
    const before = server.lines(/UID FETCH/).length;
    list.moveCursor(Infinity);
    expect(list.cursor).toBe(4999);
    list.setViewport(4980, 4999);
    await vi.waitFor(() => expect(list.rowAt(4999)).toBeDefined());
    expect(list.rowAt(4999)?.subject).toBe('Message 1');
    const late = fetchedUids(server.lines(/UID FETCH/).slice(before));
    expect(Math.max(...late)).toBeLessThan(100);
  });

  it('keeps the row cache bounded while scrolling through a large folder', async () => {
    const { list } = await openList([big(10_000)]);
    await list.open('Big');
    for (let first = 0; first < 10_000; first += 400) {
      list.setViewport(first, first + 19);
      await vi.waitFor(() => expect(list.rowAt(first + 19)).toBeDefined());
      expect(list.cachedRows).toBeLessThanOrEqual(CACHE_LIMIT + 2 * BATCH_SIZE);
    }
    // Rows far from the view went, but the top one: its date tells whether an arrival is new mail.
    expect([list.rowAt(0)?.uid, list.rowAt(1)]).toEqual([10_000, undefined]);
  });

  it('shows an empty folder as empty, without SORT', async () => {
    const { server, list } = await openList([{ name: 'Empty' }]);
    await list.open('Empty');
    expect([list.phase, list.count, list.cursor]).toEqual(['ready', 0, -1]);
    expect(server.lines(/UID SORT|UID FETCH/)).toEqual([]);
  });

  it('drops rows that arrive for a folder the user has left', async () => {
    const { list } = await openList([big(300), { name: 'Other', messages: generatedMessages(2) }]);
    const first = list.open('Big');
    list.setViewport(0, 10);
    await list.open('Other');
    await first;
    list.setViewport(0, 1);
    await vi.waitFor(() => expect(list.rowAt(1)).toBeDefined());
    expect([list.path, list.count, list.rowAt(0)?.uid]).toEqual(['Other', 2, 2]);
  });

  it('says why a folder could not be opened', async () => {
    const { list } = await openList([big(1)]);
    await list.open('Nope');
    expect(list.phase).toBe('error');
    expect(list.error?.key).toBe('error.server.refused');
  });
});

describe('MessageList without SORT', () => {
  it('lists every UID with ESEARCH and orders by INTERNALDATE on the client', async () => {
    const messages = generatedMessages(5);
    // Arrival order is not date order here: UID 2 is the newest.
    const { date: _headerDate, ...second } = messages[1]!;
    messages[1] = { ...second, internalDate: new Date(Date.UTC(2030, 0, 1)) };
    const capabilities = FULL_CAPABILITIES.filter((c) => c !== 'SORT');
    const { server, list } = await openList([{ name: 'INBOX', messages }], capabilities);
    await list.open('INBOX');
    expect(server.lines(/UID SEARCH|UID SORT/).map(untagged)).toEqual(['UID SEARCH RETURN (ALL) ALL']);
    expect(server.lines(/INTERNALDATE\)$/).map(untagged)).toEqual(['UID FETCH 1:* (UID INTERNALDATE)']);
    expect([0, 1, 2, 3, 4].map((i) => list.uidAt(i))).toEqual([2, 5, 4, 3, 1]);
    expect(list.progress).toBeNull();
  });

  it('shows the newest messages by UID before the list of every UID answers', async () => {
    const capabilities = FULL_CAPABILITIES.filter((c) => c !== 'SORT' && c !== 'ESEARCH');
    const search = heldAnswer(/UID SEARCH ALL/);
    const { server, client } = await signedIn({ folders: [big(500)], capabilities, holds: [search.hold] });
    const list = new MessageList(client);
    const opened = list.open('Big');
    await vi.waitFor(() => expect(list.rowAt(0)).toBeDefined());
    expect(list.rowAt(0)?.uid).toBe(500);
    expect(list.ordering).toBe(true);
    const [fetchIndex, searchIndex] = [/UID FETCH 461:\*/, /UID SEARCH ALL/].map((re) =>
      server.log.findIndex((line) => re.test(line)),
    );
    expect(fetchIndex).toBeGreaterThan(-1);
    expect(fetchIndex).toBeLessThan(searchIndex as number);
    search.release();
    await opened;
    expect([list.count, list.uidAt(0), list.uidAt(499)]).toEqual([500, 500, 1]);
  });

  it('reads the dates on the side connection, leaving the list\u2019s connection free', async () => {
    const capabilities = FULL_CAPABILITIES.filter((c) => c !== 'SORT');
    const messages = generatedMessages(300);
    // Arrival order is not date order: UID 7 is the newest, so the order can only come from the dates.
    messages[6] = { ...messages[6]!, internalDate: new Date(Date.UTC(2030, 0, 1)) };
    const folders = [{ name: 'Big', messages }];
    const dates = heldAnswer(/INTERNALDATE\)$/);
    const side = secondaryConnections(folders, { capabilities, holds: [dates.hold] });
    const sorter = new SideSorter(side.open, { minMessages: 0 });
    const { server, client } = await signedIn({ folders, capabilities });
    const list = new MessageList(client, { sortOnSide: sorter.sort });
    const opened = list.open('Big');
    await vi.waitFor(() => expect(side.servers[0]?.lines(/INTERNALDATE\)$/)).toHaveLength(1));
    // Meanwhile the list shows arrival order, and its connection answers what the user asks.
    await vi.waitFor(() => expect(list.count).toBe(300));
    expect(list.uidAt(0)).toBe(300);
    const fetched = await client.fetch([{ start: 1, end: 1 }], { flags: true });
    expect(fetched.messages.map((message) => message.uid)).toEqual([1]);
    expect(list.ordering).toBe(true);
    dates.release();
    await opened;
    expect([list.uidAt(0), list.uidAt(1)]).toEqual([7, 300]);
    expect(side.servers[0]!.lines(/ UID (SORT|FETCH) /).map(untagged)).toEqual([
      'UID FETCH 1:* (UID INTERNALDATE)',
    ]);
    expect(server.lines(/INTERNALDATE\)$/)).toEqual([]);
    sorter.dispose();
  });

  it('keeps a folder\u2019s dates for the next visit, and reads them again once its messages changed', async () => {
    const { server, list, datesAsked } = await twoFoldersWithoutSort();
    await list.open('Big');
    expect([datesAsked(), list.uidAt(0), list.uidAt(1)]).toEqual([1, 5, 30]);
    await list.open('Other');
    expect(datesAsked()).toBe(2);
    await list.open('Big');
    expect([datesAsked(), list.uidAt(0), list.uidAt(1), list.count]).toEqual([2, 5, 30, 30]);
    await list.open('Other'); // kept too
    server.deliver('Big', { ...generatedMessages(1)[0]!, internalDate: new Date(Date.UTC(2000, 0, 1)) });
    await list.open('Big');
    expect([datesAsked(), list.count, list.uidAt(0), list.uidAt(30)]).toEqual([3, 31, 5, 31]);
  });

  it('brings a kept order up to date when mail came and went meanwhile, dating only the new messages', async () => {
    const { server, list, datesAsked } = await twoFoldersWithoutSort();
    await list.open('Big');
    await list.open('Other');
    const newMail = { ...generatedMessages(1)[0]!, internalDate: new Date(Date.UTC(2031, 0, 1)) };
    server.deliver('Big', newMail);
    server.expunge('Big', [30]);
    await list.open('Big');
    expect(datesAsked()).toBe(2);
    expect(
      server
        .lines(/INTERNALDATE\)$/)
        .map(untagged)
        .at(-1),
    ).toBe('UID FETCH 5,31 (UID INTERNALDATE)');
    expect([list.count, list.uidAt(0), list.uidAt(1), list.uidAt(2)]).toEqual([30, 31, 5, 29]);
    expect(list.ordering).toBe(false);
  });

  it('keeps the order it adopted for the next visit, not the list it went on changing (an expunge meanwhile)', async () => {
    const { server, list } = await twoFoldersWithoutSort();
    await list.open('Big');
    server.expunge('Big', [5]);
    await vi.waitFor(() => expect(list.count).toBe(29));
    await afterBurst();
    await list.open('Other');
    await list.open('Big');
    const shown = Array.from({ length: list.count }, (_, i) => list.uidAt(i));
    expect([list.count, new Set(shown).size, shown[0], shown[28]]).toEqual([29, 29, 30, 1]);
    // Big's dates and Other's, each once: the kept order only lost the message that left.
    expect(server.lines(/UID FETCH 1:\* \(UID INTERNALDATE\)$/)).toHaveLength(2);
  });

  it('falls back to plain UID SEARCH without ESEARCH', async () => {
    const capabilities = FULL_CAPABILITIES.filter((c) => c !== 'SORT' && c !== 'ESEARCH');
    const { server, list } = await openList([big(3)], capabilities);
    await list.open('Big');
    expect(server.lines(/UID SEARCH/).map(untagged)).toEqual(['UID SEARCH ALL']);
    expect([list.uidAt(0), list.uidAt(2)]).toEqual([3, 1]);
  });
});

describe('MessageList and changes from the server', () => {
  it('updates a row on an unsolicited FETCH FLAGS and recounts unread messages', async () => {
    const { server, list, counts } = await openList([big(10)]);
    await list.open('Big');
    list.setViewport(0, 9);
    await vi.waitFor(() => expect(list.rowAt(9)).toBeDefined());
    expect(list.rowAt(0)?.seen).toBe(false); // UID 10: (10 - 1) % 3 === 0
    const message = server.folder('Big').messages[9];
    if (message) message.flags = ['\\Seen', '\\Flagged'];
    server.push('* 10 FETCH (UID 10 FLAGS (\\Seen \\Flagged))\r\n');
    expect(list.rowAt(0)).toMatchObject({ seen: true, flagged: true });
    await vi.waitFor(() => expect(server.lines(/UNSEEN/)).toHaveLength(1));
    await vi.waitFor(() => expect(counts).toHaveBeenCalledWith('Big', { unseen: 3 }));
  });

  it('finds the row of a FETCH that names only a sequence number', async () => {
    const { server, list } = await openList([big(10)]);
    await list.open('Big');
    list.setViewport(0, 9);
    await vi.waitFor(() => expect(list.rowAt(9)).toBeDefined());
    server.push('* 3 FETCH (FLAGS (\\Answered))\r\n');
    expect(list.rowAt(list.indexOfUid(3))?.answered).toBe(true);
  });

  it('removes an expunged message, keeping the cursor on the message it was on', async () => {
    const { server, list } = await openList([big(10)]);
    await list.open('Big');
    list.moveCursor(5); // UID 5
    server.push('* 8 EXPUNGE\r\n'); // UID 8, above the cursor in the display order
    await afterBurst();
    expect(list.count).toBe(9);
    expect(list.indexOfUid(8)).toBe(-1);
    expect(list.uidAt(list.cursor)).toBe(5);
  });

  it('closes the open message when it is expunged', async () => {
    const { server, client } = await signedIn({ folders: [big(4)] });
    const gone = vi.fn();
    const list = new MessageList(client, { onOpenGone: gone });
    await list.open('Big');
    // With what its row knows: RFC822.SIZE (generatedMessages: 999 + the UID), so the reader may fetch it whole,
    // and that it is unread (every third message), so the reader asks the server before the device.
    expect(list.openAt(0)).toEqual({ mailbox: 'Big', uidValidity: 1000, uid: 4, size: 1003, seen: false });
    server.push('* 4 EXPUNGE\r\n');
    await afterBurst();
    expect(list.openUid).toBeNull();
    expect(gone).toHaveBeenCalledOnce();
  });

  it('puts new mail (EXISTS) at the top, fetched from UIDNEXT on', async () => {
    const { server, list } = await openList([big(3)]);
    await list.open('Big');
    list.moveCursor(1);
    const folder = server.folder('Big');
    folder.messages.push(...generatedMessages(5).slice(3));
    server.push('* 5 EXISTS\r\n');
    await vi.waitFor(() => expect(list.count).toBe(5));
    expect(server.lines(/UID FETCH 4:\*/)).toHaveLength(1);
    expect([0, 1, 2].map((i) => list.uidAt(i))).toEqual([5, 4, 3]);
    expect(list.uidAt(list.cursor)).toBe(2);
    // The sequence list grew with it: an EXPUNGE of seq 5 is UID 5.
    server.push('* 5 EXPUNGE\r\n');
    await afterBurst();
    expect(list.indexOfUid(5)).toBe(-1);
  });

  it('starts over when UIDVALIDITY changes', async () => {
    const { server, list } = await openList([big(3)]);
    await list.open('Big');
    server.folder('Big').uidValidity = 2000;
    server.push('* OK [UIDVALIDITY 2000] new\r\n');
    await vi.waitFor(() => expect(list.uidValidity).toBe(2000));
    expect(server.lines(/SELECT/)).toHaveLength(2);
  });
});

describe('MessageList with a side connection for the sort', () => {
  it('sorts on the side connection; its own sends no UID SORT, only UID SEARCH ALL to check the UIDs', async () => {
    const folders = [big(700)];
    const side = secondaryConnections(folders);
    const sorter = new SideSorter(side.open, { minMessages: 0 });
    const { server, client } = await signedIn({ folders });
    const list = new MessageList(client, { sortOnSide: sorter.sort });
    await list.open('Big');
    expect(list.count).toBe(700);
    expect(list.uidAt(0)).toBe(700);
    expect(list.uidAt(699)).toBe(1);
    expect(server.lines(/UID SORT/)).toEqual([]);
    expect(server.lines(/UID SEARCH/).map(untagged)).toEqual(['UID SEARCH RETURN (ALL) ALL']);
    expect(side.servers[0]!.lines(/UID SORT/).map(untagged)).toEqual([
      'UID SORT RETURN (ALL) (DATE) UTF-8 ALL',
    ]);
    sorter.dispose();
  });

  it("sorts a folder the user left during its side sort nowhere: the list's connection sends no UID SORT", async () => {
    const folders = [big(300), { name: 'Other', messages: generatedMessages(200) }];
    const side = secondaryConnections(folders, { delays: [{ match: /UID SORT/, ms: 100 }] });
    const sorter = new SideSorter(side.open, { minMessages: 0 });
    const { server, client } = await signedIn({ folders });
    const list = new MessageList(client, { sortOnSide: sorter.sort });
    const first = list.open('Big');
    await vi.waitFor(() => expect(side.servers[0]?.lines(/UID SORT/)).toHaveLength(1));
    await list.open('Other');
    await first;
    expect([list.path, list.count, list.uidAt(0)]).toEqual(['Other', 200, 200]);
    expect(server.lines(/UID SORT/)).toEqual([]);
    sorter.dispose();
  });

  it("answers a FETCH on the list's connection while the side connection is still sorting", async () => {
    const folders = [big(300)];
    const sort = heldAnswer(/UID SORT/);
    const side = secondaryConnections(folders, { holds: [sort.hold] });
    const sorter = new SideSorter(side.open, { minMessages: 0 });
    const { server, client } = await signedIn({ folders });
    const list = new MessageList(client, { sortOnSide: sorter.sort });
    const opened = list.open('Big');
    await vi.waitFor(() => expect(side.servers[0]?.lines(/UID SORT/)).toHaveLength(1));
    expect(list.ordering).toBe(true);
    // Nothing of the sort is in flight on the list's connection: a real server would answer this FETCH first.
    expect(server.lines(/UID SORT/)).toEqual([]);
    const fetched = await client.fetch([{ start: 1, end: 1 }], { flags: true });
    expect(fetched.messages.map((message) => message.uid)).toEqual([1]);
    expect(list.ordering).toBe(true);
    sort.release();
    await opened;
    expect(list.ordering).toBe(false);
    sorter.dispose();
  });

  it('sorts on its own connection when the side saw other UIDs (an arrival this connection has not seen)', async () => {
    const side = secondaryConnections([big(401)]);
    const sorter = new SideSorter(side.open, { minMessages: 0 });
    const { server, client } = await signedIn({ folders: [big(400)] });
    const list = new MessageList(client, { sortOnSide: sorter.sort });
    await list.open('Big');
    expect(list.count).toBe(400);
    expect(list.uidAt(0)).toBe(400);
    expect(server.lines(/UID SORT/).map(untagged)).toEqual(['UID SORT RETURN (ALL) (DATE) UTF-8 ALL']);
    sorter.dispose();
  });
});
