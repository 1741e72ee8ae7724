// One message, one result: a server may send a message's FETCH items in several responses (RFC 9051 7.5.2
// describes each FETCH response as data "about a message", not all of it), and it does so unasked. Dovecot with
// CONDSTORE or QRESYNC sends `* n FETCH (UID x MODSEQ (m) FLAGS (...))` in the middle of our own row FETCH when
// another client changes that message's flags. Taken as a second message, such a response became a row with
// no sender and no subject. So the items of later responses merge into what the command already holds: they
// update what they carry and never erase what they do not.

import type { SeqNum, Uid } from '../types.ts';
import type { FetchAttributes, FetchedSection } from '../wire/response.ts';
import { indexInAscending } from '../seqset.ts';

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
 *
 * A `UID FETCH 1:*` answers in ascending UID order (sequence order, RFC 9051 2.3.1.2), so while the UIDs come
 * ascending a message is found in a sorted typed array: new when above the last, else by binary search (a
 * later response of one already collected). A Map lookup per response was the largest cost of streaming a
 * 100,000-message FETCH (its hash table outgrows the CPU's caches). Once a UID comes out of order, or a
 * response without one, every message goes into the Map.
 */
export class MessageCollector {
  readonly #messages: CollectedMessage[] = [];
  /** UIDs of #messages, ascending, while #byKey is null. */
  #uids: Uint32Array = new Uint32Array(64);
  #byKey: Map<number, CollectedMessage> | null = null;

  /** Adds one FETCH response; returns the message it now belongs to, and whether that message is new. */
  add(
    seq: SeqNum,
    uid: Uid | null,
    attributes: FetchAttributes,
  ): { message: CollectedMessage; first: boolean } {
    const earlier = this.#find(seq, uid);
    if (earlier === undefined) {
      const message: CollectedMessage = { seq, uid, attributes };
      this.#keep(seq, uid, message);
      return { message, first: true };
    }
    earlier.seq = seq;
    earlier.attributes = mergeFetchAttributes(earlier.attributes, attributes);
    return { message: earlier, first: false };
  }

  get messages(): CollectedMessage[] {
    return this.#messages.slice();
  }

  #find(seq: SeqNum, uid: Uid | null): CollectedMessage | undefined {
    if (this.#byKey !== null) return this.#byKey.get(keyOf(seq, uid));
    const count = this.#messages.length;
    if (uid === null || count === 0 || uid > (this.#uids[count - 1] as number)) return undefined;
    const index = indexInAscending(this.#uids, uid, count);
    if (index >= 0) return this.#messages[index];
    this.#toMap(); // a new UID below the last: no longer ascending
    return undefined;
  }

  #keep(seq: SeqNum, uid: Uid | null, message: CollectedMessage): void {
    if (uid === null && this.#byKey === null) this.#toMap();
    const count = this.#messages.length;
    this.#messages.push(message);
    if (this.#byKey !== null) {
      this.#byKey.set(keyOf(seq, uid), message);
      return;
    }
    if (count === this.#uids.length) {
      const grown = new Uint32Array(count * 2);
      grown.set(this.#uids);
      this.#uids = grown;
    }
    this.#uids[count] = uid as number;
  }

  #toMap(): void {
    const byKey = new Map<number, CollectedMessage>();
    for (const message of this.#messages) byKey.set(keyOf(message.seq, message.uid), message);
    this.#byKey = byKey;
    this.#uids = new Uint32Array(0);
  }
}

/** UIDs and sequence numbers are both positive: sequence numbers go under the negative keys. */
function keyOf(seq: SeqNum, uid: Uid | null): number {
  return uid ?? -seq;
}
