// Which pane is in front. On a desktop all three panes show and this only tracks where the user is; on a
// phone-sized screen one pane shows at a time, the list being home: going to the folders or into a message
// pushes a history entry, so the browser's (or the phone's) Back returns to the list as the Back button does.
// A composer on a phone covers the screen and pushes an entry of its own: Back puts it away (minimized).

import { MediaQuery } from 'svelte/reactivity';

export type Pane = 'folders' | 'list' | 'reader';

/** Below this width one pane shows at a time (in rem, so it follows the user's font size). */
export const NARROW_QUERY = '(max-width: 47.99rem)';

interface HistoryState {
  readonly webmailPane?: Pane;
  readonly webmailCompose?: true;
}

export interface PaneLayoutOptions {
  /** Default: a live `matchMedia(NARROW_QUERY)`. */
  readonly narrow?: () => boolean;
  readonly history?: Pick<History, 'pushState' | 'back'>;
}

export class PaneLayout {
  pane = $state<Pane>('list');
  /** On a phone: a composer covers the screen (Back puts it away). */
  composing = $state(false);
  readonly #narrow: () => boolean;
  readonly #history: Pick<History, 'pushState' | 'back'> | null;
  /** Whether the entry in front is one we pushed. */
  #pushed = false;

  constructor(options: PaneLayoutOptions = {}) {
    if (options.narrow) this.#narrow = options.narrow;
    else if (typeof matchMedia === 'function') {
      const query = new MediaQuery(NARROW_QUERY);
      this.#narrow = () => query.current;
    } else this.#narrow = () => false;
    this.#history = options.history ?? (typeof history === 'undefined' ? null : history);
  }

  get narrow(): boolean {
    return this.#narrow();
  }

  /** Brings a pane to the front; on a phone, leaving the list adds a history entry. */
  show(pane: Pane): void {
    if (pane === this.pane) return;
    if (this.narrow && this.pane === 'list' && pane !== 'list' && this.#history) {
      this.#history.pushState({ webmailPane: pane } satisfies HistoryState, '');
      this.#pushed = true;
    }
    this.pane = pane;
  }

  /** Back to the list (through history when we added an entry, so Back and the button agree). */
  back(): void {
    if (this.pane === 'list') return;
    if (this.#pushed && this.#history) {
      this.#history.back();
      return;
    }
    this.pane = 'list';
  }

  /** For the window's popstate event. */
  onPopState(state: unknown): void {
    const entry = state as HistoryState | null;
    const pane = entry?.webmailPane;
    this.#pushed = pane !== undefined && pane !== 'list';
    this.pane = pane ?? 'list';
    this.composing = entry?.webmailCompose === true;
  }

  /** A composer came to the front: on a phone, an entry that Back takes away again. */
  showComposer(): void {
    if (this.composing || !this.narrow) return;
    this.#history?.pushState({ webmailPane: this.pane, webmailCompose: true } satisfies HistoryState, '');
    this.composing = true;
  }

  /** The composer went (minimized, closed, sent): its entry goes too. */
  hideComposer(): void {
    if (!this.composing) return;
    if (this.#history) this.#history.back();
    else this.composing = false;
  }

  reset(): void {
    this.pane = 'list';
    this.composing = false;
    this.#pushed = false;
  }
}
