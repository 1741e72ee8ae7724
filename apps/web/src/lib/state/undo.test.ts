import { describe, expect, it } from 'vitest';
import type { MoveResult } from '@webmail/imap-core';
import { undoRecordOf } from './undo.ts';

const batch = (result: MoveResult) => ({ uids: Uint32Array.of(1), result });
const moved = (uidValidity: number, start: number, end: number): MoveResult => ({
  method: 'MOVE',
  copyUid: { uidValidity, source: [{ start: 1, end: end - start + 1 }], destination: [{ start, end }] },
  sourceRemoved: true,
});

describe('undoRecordOf', () => {
  it('collects the destination UIDs of every batch', () => {
    const record = undoRecordOf('INBOX', 'inbox', 'Archive', [
      batch(moved(7, 10, 12)),
      batch(moved(7, 13, 20)),
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
    ['no COPYUID', [batch({ method: 'MOVE', copyUid: null, sourceRemoved: true })]],
    ['originals still there', [batch({ ...moved(7, 1, 1), method: 'COPY+DELETED', sourceRemoved: false })]],
    ['UIDVALIDITY changed between batches', [batch(moved(7, 1, 1)), batch(moved(8, 2, 2))]],
  ])('gives nothing to undo when %s', (_, batches) => {
    expect(undoRecordOf('INBOX', null, 'Archive', batches)).toBeNull();
  });
});
