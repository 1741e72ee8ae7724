// NOOP (RFC 9051 6.1.2): asks the server for pending updates (EXISTS, EXPUNGE, FETCH flags); the session
// applies them to the mailbox as they come.

import type { Command } from './command.ts';
import { ALL_STATES } from './command.ts';

export function noopCommand(): Command<void> {
  return {
    name: 'NOOP',
    states: ALL_STATES,
    encode: (w) => void w.syntax('NOOP'),
    onOk: () => undefined,
  };
}
