// UID MOVE (RFC 6851 3.2) and the safe fallback for servers without it (RFC 6851 3.3 describes the
// equivalent COPY + STORE + EXPUNGE):
//   MOVE advertised:   UID MOVE.
//   UIDPLUS only:      UID COPY, then UID STORE +FLAGS.SILENT (\Deleted) and UID EXPUNGE of exactly the copied
//                      UIDs (from COPYUID when given), so other clients' \Deleted mail is never expunged.
//   neither:           UID COPY, then \Deleted on the sources, no expunge; the result says so.
// If the copy fails nothing else happens: the error propagates and the sources are untouched. Every step names
// explicit UIDs ('*' is refused: each step would read it anew).

import { ErrorCodes, ImapError } from '../errors.ts';
import type { MailboxName, NumberRange } from '../types.ts';
import type { ResponseCode } from '../wire/response.ts';
import type { Command } from './command.ts';
import { SELECTED_STATE, checkUidValidity, requireCapability, requireExplicitUids } from './command.ts';
import type { CopyResult, CopyUid } from './copy.ts';
import { checkedCopyUid, uidCopyCommand, warnIfIgnored } from './copy.ts';
import { uidExpungeCommand } from './expunge.ts';
import { uidStoreCommand } from './store.ts';

export interface MoveResult extends CopyResult {
  readonly method: 'MOVE' | 'COPY+EXPUNGE' | 'COPY+DELETED';
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
): Command<CopyResult> {
  let untagged: ResponseCode | null = null;
  return {
    name: 'UID MOVE',
    uids,
    states: SELECTED_STATE,
    check(context) {
      requireExplicitUids('UID MOVE', uids);
      checkUidValidity(context, options.expectedUidValidity);
      if (!context.capabilities.has('IMAP4REV2')) requireCapability(context, 'MOVE', 'UID MOVE');
    },
    encode: (w) => void w.syntax('UID MOVE ').sequenceSet(uids).sp().mailbox(destination),
    onUntagged(response) {
      // RFC 6851 4.3: COPYUID comes in an untagged OK before the EXPUNGEs.
      if (response.kind === 'status' && response.status === 'OK' && response.code?.name === 'COPYUID')
        untagged = response.code;
    },
    onOk(response, context) {
      const code = response.code?.name === 'COPYUID' ? response.code : untagged;
      return warnIfIgnored(checkedCopyUid(code, uids), context);
    },
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
  requireExplicitUids('a move', uids);
  if (capabilities.has('MOVE') || capabilities.has('IMAP4REV2')) {
    const moved = await run(uidMoveCommand(uids, destination, options));
    return { method: 'MOVE', ...moved, sourceRemoved: true };
  }
  const uidPlus = capabilities.has('UIDPLUS');
  const copy = await run(uidCopyCommand(uids, destination, options));
  const { copyUid } = copy;
  // Flag exactly what was copied: COPYUID's source set when the server gave one that fits (it omits UIDs that
  // no longer existed), else the requested UIDs.
  const copied = copyUid?.source ?? uids;
  try {
    await run(uidStoreCommand(copied, { operation: 'add', flags: ['\\Deleted'], silent: true, ...options }));
  } catch (cause) {
    throw new MoveIncompleteError('flag', copyUid, cause);
  }
  if (!uidPlus) return { method: 'COPY+DELETED', ...copy, sourceRemoved: false };
  try {
    await run(uidExpungeCommand(copied, options));
  } catch (cause) {
    throw new MoveIncompleteError('expunge', copyUid, cause);
  }
  return { method: 'COPY+EXPUNGE', ...copy, sourceRemoved: true };
}
