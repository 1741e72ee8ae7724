// RENAME (RFC 9051 6.3.6).

import type { MailboxName } from '../types.ts';
import type { Command } from './command.ts';
import { AUTHENTICATED_STATES } from './command.ts';

export function renameCommand(from: MailboxName, to: MailboxName): Command<void> {
  return {
    name: 'RENAME',
    states: AUTHENTICATED_STATES,
    encode: (w) => void w.syntax('RENAME ').mailbox(from).sp().mailbox(to),
    onOk: () => undefined,
  };
}
