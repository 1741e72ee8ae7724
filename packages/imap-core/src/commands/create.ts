// CREATE (RFC 9051 6.3.4), with the SPECIAL-USE creation parameter (RFC 6154 3) when asked.

import type { MailboxName, SpecialUse } from '../types.ts';
import type { Command } from './command.ts';
import { AUTHENTICATED_STATES, requireCapability } from './command.ts';

export interface CreateOptions {
  /**
   * Marks the new mailbox with a special use (RFC 6154 3, "USE (\Sent)"). Needs CREATE-SPECIAL-USE: without it
   * nothing is sent and the command fails with IMAP_UNSUPPORTED. The server may still answer NO [USEATTR].
   */
  readonly specialUse?: SpecialUse;
}

export function createCommand(mailbox: MailboxName, options: CreateOptions = {}): Command<void> {
  return {
    name: 'CREATE',
    states: AUTHENTICATED_STATES,
    check(context) {
      if (options.specialUse) requireCapability(context, 'CREATE-SPECIAL-USE', 'CREATE (USE ...)');
    },
    encode(w) {
      w.syntax('CREATE ').mailbox(mailbox);
      if (options.specialUse) w.syntax(' (USE (').flag(options.specialUse).syntax('))');
    },
    onOk: () => undefined,
  };
}
