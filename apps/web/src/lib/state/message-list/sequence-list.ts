// The listed folder's UIDs in sequence order (ascending UIDs: sequence number n is the n-th, RFC 9051 2.3.1.2),
// which is how an EXPUNGE, which names only a sequence number, is turned into the UID it removed. imap-core's
// own map knows only the UIDs it saw in FETCH responses; this one holds every UID of the folder once the order
// has been read. It is "known" only while it is complete: a sequence number is then mapped, else 0 is returned
// and the caller recomputes the order.

import { UidList } from './uid-list.ts';
import type { UidSet } from './uid-list.ts';

/** What the list's parts read of it. */
export interface SequenceView {
  readonly length: number;
  readonly known: boolean;
  uidOf(seq: number): number;
  has(uid: number): boolean;
  toArray(): Uint32Array;
}

export class SequenceList implements SequenceView {
  readonly #uids = new UidList();
  #known = false;

  get length(): number {
    return this.#uids.length;
  }

  /** Whether the list holds every UID of the folder in order (sequence numbers can be mapped). */
  get known(): boolean {
    return this.#known;
  }

  /** The UID of sequence number `seq`, or 0 when the list does not know it. */
  uidOf(seq: number): number {
    return this.#known ? this.#uids.at(seq - 1) : 0;
  }

  /** Whether `uid` is in the list (binary search). */
  has(uid: number): boolean {
    return this.#uids.indexOfAscending(uid) >= 0;
  }

  /** Every UID of the folder, ascending (taken over, not copied); `known` when it matches the server's count. */
  set(ascending: Uint32Array, known: boolean): void {
    this.#uids.set(ascending);
    this.#known = known;
  }

  /** New messages, ascending and above every UID held (RFC 9051 2.3.1.1). */
  append(ascending: readonly number[]): void {
    this.#uids.append(ascending);
  }

  /**
   * An EXPUNGE (by sequence number) or one UID of a VANISHED. A VANISHED reports UIDs the session may never
   * have numbered: its sequence number is then only a guess, the UID is not, and the list being ascending,
   * the UID finds its own place.
   */
  expunge(seq: number, uid: number | null): void {
    this.#uids.removeAt(uid === null ? seq - 1 : this.#uids.indexOfAscending(uid));
  }

  /** VANISHED (EARLIER) UIDs, possibly ranges. */
  vanish(gone: UidSet): void {
    this.#uids.removeWhere(gone);
  }

  /** The list may no longer match the server (a resync runs, or the counts disagree). */
  invalidate(): void {
    this.#known = false;
  }

  reset(): void {
    this.#uids.reset();
    this.#known = false;
  }

  /** A copy of the UIDs, ascending. */
  toArray(): Uint32Array {
    return this.#uids.toArray();
  }
}
