// UID COPY (RFC 9051 6.4.7, 6.4.9). COPYUID (RFC 4315 3) maps source UIDs to the new UIDs in the destination.

import type { MailboxName, NumberRange } from '../types.ts';
import type { ResponseCode } from '../wire/response.ts';
import type { Command } from './command.ts';
import { SELECTED_STATE, checkUidValidity } from './command.ts';

export interface CopyUid {
  readonly uidValidity: number;
  readonly source: readonly NumberRange[];
  readonly destination: readonly NumberRange[];
}

export function copyUidOf(code: ResponseCode | null): CopyUid | null {
  if (code?.name !== 'COPYUID') return null;
  return { uidValidity: code.uidValidity, source: code.source, destination: code.destination };
}

export function uidCopyCommand(
  uids: readonly NumberRange[],
  destination: MailboxName,
  options: { readonly expectedUidValidity?: number } = {},
): Command<CopyUid | null> {
  return {
    name: 'UID COPY',
    uids,
    states: SELECTED_STATE,
    check: (context) => checkUidValidity(context, options.expectedUidValidity),
    encode: (w) => void w.syntax('UID COPY ').sequenceSet(uids).sp().mailbox(destination),
    onOk: (response) => copyUidOf(response.code),
  };
}
