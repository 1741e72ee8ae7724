// Selected-mailbox state (RFC 9051 7.3, 7.4, 7.5; RFC 7162 3.2.10 VANISHED). The session applies every
// untagged response here, solicited or not, in arrival order, so the sequence-number <-> UID map stays right
// while EXPUNGEs renumber messages in the middle of other commands.
//
// Memory: the map is one Uint32Array indexed by seq-1 (0 = UID not learned yet), grown by doubling: 100,000
// messages cost 400 KB, not 100,000 objects. UIDs ascend with sequence numbers (RFC 9051 2.3.1.1), so a UID is
// found by binary search.

import { ErrorCodes, ProtocolError } from './errors.ts';
import type { Flag, MailboxName, NumberRange, SeqNum, Uid } from './types.ts';
import { asSeqNum, asUid } from './types.ts';
import { normalizeRanges } from './seqset.ts';
import type { FetchAttributes, ResponseCode, UntaggedResponse } from './wire/response.ts';

/**
 * The most messages one selected mailbox may claim: the map costs 4 bytes per message, so a hostile
 * "* 4294967295 EXISTS" would otherwise ask for 16 GB. Ten million (40 MB) is far above real mailboxes.
 */
export const MAX_MAILBOX_MESSAGES = 10_000_000;

export type AccessMode = 'read-write' | 'read-only';

/** Events the UI subscribes to (through the session or the client). */
export interface MailboxEvents {
  exists: { readonly mailbox: MailboxName; readonly count: number; readonly previous: number };
  /**
   * One message left the mailbox (EXPUNGE, or one UID of a VANISHED without EARLIER under QRESYNC). `uid` is
   * null only when neither the session's map nor the response told it. `seq` is exact for an EXPUNGE and for a
   * UID the map held; for a VANISHED UID the map never held it is a position inside the run of unmapped messages
   * where that UID sat (the count stays right). A consumer that keeps its own seq -> UID list should therefore
   * look a non-null `uid` up in it rather than trust `seq`.
   */
  expunge: { readonly mailbox: MailboxName; readonly seq: SeqNum; readonly uid: Uid | null };
  /** VANISHED (EARLIER) (RFC 7162 3.2.10): UIDs gone before this session saw them; EXISTS is unchanged. */
  vanished: { readonly mailbox: MailboxName; readonly uids: readonly NumberRange[] };
  flags: {
    readonly mailbox: MailboxName;
    readonly seq: SeqNum;
    readonly uid: Uid | null;
    readonly flags: readonly Flag[];
    readonly modseq?: bigint;
  };
  uidvalidity: { readonly mailbox: MailboxName; readonly previous: number; readonly current: number };
}

export interface MailboxSink {
  emit<K extends keyof MailboxEvents>(name: K, event: MailboxEvents[K]): void;
  /** A server mistake that leaves our state consistent (the response is ignored). */
  warn(message: string): void;
}

/** A JSON-friendly copy of the state (the transcript analyzer prints it). */
export interface MailboxSnapshot {
  readonly name: MailboxName;
  readonly access: AccessMode;
  readonly exists: number;
  readonly recent: number;
  readonly unseen: number | null;
  readonly uidValidity: number | null;
  readonly uidNext: number | null;
  readonly highestModseq: string | null;
  readonly flags: readonly Flag[];
  readonly permanentFlags: readonly Flag[] | null;
  readonly knownUids: number;
}

export class SelectedMailbox {
  readonly #name: MailboxName;
  // One writer: the session, through applyUntagged / applyCode / opened. Readers use the getters.
  #access: AccessMode;
  #flags: readonly Flag[] = [];
  #permanentFlags: readonly Flag[] | null = null;
  #recent = 0;
  #unseen: number | null = null;
  #uidValidity: number | null = null;
  #uidNext: number | null = null;
  #highestModseq: bigint | null = null;
  #opening = true;
  /** How many messages there were when UIDNEXT was last set: later arrivals may have higher UIDs. */
  #countAtUidNext = 0;

  private uids = new Uint32Array(64);
  private count = 0;
  /**
   * The slot learnUid filled last and its nearest known neighbours (-1 and count where there is none), while
   * the map has changed only by learning since (forgetLearned): every slot strictly between the two
   * neighbours but this one is unknown. A `UID FETCH 1:*` answers in ascending order into a map whose newest
   * UIDs are often known already (the list's first rows), and each UID is then checked against the neighbours
   * found for the one before, not by scanning every unknown slot up to the next known one again: at 100,000
   * messages that scan was 5 * 10^9 steps, 6 s.
   */
  #learnedIndex = -1;
  #learnedLeft = -1;
  #learnedRight = -1;
  private readonly sink: MailboxSink;

  constructor(name: MailboxName, access: AccessMode, sink: MailboxSink) {
    this.#name = name;
    this.#access = access;
    this.sink = sink;
  }

  get name(): MailboxName {
    return this.#name;
  }

  get access(): AccessMode {
    return this.#access;
  }

  get flags(): readonly Flag[] {
    return this.#flags;
  }

  /** null until the server sends PERMANENTFLAGS (RFC 9051 7.1: absent means all FLAGS are permanent). */
  get permanentFlags(): readonly Flag[] | null {
    return this.#permanentFlags;
  }

  get recent(): number {
    return this.#recent;
  }

  /** Sequence number of the first unseen message (UNSEEN code), null when not sent. */
  get unseen(): number | null {
    return this.#unseen;
  }

  get uidValidity(): number | null {
    return this.#uidValidity;
  }

  get uidNext(): number | null {
    return this.#uidNext;
  }

  get highestModseq(): bigint | null {
    return this.#highestModseq;
  }

  /** True while SELECT/EXAMINE is in flight: stray data from the previous mailbox is tolerated, not fatal. */
  get opening(): boolean {
    return this.#opening;
  }

  /** The SELECT or EXAMINE that opened this mailbox completed. */
  opened(): void {
    this.#opening = false;
  }

  get exists(): number {
    return this.count;
  }

  uidOf(seq: number): Uid | null {
    if (seq < 1 || seq > this.count) return null;
    const uid = this.uids[seq - 1] as number;
    return uid === 0 ? null : asUid(uid);
  }

  seqOf(uid: number): SeqNum | null {
    const index = this.indexOf(uid);
    return index >= 0 ? asSeqNum(index + 1) : null;
  }

  /**
   * The highest UID a message of this mailbox can have now, as far as the session can tell; null when it
   * cannot. UIDs ascend with sequence numbers and stay below UIDNEXT (RFC 9051 2.3.1.1), so the bound is the
   * last message's UID when known, or UIDNEXT - 1 while no message arrived since the server said UIDNEXT.
   * Server-supplied UID sets are clamped to it.
   */
  uidBound(): number | null {
    const last = this.count === 0 ? 0 : (this.uids[this.count - 1] as number);
    const next = this.#uidNext === null ? 0 : this.#uidNext - 1;
    if (last !== 0) return Math.max(last, next);
    if (this.#uidNext !== null && this.count <= this.#countAtUidNext) return next === 0 ? null : next;
    return null;
  }

  /** How many sequence numbers have a known UID. */
  knownUidCount(): number {
    let n = 0;
    for (let i = 0; i < this.count; i++) if (this.uids[i] !== 0) n++;
    return n;
  }

  snapshot(): MailboxSnapshot {
    return {
      name: this.name,
      access: this.#access,
      exists: this.count,
      recent: this.#recent,
      unseen: this.#unseen,
      uidValidity: this.#uidValidity,
      uidNext: this.#uidNext,
      highestModseq: this.#highestModseq === null ? null : String(this.#highestModseq),
      flags: this.#flags,
      permanentFlags: this.#permanentFlags,
      knownUids: this.knownUidCount(),
    };
  }

  /** Applies mailbox data (RFC 9051 7.3.5, 7.4, 7.5; RFC 7162 3.2.10); any other response is not ours. */
  applyUntagged(response: UntaggedResponse): void {
    switch (response.kind) {
      case 'flags':
        this.#flags = response.flags;
        break;
      case 'exists':
        this.applyExists(response.count);
        break;
      case 'recent':
        this.#recent = response.count;
        break;
      case 'expunge':
        this.applyExpunge(response.seq);
        break;
      case 'fetch':
        this.applyFetch(response.seq, response.attributes);
        break;
      case 'unreadable':
        // Its UID (when the server sent it before the fault) still maps the message.
        this.applyFetch(response.seq, response.uid === null ? {} : { uid: response.uid });
        break;
      case 'vanished':
        this.applyVanished(response.uids, response.earlier);
        break;
      default:
        break;
    }
  }

  /** RFC 9051 7.4.1: EXISTS only grows between EXPUNGEs; a smaller count means we lost track of the server. */
  applyExists(n: number): void {
    if (n < this.count) {
      if (this.#opening) {
        this.forgetLearned();
        this.count = n;
        return;
      }
      throw new ProtocolError(
        ErrorCodes.INCONSISTENT,
        `EXISTS went from ${this.count} to ${n} without EXPUNGE (RFC 9051 7.4.1)`,
      );
    }
    if (n === this.count) return;
    if (n > MAX_MAILBOX_MESSAGES) {
      throw new ProtocolError(
        ErrorCodes.INCONSISTENT,
        `EXISTS ${n} exceeds the ${MAX_MAILBOX_MESSAGES} messages we hold`,
      );
    }
    if (n > this.uids.length) {
      const grown = new Uint32Array(Math.max(n, this.uids.length * 2));
      grown.set(this.uids.subarray(0, this.count));
      this.uids = grown;
    }
    this.uids.fill(0, this.count, n);
    // The new slots are unknown: a last learned slot with no known one to its right still has none.
    if (this.#learnedRight === this.count) this.#learnedRight = n;
    const previous = this.count;
    this.count = n;
    if (!this.#opening) this.sink.emit('exists', { mailbox: this.name, count: n, previous });
  }

  /** RFC 9051 7.5.1: EXPUNGE renumbers every later message down by one. */
  applyExpunge(seq: number): void {
    if (seq < 1 || seq > this.count) {
      if (this.#opening) return this.sink.warn(`EXPUNGE ${seq} ignored while the mailbox was opening`);
      throw new ProtocolError(
        ErrorCodes.INCONSISTENT,
        `EXPUNGE ${seq} but the mailbox has ${this.count} messages (RFC 9051 7.5.1)`,
      );
    }
    const uid = this.uids[seq - 1] as number;
    this.removeAt(seq - 1);
    this.sink.emit('expunge', { mailbox: this.name, seq: asSeqNum(seq), uid: uid === 0 ? null : asUid(uid) });
  }

  /**
   * VANISHED (RFC 7162 3.2.10). Without EARLIER every UID listed was a message of this mailbox, and EXISTS drops
   * by one for each. Known UIDs are removed where they are; UIDs we never learned are removed from the run of
   * unknown slots where they must sit (UIDs ascend with sequence numbers), which keeps every known mapping
   * right. One merge pass over the map, so a 100,000-UID VANISHED costs O(n), not O(n^2) copies. Events go out
   * in descending sequence order, so each event's seq is valid when it is emitted. With EARLIER the messages
   * were gone before we saw them: EXISTS does not change.
   */
  applyVanished(input: readonly NumberRange[], earlier: boolean): void {
    if (earlier) {
      this.sink.emit('vanished', { mailbox: this.name, uids: input });
      return;
    }
    this.forgetLearned();
    const ranges = normalizeRanges(input);
    const removed: Array<{ seq: number; uid: number }> = [];
    let write = 0;
    let r = 0;
    let previousKnown = 0;
    let i = 0;
    while (i < this.count) {
      const uid = this.uids[i] as number;
      if (uid !== 0) {
        while (r < ranges.length && (ranges[r] as NumberRange).end < uid) r++;
        const range = ranges[r];
        if (range !== undefined && range.start <= uid) removed.push({ seq: i + 1, uid });
        else this.uids[write++] = uid;
        previousKnown = uid;
        i++;
        continue;
      }
      let j = i;
      while (j < this.count && this.uids[j] === 0) j++;
      const nextKnown = j < this.count ? (this.uids[j] as number) : Infinity;
      const listed = countBetween(ranges, previousKnown + 1, nextKnown - 1);
      const drop = Math.min(listed, j - i);
      // Every UID listed was a message here (RFC 7162 3.2.10): when the run can hold them all, the UIDs that
      // left it are exactly those, though not which slot each had. (A server listing more is not believed.)
      const gone = listed <= j - i ? numbersBetween(ranges, previousKnown + 1, nextKnown - 1) : [];
      for (let k = i; k < j; k++) {
        if (k < j - drop) this.uids[write++] = 0;
        else removed.push({ seq: k + 1, uid: gone[k - (j - drop)] ?? 0 });
      }
      i = j;
    }
    this.count = write;
    for (let k = removed.length - 1; k >= 0; k--) {
      const { seq, uid } = removed[k] as { seq: number; uid: number };
      this.sink.emit('expunge', {
        mailbox: this.name,
        seq: asSeqNum(seq),
        uid: uid === 0 ? null : asUid(uid),
      });
    }
  }

  /** Applies the parts of a FETCH response that belong to the mailbox: the UID mapping and flag changes. */
  applyFetch(seq: number, attributes: FetchAttributes): void {
    if (seq < 1 || seq > this.count) {
      this.sink.warn(`FETCH for message ${seq} ignored: the mailbox has ${this.count} messages`);
      return;
    }
    if (attributes.uid !== undefined) this.learnUid(seq, attributes.uid);
    if (
      attributes.modseq !== undefined &&
      (this.#highestModseq === null || attributes.modseq > this.#highestModseq)
    ) {
      // RFC 7162 3.1.2.1: a MODSEQ above HIGHESTMODSEQ is not possible; keep the bound honest anyway.
      this.#highestModseq = attributes.modseq;
    }
    if (attributes.flags !== undefined) {
      this.sink.emit('flags', {
        mailbox: this.name,
        seq: asSeqNum(seq),
        uid: this.uidOf(seq),
        flags: attributes.flags,
        ...(attributes.modseq === undefined ? {} : { modseq: attributes.modseq }),
      });
    }
  }

  /** Response codes carried by untagged OK or the tagged SELECT completion (RFC 9051 7.1). */
  applyCode(code: ResponseCode): void {
    switch (code.name) {
      case 'PERMANENTFLAGS':
        this.#permanentFlags = code.flags;
        break;
      case 'UIDNEXT':
        this.#uidNext = code.value;
        this.#countAtUidNext = this.count;
        break;
      case 'UNSEEN':
        this.#unseen = code.value;
        break;
      case 'HIGHESTMODSEQ':
        this.#highestModseq = code.value;
        break;
      case 'READ-ONLY':
        this.#access = 'read-only';
        break;
      case 'READ-WRITE':
        this.#access = 'read-write';
        break;
      case 'UIDVALIDITY':
        this.changeUidValidity(code.value);
        break;
      default:
        break;
    }
  }

  /** A new UIDVALIDITY invalidates every UID we hold (RFC 9051 2.3.1.1): forget them, tell the UI. */
  private changeUidValidity(value: number): void {
    const previous = this.#uidValidity;
    this.#uidValidity = value;
    if (previous === null || previous === value) return;
    this.forgetLearned();
    this.uids.fill(0, 0, this.count);
    this.sink.emit('uidvalidity', { mailbox: this.name, previous, current: value });
  }

  private learnUid(seq: number, uid: number): void {
    const index = seq - 1;
    const current = this.uids[index] as number;
    if (current === uid) return;
    if (current !== 0) {
      throw new ProtocolError(
        ErrorCodes.INCONSISTENT,
        `message ${seq} changed UID from ${current} to ${uid}`,
      );
    }
    // UIDs strictly ascend with sequence numbers: check against the nearest known neighbours.
    let left: number;
    let right: number;
    const last = this.#learnedIndex;
    if (last >= 0 && this.#learnedLeft < index && index < this.#learnedRight) {
      // Between the last learned slot's neighbours, where only that slot is known.
      left = index > last ? last : this.#learnedLeft;
      right = index > last ? this.#learnedRight : last;
    } else {
      left = index - 1;
      while (left >= 0 && this.uids[left] === 0) left--;
      right = index + 1;
      while (right < this.count && this.uids[right] === 0) right++;
    }
    if (left >= 0 && (this.uids[left] as number) >= uid) {
      throw new ProtocolError(
        ErrorCodes.INCONSISTENT,
        `UID ${uid} of message ${seq} is not above UID ${this.uids[left]} of message ${left + 1}`,
      );
    }
    if (right < this.count && (this.uids[right] as number) <= uid) {
      throw new ProtocolError(
        ErrorCodes.INCONSISTENT,
        `UID ${uid} of message ${seq} is not below UID ${this.uids[right]} of message ${right + 1}`,
      );
    }
    this.uids[index] = uid;
    this.#learnedIndex = index;
    this.#learnedLeft = left;
    this.#learnedRight = right;
  }

  /** The map changed other than by learning a UID: the last learned slot's neighbours are found anew. */
  private forgetLearned(): void {
    this.#learnedIndex = -1;
  }

  private removeAt(index: number): void {
    this.forgetLearned();
    this.uids.copyWithin(index, index + 1, this.count);
    this.count--;
  }

  /** Index of a known UID, or -1. Binary search that steps over unknown (0) slots. */
  private indexOf(uid: number): number {
    let lo = 0;
    let hi = this.count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      let probe = mid;
      while (probe <= hi && this.uids[probe] === 0) probe++;
      if (probe > hi) {
        hi = mid - 1;
        continue;
      }
      const value = this.uids[probe] as number;
      if (value === uid) return probe;
      if (value < uid) lo = probe + 1;
      else hi = mid - 1;
    }
    return -1;
  }
}

/** The numbers of the (sorted, merged) ranges in [low, high], ascending; only for a count known to be small. */
function numbersBetween(ranges: readonly NumberRange[], low: number, high: number): number[] {
  const numbers: number[] = [];
  for (const range of ranges) {
    const to = Math.min(range.end, high);
    for (let n = Math.max(range.start, low); n <= to; n++) numbers.push(n);
  }
  return numbers;
}

/** How many numbers of the (sorted, merged) ranges lie in [low, high]. */
function countBetween(ranges: readonly NumberRange[], low: number, high: number): number {
  let n = 0;
  for (const range of ranges) {
    const from = Math.max(range.start, low);
    const to = Math.min(range.end, high);
    if (to >= from) n += to - from + 1;
  }
  return n;
}
