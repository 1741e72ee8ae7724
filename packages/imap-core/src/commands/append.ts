// APPEND (RFC 9051 6.3.12) with flags and internal date, the message as a literal (literal8 when it holds NUL and
// BINARY is advertised, RFC 3516 4.3). APPENDUID (RFC 4315 3) tells the new message's UID.

import { ErrorCodes, UsageError } from '../errors.ts';
import type { Flag, MailboxName, NumberRange } from '../types.ts';
import { listedCount } from '../seqset.ts';
import { formatDateTime, utf8Encode } from '../wire/encoder.ts';
import type { Command } from './command.ts';
import { AUTHENTICATED_STATES } from './command.ts';

export interface AppendOptions {
  readonly flags?: readonly Flag[];
  /** INTERNALDATE of the new message; default: the server's clock. */
  readonly date?: Date;
}

export interface AppendResult {
  /** From APPENDUID; null when the server lacks UIDPLUS, or sent one that does not fit. */
  readonly uidValidity: number | null;
  /** The new message's UID (one range of one UID), or empty. */
  readonly uids: readonly NumberRange[];
  /** Why the server's APPENDUID was not used (it named more than the one message appended); else null. */
  readonly appendUidProblem: string | null;
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
    onOk(response, context) {
      const code = response.code;
      if (code?.name !== 'APPENDUID') return { uidValidity: null, uids: [], appendUidProblem: null };
      // RFC 4315 3: one message appended, one UID; a set is only for MULTIAPPEND, which we never send.
      const count = listedCount(code.uids);
      if (count === 1) return { uidValidity: code.uidValidity, uids: code.uids, appendUidProblem: null };
      const problem = `APPENDUID ignored: it names ${count} UIDs for one appended message`;
      context.warn(ErrorCodes.UNTRUSTED_RESULT, problem);
      return { uidValidity: null, uids: [], appendUidProblem: problem };
    },
  };
}
