import { describe, expect, it, vi } from 'vitest';
import { MessageList } from './message-list.svelte.ts';
import { signedIn } from '../testing/connect.ts';
import { QRESYNC_CAPABILITIES, generatedMessages } from '../testing/fake-imap.ts';
import { UidList } from './uid-list.ts';

const afterBurst = (): Promise<void> => Promise.resolve();

async function opened(count: number, capabilities?: string[], enable: string[] = []) {
  const { server, client } = await signedIn({
    folders: [{ name: 'Big', messages: generatedMessages(count) }],
    enable: enable.length > 0,
    ...(capabilities ? { capabilities } : {}),
  });
  if (enable.length > 0) await client.enable(enable);
  const counts = vi.fn();
  const list = new MessageList(client, { onCounts: counts });
  await list.open('Big');
  return { server, client, list, counts };
}

describe('MessageList removals', () => {
  it('moves the cursor to the message that takes the place of its expunged one, or up at the end', async () => {
    const { server, list } = await opened(5);
    list.moveCursor(1); // UID 4
    server.expunge('Big', [4]);
    await afterBurst();
    expect(list.uidAt(list.cursor)).toBe(3);
    list.moveCursor(3); // UID 1, the last row
    server.expunge('Big', [1]);
    await afterBurst();
    expect([list.cursor, list.uidAt(list.cursor)]).toEqual([2, 2]);
  });

  it('lets no action fall on the neighbour of a chosen message that another client expunged', async () => {
    const { server, list } = await opened(5);
    list.openAt(list.indexOfUid(4));
    expect(Array.from(list.selection.target()?.uids ?? [])).toEqual([4]);
    server.expunge('Big', [4]);
    await afterBurst();
    expect(list.uidAt(list.cursor)).toBe(3);
    expect(list.selection.target()).toBeNull();
    // Once the user moves the cursor, its row is the target again.
    list.moveCursor(list.cursor);
    expect(Array.from(list.selection.target()?.uids ?? [])).toEqual([3]);
    // A selection that vanished entirely does not fall back to the cursor either.
    list.selection.click(list.indexOfUid(2));
    server.expunge('Big', [2]);
    await afterBurst();
    expect(list.selection.target()).toBeNull();
  });

  it('takes a burst of 5,000 EXPUNGEs out of a 10,000-message order in one sweep', async () => {
    const { server, list, counts } = await opened(10_000);
    list.moveCursor(list.indexOfUid(5001));
    list.selection.selectAll();
    // Every other message, as a bulk move's EXPUNGEs arrive: highest sequence number first.
    let burst = '';
    for (let seq = 10_000; seq >= 2; seq -= 2) burst += `* ${seq} EXPUNGE\r\n`;
    server.push(burst);
    await afterBurst();
    expect(list.count).toBe(5000);
    expect([list.uidAt(0), list.uidAt(4999)]).toEqual([9999, 1]);
    expect(list.uidAt(list.cursor)).toBe(5001);
    expect(list.selection.size).toBe(5000);
    expect(counts.mock.calls.filter(([, c]) => 'messages' in c).at(-1)).toEqual(['Big', { messages: 5000 }]);
    // The sequence list is right too: seq 1 is UID 1, seq 2 is UID 3.
    server.push('* 2 EXPUNGE\r\n');
    await afterBurst();
    expect(list.indexOfUid(3)).toBe(-1);
  });

  it('removes UIDs another client expunged in a QRESYNC session (VANISHED ranges)', async () => {
    const { server, list } = await opened(20, QRESYNC_CAPABILITIES, ['QRESYNC']);
    server.expunge('Big', [3, 4, 5, 6, 15]);
    await afterBurst();
    expect(list.count).toBe(15);
    for (const uid of [3, 4, 5, 6, 15]) expect(list.indexOfUid(uid)).toBe(-1);
  });

  it('removes UIDs of a VANISHED (EARLIER) report', async () => {
    const { server, list } = await opened(20, QRESYNC_CAPABILITIES, ['QRESYNC']);
    list.openAt(list.indexOfUid(12));
    server.push('* VANISHED (EARLIER) 10:12,30\r\n');
    expect(list.count).toBe(17);
    expect(list.openUid).toBeNull();
  });
});

describe('UidList.removeWhere', () => {
  it('removes in one pass and says where a tracked entry went', () => {
    const list = new UidList();
    list.set(Uint32Array.from([9, 8, 7, 6, 5, 4]));
    expect(list.removeWhere(new Set([8, 6]), 3)).toEqual({ removed: 2, tracked: 2 });
    expect(Array.from(list.toArray())).toEqual([9, 7, 5, 4]);
    // The tracked entry itself went: the one that moved into its place.
    expect(list.removeWhere(new Set([7]), 1)).toEqual({ removed: 1, tracked: 1 });
    expect(list.at(1)).toBe(5);
  });

  it('removes 5,000 of 100,000 UIDs', () => {
    const list = new UidList();
    list.set(Uint32Array.from({ length: 100_000 }, (_, i) => 100_000 - i));
    const gone = new Set(Array.from({ length: 5000 }, (_, i) => i * 20 + 1));
    list.removeWhere(gone);
    expect(list.length).toBe(95_000);
  });
});
