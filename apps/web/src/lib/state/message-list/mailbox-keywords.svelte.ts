// The keywords of the listed mailbox, for the label menus: whether new ones may be stored (PERMANENTFLAGS lists
// \*, RFC 9051 7.1) and the label keywords it knows (FLAGS, PERMANENTFLAGS, and those rows carry or the user
// adds). Owned by the list model, which calls these methods; components read the getters through the list.

import type { Flag } from '@webmail/imap-core';
import { keywordsAllowedBy, mergeKeywords } from './message-row.ts';

/** The keywords a mailbox offers, from a SELECT's answer or from the selected mailbox. */
export interface OfferedKeywords {
  readonly flags: readonly Flag[];
  readonly permanentFlags: readonly Flag[] | null;
}

export class MailboxKeywords {
  #allowed = $state(false);
  #known = $state.raw<readonly string[]>([]);

  get allowed(): boolean {
    return this.#allowed;
  }

  get known(): readonly string[] {
    return this.#known;
  }

  adopt(mailbox: OfferedKeywords): void {
    this.#allowed = keywordsAllowedBy(mailbox.permanentFlags);
    this.learn(mergeKeywords(mailbox.flags, mailbox.permanentFlags ?? []));
  }

  /** The label keywords among `flags` join the known ones (a row carries them, or the user adds them). */
  learn(flags: readonly Flag[]): void {
    this.#known = mergeKeywords(this.#known, flags);
  }

  clear(): void {
    this.#allowed = false;
    this.#known = [];
  }
}
