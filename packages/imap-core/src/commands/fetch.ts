// UID FETCH (RFC 9051 6.4.5, 6.4.9), with CHANGEDSINCE / VANISHED (RFC 7162 3.1.4.1, 3.2.6). Messages are
// addressed by UID only. Results can be collected or streamed (onMessage) so that a 100,000-message listing
// need not sit in one array. Either way a message is one FetchedMessage, whatever number of responses the
// server spread its items over (fetch-merge.ts).

import { ErrorCodes, UsageError } from '../errors.ts';
import { intersectRanges, rangesInclude } from '../seqset.ts';
import type { NumberRange, SeqNum, Uid } from '../types.ts';
import type { CommandWriter } from '../wire/encoder.ts';
import type { FetchAttributes, UnreadableMessage } from '../wire/response.ts';
import type { Command, CommandContext } from './command.ts';
import { SELECTED_STATE, checkUidValidity, requireCapability } from './command.ts';
import { MessageCollector } from './fetch-merge.ts';

/** section-spec (RFC 9051 9): part number, then HEADER / HEADER.FIELDS (...) / TEXT / MIME. */
export interface SectionRequest {
  /** Dotted part number, e.g. '1.2'; absent for the whole message. */
  readonly part?: string;
  readonly specifier?:
    'HEADER' | 'TEXT' | 'MIME' | { readonly fields: readonly string[]; readonly not?: boolean };
  /** BINARY[...] (RFC 3516): the server undoes the transfer encoding. */
  readonly binary?: boolean;
  /** BODY.PEEK (default true): do not set \Seen. */
  readonly peek?: boolean;
  readonly partial?: { readonly offset: number; readonly length: number };
}

export interface FetchItems {
  readonly flags?: boolean;
  readonly internalDate?: boolean;
  readonly size?: boolean;
  readonly envelope?: boolean;
  readonly bodyStructure?: boolean;
  readonly modseq?: boolean;
  readonly sections?: readonly SectionRequest[];
}

export interface FetchOptions {
  /** RFC 7162 3.1.4.1: only messages whose MODSEQ is above this. */
  readonly changedSince?: bigint;
  /** RFC 7162 3.2.6: also report expunged UIDs (VANISHED (EARLIER)); needs QRESYNC enabled and changedSince. */
  readonly vanished?: boolean;
  /** The UIDVALIDITY the UIDs were read under; a mismatch refuses to send (UIDVALIDITY_CHANGED). */
  readonly expectedUidValidity?: number;
  /**
   * Streams each message instead of collecting it, once its first response has been applied. When a later
   * response of the same command adds to a message already streamed (Dovecot's flags-only FETCH after another
   * client's change), onMessage is called again with the same message, its items merged: the later call
   * supersedes the earlier one. (So the command keeps each streamed message until it completes.)
   */
  readonly onMessage?: (message: FetchedMessage) => void;
}

export interface FetchedMessage {
  readonly seq: SeqNum;
  readonly uid: Uid;
  readonly attributes: FetchAttributes;
}

export interface FetchResult {
  /** Empty when the messages were streamed (onMessage). */
  readonly messages: readonly FetchedMessage[];
  readonly vanished: readonly NumberRange[];
  /**
   * Requested messages whose FETCH did not parse (framing intact): the rest of the command's messages are
   * unaffected. A message the server also sent readably in this command is not listed here.
   */
  readonly unreadable: readonly UnreadableMessage[];
}

const PART = /^[1-9]\d*(\.[1-9]\d*)*$/;

function writeSection(w: CommandWriter, section: SectionRequest): void {
  if (section.part !== undefined && !PART.test(section.part)) {
    throw new UsageError(ErrorCodes.INVALID_ARGUMENT, `${JSON.stringify(section.part)} is not a part number`);
  }
  const peek = section.peek ?? true;
  w.syntax(section.binary ? (peek ? 'BINARY.PEEK[' : 'BINARY[') : peek ? 'BODY.PEEK[' : 'BODY[');
  if (section.part !== undefined) w.syntax(section.part);
  const spec = section.specifier;
  if (spec !== undefined) {
    if (section.binary) throw new UsageError(ErrorCodes.INVALID_ARGUMENT, 'BINARY takes a part number only');
    if (section.part !== undefined) w.syntax('.');
    if (typeof spec === 'string') w.syntax(spec);
    else {
      if (spec.fields.length === 0)
        throw new UsageError(ErrorCodes.INVALID_ARGUMENT, 'HEADER.FIELDS needs names');
      w.syntax(spec.not ? 'HEADER.FIELDS.NOT (' : 'HEADER.FIELDS (');
      spec.fields.forEach((field, i) => {
        if (i > 0) w.sp();
        w.astring(field);
      });
      w.syntax(')');
    }
  }
  w.syntax(']');
  if (section.partial)
    w.syntax('<').number(section.partial.offset).syntax('.').number(section.partial.length).syntax('>');
}

/** The fetch-att list, UID always first (also used by NOTIFY MessageNew, commands/notify.ts). */
export function writeFetchItems(w: CommandWriter, items: FetchItems): void {
  const names: string[] = ['UID'];
  if (items.flags) names.push('FLAGS');
  if (items.internalDate) names.push('INTERNALDATE');
  if (items.size) names.push('RFC822.SIZE');
  if (items.envelope) names.push('ENVELOPE');
  if (items.bodyStructure) names.push('BODYSTRUCTURE');
  if (items.modseq) names.push('MODSEQ');
  w.syntax('(' + names.join(' '));
  for (const section of items.sections ?? []) writeSection(w.sp(), section);
  w.syntax(')');
}

/**
 * VANISHED (EARLIER) reports UIDs of the requested set (RFC 7162 3.2.6): anything else the server lists, up to
 * the whole UID space, is not believed. Clamped, as ranges, to the request and to the highest UID the mailbox
 * can hold, so a caller can walk the result.
 */
export function vanishedWithin(
  vanished: readonly NumberRange[],
  requested: readonly NumberRange[],
  context: CommandContext,
): NumberRange[] {
  if (vanished.length === 0) return [];
  const bound = context.mailbox?.uidBound() ?? null;
  const within = intersectRanges(vanished, requested);
  return bound === null ? within : intersectRanges(within, [{ start: 1, end: bound }]);
}

export function uidFetchCommand(
  uids: readonly NumberRange[],
  items: FetchItems,
  options: FetchOptions = {},
): Command<FetchResult> {
  const collected = new MessageCollector();
  const vanished: NumberRange[] = [];
  const unreadable = new Map<number, UnreadableMessage>();
  /** The first error onMessage threw: the command then fails with it once the server has completed it. */
  let callbackError: { readonly error: unknown } | null = null;
  const callbackFailed = (error: unknown): void => void (callbackError ??= { error });
  return {
    name: 'UID FETCH',
    uids,
    states: SELECTED_STATE,
    check(context) {
      checkUidValidity(context, options.expectedUidValidity);
      if (options.changedSince !== undefined || items.modseq)
        requireCapability(context, 'CONDSTORE', 'MODSEQ');
      if (options.vanished && (!context.enabled.has('QRESYNC') || options.changedSince === undefined)) {
        throw new UsageError(ErrorCodes.UNSUPPORTED, 'VANISHED needs ENABLE QRESYNC and changedSince');
      }
    },
    encode(w) {
      w.syntax('UID FETCH ').sequenceSet(uids).sp();
      writeFetchItems(w, items);
      if (options.changedSince !== undefined) {
        w.syntax(' (CHANGEDSINCE ').number(options.changedSince);
        if (options.vanished) w.syntax(' VANISHED');
        w.syntax(')');
      }
    },
    onUntagged(response, context) {
      if (response.kind === 'vanished' && response.earlier) vanished.push(...response.uids);
      if (response.kind === 'unreadable') {
        const { seq, uid, error, evidence } = response;
        if (uid === null || !rangesInclude(uids, uid)) return false;
        unreadable.set(uid, { seq, uid, error, evidence });
        return true;
      }
      if (response.kind !== 'fetch') return;
      const uid = response.attributes.uid;
      // Unsolicited FETCH (another client's flag change) may name messages outside the set, or omit UID.
      if (uid === undefined || !rangesInclude(uids, uid)) return;
      const { message } = collected.add(response.seq, uid, response.attributes);
      const onMessage = options.onMessage;
      if (onMessage !== undefined) {
        context.later(() => onMessage(message as FetchedMessage), callbackFailed);
      }
    },
    onOk(_response, context) {
      if (callbackError !== null) throw callbackError.error;
      const messages = options.onMessage === undefined || unreadable.size > 0 ? collected.messages : [];
      for (const message of messages) unreadable.delete(message.uid as Uid);
      return {
        messages: options.onMessage === undefined ? (messages as FetchedMessage[]) : [],
        vanished: vanishedWithin(vanished, uids, context),
        unreadable: [...unreadable.values()],
      };
    },
  };
}
