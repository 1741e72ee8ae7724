// The organize bench's side in the page: each helper starts one user action with the event a person's input
// would send (a key on the list, Enter or an input event in the search box, a click on a menu item) and
// resolves at the animation frame after the DOM shows its outcome, with page times (performance.now()):
//
//   start   the event was dispatched
//   seen    a MutationObserver first saw the outcome in the DOM (the app's work is done)
//   frame   the animation frame after that: the frame that paints it
//
// What counts as "shown" is read from the rows the app renders (ids message-row-<index>, data-uid, the
// .subject text, the .flag-toggle's "on" class), the progress bar under the header (list.searching, opening,
// ordering) and the bulk action's bar (.bulk). Layout is read once, before the action starts: reading it in
// the observer would force a layout the app's own frame would not have needed.
//
// A string, installed with page.evaluate as run.ts does (tsx would wrap named functions of a callback in a
// helper the page does not have); OrganizePage declares it for the type checker.

/** Page times of one action; see the header. */
export interface Shown {
  readonly start: number;
  readonly seen: number;
  readonly frame: number;
}

export interface SearchShown extends Shown {
  /** The result count the list shows (aria-setsize). */
  readonly matches: number;
}

export interface MoveShown extends Shown {
  /** When the bulk progress bar first showed, and when the list first had fewer rows (seen, not painted). */
  readonly progress: number | null;
  readonly firstGone: number | null;
}

export interface OrganizePage {
  /** Presses S on the list, whose cursor is on `uid`; resolves once its row shows flagged === `want`. */
  flag(uid: number, want: boolean): Promise<Shown>;
  /**
   * Puts `word` in the search box with one input event (as a paste, or the last key typed) and, with
   * 'enter', presses Enter after it (start: the Enter; else start: the input event, so the debounce counts);
   * resolves once no progress bar shows and every row of the first screen is a match whose subject holds it.
   */
  search(word: string, trigger: 'enter' | 'input', timeoutMs: number): Promise<SearchShown>;
  /**
   * Empties the search box (one input event); resolves once the whole folder (`count` rows) is listed again.
   * Not Escape: SearchState.clear() also puts the field back to 'all'.
   */
  clearSearch(count: number): Promise<Shown>;
  /** Starts watching for a row with this exact subject; arrived() resolves when it is on screen. */
  watchArrival(subject: string, timeoutMs: number): void;
  arrived(): Promise<Shown>;
  /** Clicks the open Move menu's item for `folder`; resolves once the list is empty and the bulk bar gone. */
  move(folder: string, timeoutMs: number): Promise<MoveShown>;
}

export const ORGANIZE_HELPERS = `
window.__organize = (() => {
  const listbox = () => document.querySelector('[role="listbox"]');
  const rowAt = (index) => document.getElementById('message-row-' + index);
  const rowOf = (uid) => document.querySelector('[role="listbox"] [role="option"][data-uid="' + uid + '"]');
  const busy = () => document.querySelector('.progress-slot [role="progressbar"]') !== null;
  const setSize = () => Number(rowAt(0)?.getAttribute('aria-setsize') ?? -1);
  const subjectOf = (row) => (row.querySelector('.subject')?.textContent ?? '').toLowerCase();
  const searchBox = () => document.querySelector('[role="search"] input[type="search"]');

  const until = (predicate, timeoutMs) =>
    new Promise((resolve, reject) => {
      let done = false;
      const check = () => {
        if (done || !predicate()) return;
        done = true;
        observer.disconnect();
        clearTimeout(timer);
        const seen = performance.now();
        requestAnimationFrame(() => resolve({ seen, frame: performance.now() }));
      };
      const observer = new MutationObserver(check);
      const timer = setTimeout(() => {
        if (done) return;
        done = true;
        observer.disconnect();
        reject(new Error('not shown within ' + timeoutMs + ' ms'));
      }, timeoutMs);
      observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
      check();
    });

  /** How many rows one screen of the list holds (read before an action). */
  const screenRows = () => {
    const box = listbox();
    const row = rowAt(0);
    if (!box || !row || row.offsetHeight === 0) return 1;
    return Math.max(1, Math.floor(box.clientHeight / row.offsetHeight));
  };

  /** Every row of the first screen is fetched and passes test. */
  const screenShows = (rows, test) => {
    const first = rowAt(0);
    if (!first) return false;
    const n = Math.min(Number(first.getAttribute('aria-setsize')), rows);
    for (let i = 0; i < n; i++) {
      const row = rowAt(i);
      if (!row || !row.hasAttribute('data-uid') || !test(row)) return false;
    }
    return true;
  };

  const key = (target, init) =>
    target.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init }));

  let arrival = null;

  return {
    async flag(uid, want) {
      const box = listbox();
      if (!box || !rowOf(uid)) throw new Error('no row ' + uid);
      box.focus();
      const start = performance.now();
      key(box, { key: 's' });
      const shown = await until(() => rowOf(uid)?.querySelector('.flag-toggle')?.classList.contains('on') === want, 10000);
      return { start, ...shown };
    },

    async search(word, trigger, timeoutMs) {
      const input = searchBox();
      if (!input) throw new Error('no search box');
      const rows = screenRows();
      const wanted = word.toLowerCase();
      input.focus();
      input.value = word;
      let start = performance.now();
      input.dispatchEvent(new Event('input', { bubbles: true }));
      if (trigger === 'enter') {
        start = performance.now();
        key(input, { key: 'Enter' });
      }
      const shown = await until(() => !busy() && screenShows(rows, (row) => subjectOf(row).includes(wanted)), timeoutMs);
      return { start, ...shown, matches: setSize() };
    },

    async clearSearch(count) {
      const input = searchBox();
      if (!input) throw new Error('no search box');
      input.value = '';
      const start = performance.now();
      input.dispatchEvent(new Event('input', { bubbles: true }));
      const shown = await until(() => !busy() && setSize() === count && rowAt(0)?.hasAttribute('data-uid') === true, 60000);
      return { start, ...shown };
    },

    watchArrival(subject, timeoutMs) {
      const start = performance.now();
      arrival = until(
        () => [...document.querySelectorAll('[role="listbox"] [role="option"][data-uid] .subject')].some((node) => node.textContent === subject),
        timeoutMs,
      ).then((shown) => ({ start, ...shown }));
      arrival.catch(() => undefined);
    },

    arrived() {
      if (!arrival) throw new Error('watchArrival first');
      return arrival;
    },

    async move(folder, timeoutMs) {
      const item = [...document.querySelectorAll('[role="menu"] [role="menuitem"]')].find((node) => node.title === folder);
      if (!item) throw new Error('no menu item for ' + folder);
      const initial = setSize();
      let progress = null;
      let firstGone = null;
      const start = performance.now();
      item.click();
      const shown = await until(() => {
        const now = performance.now();
        const bulk = document.querySelector('.bulk') !== null;
        if (bulk && progress === null) progress = now;
        if (firstGone === null && (rowAt(0) === null || setSize() < initial)) firstGone = now;
        return !bulk && document.querySelector('.state.empty') !== null;
      }, timeoutMs);
      return { start, ...shown, progress, firstGone };
    },
  };
})();`;
