import { describe, expect, it } from 'vitest';
import type { FetchedMessage, NumberRange } from '@webmail/imap-core';
import type { MailClient } from '../mail-client.ts';
import { KEPT_ORDER_NEW_MAX, folderByInternalDate, updateDatedOrder } from './folder-order.ts';

/** A client whose UID FETCH streams `messages` (uid, date in days) in the order given. */
function streaming(messages: readonly [number, number][]): Pick<MailClient, 'fetch'> {
  const fetch = (async (_set, _items, options) => {
    for (const [uid, day] of messages) {
      options?.onMessage?.({
        seq: uid,
        uid,
        attributes: { uid, internalDate: Date.UTC(2025, 0, day) },
      } as unknown as FetchedMessage);
    }
    return { messages: [], vanished: [], unreadable: [] };
  }) as MailClient['fetch'];
  return { fetch };
}

describe('folderByInternalDate', () => {
  it('orders the streamed messages newest first, ties newest arrival first', async () => {
    const order = await folderByInternalDate(
      streaming([
        [1, 5],
        [2, 9],
        [3, 5],
        [4, 1],
      ]),
      4,
      1,
    );
    expect([...order]).toEqual([2, 3, 1, 4]);
  });

  it('lists a message streamed twice (a later FETCH of it merged into the first) once', async () => {
    const order = await folderByInternalDate(
      streaming([
        [1, 5],
        [2, 9],
        [3, 7],
        [2, 9],
        [4, 1],
      ]),
      4,
      1,
    );
    expect([...order]).toEqual([2, 3, 1, 4]);
  });

  it('grows past the count the folder was opened with (messages that arrived meanwhile)', async () => {
    const messages = Array.from({ length: 40 }, (_, i): [number, number] => [i + 1, i + 1]);
    const order = await folderByInternalDate(streaming(messages), 2, 1);
    expect(order.length).toBe(40);
    expect([order[0], order[39]]).toEqual([40, 1]);
  });
});

/** A client that dates the UIDs a UID FETCH names from `days` (uid -> day of January 2025), and notes each set. */
function dating(days: ReadonlyMap<number, number>): { client: Pick<MailClient, 'fetch'>; asked: string[] } {
  const asked: string[] = [];
  const fetch = (async (set: readonly NumberRange[]) => {
    asked.push(set.map((r) => (r.start === r.end ? `${r.start}` : `${r.start}:${r.end}`)).join(','));
    const messages = [...days]
      .filter(([uid]) => set.some((r) => r.start <= uid && uid <= r.end))
      .map(([uid, day]) => ({ seq: uid, uid, attributes: { uid, internalDate: Date.UTC(2025, 0, day) } }));
    return { messages, vanished: [], unreadable: [] };
  }) as unknown as MailClient['fetch'];
  return { client: { fetch }, asked };
}

describe('updateDatedOrder', () => {
  // Kept newest first: UID 2 (day 20), 4 (day 15), 1 (day 10), 3 (day 5).
  const kept = Uint32Array.of(2, 4, 1, 3);
  const days = new Map([
    [1, 10],
    [2, 20],
    [3, 5],
    [4, 15],
  ]);
  const update = async (now: number[], more: [number, number][] = []) => {
    const { client, asked } = dating(new Map([...days, ...more]));
    const order = await updateDatedOrder(client, kept, Uint32Array.from(now).sort());
    return { order: order && [...order], asked };
  };

  it('keeps the order of the same messages without a command', async () => {
    expect(await update([1, 2, 3, 4])).toEqual({ order: [2, 4, 1, 3], asked: [] });
  });

  it('leaves out the messages gone since without a command', async () => {
    expect(await update([1, 3, 4])).toEqual({ order: [4, 1, 3], asked: [] });
  });

  it('puts new mail on top by its dates, dating it beside the newest kept message still there', async () => {
    const now = [1, 3, 4, 5, 6, 7];
    expect(
      await update(now, [
        [5, 25],
        [6, 22],
        [7, 15],
      ]),
    ).toEqual({
      order: [5, 6, 7, 4, 1, 3],
      asked: ['4:7'],
    });
  });

  it('answers null when a new message is older than the newest kept one (copied in with an old date)', async () => {
    expect(await update([1, 2, 3, 4, 5], [[5, 12]])).toEqual({ order: null, asked: ['2,5'] });
  });

  it('answers null for a new message dated like the kept top but below it by UID', async () => {
    const { client } = dating(
      new Map([
        [3, 10],
        [4, 20],
        [5, 20],
      ]),
    );
    expect(await updateDatedOrder(client, Uint32Array.of(5, 3), Uint32Array.of(3, 4, 5))).toBeNull();
  });

  it('answers null without a command for a kept order that names a message twice', async () => {
    const { client, asked } = dating(days);
    expect(await updateDatedOrder(client, Uint32Array.of(2, 4, 1, 1), Uint32Array.of(1, 2, 4))).toBeNull();
    expect(asked).toEqual([]);
  });

  it('answers null when the server does not date a new message', async () => {
    expect((await update([1, 2, 3, 4, 9])).order).toBeNull();
  });

  it('answers null without a command when more new messages came than it takes in', async () => {
    const now = Array.from({ length: KEPT_ORDER_NEW_MAX + 1 }, (_, i) => i + 5);
    expect(await update([1, 2, 3, 4, ...now])).toEqual({ order: null, asked: [] });
  });
});
