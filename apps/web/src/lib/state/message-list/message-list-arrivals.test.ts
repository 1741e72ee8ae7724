// New messages in the open folder take the place their date gives them: new mail on top at once; a message
// copied in with an old date among the rows whose dates the list holds, or, where those cannot tell, after one
// re-order of the folder for a whole burst. The cursor, the open message and the selection stay on their
// messages, and the rows in view move only when an arrival belongs among them.

import { describe, expect, it, vi } from 'vitest';
import { FULL_CAPABILITIES, generatedMessages } from '../testing/fake-imap.ts';
import type { FakeFolder, FakeMessage, FakeImapServer } from '../testing/fake-imap.ts';
import { signedIn } from '../testing/connect.ts';
import { secondaryConnections } from '../testing/secondary-connections.ts';
import type { ReorderTimer } from './list-reorder.ts';
import { MessageList } from './message-list.svelte.ts';
import type { MessageListOptions } from './message-list.svelte.ts';
import { SideSorter } from './side-sort.ts';

const HOUR = 3_600_000;
const START = Date.UTC(2024, 0, 1);
const WITHOUT_SORT = FULL_CAPABILITIES.filter((c) => c !== 'SORT');
const big = (count: number): FakeFolder => ({ name: 'Big', messages: generatedMessages(count) });

/**
 * A message dated `hours` after the first one of generatedMessages (UID n is dated n - 1 hours after it), its
 * INTERNALDATE `arrivalHours` after it (a COPY keeps the original's; an APPEND may set any).
 */
function dated(hours: number, arrivalHours = hours): Omit<FakeMessage, 'uid'> {
  return {
    flags: [],
    date: new Date(START + hours * HOUR).toUTCString(),
    internalDate: new Date(START + arrivalHours * HOUR),
    subject: `Dated ${hours}`,
    from: { name: 'Old', mailbox: 'old', host: 'example.org' },
    size: 500,
  };
}

/** The re-order's wait, on a clock the test moves: what waits runs when the test fires it. */
function manualClock() {
  const waiting = new Set<() => void>();
  const timer: ReorderTimer = (run) => {
    const entry = (): void => run();
    waiting.add(entry);
    return () => void waiting.delete(entry);
  };
  return {
    timer,
    get waiting(): number {
      return waiting.size;
    },
    fire(): void {
      const due = [...waiting];
      waiting.clear();
      for (const run of due) run();
    },
  };
}

async function opened(
  folders: FakeFolder[],
  capabilities = FULL_CAPABILITIES,
  options: MessageListOptions = {},
) {
  const clock = manualClock();
  const { server, client } = await signedIn({ folders, capabilities });
  const list = new MessageList(client, { reorderTimer: clock.timer, ...options });
  await list.open('Big');
  return { server, client, list, clock };
}

const shownUids = (list: MessageList): number[] =>
  Array.from({ length: list.count }, (_, i) => list.uidAt(i));
const viewUids = (list: MessageList): number[] => Array.from({ length: 20 }, (_, i) => list.uidAt(i));

/** The folder's order as the server has it: by Date (SORT, RFC 5256 3) or INTERNALDATE, later UID first on ties. */
function serverOrder(server: FakeImapServer, byInternalDate: boolean): number[] {
  const key = (m: FakeMessage): number =>
    byInternalDate ? m.internalDate.getTime() : Date.parse(m.date ?? '');
  return [...server.folder('Big').messages]
    .sort((a, b) => key(b) - key(a) || b.uid - a.uid)
    .map((m) => m.uid);
}

describe('MessageList arrivals', () => {
  it('lists new mail on top at once, the cursor on its message, with no re-order', async () => {
    const { server, list, clock } = await opened([big(100)]);
    list.moveCursor(3);
    const uid = server.deliver('Big', dated(200));
    await vi.waitFor(() => expect(list.count).toBe(101));
    expect([list.uidAt(0), list.uidAt(list.cursor), list.cursor]).toEqual([uid, 97, 4]);
    expect(clock.waiting).toBe(0);
    expect(server.lines(/UID SORT/)).toHaveLength(1);
  });

  it.each([
    ['with SORT, by its Date header', FULL_CAPABILITIES, 72],
    ['without SORT, by its INTERNALDATE', WITHOUT_SORT, 62],
  ])(
    'places an old-dated arrival among the rows whose dates it holds, %s, with no re-order',
    async (_name, capabilities, below) => {
      // The first rows (UIDs 61..100) are held from the head start; Date and INTERNALDATE disagree on purpose.
      const { server, list, clock } = await opened([big(100)], capabilities);
      list.setViewport(0, 19);
      list.moveCursor(list.indexOfUid(50));
      const view = viewUids(list);
      const uid = server.deliver('Big', dated(71.5, 61.5));
      await vi.waitFor(() => expect(list.count).toBe(101));
      // Just above UID `below` (dated an hour before it), in the same place as the server's order.
      expect(list.indexOfUid(uid)).toBe(list.indexOfUid(below) - 1);
      expect(shownUids(list)).toEqual(serverOrder(server, capabilities === WITHOUT_SORT));
      expect([viewUids(list), list.uidAt(list.cursor)]).toEqual([view, 50]);
      expect(clock.waiting).toBe(0);
      expect(server.lines(/UID SORT|INTERNALDATE\)$/)).toHaveLength(1);
    },
  );

  it('orders a burst of 30 old-dated arrivals with one re-order, where UID SORT puts them', async () => {
    const { server, list, clock } = await opened([big(500)]);
    list.setViewport(0, 19);
    await vi.waitFor(() => expect(list.rowAt(19)).toBeDefined());
    list.openAt(list.indexOfUid(495));
    list.selection.toggle(list.indexOfUid(498));
    list.selection.toggle(list.indexOfUid(485));
    list.moveCursor(list.indexOfUid(490));
    const view = viewUids(list);
    // Dated among messages the list holds no row of (only the newest are fetched), as a bulk copy from an archive.
    const copied = Array.from({ length: 30 }, (_, i) => server.deliver('Big', dated(10 * i + 5.5)));
    await vi.waitFor(() => expect(list.count).toBe(530));
    expect(list.indexOfUid(copied[0] as number)).toBeGreaterThan(19);
    // One wait for the whole burst, and nothing sorted before it ends.
    expect(clock.waiting).toBe(1);
    expect(server.lines(/UID SORT/)).toHaveLength(1);
    clock.fire();
    await vi.waitFor(() => expect(shownUids(list)).toEqual(serverOrder(server, false)));
    expect(server.lines(/UID SORT/)).toHaveLength(2);
    expect(viewUids(list)).toEqual(view);
    expect([list.uidAt(list.cursor), list.openUid]).toEqual([490, 495]);
    expect(Array.from(list.selection.uids())).toEqual([485, 498]);
    // Its row is shown where it now is.
    const at = list.indexOfUid(copied[29] as number);
    list.setViewport(at, at + 19);
    await vi.waitFor(() => expect(list.rowAt(at)?.subject).toBe('Dated 295.5'));
    expect(clock.waiting).toBe(0);
  });

  it('runs one re-order at a time: one asked for meanwhile runs once it ends', async () => {
    const clock = manualClock();
    const { server, client } = await signedIn({
      folders: [big(200)],
      delays: [{ match: /UID SORT/, ms: 200 }],
    });
    const list = new MessageList(client, { reorderTimer: clock.timer });
    await list.open('Big');
    server.deliver('Big', dated(20.5));
    await vi.waitFor(() => expect(clock.waiting).toBe(1));
    clock.fire();
    await vi.waitFor(() => expect(server.lines(/UID SORT/)).toHaveLength(2));
    // Arrives while that re-order runs: its place is not certain either, nor is the first arrival's yet.
    server.deliver('Big', dated(30.5));
    await vi.waitFor(() => expect(clock.waiting).toBe(1));
    clock.fire();
    await vi.waitFor(() => expect(shownUids(list)).toEqual(serverOrder(server, false)));
    const sorts = server.log.filter((line) => / UID SORT /.test(line)).map((line) => line.split(' ')[1]);
    expect(sorts).toHaveLength(3);
    // Each sort was sent only after the one before it was answered.
    for (let i = 1; i < sorts.length; i++) {
      const answered = server.log.findIndex((line) => line.startsWith(`S: ${sorts[i - 1]} OK`));
      const sent = server.log.findIndex((line) => line.includes(`${sorts[i]} UID SORT`));
      expect(answered).toBeGreaterThan(-1);
      expect(answered).toBeLessThan(sent);
    }
  });

  it('orders a large folder again on the side connection, leaving the list’s connection free', async () => {
    const folders = [big(300)];
    const side = secondaryConnections(folders);
    const sorter = new SideSorter(side.open, { minMessages: 0 });
    const { server, list, clock } = await opened(folders, FULL_CAPABILITIES, { sortOnSide: sorter.sort });
    expect(side.servers).toHaveLength(1);
    const message = dated(100.5);
    server.deliver('Big', message);
    side.servers[0]!.deliver('Big', message);
    await vi.waitFor(() => expect(clock.waiting).toBe(1));
    clock.fire();
    await vi.waitFor(() => expect(shownUids(list)).toEqual(serverOrder(server, false)));
    expect(server.lines(/UID SORT/)).toEqual([]);
    expect(side.servers[0]!.lines(/UID SORT/)).toHaveLength(2);
    sorter.dispose();
  });
});
