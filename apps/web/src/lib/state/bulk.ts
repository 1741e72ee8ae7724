// Mutations on thousands of messages, done as a series of UID commands on explicit UID sets (never '*'), one
// batch at a time, with progress and a way to stop. A batch is one STORE, one COPY, or MOVE with its safe
// fallback (imap-core's moveMessages): it always runs to its end, so stopping between batches leaves the
// mailbox consistent (every message either fully handled or untouched). The first refused batch ends the run.
//
// Every command names the UIDVALIDITY the UIDs were read under (imap-core refuses it if the mailbox now has
// another) and the mailbox they belong to: checked when the command is sent, so a SELECT of another folder queued
// in between (the user clicked a folder) cannot redirect our UIDs to that folder, even when both folders share a
// UIDVALIDITY, which Dovecot gives folders created in the same second.

import {
  ErrorCodes,
  UsageError,
  moveMessages,
  rangesFromNumbers,
  uidCopyCommand,
  uidExpungeCommand,
  uidStoreCommand,
} from '@webmail/imap-core';
import type { Command, CopyResult, Flag, MoveResult } from '@webmail/imap-core';
import { isInbox } from './folder-model.ts';
import type { MailClient } from './mail-client.ts';

/** UIDs per command. Large enough that 5,000 messages take ten round trips, small enough to stop promptly. */
export const BULK_BATCH_SIZE = 500;

/** One mailbox under one UIDVALIDITY, and how to report and stop a run. */
export interface BulkContext {
  readonly client: MailClient;
  /** The mailbox the UIDs belong to: it must be the selected one when each command is sent. */
  readonly mailbox: string;
  readonly uidValidity: number;
  /** Aborted: no further batch starts (the current one completes). */
  readonly signal?: AbortSignal;
  /** After each batch: UIDs in finished batches, and all of them. */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface BatchResult<R> {
  readonly uids: Uint32Array;
  readonly result: R;
}

export interface BulkOutcome<R> {
  /** One entry per finished batch, in order. */
  readonly batches: readonly BatchResult<R>[];
  /** UIDs in finished batches. */
  readonly done: number;
  readonly total: number;
  /** Stopped by the signal before every batch ran. */
  readonly cancelled: boolean;
  /** Why the first unfinished batch failed; null when none failed. */
  readonly error: unknown;
}

/** Distinct non-zero UIDs, ascending, cut into batches of `size`. */
export function uidBatches(uids: ArrayLike<number>, size = BULK_BATCH_SIZE): Uint32Array[] {
  const sorted = Uint32Array.from(uids).sort();
  const distinct = sorted.filter((uid, i) => uid !== 0 && uid !== sorted[i - 1]);
  const batches: Uint32Array[] = [];
  for (let start = 0; start < distinct.length; start += size)
    batches.push(distinct.slice(start, start + size));
  return batches;
}

/** The batch as a UID set ('4:9,12'). */

/** Whether exactly chosen messages can be expunged (UID EXPUNGE: RFC 4315 2.1, part of IMAP4rev2). */
export function canExpungeByUid(capabilities: ReadonlySet<string>): boolean {
  return capabilities.has('UIDPLUS') || capabilities.has('IMAP4REV2');
}

/** Runs `work` on each batch in turn, stopping at the first failure or when the signal is aborted. */
export async function runBatches<R>(
  batches: readonly Uint32Array[],
  work: (batch: Uint32Array) => Promise<R>,
  context: Pick<BulkContext, 'signal' | 'onProgress'>,
): Promise<BulkOutcome<R>> {
  const total = batches.reduce((sum, batch) => sum + batch.length, 0);
  const finished: BatchResult<R>[] = [];
  let done = 0;
  for (const batch of batches) {
    if (context.signal?.aborted) return { batches: finished, done, total, cancelled: true, error: null };
    try {
      finished.push({ uids: batch, result: await work(batch) });
    } catch (error) {
      return { batches: finished, done, total, cancelled: false, error };
    }
    done += batch.length;
    context.onProgress?.(done, total);
  }
  return { batches: finished, done, total, cancelled: false, error: null };
}

/** Adds and removes flags (+FLAGS.SILENT / -FLAGS.SILENT: never a FLAGS replace, so others' flags are kept). */
export function storeFlags(
  context: BulkContext,
  batches: readonly Uint32Array[],
  add: readonly Flag[],
  remove: readonly Flag[],
): Promise<BulkOutcome<void>> {
  const run = guardedRun(context);
  const guard = { expectedUidValidity: context.uidValidity };
  return runBatches(
    batches,
    async (batch) => {
      const uids = rangesFromNumbers(batch);
      if (add.length > 0) await run(uidStoreCommand(uids, { operation: 'add', flags: add, ...guard }));
      if (remove.length > 0)
        await run(uidStoreCommand(uids, { operation: 'remove', flags: remove, ...guard }));
    },
    context,
  );
}

/** UID MOVE, or COPY + STORE \Deleted [+ UID EXPUNGE] where MOVE is missing (imap-core decides per batch). */
export function moveUids(
  context: BulkContext,
  batches: readonly Uint32Array[],
  destination: string,
): Promise<BulkOutcome<MoveResult>> {
  const run = guardedRun(context);
  const capabilities = context.client.capabilities;
  return runBatches(
    batches,
    (batch) =>
      moveMessages(run, capabilities, rangesFromNumbers(batch), destination, {
        expectedUidValidity: context.uidValidity,
      }),
    context,
  );
}

export function copyUids(
  context: BulkContext,
  batches: readonly Uint32Array[],
  destination: string,
): Promise<BulkOutcome<CopyResult>> {
  const run = guardedRun(context);
  return runBatches(
    batches,
    (batch) =>
      run(
        uidCopyCommand(rangesFromNumbers(batch), destination, { expectedUidValidity: context.uidValidity }),
      ),
    context,
  );
}

/**
 * Removes exactly these messages: +FLAGS.SILENT (\Deleted), then UID EXPUNGE of the same UIDs, so messages
 * that others marked \Deleted stay. Without UIDPLUS only the mark is set (`expunged: false`): a bare EXPUNGE
 * would also remove everything else marked \Deleted.
 */
export function expungeUids(
  context: BulkContext,
  batches: readonly Uint32Array[],
): Promise<BulkOutcome<{ readonly expunged: boolean }>> {
  const run = guardedRun(context);
  const guard = { expectedUidValidity: context.uidValidity };
  const byUid = canExpungeByUid(context.client.capabilities);
  return runBatches(
    batches,
    async (batch) => {
      const uids = rangesFromNumbers(batch);
      await run(uidStoreCommand(uids, { operation: 'add', flags: ['\\Deleted'], ...guard }));
      if (!byUid) return { expunged: false };
      await run(uidExpungeCommand(uids, guard));
      return { expunged: true };
    },
    context,
  );
}

/** How many source messages a finished move or copy batch covered (COPYUID omits UIDs that were gone). */
export function movedCount(batch: BatchResult<CopyResult | MoveResult>): number {
  const copyUid = batch.result.copyUid;
  if (copyUid === null) return batch.uids.length;
  let count = 0;
  for (const range of copyUid.source) count += range.end - range.start + 1;
  return Math.min(count, batch.uids.length);
}

/** How many source messages a bulk move or copy covered, over all its finished batches. */
export function movedTotal(outcome: BulkOutcome<CopyResult | MoveResult>): number {
  return outcome.batches.reduce((sum, batch) => sum + movedCount(batch), 0);
}

/** Runs commands through the client, each refused at send time unless `mailbox` is the selected one. */
function guardedRun(context: BulkContext): <R>(command: Command<R>) => Promise<R> {
  return (command) => context.client.run(inMailbox(command, context.mailbox));
}

/**
 * No mailbox is selected at all: the connection dropped under the action (a BYE, a cut) and the folder is not
 * open again yet. Told apart from another folder being open, because the user can act on it: try again.
 */
export class NoMailboxSelectedError extends UsageError {}

/** Another folder is selected than the one the action's UIDs belong to. */
export class OtherMailboxSelectedError extends UsageError {}

/** `command`, refused at send time unless `mailbox` is the selected one (a UIDVALIDITY alone may be shared). */
export function inMailbox<R>(command: Command<R>, mailbox: string): Command<R> {
  return {
    ...command,
    check(commandContext) {
      const selected = commandContext.mailbox?.name ?? null;
      if (selected === null) {
        throw new NoMailboxSelectedError(
          ErrorCodes.WRONG_STATE,
          `${command.name} is for ${mailbox}, but no mailbox is selected`,
        );
      }
      if (!sameMailbox(selected, mailbox)) {
        throw new OtherMailboxSelectedError(
          ErrorCodes.WRONG_STATE,
          `${command.name} is for ${mailbox}, but ${selected ?? 'no mailbox'} is selected`,
        );
      }
      command.check?.(commandContext);
    },
  };
}

/** RFC 9051 5.1: INBOX in any case is INBOX; every other name is case-sensitive. */
export function sameMailbox(a: string, b: string): boolean {
  return a === b || (isInbox(a) && isInbox(b));
}
