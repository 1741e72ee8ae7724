// What the message list shows, in order, and the keyboard cursor in it: the whole folder newest first, or a
// search result in its place (the folder's order kept beside it, so that going back costs nothing). The only
// writer of `count` and `cursor`, which keeps: `count` is the length of the order shown, and `cursor` one of
// its rows, or -1 exactly when there are none. Owned by the list model (list-model.svelte.ts).
//
// Messages being moved away are hidden (hide): out of both orders at once, and left out of any order set
// meanwhile, until the move is done (unhide) or did not happen (restore: back where they were).

import { FEW, UidList } from './uid-list.ts';
import type { UidSet } from './uid-list.ts';

export class ShownOrder {
  #count = $state(0);
  #cursor = $state(-1);
  /** Bumped whenever the order shown changes: the reactive reads depend on it. */
  #version = $state(0);
  /** The whole folder, newest first (0 where a UID is not known yet). */
  readonly #folder = new UidList();
  /** The search result shown, newest first; null while the whole folder is shown. */
  #results: UidList | null = null;
  /** UIDs being moved away: kept out of every order until unhidden or restored. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- read when orders are set; #version tells views
  readonly #hidden = new Set<number>();

  get count(): number {
    return this.#count;
  }

  /** The row with keyboard focus, -1 when there are none. */
  get cursor(): number {
    return this.#cursor;
  }

  get showsResults(): boolean {
    return this.#results !== null;
  }

  /** The UID at a display index, 0 while not known there. Reactive. */
  at(index: number): number {
    void this.#version;
    return this.#shown.at(index);
  }

  /** The display index of `uid`, or -1. Reactive. */
  indexOf(uid: number): number {
    void this.#version;
    return this.#shown.indexOf(uid);
  }

  /** Every known UID shown, in order, a copy. Reactive. */
  all(): Uint32Array {
    void this.#version;
    const uids = this.#shown.toArray();
    return uids.includes(0) ? uids.filter((uid) => uid !== 0) : uids;
  }

  /** The folder's order, a copy. */
  folderUids(): Uint32Array {
    return this.#folder.toArray();
  }

  /** The UID at an index of the folder's order, 0 while not known there. Not reactive. */
  folderAt(index: number): number {
    return this.#folder.at(index);
  }

  get folderLength(): number {
    return this.#folder.length;
  }

  /** A folder of `length` messages whose order is not known yet; the cursor on its first row. */
  reset(length: number): void {
    this.#hidden.clear();
    this.#folder.reset(length);
    this.#results = null;
    this.#changed();
    this.#place(0);
  }

  /** The newest UIDs, newest first, as the provisional top of the folder's order. */
  placeNewest(uids: readonly number[]): void {
    this.#folder.place(0, uids);
    this.#changed();
  }

  /** A new order of the whole folder; when it is shown, the cursor stays on its message. */
  setFolder(order: Uint32Array): void {
    const shown = this.#results === null;
    const cursorUid = shown ? this.#folder.at(this.#cursor) : 0;
    this.#folder.set(this.#visible(order));
    this.#changed();
    if (!shown) return;
    const index = cursorUid === 0 ? -1 : this.#folder.indexOf(cursorUid);
    this.#place(index >= 0 ? index : this.#cursor);
  }

  /** Shows a search result (the folder for null): cursor on top, or on its message going back to the folder. */
  showResults(order: Uint32Array | null): void {
    const cursorUid = order === null ? this.#shown.at(this.#cursor) : 0;
    this.#results = order === null ? null : UidList.of(this.#visible(order));
    this.#changed();
    const index = cursorUid === 0 ? -1 : this.#shown.indexOf(cursorUid);
    this.#place(Math.max(index, 0));
  }

  /**
   * New messages into the folder's order, each before the entry now at its `index` (arrival-places.ts: newest
   * first, indexes never decreasing). The cursor stays on its message. Returns whether they are shown (no
   * search is).
   */
  placeInFolder(places: readonly { readonly uid: number; readonly index: number }[]): boolean {
    if (this.#hidden.size > 0) places = places.filter((place) => !this.#hidden.has(place.uid));
    // From the last: an insertion moves only what is below it, and of arrivals sharing an index the newer one,
    // inserted later, ends above.
    for (const place of [...places].reverse()) this.#folder.insertAt(place.index, [place.uid]);
    if (this.#results !== null) {
      this.#changed();
      return false;
    }
    const cursor = this.#cursor;
    this.#changed();
    this.#place(cursor < 0 ? 0 : cursor + places.filter((place) => place.index <= cursor).length);
    return true;
  }

  /** Of `uids`, those not in the search result shown; none while the folder is shown. */
  notInResults(uids: readonly number[]): number[] {
    const results = this.#results;
    return results === null ? [] : uids.filter((uid) => results.indexOf(uid) < 0);
  }

  /** New matches (newest first) on top of the search result shown. */
  addToResults(uids: readonly number[]): void {
    if (this.#hidden.size > 0) uids = uids.filter((uid) => !this.#hidden.has(uid));
    if (this.#results === null || uids.length === 0) return;
    this.#results.insertAt(0, uids);
    this.#grew(uids.length);
  }

  /**
   * Takes the UIDs `gone` names out of both orders in one pass each. The cursor stays on its message, or takes
   * the one that moved into its place. Returns how many left the order shown and the folder's.
   */
  remove(gone: UidSet): { readonly shown: number; readonly folder: number } {
    // A hidden message that left the folder for good is not restored.
    for (const uid of this.#hidden) if (gone.has(uid)) this.#hidden.delete(uid);
    return this.#remove(gone);
  }

  #remove(gone: UidSet): { readonly shown: number; readonly folder: number } {
    const { removed, tracked } = this.#shown.removeWhere(gone, this.#cursor);
    const folder = this.#results === null ? removed : this.#folder.removeWhere(gone).removed;
    this.#changed();
    if (removed > 0) this.#place(tracked);
    return { shown: removed, folder };
  }

  /**
   * Takes `uids` out of both orders (as remove does) and out of any order set until unhide or restore. Returns
   * where they were: each UID with the index of the entry that followed it once they are out, in each order.
   */
  hide(uids: ReadonlySet<number>): HiddenPlaces {
    const places: HiddenPlaces = { folder: placesIn(this.#folder, uids), results: null };
    if (this.#results !== null) places.results = placesIn(this.#results, uids);
    for (const uid of uids) this.#hidden.add(uid);
    this.#remove(uids);
    return places;
  }

  /** The move of `uids` is done: they left the folder (their EXPUNGEs took them out of the orders already). */
  unhide(uids: Iterable<number>): void {
    for (const uid of uids) this.#hidden.delete(uid);
  }

  /**
   * What is still hidden of `places` goes back where it was (the move did not happen); the cursor stays on its
   * message. Returns how many came back.
   */
  restore(places: HiddenPlaces): number {
    const back = (list: { readonly uid: number; readonly index: number }[]) =>
      list.filter((place) => this.#hidden.has(place.uid));
    const folder = back(places.folder);
    // Only into the result it was hidden from, not into another search's.
    const results = places.results !== null && this.#results !== null ? back(places.results) : [];
    if (folder.length === 0) return 0;
    const cursorUid = this.#shown.at(this.#cursor);
    for (const place of folder) this.#hidden.delete(place.uid);
    for (const place of [...folder].reverse()) this.#folder.insertAt(place.index, [place.uid]);
    for (const place of [...results].reverse()) this.#results?.insertAt(place.index, [place.uid]);
    this.#changed();
    const index = cursorUid === 0 ? -1 : this.#shown.indexOf(cursorUid);
    this.#place(index >= 0 ? index : this.#cursor);
    return folder.length;
  }

  /** The cursor on row `index`, within the order (nothing when it is empty). */
  moveCursor(index: number): void {
    if (this.#count > 0) this.#place(index);
  }

  /** The order shown: the search result, else the folder. */
  get #shown(): UidList {
    return this.#results ?? this.#folder;
  }

  /** `order` without the hidden UIDs (the array itself when none are). */
  #visible(order: Uint32Array): Uint32Array {
    return this.#hidden.size === 0 ? order : order.filter((uid) => !this.#hidden.has(uid));
  }

  #changed(): void {
    this.#count = this.#shown.length;
    this.#version++;
  }

  #place(index: number): void {
    const count = this.#shown.length;
    this.#cursor = count === 0 ? -1 : Math.min(Math.max(index, 0), count - 1);
  }

  /** `n` rows were put at the top of the order shown: the cursor stays on its message. */
  #grew(n: number): void {
    this.#changed();
    this.#place(this.#cursor >= 0 ? this.#cursor + n : 0);
  }
}

/** Where hidden messages were (ShownOrder.hide), to put them back. */
export interface HiddenPlaces {
  readonly folder: { readonly uid: number; readonly index: number }[];
  results: { readonly uid: number; readonly index: number }[] | null;
}

/** Each of `uids` in `list`, top to bottom, with the index it will have once they are all out. */
function placesIn(list: UidList, uids: ReadonlySet<number>): { uid: number; index: number }[] {
  const places: { uid: number; index: number }[] = [];
  if (uids.size <= FEW) {
    // The few UIDs of a Delete found by native scans: the n-th found moves up by the n before it.
    list.indexesOf(uids).forEach((at, before) => places.push({ uid: list.at(at), index: at - before }));
    return places;
  }
  let kept = 0;
  for (let i = 0; i < list.length; i++) {
    const uid = list.at(i);
    if (uids.has(uid)) places.push({ uid, index: kept });
    else kept++;
  }
  return places;
}
