// RSET (RFC 5321 4.1.1.5): abandons the mail transaction. The server "MUST send a 250 OK reply", so anything
// else means we no longer know the transaction's state, and the session closes.

import type { Command } from './command.ts';
import { done, isPositive, unexpectedReply } from './command.ts';

export function rsetCommand(): Command<void> {
  return {
    name: 'RSET',
    pipelinable: true,
    encode: () => ({ line: 'RSET' }),
    onReply(reply) {
      if (isPositive(reply)) return done(undefined);
      throw unexpectedReply('RSET', reply);
    },
  };
}
