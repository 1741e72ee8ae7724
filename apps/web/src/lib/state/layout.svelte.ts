// Which pane is in front. On a desktop all three panes show and this only tracks where the user is; on a
// phone-sized screen one pane shows at a time, the list being home: going to the folders or into a message
// pushes a history entry, so the browser's (or the phone's) Back returns to the list as the Back button does.

import { MediaQuery } from 'svelte/reactivity';

export type Pane = 'folders' | 'list' | 'reader';

/** Below this width one pane shows at a time (in rem, so it follows the user's font size). */
export const NARROW_QUERY = '(max-width: 47.99rem)';

interface HistoryState {
  readonly webmailPane?: Pane;
}

export interface PaneLayoutOptions {
  /** Default: a live `matchMedia(NARROW_QUERY)`. */
  readonly narrow?: () => boolean;
  readonly history?: Pick<History, 'pushState' | 'back'>;
}

export class PaneLayout {
  pane = $state<Pane>('list');
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
    const pane = (state as HistoryState | null)?.webmailPane;
    this.#pushed = pane !== undefined;
    this.pane = pane ?? 'list';
  }

  reset(): void {
    this.pane = 'list';
    this.#pushed = false;
  }
}
