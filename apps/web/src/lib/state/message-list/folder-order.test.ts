import { describe, expect, it } from 'vitest';
import type { FetchedMessage } from '@webmail/imap-core';
import type { MailClient } from '../mail-client.ts';
import { folderByInternalDate } from './folder-order.ts';

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
