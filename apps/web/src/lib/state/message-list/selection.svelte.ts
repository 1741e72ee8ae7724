// The messages the user selected in the open folder, by UID: display indexes move when mail arrives or goes,
// UIDs do not. A plain Set plus one version counter: selecting 100,000 messages is one Set, and a change
// re-renders the visible rows (which read `has`) once, not a reactive entry per message.

import type { UidSet } from './uid-list.ts';

/** What an action works on: UIDs (ascending) of one folder, valid only under that UIDVALIDITY. */
export interface ActionTarget {
  readonly mailbox: string;
  readonly uidValidity: number;
  readonly uids: Uint32Array;
}

/** What the selection reads of the message list. */
export interface SelectionSource {
  readonly path: string | null;
  readonly uidValidity: number;
  readonly openUid: number | null;
  readonly cursor: number;
  /** The cursor's message (or what the user had chosen) was expunged: the cursor row is nobody's choice. */
  readonly cursorLost?: boolean;
  uidAt(index: number): number;
  indexOfUid(uid: number): number;
  allUids(): Uint32Array;
}

export class Selection {
  // Not a SvelteSet on purpose: "select all" would make 100,000 reactive entries; #version tells readers once.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #uids = new Set<number>();
  #version = $state(0);
  #all = $state(false);
  /** UID the last click or toggle was on: where a Shift-click range starts. 0 when none. */
  #anchor = 0;
  readonly #source: SelectionSource;

  constructor(source: SelectionSource) {
    this.#source = source;
  }

  get size(): number {
    void this.#version;
    return this.#uids.size;
  }

  /** "Select all" is on and nothing arrived or was deselected since. */
  get all(): boolean {
    return this.#all;
  }

  has(uid: number): boolean {
    void this.#version;
    return this.#uids.has(uid);
  }

  /** A plain click: only this row. */
  click(index: number): void {
    const uid = this.#source.uidAt(index);
    this.#uids.clear();
    if (uid !== 0) this.#uids.add(uid);
    this.#anchor = uid;
    this.#changed(false);
  }

  /** Ctrl/Cmd-click: this row in or out, the rest as it was. */
  toggle(index: number): void {
    const uid = this.#source.uidAt(index);
    if (uid === 0) return;
    if (!this.#uids.delete(uid)) this.#uids.add(uid);
    this.#anchor = uid;
    this.#changed(false);
  }

  /** Shift-click: the rows from the anchor (else the cursor) to `index`, replacing the selection. */
  extendTo(index: number): void {
    const source = this.#source;
    let from = this.#anchor === 0 ? -1 : source.indexOfUid(this.#anchor);
    if (from < 0) from = source.cursor >= 0 ? source.cursor : index;
    this.#uids.clear();
    for (let i = Math.min(from, index); i <= Math.max(from, index); i++) {
      const uid = source.uidAt(i);
      if (uid !== 0) this.#uids.add(uid);
    }
    if (this.#anchor === 0) this.#anchor = source.uidAt(from);
    this.#changed(false);
  }

  /** Every message listed (the folder, or the search result), from the UID list: no row is loaded. */
  selectAll(): void {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- replaces the plain set above
    this.#uids = new Set(this.#source.allUids());
    this.#changed(this.#uids.size > 0);
  }

  clear(): void {
    if (this.#uids.size === 0 && !this.#all && this.#anchor === 0) return;
    this.#uids.clear();
    this.#anchor = 0;
    this.#changed(false);
  }

  /** The selected UIDs, ascending. */
  uids(): Uint32Array {
    void this.#version;
    return Uint32Array.from(this.#uids).sort();
  }

  /**
   * What an action works on: the selection, else the open message, else the row under the cursor; null when
   * there is none (or the folder has no UIDVALIDITY to guard the action with).
   */
  target(): ActionTarget | null {
    const { path, uidValidity } = this.#source;
    if (path === null || uidValidity === 0) return null;
    if (this.size > 0) return { mailbox: path, uidValidity, uids: this.uids() };
    if (this.#source.cursorLost === true) return null;
    const uid = this.#source.openUid ?? this.#source.uidAt(this.#source.cursor);
    return uid === 0 ? null : { mailbox: path, uidValidity, uids: Uint32Array.of(uid) };
  }

  /** Messages that left the folder leave the selection. */
  forget(gone: UidSet): void {
    let changed = false;
    for (const uid of this.#uids) {
      if (gone.has(uid)) {
        this.#uids.delete(uid);
        changed = true;
      }
    }
    if (this.#anchor !== 0 && gone.has(this.#anchor)) this.#anchor = 0;
    if (changed) this.#changed(this.#all && this.#uids.size > 0);
  }

  /** New mail is listed: "all" no longer describes the selection. */
  noteArrivals(): void {
    this.#all = false;
  }

  #changed(all: boolean): void {
    this.#all = all;
    this.#version++;
  }
}
