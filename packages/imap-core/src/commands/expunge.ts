// EXPUNGE (RFC 9051 6.4.3) and UID EXPUNGE (RFC 4315 2.1, part of IMAP4rev2): the UID form removes only the
// given messages, so \Deleted marks set by other clients survive.

import { ErrorCodes, UsageError } from '../errors.ts';
import type { NumberRange } from '../types.ts';
import type { Command } from './command.ts';
import { SELECTED_STATE, checkUidValidity, requireExplicitUids } from './command.ts';

export interface ExpungeResult {
  /** How many messages the server reported gone (EXPUNGE or VANISHED responses). */
  readonly expunged: number;
}

function countExpunged(): {
  onUntagged: NonNullable<Command<ExpungeResult>['onUntagged']>;
  result: () => ExpungeResult;
} {
  let expunged = 0;
  return {
    onUntagged(response) {
      if (response.kind === 'expunge') expunged++;
      else if (response.kind === 'vanished' && !response.earlier) {
        for (const range of response.uids) expunged += range.end - range.start + 1;
      }
    },
    result: () => ({ expunged }),
  };
}

export function expungeCommand(): Command<ExpungeResult> {
  const counter = countExpunged();
  return {
    name: 'EXPUNGE',
    states: SELECTED_STATE,
    encode: (w) => void w.syntax('EXPUNGE'),
    onUntagged: counter.onUntagged,
    onOk: counter.result,
  };
}

export function uidExpungeCommand(
  uids: readonly NumberRange[],
  options: { readonly expectedUidValidity?: number } = {},
): Command<ExpungeResult> {
  const counter = countExpunged();
  return {
    name: 'UID EXPUNGE',
    uids,
    states: SELECTED_STATE,
    check(context) {
      requireExplicitUids('UID EXPUNGE', uids);
      checkUidValidity(context, options.expectedUidValidity);
      if (!context.capabilities.has('UIDPLUS') && !context.capabilities.has('IMAP4REV2')) {
        throw new UsageError(ErrorCodes.UNSUPPORTED, 'UID EXPUNGE needs UIDPLUS');
      }
    },
    encode: (w) => void w.syntax('UID EXPUNGE ').sequenceSet(uids),
    onUntagged: counter.onUntagged,
    onOk: counter.result,
  };
}
