// QUIT (RFC 5321 4.1.1.10). Whatever the server answers, the session is over; a close before the 221 is the
// same outcome (the session resolves a pending QUIT when the connection closes).

import type { Command } from './command.ts';
import { done } from './command.ts';

export function quitCommand(): Command<void> {
  return {
    name: 'QUIT',
    effect: 'quit',
    encode: () => ({ line: 'QUIT' }),
    onReply: () => done(undefined),
  };
}
