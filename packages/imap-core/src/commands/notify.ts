// NOTIFY (RFC 5465): which changes the server reports unasked, for the selected mailbox and for others, until
// the next NOTIFY or the end of the session. The reports arrive as ordinary untagged responses: EXISTS, EXPUNGE
// or VANISHED and FETCH for the selected mailbox (the session applies them as always), STATUS for other mailboxes
// ('status' events) and LIST for created, deleted, renamed or (un)subscribed ones ('mailbox-list' events).
//
// notify            = "NOTIFY" SP (notify-set / notify-none)                              (RFC 5465 8)
// notify-set        = "SET" [status-indicator] SP event-groups
// status-indicator  = SP "STATUS"
// event-groups      = event-group *(SP event-group)
// event-group       = "(" filter-mailboxes SP events ")"
// filter-mailboxes  = "selected" / "selected-delayed" / "inboxes" / "personal" / "subscribed" /
//                     ("subtree" SP one-or-more-mailbox) / ("mailboxes" SP one-or-more-mailbox)
// one-or-more-mailbox = mailbox / "(" mailbox *(SP mailbox) ")"
// events            = ( "(" event *(SP event) ")" ) / "NONE"
// message-event     = ( "MessageNew" [SP "(" fetch-att *(SP fetch-att) ")" ] ) / "MessageExpunge" /
//                     "FlagChange" / "AnnotationChange"
// mailbox-event     = "MailboxName" / "SubscriptionChange" / "MailboxMetadataChange"
// user-event        = "ServerMetadataChange"
//
// What Dovecot 2.3.19 sends (measured by test/integration/dovecot-notify.test.ts, which pins it):
// - SET STATUS: one `* STATUS name (MESSAGES UIDNEXT UIDVALIDITY UNSEEN [HIGHESTMODSEQ])` per mailbox of the
//   groups except the selected one, before the tagged OK; HIGHESTMODSEQ when any group has FlagChange.
// - Another session's APPEND or EXPUNGE in a watched mailbox: `* STATUS name (MESSAGES UIDNEXT UNSEEN
//   [HIGHESTMODSEQ])` about 0.5 s later (sometimes twice), HIGHESTMODSEQ when FlagChange was asked for; a flag
//   change: `* STATUS name (UNSEEN HIGHESTMODSEQ)`.
//   STATUS is never sent for the selected mailbox: its changes come as EXISTS/EXPUNGE/FETCH instead.
// - Without a SELECTED group the selected mailbox reports nothing, not even in IDLE: always name one.
// - CREATE and (UN)SUBSCRIBE come as LIST about 0.5 s later; RENAME (LIST with OLDNAME) and DELETE (LIST
//   (\NonExistent)) only along with the next change to the mailbox list.
// - Mailbox names in these STATUS and LIST responses are UTF-8, not modified UTF-7, even without UTF8=ACCEPT;
//   the parser's fallback for names that are not modified UTF-7 reads them right.
// - A message an MTA drops straight into a maildir folder that is not selected is not reported (Dovecot learns
//   of it only when something opens that folder); one delivered through Dovecot (LMTP, APPEND) is.

import { ErrorCodes, UsageError } from '../errors.ts';
import type { MailboxName, MailboxStatus } from '../types.ts';
import type { CommandWriter } from '../wire/encoder.ts';
import type { Command } from './command.ts';
import { AUTHENTICATED_STATES, requireCapability } from './command.ts';
import type { FetchItems } from './fetch.ts';
import { writeFetchItems } from './fetch.ts';

/** Events about the messages of a mailbox (RFC 5465 5.1-5.3). */
export type NotifyMessageEvent = 'MessageNew' | 'MessageExpunge' | 'FlagChange' | 'AnnotationChange';
/** Events about mailboxes themselves (RFC 5465 5.4-5.6) and the server (5.7). */
export type NotifyEvent =
  | NotifyMessageEvent
  | 'MailboxName'
  | 'SubscriptionChange'
  | 'MailboxMetadataChange'
  | 'ServerMetadataChange';

/** Mailboxes named by the caller, with the events wanted for them. */
export interface NotifyMailboxGroup {
  /** At least one mailbox name (decoded; encoded like every mailbox name on the wire). */
  readonly mailboxes: readonly MailboxName[];
  /** The events; empty sends NONE (no events for these mailboxes). */
  readonly events: readonly NotifyEvent[];
}

/**
 * One NOTIFY SET. Each list of events becomes one event group; an empty list sends NONE for that group, an
 * absent one leaves the group out. Groups go on the wire in the order of the fields below.
 */
export interface NotifySpec {
  /** Ask for a STATUS of every mailbox of the groups right away (the status-indicator). Default false. */
  readonly status?: boolean;
  /** The selected mailbox (message events only). Leaving it out means no events for it, even during IDLE. */
  readonly selected?: readonly NotifyMessageEvent[];
  /**
   * Send SELECTED-DELAYED instead of SELECTED: the server holds expunges back until a command that allows them
   * (RFC 5465 6.1). Default false.
   */
  readonly selectedDelayed?: boolean;
  /** Items the server sends with each new message of the selected mailbox (MessageNew's fetch-att list). */
  readonly newMessageFetch?: FetchItems;
  /** Mailboxes the server delivers new mail to (Dovecot treats this like personal). */
  readonly inboxes?: readonly NotifyEvent[];
  /** Every mailbox of the user's personal namespaces. */
  readonly personal?: readonly NotifyEvent[];
  readonly subscribed?: readonly NotifyEvent[];
  /** Each of these mailboxes and every mailbox below it. */
  readonly subtree?: readonly NotifyMailboxGroup[];
  /** Exactly these mailboxes. */
  readonly mailboxes?: readonly NotifyMailboxGroup[];
}

export interface NotifyResult {
  /** With `status: true`: the STATUS the server sent for each mailbox before completing, by name. */
  readonly status: ReadonlyMap<MailboxName, MailboxStatus>;
}

const MESSAGE_EVENTS: ReadonlySet<string> = new Set<NotifyMessageEvent>([
  'MessageNew',
  'MessageExpunge',
  'FlagChange',
  'AnnotationChange',
]);
const EVENTS: ReadonlySet<string> = new Set<NotifyEvent>([
  ...(MESSAGE_EVENTS as ReadonlySet<NotifyMessageEvent>),
  'MailboxName',
  'SubscriptionChange',
  'MailboxMetadataChange',
  'ServerMetadataChange',
]);

/** NOTIFY SET for `spec`, or NOTIFY NONE for null (no more events). Needs the NOTIFY capability. */
export function notifyCommand(spec: NotifySpec | null): Command<NotifyResult> {
  const status = new Map<MailboxName, MailboxStatus>();
  return {
    name: 'NOTIFY',
    states: AUTHENTICATED_STATES,
    // Its initial STATUS answers would otherwise mix with those of a LIST-STATUS in flight.
    ...(spec?.status ? { collects: ['mailbox-status'] as const } : {}),
    check: (context) => requireCapability(context, 'NOTIFY', 'NOTIFY'),
    encode(w) {
      if (spec === null) {
        w.syntax('NOTIFY NONE');
        return;
      }
      const groups = eventGroups(spec);
      w.syntax(spec.status ? 'NOTIFY SET STATUS' : 'NOTIFY SET');
      for (const group of groups) {
        w.syntax(' (').syntax(group.filter);
        if (group.mailboxes !== undefined) writeMailboxes(w.sp(), group.mailboxes);
        w.sp();
        writeEvents(w, group.events, group.fetch);
        w.syntax(')');
      }
    },
    onUntagged(response) {
      if (spec?.status && response.kind === 'mailbox-status') status.set(response.mailbox, response.status);
    },
    onOk: () => ({ status }),
  };
}

interface EventGroup {
  readonly filter: string;
  readonly mailboxes?: readonly MailboxName[];
  readonly events: readonly NotifyEvent[];
  readonly fetch?: FetchItems;
}

/** The spec as event groups, checked against RFC 5465 before any byte is sent. */
function eventGroups(spec: NotifySpec): EventGroup[] {
  const groups: EventGroup[] = [];
  if (spec.selected !== undefined) {
    const filter = spec.selectedDelayed ? 'SELECTED-DELAYED' : 'SELECTED';
    for (const event of spec.selected) {
      // RFC 5465 6.1: the selected filters take message events only.
      if (!MESSAGE_EVENTS.has(event)) invalid(`${event} cannot be asked for the selected mailbox`);
    }
    if (spec.newMessageFetch !== undefined && !spec.selected.includes('MessageNew')) {
      invalid('newMessageFetch needs MessageNew for the selected mailbox');
    }
    const fetch = spec.newMessageFetch;
    groups.push({ filter, events: spec.selected, ...(fetch === undefined ? {} : { fetch }) });
  } else if (spec.newMessageFetch !== undefined || spec.selectedDelayed) {
    invalid('newMessageFetch and selectedDelayed need events for the selected mailbox');
  }
  if (spec.inboxes !== undefined) groups.push({ filter: 'INBOXES', events: spec.inboxes });
  if (spec.personal !== undefined) groups.push({ filter: 'PERSONAL', events: spec.personal });
  if (spec.subscribed !== undefined) groups.push({ filter: 'SUBSCRIBED', events: spec.subscribed });
  for (const group of spec.subtree ?? []) groups.push({ filter: 'SUBTREE', ...group });
  for (const group of spec.mailboxes ?? []) groups.push({ filter: 'MAILBOXES', ...group });
  if (groups.length === 0) invalid('NOTIFY SET needs at least one event group (use null for NOTIFY NONE)');
  for (const group of groups) checkEvents(group);
  return groups;
}

/** RFC 5465 5: MessageNew and MessageExpunge go together; FlagChange and AnnotationChange need both. */
function checkEvents(group: EventGroup): void {
  const { events, filter } = group;
  for (const event of events)
    if (!EVENTS.has(event)) invalid(`${JSON.stringify(event)} is not a NOTIFY event`);
  if (group.mailboxes !== undefined && group.mailboxes.length === 0) invalid(`${filter} needs a mailbox`);
  if (new Set(events).size !== events.length) invalid(`${filter} names an event twice`);
  const hasNew = events.includes('MessageNew');
  if (hasNew !== events.includes('MessageExpunge')) {
    invalid(`${filter}: MessageNew and MessageExpunge must be asked for together (RFC 5465 5)`);
  }
  if (!hasNew && (events.includes('FlagChange') || events.includes('AnnotationChange'))) {
    invalid(`${filter}: FlagChange and AnnotationChange need MessageNew and MessageExpunge (RFC 5465 5)`);
  }
}

function writeMailboxes(w: CommandWriter, mailboxes: readonly MailboxName[]): void {
  if (mailboxes.length === 1) {
    w.mailbox(mailboxes[0] as MailboxName);
    return;
  }
  w.syntax('(');
  mailboxes.forEach((mailbox, i) => {
    if (i > 0) w.sp();
    w.mailbox(mailbox);
  });
  w.syntax(')');
}

function writeEvents(w: CommandWriter, events: readonly NotifyEvent[], fetch: FetchItems | undefined): void {
  if (events.length === 0) {
    w.syntax('NONE');
    return;
  }
  w.syntax('(');
  events.forEach((event, i) => {
    if (i > 0) w.sp();
    w.syntax(event);
    if (event === 'MessageNew' && fetch !== undefined) writeFetchItems(w.sp(), fetch);
  });
  w.syntax(')');
}

function invalid(message: string): never {
  throw new UsageError(ErrorCodes.INVALID_ARGUMENT, message);
}
