import { describe, expect, it } from 'vitest';
import type { MoveResult } from '@webmail/imap-core';
import { undoRecordOf, undoUnknown } from './undo.ts';

const batch = (result: MoveResult) => ({ uids: Uint32Array.of(1), result });
const moved = (uidValidity: number, start: number, end: number): MoveResult => ({
  method: 'MOVE',
  copyUid: { uidValidity, source: [{ start: 1, end: end - start + 1 }], destination: [{ start, end }] },
  copyUidProblem: null,
  sourceRemoved: true,
});
const batchOf = (count: number, result: MoveResult) => ({
  uids: Uint32Array.from({ length: count }, (_, i) => i + 1),
  result,
});

describe('undoRecordOf', () => {
  it('collects the destination UIDs of every batch', () => {
    const record = undoRecordOf('INBOX', 'inbox', 'Archive', [
      batchOf(3, moved(7, 10, 12)),
      batchOf(8, moved(7, 13, 20)),
    ]);
    expect(record).toEqual({
      source: 'INBOX',
      sourceRole: 'inbox',
      destination: 'Archive',
      uidValidity: 7,
      uids: Uint32Array.of(10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20),
    });
  });

  it.each([
    ['nothing moved', []],
    ['no COPYUID', [batch({ method: 'MOVE', copyUid: null, copyUidProblem: null, sourceRemoved: true })]],
    [
      'a COPYUID that did not fit the move',
      [batch({ method: 'MOVE', copyUid: null, copyUidProblem: 'COPYUID ignored: x', sourceRemoved: true })],
    ],
    ['a destination larger than the batch (never expanded)', [batch(moved(7, 1, 4294967295))]],
    ['originals still there', [batch({ ...moved(7, 1, 1), method: 'COPY+DELETED', sourceRemoved: false })]],
    ['UIDVALIDITY changed between batches', [batch(moved(7, 1, 1)), batch(moved(8, 2, 2))]],
  ])('gives nothing to undo when %s', (_, batches) => {
    expect(undoRecordOf('INBOX', null, 'Archive', batches)).toBeNull();
  });

  it('says undo is unknown only when a COPYUID did not fit', () => {
    const untrusted = { method: 'MOVE', copyUid: null, copyUidProblem: 'why', sourceRemoved: true } as const;
    expect(undoUnknown([batch(moved(7, 1, 1)), batch(untrusted)])).toBe(true);
    expect(undoUnknown([batch(moved(7, 1, 1)), batch({ ...untrusted, copyUidProblem: null })])).toBe(false);
  });
});
