// Optimistic flag changes the server has not confirmed yet. A row shows the server's flags with these changes
// on top until a UID STORE naming its UID completes: the server answers commands in order, so flags it reports
// before that (a row fetched meanwhile, another client's change, a bulk action's later batch not sent yet) do
// not include ours, and a silent STORE (the default) sends no echo to correct them. A rolled-back change is
// dropped at once; one no STORE ever confirms (a bulk action cancelled) expires.

import type { Flag, NumberRange } from '@webmail/imap-core';
import { changedFlags } from './message-row.ts';
import { uidRangeSet } from './uid-list.ts';

/** How long a change waits for its STORE, counted from the last UID STORE sent. */
export const UNCONFIRMED_TTL_MS = 60_000;

/** A change recorded by `record`, to hand back to `drop`. */
export interface FlagChange {
  readonly uids: ReadonlySet<number>;
}

interface Change extends FlagChange {
  /** UIDs whose STORE has not completed yet. */
  readonly pending: Set<number>;
  readonly add: readonly Flag[];
  readonly remove: readonly Flag[];
}

export class FlagOverlay {
  #changes: Change[] = [];
  #expires = 0;
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  record(uids: ReadonlySet<number>, add: readonly Flag[], remove: readonly Flag[]): FlagChange {
    const change: Change = { uids, pending: new Set(uids), add, remove };
    this.#changes.push(change);
    this.extend();
    return change;
  }

  /** Another folder (or UIDVALIDITY): its UIDs are other messages. */
  clear(): void {
    this.#changes = [];
  }

  drop(change: FlagChange): void {
    this.#changes = this.#changes.filter((c) => c !== change);
  }

  /** A UID STORE was sent: the changes are being worked through. */
  extend(): void {
    this.#expires = this.#now() + UNCONFIRMED_TTL_MS;
  }

  /** A UID STORE of `ranges` completed: the server has our changes for those UIDs. Returns the UIDs now clear. */
  stored(ranges: readonly NumberRange[]): number[] {
    const stored = uidRangeSet(ranges);
    const released: number[] = [];
    for (const change of this.#changes) {
      for (const uid of change.pending) {
        if (!stored.has(uid)) continue;
        change.pending.delete(uid);
        released.push(uid);
      }
    }
    this.#changes = this.#changes.filter((c) => c.pending.size > 0);
    return [...new Set(released)].filter((uid) => !this.covers(uid));
  }

  /** Whether an unconfirmed change names `uid`. */
  covers(uid: number): boolean {
    this.#expire();
    return this.#changes.some((c) => c.pending.has(uid));
  }

  /** `flags` as the server reported them, with the unconfirmed changes on top (the same array when none). */
  flagsFor(uid: number, flags: readonly Flag[]): readonly Flag[] {
    this.#expire();
    let out = flags;
    for (const change of this.#changes) {
      if (change.pending.has(uid)) out = changedFlags(out, change.add, change.remove);
    }
    return out;
  }

  #expire(): void {
    if (this.#changes.length > 0 && this.#now() > this.#expires) this.#changes = [];
  }
}
