// UID COPY (RFC 9051 6.4.7, 6.4.9). COPYUID (RFC 4315 3) maps source UIDs to the new UIDs in the destination.
//
// COPYUID is the server's word, checked against what we asked before anyone relies on it: its source UIDs must
// be among those we copied, as many destination UIDs as source UIDs, none twice. A COPYUID that does not fit
// (a destination set covering the whole UID space, or larger than the source) is not used: the new UIDs are
// then unknown, which callers must treat like a server without UIDPLUS (no undo by UID), and `copyUidProblem`
// says why. Sets are compared as ranges, never expanded.

import { ErrorCodes } from '../errors.ts';
import { countRanges, listedCount, rangesWithin } from '../seqset.ts';
import type { MailboxName, NumberRange } from '../types.ts';
import type { ResponseCode } from '../wire/response.ts';
import type { Command, CommandContext } from './command.ts';
import { SELECTED_STATE, checkUidValidity, requireExplicitUids } from './command.ts';

export interface CopyUid {
  readonly uidValidity: number;
  readonly source: readonly NumberRange[];
  readonly destination: readonly NumberRange[];
}

export interface CopyResult {
  /** Source -> destination UIDs, when the server sent COPYUID and it fits the request. */
  readonly copyUid: CopyUid | null;
  /** Why the server's COPYUID was not used (it does not fit the request); null when it was, or none came. */
  readonly copyUidProblem: string | null;
}

/** The COPYUID of a response code, checked against the UIDs that were copied (see above). */
export function checkedCopyUid(code: ResponseCode | null, requested: readonly NumberRange[]): CopyResult {
  if (code?.name !== 'COPYUID') return { copyUid: null, copyUidProblem: null };
  const { uidValidity, source, destination } = code;
  const problem = copyUidProblem(source, destination, requested);
  if (problem !== null) return { copyUid: null, copyUidProblem: `COPYUID ignored: ${problem}` };
  return { copyUid: { uidValidity, source, destination }, copyUidProblem: null };
}

function copyUidProblem(
  source: readonly NumberRange[],
  destination: readonly NumberRange[],
  requested: readonly NumberRange[],
): string | null {
  const sources = listedCount(source);
  const destinations = listedCount(destination);
  if (sources !== countRanges(source) || destinations !== countRanges(destination))
    return 'it names a UID twice';
  if (!rangesWithin(source, requested)) return 'its source UIDs are not all among those copied';
  if (sources !== destinations) return `it maps ${sources} source UIDs to ${destinations} destination UIDs`;
  return null;
}

/** Reports a COPYUID that was not used on the session's 'warning' event. */
export function warnIfIgnored(result: CopyResult, context: CommandContext): CopyResult {
  if (result.copyUidProblem !== null) context.warn(ErrorCodes.UNTRUSTED_RESULT, result.copyUidProblem);
  return result;
}

export function uidCopyCommand(
  uids: readonly NumberRange[],
  destination: MailboxName,
  options: { readonly expectedUidValidity?: number } = {},
): Command<CopyResult> {
  return {
    name: 'UID COPY',
    uids,
    states: SELECTED_STATE,
    check(context) {
      requireExplicitUids('UID COPY', uids);
      checkUidValidity(context, options.expectedUidValidity);
    },
    encode: (w) => void w.syntax('UID COPY ').sequenceSet(uids).sp().mailbox(destination),
    onOk: (response, context) => warnIfIgnored(checkedCopyUid(response.code, uids), context),
  };
}
