// SUBSCRIBE / UNSUBSCRIBE (RFC 9051 6.3.7, 6.3.8).

import type { MailboxName } from '../types.ts';
import type { Command } from './command.ts';
import { AUTHENTICATED_STATES } from './command.ts';

export function subscribeCommand(mailbox: MailboxName, subscribe = true): Command<void> {
  const verb = subscribe ? 'SUBSCRIBE' : 'UNSUBSCRIBE';
  return {
    name: verb,
    states: AUTHENTICATED_STATES,
    encode: (w) => void w.syntax(verb).sp().mailbox(mailbox),
    onOk: () => undefined,
  };
}
