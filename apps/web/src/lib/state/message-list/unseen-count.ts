// The open folder's unread count, kept right for whoever shows it (MessageListOptions.onCounts): moved at once
// by an optimistic flag change, and counted again on the server COUNT_DELAY_MS after the last change, so a
// burst of flag changes costs one count.

import { countUnseen } from './folder-order.ts';
import type { ListState, OpenState } from './list-state.svelte.ts';

/** Unread counts are recounted this long after the last flag change. */
const COUNT_DELAY_MS = 150;

export class UnseenCount {
  readonly #state: ListState;
  /** The unread count the list last made or adjusted, null when it has none. */
  #unseen: number | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(state: ListState) {
    this.#state = state;
  }

  /** Counts again once changes stop for COUNT_DELAY_MS. */
  schedule(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    const open = this.#state.open;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.#count(open);
    }, COUNT_DELAY_MS);
  }

  /** Unread messages came or went by `delta` (an optimistic change): the count shown follows at once. */
  adjust(delta: number): void {
    const { list, options } = this.#state;
    if (delta === 0 || list.path === null) return;
    const base = options.unseenCount?.(list.path) ?? this.#unseen;
    if (base === null || base === undefined) return;
    this.#unseen = Math.max(0, base + delta);
    options.onCounts?.(list.path, { unseen: this.#unseen });
  }

  /** Another folder: the count the list had is not its count. */
  forget(): void {
    this.#unseen = null;
  }

  /** Sign-out: no count after it. */
  dispose(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
  }

  async #count(open: OpenState): Promise<void> {
    const state = this.#state;
    try {
      const count = await countUnseen(state.client);
      if (state.open !== open || state.list.path === null) return;
      this.#unseen = count;
      state.options.onCounts?.(state.list.path, { unseen: count });
    } catch {
      // A count is a nicety; the next change tries again.
    }
  }
}
