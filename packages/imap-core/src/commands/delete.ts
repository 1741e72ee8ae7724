// DELETE (RFC 9051 6.3.5).

import type { MailboxName } from '../types.ts';
import type { Command } from './command.ts';
import { AUTHENTICATED_STATES } from './command.ts';

export function deleteCommand(mailbox: MailboxName): Command<void> {
  return {
    name: 'DELETE',
    states: AUTHENTICATED_STATES,
    encode: (w) => void w.syntax('DELETE ').mailbox(mailbox),
    onOk: () => undefined,
  };
}
