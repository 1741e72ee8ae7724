// UID MOVE (RFC 6851 3.2) and the safe fallback for servers without it (RFC 6851 3.3 describes the
// equivalent COPY + STORE + EXPUNGE):
//   MOVE advertised:   UID MOVE.
//   UIDPLUS only:      UID COPY, then UID STORE +FLAGS.SILENT (\Deleted) and UID EXPUNGE of exactly the copied
//                      UIDs (from COPYUID when given), so other clients' \Deleted mail is never expunged.
//   neither:           UID COPY, then \Deleted on the sources, no expunge; the result says so.
// If the copy fails nothing else happens: the error propagates and the sources are untouched.

import { ErrorCodes, ImapError, UsageError } from '../errors.ts';
import type { MailboxName, NumberRange } from '../types.ts';
import type { Command } from './command.ts';
import { SELECTED_STATE, checkUidValidity, requireCapability } from './command.ts';
import type { CopyUid } from './copy.ts';
import { copyUidOf, uidCopyCommand } from './copy.ts';
import { uidExpungeCommand } from './expunge.ts';
import { uidStoreCommand } from './store.ts';

export interface MoveResult {
  readonly method: 'MOVE' | 'COPY+EXPUNGE' | 'COPY+DELETED';
  /** Source -> destination UIDs when the server reported them (COPYUID). */
  readonly copyUid: CopyUid | null;
  /** False for COPY+DELETED: the sources are still in the mailbox, marked \Deleted, until someone expunges. */
  readonly sourceRemoved: boolean;
}

export interface MoveOptions {
  readonly expectedUidValidity?: number;
}

export function uidMoveCommand(
  uids: readonly NumberRange[],
  destination: MailboxName,
  options: MoveOptions = {},
): Command<CopyUid | null> {
  let copyUid: CopyUid | null = null;
  return {
    name: 'UID MOVE',
    uids,
    states: SELECTED_STATE,
    check(context) {
      checkUidValidity(context, options.expectedUidValidity);
      if (!context.capabilities.has('IMAP4REV2')) requireCapability(context, 'MOVE', 'UID MOVE');
    },
    encode: (w) => void w.syntax('UID MOVE ').sequenceSet(uids).sp().mailbox(destination),
    onUntagged(response) {
      // RFC 6851 4.3: COPYUID comes in an untagged OK before the EXPUNGEs.
      if (response.kind === 'status' && response.status === 'OK')
        copyUid = copyUidOf(response.code) ?? copyUid;
    },
    onOk: (response) => copyUidOf(response.code) ?? copyUid,
  };
}

/**
 * The fallback copied the messages and then could not take the originals away: they are in both mailboxes.
 * `stage` says how far it got: 'flag' (the originals are untouched) or 'expunge' (they carry \Deleted).
 */
export class MoveIncompleteError extends ImapError {
  readonly stage: 'flag' | 'expunge';
  readonly copyUid: CopyUid | null;

  constructor(stage: 'flag' | 'expunge', copyUid: CopyUid | null, cause: unknown) {
    const step = stage === 'flag' ? 'marking the originals \\Deleted' : 'expunging the originals';
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(ErrorCodes.MOVE_INCOMPLETE, `the messages were copied, then ${step} failed: ${reason}`, { cause });
    this.name = 'MoveIncompleteError';
    this.stage = stage;
    this.copyUid = copyUid;
  }
}

/** Runs one command and waits for it (the client's or a test's executor). */
export type Run = <R>(command: Command<R>) => Promise<R>;

export async function moveMessages(
  run: Run,
  capabilities: ReadonlySet<string>,
  uids: readonly NumberRange[],
  destination: MailboxName,
  options: MoveOptions = {},
): Promise<MoveResult> {
  if (capabilities.has('MOVE') || capabilities.has('IMAP4REV2')) {
    const copyUid = await run(uidMoveCommand(uids, destination, options));
    return { method: 'MOVE', copyUid, sourceRemoved: true };
  }
  const uidPlus = capabilities.has('UIDPLUS');
  if (uids.some((r) => r.end === Infinity)) {
    // '*' would be re-evaluated by each of the three commands; a message arriving in between would be
    // flagged or expunged without having been copied.
    throw new UsageError(ErrorCodes.INVALID_ARGUMENT, 'a move without MOVE needs explicit UIDs, not "*"');
  }
  const copyUid = await run(uidCopyCommand(uids, destination, options));
  // Flag exactly what was copied: COPYUID's source set when the server gave one (it omits UIDs that no longer
  // existed), else the requested UIDs.
  const copied = copyUid?.source ?? uids;
  try {
    await run(uidStoreCommand(copied, { operation: 'add', flags: ['\\Deleted'], silent: true, ...options }));
  } catch (cause) {
    throw new MoveIncompleteError('flag', copyUid, cause);
  }
  if (!uidPlus) return { method: 'COPY+DELETED', copyUid, sourceRemoved: false };
  try {
    await run(uidExpungeCommand(copied, options));
  } catch (cause) {
    throw new MoveIncompleteError('expunge', copyUid, cause);
  }
  return { method: 'COPY+EXPUNGE', copyUid, sourceRemoved: true };
}
