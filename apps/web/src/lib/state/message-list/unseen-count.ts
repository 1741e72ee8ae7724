// The open folder's unread count, kept right for whoever shows it (MessageListOptions.onCounts): moved at once
// by an optimistic flag change, and counted again on the server COUNT_DELAY_MS after the last change, so a
// burst of flag changes costs one count.

import type { MailClient } from '../mail-client.ts';
import { countUnseen } from './folder-order.ts';
import type { FolderCountsUpdate } from './list-types.ts';
import type { ListModel } from './list-model.svelte.ts';
import type { ListOpen } from './list-open.ts';

/** Unread counts are recounted this long after the last flag change. */
const COUNT_DELAY_MS = 150;

export interface UnseenCountOptions {
  readonly onCounts?: (path: string, counts: FolderCountsUpdate) => void;
  /** The folder's unread count as shown now (see MessageListOptions.unseenCount). */
  readonly unseenCount?: (path: string) => number | null | undefined;
}

export class UnseenCount {
  readonly #model: ListModel;
  readonly #client: MailClient;
  readonly #options: UnseenCountOptions;
  /** The unread count the list last made or adjusted, null when it has none. */
  #unseen: number | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(model: ListModel, client: MailClient, options: UnseenCountOptions) {
    this.#model = model;
    this.#client = client;
    this.#options = options;
  }

  /** Counts again once changes stop for COUNT_DELAY_MS. */
  schedule(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    const open = this.#model.open;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.#count(open);
    }, COUNT_DELAY_MS);
  }

  /** Unread messages came or went by `delta` (an optimistic change): the count shown follows at once. */
  adjust(delta: number): void {
    const path = this.#model.path;
    if (delta === 0 || path === null) return;
    const base = this.#options.unseenCount?.(path) ?? this.#unseen;
    if (base === null || base === undefined) return;
    this.#unseen = Math.max(0, base + delta);
    this.#options.onCounts?.(path, { unseen: this.#unseen });
  }

  /** Another folder: the count the list had is not its count. */
  forget(): void {
    this.#unseen = null;
  }

  /** Sign-out: no count after it. */
  dispose(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
  }

  async #count(open: ListOpen): Promise<void> {
    try {
      const count = await countUnseen(this.#client);
      const path = this.#model.path;
      if (!open.current || path === null) return;
      this.#unseen = count;
      this.#options.onCounts?.(path, { unseen: count });
    } catch {
      // A count is a nicety; the next change tries again.
    }
  }
}
