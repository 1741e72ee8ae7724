// The lists of folders shown earlier in this tab, kept in memory so that coming back to a folder shows its rows
// at once, as a desktop client does, while the server is asked what changed (MessageList.resync: QRESYNC, else
// UID comparison). Dovecot alone takes 150 ms to SELECT a 100,000-message folder here; the rows need not wait
// for it. A list is kept when the user leaves its folder, complete (ListModel.snapshot() is null otherwise),
// and handed out once: the list model takes the snapshot's order as its own and edits it.

import type { ListSnapshot } from './list-snapshot.ts';

/** Folders whose lists are kept (the most recently left): a 100,000-message order is 400 KB. */
export const SHOWN_LISTS_KEPT = 6;

export class ShownLists {
  readonly #lists = new Map<string, ListSnapshot>();
  readonly #max: number;

  constructor(max = SHOWN_LISTS_KEPT) {
    this.#max = max;
  }

  /** Keeps `snapshot` as its folder's latest (the least recently kept beyond the most are dropped). */
  keep(snapshot: ListSnapshot): void {
    this.#lists.delete(snapshot.path);
    this.#lists.set(snapshot.path, snapshot);
    while (this.#lists.size > this.#max) this.#lists.delete(this.#lists.keys().next().value as string);
  }

  /** The list kept of `path`, given up (null when none is kept). */
  take(path: string): ListSnapshot | null {
    const snapshot = this.#lists.get(path) ?? null;
    this.#lists.delete(path);
    return snapshot;
  }

  clear(): void {
    this.#lists.clear();
  }
}
