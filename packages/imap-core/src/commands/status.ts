// STATUS (RFC 9051 6.3.11; HIGHESTMODSEQ from RFC 7162 3.1.4, SIZE from RFC 8438, DELETED from RFC 9051).

import type { MailboxName, MailboxStatus } from '../types.ts';
import type { Command } from './command.ts';
import { AUTHENTICATED_STATES } from './command.ts';

export type StatusItem =
  'MESSAGES' | 'UIDNEXT' | 'UIDVALIDITY' | 'UNSEEN' | 'RECENT' | 'DELETED' | 'SIZE' | 'HIGHESTMODSEQ';

const DEFAULT_STATUS_ITEMS: readonly StatusItem[] = ['MESSAGES', 'UIDNEXT', 'UIDVALIDITY', 'UNSEEN'];

export function writeStatusItems(w: { syntax(text: string): unknown }, items: readonly StatusItem[]): void {
  w.syntax(`(${items.join(' ')})`);
}

export function statusCommand(
  mailbox: MailboxName,
  items: readonly StatusItem[] = DEFAULT_STATUS_ITEMS,
): Command<MailboxStatus> {
  let status: MailboxStatus = {};
  return {
    name: 'STATUS',
    states: AUTHENTICATED_STATES,
    encode(w) {
      w.syntax('STATUS ').mailbox(mailbox).sp();
      writeStatusItems(w, items);
    },
    onUntagged(response) {
      // Matched by name: unsolicited STATUS for other mailboxes (NOTIFY, LIST-STATUS) must not leak in.
      if (response.kind === 'mailbox-status' && response.mailbox === mailbox) status = response.status;
    },
    onOk: () => status,
  };
}
