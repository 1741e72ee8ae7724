// LIST (RFC 9051 6.3.9) and, where advertised, the extended form (RFC 5258) with RETURN (SUBSCRIBED) (RFC
// 5258 3.2), RETURN (SPECIAL-USE) (RFC 6154 2) and RETURN (STATUS (...)) (RFC 5819). Without LIST-EXTENDED,
// subscribed-only listing is LSUB.

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
  /** Only subscribed mailboxes: the SUBSCRIBED selection option (RFC 5258 3.1), else LSUB. Default false. */
  readonly subscribedOnly?: boolean;
  /**
   * Mark subscribed mailboxes with \Subscribed in this listing (the SUBSCRIBED return option, RFC 5258 3.2)
   * when LIST-EXTENDED is advertised; see `ListResult.subscribedIncluded`. Default false.
   */
  readonly returnSubscribed?: boolean;
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
  /**
   * Whether subscription state came with the listing (`returnSubscribed` or `subscribedOnly` under
   * LIST-EXTENDED): a listed mailbox is subscribed exactly when it carries \Subscribed, so none marked means
   * none subscribed. Else the caller may ask LSUB. Subscribed names that no longer exist are listed only by
   * `subscribedOnly` (with \NonExistent, RFC 5258 3.1), never by the return option alone.
   */
  readonly subscribedIncluded: boolean;
}

export function listCommand(options: ListOptions = {}): Command<ListResult> {
  const mailboxes: ListedMailbox[] = [];
  const status = new Map<MailboxName, MailboxStatus>();
  let statusIncluded = false;
  let subscribedIncluded = false;
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
      // Any order of return options is valid (RFC 5258 6: list-return-opts).
      const returns: string[] = [];
      if (extended && (options.returnSubscribed || options.subscribedOnly)) {
        subscribedIncluded = true;
        // The SUBSCRIBED selection option implies the return option (RFC 5258 3.1): not sent twice.
        if (!options.subscribedOnly) returns.push('SUBSCRIBED');
      }
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
    onOk: () => ({ mailboxes, status, statusIncluded, subscribedIncluded }),
  };
}
