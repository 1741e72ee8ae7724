// RCPT TO (RFC 5321 4.1.1.3). A refused recipient is a result, not an error: the transaction decides (with
// requireAllRecipients) whether the others still get the message. 251 "will forward" is an acceptance.

import type { SmtpReply } from '../types.ts';
import type { Command } from './command.ts';
import { done, isPositive, isRefusal, unexpectedReply } from './command.ts';

export interface RcptResult {
  readonly address: string;
  readonly accepted: boolean;
  readonly reply: SmtpReply;
}

export function rcptCommand(address: string): Command<RcptResult> {
  return {
    name: 'RCPT TO',
    pipelinable: true,
    encode: () => ({ line: `RCPT TO:<${address}>` }),
    onReply(reply) {
      if (isPositive(reply) || isRefusal(reply)) return done({ address, accepted: isPositive(reply), reply });
      throw unexpectedReply('RCPT TO', reply);
    },
  };
}
