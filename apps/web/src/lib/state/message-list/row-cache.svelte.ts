// The fetched rows of the message list, by UID, and the optimistic flag changes painted on them. A row shows
// the flags the server last reported with the unconfirmed changes on top (flag-overlay.ts); while it differs,
// the server's own flags are kept beside it, so a rollback or a later report shows the right thing. One
// version counter tells readers that rows changed: a batch replaces dozens of rows at once and re-renders once.

import type { Flag, NumberRange } from '@webmail/imap-core';
import { FlagOverlay } from './flag-overlay.ts';
import { sameFlags, withFlags } from './message-row.ts';
import type { MessageRow } from './message-row.ts';
import type { UidSet } from './uid-list.ts';

/** An optimistic change applied to the cache. */
export interface PaintedFlags {
  /** How the number of unread cached rows changed. */
  readonly unseenDelta: number;
  /** Drops the change: rows show what the server reported. Returns how the number of unread rows changed. */
  undo(): number;
}

export class RowCache {
  #version = $state(0);
  // Not SvelteMaps on purpose: #version tells readers once per batch.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #rows = new Map<number, MessageRow>();
  /** The server's flags of rows that show unconfirmed changes. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #reported = new Map<number, readonly Flag[]>();
  readonly #overlay: FlagOverlay;
  /** Told the label keywords of rows that arrive or change. */
  readonly #onKeywords: (keywords: readonly string[]) => void;

  constructor(onKeywords: (keywords: readonly string[]) => void, now?: () => number) {
    this.#onKeywords = onKeywords;
    this.#overlay = new FlagOverlay(now);
  }

  /** The row of `uid`, if cached. Reactive. */
  get(uid: number): MessageRow | undefined {
    void this.#version;
    return this.#rows.get(uid);
  }

  /** The row of `uid`, if cached, read without becoming a dependency (a scan down a whole folder's order). */
  peek(uid: number): MessageRow | undefined {
    return this.#rows.get(uid);
  }

  has(uid: number): boolean {
    return this.#rows.has(uid);
  }

  /** How many rows are cached. Reactive. */
  get size(): number {
    void this.#version;
    return this.#rows.size;
  }

  uids(): number[] {
    return [...this.#rows.keys()];
  }

  #changed(): void {
    this.#version++;
  }

  /** Another folder: rows and the changes painted on them go. */
  clear(): void {
    this.#rows.clear();
    this.#reported.clear();
    this.#overlay.clear();
    this.#changed();
  }

  /** Caches fetched rows (with the unconfirmed changes on top). */
  keep(rows: readonly MessageRow[]): void {
    if (rows.length === 0) return;
    const keywords: string[] = [];
    for (const row of rows) keywords.push(...this.#show(row, row.flags).keywords);
    if (keywords.length > 0) this.#onKeywords(keywords);
    this.#changed();
  }

  /** A row's flags as the server reports them now. */
  serverFlags(uid: number, flags: readonly Flag[]): void {
    const row = this.#rows.get(uid);
    if (row === undefined) return;
    const shown = this.#show(row, flags);
    if (shown === row) return;
    if (shown.keywords.length > 0) this.#onKeywords(shown.keywords);
    this.#changed();
  }

  /** Rows of messages that left the folder. */
  forget(gone: UidSet): void {
    for (const uid of this.#rows.keys()) {
      if (!gone.has(uid)) continue;
      this.#rows.delete(uid);
      this.#reported.delete(uid);
    }
  }

  /** Drops every row `keep` does not name. */
  keepOnly(keep: UidSet): void {
    for (const uid of this.#rows.keys()) {
      if (keep.has(uid)) continue;
      this.#rows.delete(uid);
      this.#reported.delete(uid);
    }
  }

  /** Paints a flag change on the cached rows of `uids`, and on rows of them that arrive before it is stored. */
  paint(uids: readonly number[], add: readonly Flag[], remove: readonly Flag[]): PaintedFlags {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a lookup, never rendered
    const change = this.#overlay.record(new Set(uids), add, remove);
    const unseenDelta = this.#reshow(change.uids);
    return {
      unseenDelta,
      undo: () => {
        this.#overlay.drop(change);
        return this.#reshow(change.uids);
      },
    };
  }

  /** A UID STORE was sent. */
  storeSent(): void {
    this.#overlay.extend();
  }

  /** A UID STORE of `ranges` completed: what the rows show is what the server has. */
  stored(ranges: readonly NumberRange[]): void {
    for (const uid of this.#overlay.stored(ranges)) this.#reported.delete(uid);
  }

  /** Shows the cached rows of `uids` again from what the server reported; returns the change in unread rows. */
  #reshow(uids: ReadonlySet<number>): number {
    let unseenDelta = 0;
    let changed = false;
    for (const uid of uids) {
      const row = this.#rows.get(uid);
      if (row === undefined) continue;
      const shown = this.#show(row, this.#reported.get(uid) ?? row.flags);
      if (shown === row) continue;
      unseenDelta += Number(row.seen) - Number(shown.seen);
      changed = true;
    }
    if (changed) this.#changed();
    return unseenDelta;
  }

  /** Caches `row` showing the server's `reported` flags with the unconfirmed changes on top. */
  #show(row: MessageRow, reported: readonly Flag[]): MessageRow {
    const flags = this.#overlay.flagsFor(row.uid, reported);
    if (sameFlags(flags, reported)) this.#reported.delete(row.uid);
    else this.#reported.set(row.uid, reported);
    const shown = sameFlags(row.flags, flags) ? row : withFlags(row, flags);
    this.#rows.set(row.uid, shown);
    return shown;
  }
}
