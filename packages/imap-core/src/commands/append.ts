// APPEND (RFC 9051 6.3.12) with flags and internal date, the message as a literal (literal8 when it holds NUL and
// BINARY is advertised, RFC 3516 4.3). APPENDUID (RFC 4315 3) tells the new message's UID.

import { ErrorCodes, UsageError } from '../errors.ts';
import type { Flag, MailboxName, NumberRange } from '../types.ts';
import { formatDateTime, utf8Encode } from '../wire/encoder.ts';
import type { Command } from './command.ts';
import { AUTHENTICATED_STATES } from './command.ts';

export interface AppendOptions {
  readonly flags?: readonly Flag[];
  /** INTERNALDATE of the new message; default: the server's clock. */
  readonly date?: Date;
}

export interface AppendResult {
  /** From APPENDUID; null when the server lacks UIDPLUS. */
  readonly uidValidity: number | null;
  readonly uids: readonly NumberRange[];
}

export function appendCommand(
  mailbox: MailboxName,
  message: Uint8Array | string,
  options: AppendOptions = {},
): Command<AppendResult> {
  const bytes = typeof message === 'string' ? utf8Encode(message) : message;
  const binary = bytes.includes(0);
  return {
    name: 'APPEND',
    states: AUTHENTICATED_STATES,
    check(context) {
      if (binary && !context.capabilities.has('BINARY')) {
        throw new UsageError(
          ErrorCodes.UNSUPPORTED,
          'the message contains NUL bytes and the server lacks BINARY',
        );
      }
    },
    encode(w) {
      w.syntax('APPEND ').mailbox(mailbox);
      if (options.flags) w.sp().flagList(options.flags);
      if (options.date) w.syntax(` "${formatDateTime(options.date)}"`);
      w.sp().literal(bytes, { binary });
    },
    onOk(response) {
      const code = response.code;
      if (code?.name === 'APPENDUID') return { uidValidity: code.uidValidity, uids: code.uids };
      return { uidValidity: null, uids: [] };
    },
  };
}
