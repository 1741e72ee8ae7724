import { describe, expect, it } from 'vitest';
import { rangesFromNumbers } from '@webmail/imap-core';
import { movedCount, runBatches, sameMailbox, uidBatches } from './bulk.ts';

describe('uidBatches', () => {
  it.each([
    [[], 3, []],
    [[5, 1, 3], 3, [[1, 3, 5]]],
    [[4, 4, 0, 2, 2, 1], 2, [[1, 2], [4]]],
    [[7, 6, 5, 4, 3, 2, 1], 3, [[1, 2, 3], [4, 5, 6], [7]]],
  ])('%j in batches of %i: %j (ascending, distinct, no 0)', (uids, size, expected) => {
    expect(uidBatches(uids, size).map((batch) => Array.from(batch))).toEqual(expected);
  });

  it('writes a batch as an explicit UID set, never "*"', () => {
    expect(rangesFromNumbers(Uint32Array.of(1, 2, 3, 7, 9, 10))).toEqual([
      { start: 1, end: 3 },
      { start: 7, end: 7 },
      { start: 9, end: 10 },
    ]);
  });
});

describe('runBatches', () => {
  const batches = uidBatches([1, 2, 3, 4, 5], 2);

  it('runs every batch in order and reports progress after each', async () => {
    const order: number[][] = [];
    const progress: [number, number][] = [];
    const outcome = await runBatches(batches, async (batch) => order.push(Array.from(batch)), {
      onProgress: (done, total) => progress.push([done, total]),
    });
    expect(order).toEqual([[1, 2], [3, 4], [5]]);
    expect(progress).toEqual([
      [2, 5],
      [4, 5],
      [5, 5],
    ]);
    expect(outcome).toMatchObject({ done: 5, total: 5, cancelled: false, error: null });
  });

  it('stops at the first failure: later batches never start', async () => {
    const started: number[] = [];
    const refusal = new Error('NO');
    const outcome = await runBatches(
      batches,
      async (batch) => {
        started.push(batch[0] as number);
        if (batch[0] === 3) throw refusal;
      },
      {},
    );
    expect(started).toEqual([1, 3]);
    expect(outcome).toMatchObject({ done: 2, total: 5, cancelled: false, error: refusal });
    expect(outcome.batches).toHaveLength(1);
  });

  it('finishes the batch under way when cancelled, and starts no other', async () => {
    const controller = new AbortController();
    const finished: number[] = [];
    const outcome = await runBatches(
      batches,
      async (batch) => {
        controller.abort();
        await Promise.resolve();
        finished.push(batch[0] as number);
      },
      { signal: controller.signal },
    );
    expect(finished).toEqual([1]);
    expect(outcome).toMatchObject({ done: 2, total: 5, cancelled: true, error: null });
  });
});

describe('movedCount', () => {
  const uids = Uint32Array.of(1, 2, 3);
  const copyUid = { uidValidity: 9, source: [{ start: 1, end: 2 }], destination: [{ start: 7, end: 8 }] };
  it('counts what COPYUID says was copied (UIDs gone meanwhile are left out)', () => {
    expect(movedCount({ uids, result: { copyUid, copyUidProblem: null } })).toBe(2);
    const moved = { method: 'MOVE', copyUid, copyUidProblem: null, sourceRemoved: true } as const;
    expect(movedCount({ uids, result: moved })).toBe(2);
  });
  it.each([
    ['gave no COPYUID', null],
    ['gave a COPYUID that did not fit, which imap-core dropped', 'COPYUID ignored: it names a UID twice'],
  ])('counts the batch when the server %s', (_name, copyUidProblem) => {
    expect(movedCount({ uids, result: { copyUid: null, copyUidProblem } })).toBe(3);
    const moved = { method: 'MOVE', copyUid: null, copyUidProblem, sourceRemoved: true } as const;
    expect(movedCount({ uids, result: moved })).toBe(3);
  });
});

describe('sameMailbox', () => {
  it.each([
    ['INBOX', 'inbox', true],
    ['Inbox', 'INBOX', true],
    ['Archive', 'archive', false],
    ['INBOX/a', 'inbox/a', false],
  ])('%s and %s: %s', (a, b, same) => expect(sameMailbox(a, b)).toBe(same));
});
