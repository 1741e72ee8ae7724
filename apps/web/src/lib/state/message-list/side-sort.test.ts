import type { ImapClient } from '@webmail/imap-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FULL_CAPABILITIES, generatedMessages } from '../testing/fake-imap.ts';
import type { FakeFolder } from '../testing/fake-imap.ts';
import { secondaryConnections } from '../testing/secondary-connections.ts';
import { SIDE_SORT_MIN, SideSorter } from './side-sort.ts';

const big = (count: number): FakeFolder => ({ name: 'Big', messages: generatedMessages(count) });
const FAKE_UIDVALIDITY = 1;

afterEach(() => {
  vi.useRealTimers();
});

async function uidValidityOf(open: () => Promise<ImapClient>): Promise<number> {
  return (await (await open()).examine('Big')).uidValidity ?? 0;
}

describe('SideSorter', () => {
  it('sorts a folder newest first on its own connection with EXAMINE and UID SORT, and reuses it', async () => {
    const side = secondaryConnections([big(300)]);
    const uidValidity = await uidValidityOf(side.open);
    side.servers.length = 0;
    const sorter = new SideSorter(side.open, { minMessages: 0 });
    const order = await sorter.sort('Big', uidValidity, 100);
    expect(order?.length).toBe(300);
    expect(order?.[0]).toBe(300);
    expect(await sorter.sort('Big', uidValidity, 100)).toEqual(order);
    expect(side.servers).toHaveLength(1);
    const sent = side.servers[0]!.lines(/ (EXAMINE|UID SORT|SELECT) /).map((line) =>
      line.replace(/^\S+ /, ''),
    );
    expect(sent).toEqual([
      'EXAMINE Big',
      'UID SORT RETURN (ALL) (DATE) UTF-8 ALL',
      'EXAMINE Big',
      'UID SORT RETURN (ALL) (DATE) UTF-8 ALL',
    ]);
    sorter.dispose();
  });

  it('orders by INTERNALDATE from one streamed UID FETCH when the server has no SORT', async () => {
    const capabilities = FULL_CAPABILITIES.filter((c) => c !== 'SORT');
    const messages = generatedMessages(40);
    messages[2] = { ...messages[2]!, internalDate: new Date(Date.UTC(2030, 0, 1)) };
    const side = secondaryConnections([{ name: 'Big', messages }], { capabilities });
    const uidValidity = await uidValidityOf(side.open);
    side.servers.length = 0;
    const sorter = new SideSorter(side.open, { minMessages: 0 });
    const order = await sorter.sort('Big', uidValidity, 40);
    expect(order && [...order.slice(0, 3)]).toEqual([3, 40, 39]);
    expect(order?.length).toBe(40);
    expect(
      side.servers[0]!.lines(/ (EXAMINE|UID SORT|UID FETCH) /).map((line) => line.replace(/^\S+ /, '')),
    ).toEqual(['EXAMINE Big', 'UID FETCH 1:* (UID INTERNALDATE)']);
    sorter.dispose();
  });

  it('answers null without sorting when the folder was recreated (another UIDVALIDITY)', async () => {
    const side = secondaryConnections([big(10)]);
    const sorter = new SideSorter(side.open, { minMessages: 0 });
    expect(await sorter.sort('Big', FAKE_UIDVALIDITY + 12345, 100)).toBeNull();
    expect(side.servers[0]!.lines(/UID SORT/)).toEqual([]);
    sorter.dispose();
  });

  it('drops a sort nobody waits for: a newer request closes its connection and sorts on a new one', async () => {
    const side = secondaryConnections([big(50)], { delays: [{ match: /UID SORT/, ms: 200 }] });
    const uidValidity = await uidValidityOf(side.open);
    side.servers.length = 0;
    const sorter = new SideSorter(side.open, { minMessages: 0 });
    const first = sorter.sort('Big', uidValidity, 100);
    await vi.waitFor(() => expect(side.servers[0]?.lines(/UID SORT/)).toHaveLength(1));
    const second = sorter.sort('Big', uidValidity, 100);
    expect(await first).toBeNull();
    expect((await second)?.length).toBe(50);
    expect(side.servers).toHaveLength(2);
    sorter.dispose();
  });

  it('answers null when the side connection cannot sign in, and does not try again for a while', async () => {
    let now = 1_000;
    const open = vi.fn(() => Promise.reject(new Error('[LIMIT] too many connections')));
    const sorter = new SideSorter(open, { minMessages: 0, now: () => now, retryMs: 60_000 });
    expect(await sorter.sort('Big', 1, 100)).toBeNull();
    expect(await sorter.sort('Big', 1, 100)).toBeNull();
    expect(open).toHaveBeenCalledTimes(1);
    now += 60_001;
    expect(await sorter.sort('Big', 1, 100)).toBeNull();
    expect(open).toHaveBeenCalledTimes(2);
    sorter.dispose();
  });

  it('logs its connection out once unused for a while, and opens another when asked again', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const side = secondaryConnections([big(20)]);
    const sorter = new SideSorter(side.open, { minMessages: 0, idleMs: 1_000 });
    const uidValidity = await uidValidityOf(side.open);
    side.servers.length = 0;
    expect(await sorter.sort('Big', uidValidity, 100)).not.toBeNull();
    await vi.advanceTimersByTimeAsync(999);
    expect(side.servers[0]!.lines(/LOGOUT/)).toEqual([]);
    await vi.advanceTimersByTimeAsync(2);
    await vi.waitFor(() => expect(side.servers[0]!.lines(/LOGOUT/)).toHaveLength(1));
    expect(await sorter.sort('Big', uidValidity, 100)).not.toBeNull();
    expect(side.servers).toHaveLength(2);
    sorter.dispose();
    await vi.waitFor(() => expect(side.servers[1]!.lines(/LOGOUT/)).toHaveLength(1));
  });

  it('leaves folders under SIDE_SORT_MIN messages to the list connection, without opening one', async () => {
    const open = vi.fn(() => Promise.reject(new Error('not to be opened')));
    const sorter = new SideSorter(open);
    expect(await sorter.sort('Big', 1, SIDE_SORT_MIN - 1)).toBeNull();
    expect(open).not.toHaveBeenCalled();
    sorter.dispose();
  });
});
