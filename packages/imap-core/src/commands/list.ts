// LIST (RFC 9051 6.3.9) and, where advertised, the extended form (RFC 5258) with RETURN (SPECIAL-USE)
// (RFC 6154 2) and RETURN (STATUS (...)) (RFC 5819). Without LIST-EXTENDED, subscribed-only listing is LSUB.

import type { ListedMailbox, MailboxName, MailboxStatus } from '../types.ts';
import type { Command } from './command.ts';
import { AUTHENTICATED_STATES } from './command.ts';
import type { StatusItem } from './status.ts';
import { writeStatusItems } from './status.ts';

export interface ListOptions {
  /** Reference name (RFC 9051 6.3.9). Default ''. */
  readonly reference?: string;
  /** Mailbox pattern with '*' and '%' wildcards. Default '*'. */
  readonly pattern?: string;
  /** Only subscribed mailboxes. */
  readonly subscribedOnly?: boolean;
  /** Ask for special-use attributes when SPECIAL-USE and LIST-EXTENDED are advertised. Default true. */
  readonly specialUse?: boolean;
  /** STATUS items to return with each mailbox when LIST-STATUS is advertised. */
  readonly status?: readonly StatusItem[];
}

export interface ListResult {
  readonly mailboxes: readonly ListedMailbox[];
  /** LIST-STATUS answers by mailbox name; empty when the server lacks LIST-STATUS. */
  readonly status: ReadonlyMap<MailboxName, MailboxStatus>;
  /** Whether STATUS came with the listing (else the caller may ask STATUS per mailbox). */
  readonly statusIncluded: boolean;
}

export function listCommand(options: ListOptions = {}): Command<ListResult> {
  const mailboxes: ListedMailbox[] = [];
  const status = new Map<MailboxName, MailboxStatus>();
  let statusIncluded = false;
  let kind: 'list' | 'lsub' = 'list';
  return {
    name: 'LIST',
    states: AUTHENTICATED_STATES,
    collects: ['list', 'lsub', 'mailbox-status'],
    encode(w, context) {
      const caps = context.capabilities;
      const extended = caps.has('LIST-EXTENDED');
      if (options.subscribedOnly && !extended) {
        kind = 'lsub';
        w.syntax('LSUB ')
          .mailbox(options.reference ?? '')
          .sp()
          .listMailbox(options.pattern ?? '*');
        return;
      }
      w.syntax('LIST ');
      if (options.subscribedOnly) w.syntax('(SUBSCRIBED) ');
      w.mailbox(options.reference ?? '')
        .sp()
        .listMailbox(options.pattern ?? '*');
      const returns: string[] = [];
      if ((options.specialUse ?? true) && extended && caps.has('SPECIAL-USE')) returns.push('SPECIAL-USE');
      if (options.status && options.status.length > 0 && caps.has('LIST-STATUS')) {
        statusIncluded = true;
        returns.push('STATUS');
      }
      if (returns.length === 0) return;
      w.syntax(' RETURN (');
      returns.forEach((item, i) => {
        if (i > 0) w.sp();
        w.syntax(item);
        if (item === 'STATUS') {
          w.sp();
          writeStatusItems(w, options.status ?? []);
        }
      });
      w.syntax(')');
    },
    onUntagged(response) {
      if (response.kind === kind) mailboxes.push(response.mailbox);
      else if (response.kind === 'mailbox-status') status.set(response.mailbox, response.status);
    },
    onOk: () => ({ mailboxes, status, statusIncluded }),
  };
}
