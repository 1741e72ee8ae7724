// SELECT / EXAMINE (RFC 9051 6.3.1, 6.3.2), with CONDSTORE (RFC 7162 3.1.8) or QRESYNC (RFC 7162 3.2.5)
// parameters. The session opens the SelectedMailbox when the command is sent and applies FLAGS, EXISTS, the OK
// codes and any VANISHED/FETCH to it; this file only encodes and gathers what QRESYNC reports as changed.

import { ErrorCodes, UsageError } from '../errors.ts';
import type { MailboxSnapshot } from '../mailbox.ts';
import type { MailboxName, NumberRange, SeqNum, Uid } from '../types.ts';
import type { FetchAttributes } from '../wire/response.ts';
import type { Command } from './command.ts';
import { AUTHENTICATED_STATES, requireCapability } from './command.ts';
import { MessageCollector } from './fetch-merge.ts';
import { vanishedWithin } from './fetch.ts';

export interface QresyncParameters {
  /** UIDVALIDITY and HIGHESTMODSEQ the client cached last time. */
  readonly uidValidity: number;
  readonly modseq: bigint;
  /** UIDs the client knows, to limit VANISHED (EARLIER) to them. */
  readonly knownUids?: readonly NumberRange[];
}

export interface SelectOptions {
  readonly readOnly?: boolean;
  /** Ask for CONDSTORE (RFC 7162 3.1.8): MODSEQ in FETCH responses, HIGHESTMODSEQ. */
  readonly condstore?: boolean;
  /** Quick resync (RFC 7162 3.2.5); QRESYNC must have been ENABLEd. */
  readonly qresync?: QresyncParameters;
}

export interface SelectResult extends MailboxSnapshot {
  /** QRESYNC: UIDs expunged since the cached modseq (VANISHED (EARLIER)). */
  readonly vanished: readonly NumberRange[];
  /** QRESYNC: messages whose flags changed since the cached modseq. */
  readonly changed: readonly {
    readonly seq: SeqNum;
    readonly uid: Uid | null;
    readonly attributes: FetchAttributes;
  }[];
}

export function selectCommand(mailbox: MailboxName, options: SelectOptions = {}): Command<SelectResult> {
  const verb = options.readOnly ? 'EXAMINE' : 'SELECT';
  const vanished: NumberRange[] = [];
  const changed = new MessageCollector();
  return {
    name: verb,
    states: AUTHENTICATED_STATES,
    exclusive: true,
    effect: { kind: 'select', mailbox, readOnly: options.readOnly ?? false },
    check(context) {
      if (options.condstore) requireCapability(context, 'CONDSTORE', `${verb} (CONDSTORE)`);
      // RFC 7162 3.2.5: the QRESYNC parameter is only allowed once ENABLE QRESYNC succeeded, or right behind
      // the ENABLE QRESYNC that the server reads first (RFC 9051 6.3.1: ENABLE may be pipelined).
      if (options.qresync && !context.enabled.has('QRESYNC') && !context.enabling.has('QRESYNC')) {
        throw new UsageError(ErrorCodes.UNSUPPORTED, `${verb} (QRESYNC ...) needs ENABLE QRESYNC first`);
      }
    },
    encode(w) {
      w.syntax(verb).sp().mailbox(mailbox);
      const q = options.qresync;
      if (q) {
        w.syntax(' (QRESYNC (').number(q.uidValidity).sp().number(q.modseq);
        if (q.knownUids && q.knownUids.length > 0) w.sp().sequenceSet(q.knownUids);
        w.syntax('))');
      } else if (options.condstore) {
        w.syntax(' (CONDSTORE)');
      }
    },
    onUntagged(response, context) {
      if (response.kind === 'vanished' && response.earlier) vanished.push(...response.uids);
      else if (response.kind === 'fetch') {
        const uid = response.attributes.uid ?? context.mailbox?.uidOf(response.seq) ?? null;
        changed.add(response.seq, uid, response.attributes);
      }
    },
    onOk(_response, context) {
      const snapshot = context.mailbox?.snapshot();
      if (!snapshot) throw new Error('SELECT completed without a mailbox');
      // What vanished can only be among the UIDs we said we knew, when we said (RFC 7162 3.2.5.1).
      const known = options.qresync?.knownUids;
      const asked = known !== undefined && known.length > 0 ? known : [{ start: 1, end: Infinity }];
      return { ...snapshot, vanished: vanishedWithin(vanished, asked, context), changed: changed.messages };
    },
  };
}
