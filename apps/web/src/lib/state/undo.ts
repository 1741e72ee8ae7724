// Undo of a move (or a delete to Trash) is a move back: the destination UIDs come from COPYUID (RFC 4315 3),
// which UID MOVE also reports (RFC 6851 4.3). Without them the moved messages cannot be named, so there is
// nothing to undo; nor after a copy-and-mark-deleted move (no MOVE, no UIDPLUS), whose originals never left;
// nor when the server's COPYUID did not fit the move (imap-core then drops it and says why in
// copyUidProblem): moving back whatever it named could move messages the action never moved.

import type { MoveResult } from '@webmail/imap-core';
import type { BatchResult } from './bulk.ts';
import type { FolderRole } from './folder-model.ts';

export interface UndoRecord {
  /** Where the messages came from (and go back to). */
  readonly source: string;
  readonly sourceRole: FolderRole | null;
  /** Where they are now, under this UIDVALIDITY, with these UIDs (ascending, distinct). */
  readonly destination: string;
  readonly uidValidity: number;
  readonly uids: Uint32Array;
}

/** Whether the server's answer to one of these batches did not fit it: undo is then unavailable, and says so. */
export function undoUnknown(batches: readonly BatchResult<MoveResult>[]): boolean {
  return batches.some((batch) => batch.result.copyUidProblem !== null);
}

/** The record for finished move batches; null when they cannot be moved back (see above). */
export function undoRecordOf(
  source: string,
  sourceRole: FolderRole | null,
  destination: string,
  batches: readonly BatchResult<MoveResult>[],
): UndoRecord | null {
  if (batches.length === 0) return null;
  const moved = new Set<number>();
  let uidValidity: number | null = null;
  for (const { uids, result } of batches) {
    const copyUid = result.copyUid;
    if (result.method === 'COPY+DELETED' || copyUid === null) return null;
    if (uidValidity !== null && copyUid.uidValidity !== uidValidity) return null;
    uidValidity = copyUid.uidValidity;
    // imap-core checked that the destination is no larger than what this batch moved; never expand more.
    let count = 0;
    for (const range of copyUid.destination) count += range.end - range.start + 1;
    if (count > uids.length) return null;
    for (const range of copyUid.destination)
      for (let uid = range.start; uid <= range.end; uid++) moved.add(uid);
  }
  const uids = Uint32Array.from(moved).sort();
  return { source, sourceRole, destination, uidValidity: uidValidity ?? 0, uids };
}
