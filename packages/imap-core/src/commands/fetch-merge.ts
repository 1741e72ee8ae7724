// One message, one result: a server may send a message's FETCH items in several responses (RFC 9051 7.5.2
// describes each FETCH response as data "about a message", not all of it), and it does so unasked. Dovecot with
// CONDSTORE or QRESYNC sends `* n FETCH (UID x MODSEQ (m) FLAGS (...))` in the middle of our own row FETCH when
// another client changes that message's flags. Taken as a second message, such a response became a row with
// no sender and no subject. So the items of later responses merge into what the command already holds: they
// update what they carry and never erase what they do not.

import type { SeqNum, Uid } from '../types.ts';
import type { FetchAttributes, FetchedSection } from '../wire/response.ts';

type MutableAttributes = { -readonly [K in keyof FetchAttributes]: FetchAttributes[K] };

/**
 * The items of `earlier` updated by those of `later` (a new object: both may be shared with the session's
 * 'untagged' listeners). An item present in both takes the later value (flags changed meanwhile); sections,
 * BINARY.SIZE and unknown items are merged by name.
 */
export function mergeFetchAttributes(earlier: FetchAttributes, later: FetchAttributes): FetchAttributes {
  const merged: MutableAttributes = { ...earlier, ...later };
  if (earlier.sections !== undefined && later.sections !== undefined)
    merged.sections = mergeSections(earlier.sections, later.sections);
  if (earlier.binarySizes !== undefined && later.binarySizes !== undefined)
    merged.binarySizes = new Map([...earlier.binarySizes, ...later.binarySizes]);
  if (earlier.unknown !== undefined && later.unknown !== undefined)
    merged.unknown = new Map([...earlier.unknown, ...later.unknown]);
  return merged;
}

function sectionKey(section: FetchedSection): string {
  return `${section.item}[${section.section}]<${section.origin ?? ''}>`;
}

function mergeSections(
  earlier: readonly FetchedSection[],
  later: readonly FetchedSection[],
): FetchedSection[] {
  const byKey = new Map<string, FetchedSection>();
  for (const section of earlier) byKey.set(sectionKey(section), section);
  for (const section of later) byKey.set(sectionKey(section), section);
  return [...byKey.values()];
}

/** A message as a command collects it: the session may learn its later sequence number and more items. */
export interface CollectedMessage {
  seq: SeqNum;
  readonly uid: Uid | null;
  attributes: FetchAttributes;
}

/**
 * The messages one command collected, one entry per message (by UID, else by sequence number), in the order
 * their first response came.
 */
export class MessageCollector {
  readonly #byKey = new Map<number, CollectedMessage>();

  /** Adds one FETCH response; returns the message it now belongs to, and whether that message is new. */
  add(
    seq: SeqNum,
    uid: Uid | null,
    attributes: FetchAttributes,
  ): { message: CollectedMessage; first: boolean } {
    // UIDs and sequence numbers are both positive: sequence numbers go under the negative keys.
    const key = uid ?? -seq;
    const earlier = this.#byKey.get(key);
    if (earlier === undefined) {
      const message: CollectedMessage = { seq, uid, attributes };
      this.#byKey.set(key, message);
      return { message, first: true };
    }
    earlier.seq = seq;
    earlier.attributes = mergeFetchAttributes(earlier.attributes, attributes);
    return { message: earlier, first: false };
  }

  get messages(): CollectedMessage[] {
    return [...this.#byKey.values()];
  }
}
