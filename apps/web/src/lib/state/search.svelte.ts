// The search box and its filters. In the open folder, the search runs where the folder is listed: the message
// list takes the criteria (MessageList.setQuery: UID SORT (DATE) read newest first with them) and fills the same
// virtualized list, newest first. Over all folders it runs on a second connection (AllFoldersSearch). Typing
// waits DEBOUNCE_MS for a pause, and every change abandons the search in progress at once. A search of the
// 'all' field shows its sender/recipient/subject matches first (the header cache answers those at once) and
// then the full answer with the body matches (which needs every message read, seconds in a big folder).
//
// An attachment filter on a server without an attachment keyword needs a look at each candidate's
// BODYSTRUCTURE: that runs on a second connection too (a scan of thousands of candidates would otherwise
// hold up the list's row fetches and IDLE), and the list is then given exactly the UIDs that qualify.

import { rangesFromNumbers } from '@webmail/imap-core';
import { searchAscending } from './message-list/folder-order.ts';
import type { SearchKey } from '@webmail/imap-core';
import { AllFoldersSearch, RESULT_LIMIT } from './all-folders-search.svelte.ts';
import type {
  FoundMessage,
  OpenSecondary,
  SearchFolders,
  SecondaryClient,
  SkippedFolder,
} from './all-folders-search.svelte.ts';
import { keepWithAttachments } from './attachment-filter.ts';
import { EMPTY_SEARCH_FORM, searchPlanOf } from './search-query.ts';
import type { SearchForm } from './search-query.ts';
import { describeError } from './user-message.ts';
import type { UserMessage } from './user-message.ts';

/** What the search needs of the message list (a MessageList has it). */
export interface SearchList {
  readonly path: string | null;
  readonly uidValidity: number;
  readonly count: number;
  readonly query: SearchKey | null;
  /** Keywords the open mailbox knows (FLAGS/PERMANENTFLAGS): is there an attachment keyword? */
  readonly knownKeywords: readonly string[];
  setQuery(query: SearchKey | null, options?: { readonly unlessEmpty?: boolean }): Promise<void>;
  /** The newest messages of a large folder as a search key, or null (MessageList.recentWindow). */
  recentWindow(size: number): SearchKey | null;
  /** Settles once the rows being fetched for what the list shows have come (MessageList.rowsFetched). */
  rowsFetched(): Promise<void>;
  cancelSearch(): void;
}

export interface SearchProgress {
  readonly done: number;
  readonly total: number;
  /** All folders: folders searched. Attachment check in one folder: candidate messages looked at. */
  readonly unit: 'folders' | 'messages';
}

export interface SearchOptions {
  /** Pause in typing before a search starts, in ms. Default DEBOUNCE_MS. */
  readonly debounceMs?: number;
  /** Most results listed in the all-folders scope. Default RESULT_LIMIT. */
  readonly limit?: number;
}

export const DEBOUNCE_MS = 250;

/** RFC 9051 6.4.4 NOT ALL: the criteria of an attachment search that found no candidate with one. */
const MATCHES_NOTHING: SearchKey = Object.freeze({ not: Object.freeze({ all: true }) });

/**
 * How many of a large folder's newest messages a quick search looks at first, in folders of twice that or more
 * (Dovecot 2.3 without FTS reads their headers in about 17 ms, 34 ms for 5,000, 0.9 s for 100,000). User bench
 * at 10k, 10 searches a side, 2026-12-08: first results painted 49-52 ms with 2,500, 78 ms with 5,000.
 */
export const RECENT_WINDOW = 2_500;

export class SearchState {
  form = $state.raw<SearchForm>(EMPTY_SEARCH_FORM);

  #error = $state.raw<UserMessage | null>(null);
  /** A folder-scope search is under way. */
  #searching = $state(false);
  /** The list has shown an answer of ours since the folder was last whole (its count is the result count). */
  #settled = $state(false);
  /** The list shows the header matches; the message text is still being searched. */
  #refining = $state(false);
  #checked = $state.raw<SearchProgress | null>(null);
  #all = $state.raw<AllFoldersSearch | null>(null);

  readonly #list: SearchList;
  readonly #openSecondary: OpenSecondary;
  readonly #folders: SearchFolders;
  readonly #debounceMs: number;
  readonly #limit: number;
  #timer: ReturnType<typeof setTimeout> | null = null;
  /** Bumped by every run, cancel and clear: an older run's answers are then ignored. */
  #generation = 0;
  /** The connection of a folder-scope attachment check, closed by cancel. */
  #secondary: SecondaryClient | null = null;

  constructor(
    list: SearchList,
    openSecondary: OpenSecondary,
    folders: SearchFolders,
    options: SearchOptions = {},
  ) {
    this.#list = list;
    this.#openSecondary = openSecondary;
    this.#folders = folders;
    this.#debounceMs = options.debounceMs ?? DEBOUNCE_MS;
    this.#limit = options.limit ?? RESULT_LIMIT;
  }

  /** The form asks for something (so a search is, or is about to be, in effect: "Clear search" applies). */
  get active(): boolean {
    return searchPlanOf(this.form) !== null;
  }

  /** A search is under way (in the folder, or over all folders). */
  get running(): boolean {
    return this.#searching || this.#all?.phase === 'running';
  }

  /** Header matches are shown while the message text is still searched ("searching message text…"). */
  get refining(): boolean {
    return this.#refining;
  }

  /**
   * How many messages match: in the folder, the list's count once its search settled (it follows arrivals
   * and expunges); over all folders, every match counted so far, of which `allResults` lists the newest.
   */
  get resultCount(): number | null {
    if (this.#all) return this.#all.total;
    return this.#settled && this.#list.query !== null ? this.#list.count : null;
  }

  get error(): UserMessage | null {
    return this.#error ?? this.#all?.error ?? null;
  }

  get progress(): SearchProgress | null {
    const all = this.#all;
    if (all?.phase === 'running') return { ...all.progress, unit: 'folders' };
    return this.#checked;
  }

  /** All-folders results, newest first, at most the limit (RESULT_LIMIT). */
  get allResults(): readonly FoundMessage[] {
    return this.#all?.results ?? [];
  }

  /** All-folders scope: matches counted but not listed (the UI says "the newest 500 of N"). */
  get truncated(): boolean {
    return this.#all !== null && this.#all.total > this.#all.results.length;
  }

  /** Folders the all-folders search could not search. */
  get skipped(): readonly SkippedFolder[] {
    return this.#all?.skipped ?? [];
  }

  /** Changes the form; the search runs after a pause in typing, and the one in progress stops now. */
  update(patch: Partial<SearchForm>): void {
    const next = { ...this.form, ...patch };
    if (sameForm(next, this.form)) return;
    this.form = next;
    this.#stop();
    this.#clearTimer();
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.run();
    }, this.#debounceMs);
  }

  /** Searches now with the form as it is. Settles when the results are in (or it was superseded). */
  async run(): Promise<void> {
    this.#clearTimer();
    this.#stop();
    const run = this.#generation;
    this.#error = null;
    const form = this.form;
    if (form.scope === 'all') await this.#runAllFolders(run, form);
    else await this.#runFolder(run, form);
  }

  /** Stops the search in progress; what it found so far stays. */
  cancel(): void {
    this.#clearTimer();
    this.#stop();
  }

  /** Empties the form (the scope stays) and shows the whole folder again. */
  clear(): void {
    this.#clearTimer();
    this.#stop();
    this.form = { ...EMPTY_SEARCH_FORM, scope: this.form.scope };
    this.#all = null;
    this.#error = null;
    this.#restoreFolder(this.#generation);
  }

  /** Stops everything (sign-out). */
  dispose(): void {
    this.cancel();
  }

  async #runFolder(run: number, form: SearchForm): Promise<void> {
    this.#all = null;
    const plan = searchPlanOf(form, this.#list.knownKeywords);
    if (plan === null || this.#list.path === null) {
      this.#restoreFolder(run);
      return;
    }
    this.#searching = true;
    try {
      if (plan.headersKey !== null) {
        // In a large folder, the newest messages first: their matches paint at once (a header search of
        // 100,000 messages takes Dovecot most of a second), the whole folder's follow.
        const recent = this.#list.recentWindow(RECENT_WINDOW);
        if (recent !== null) {
          await this.#list.setQuery({ and: [recent, plan.headersKey] }, { unlessEmpty: true });
          if (run !== this.#generation) return;
          // Their rows before the whole folder's search: sent behind it on the one connection, their FETCH
          // waited for Dovecot to get through the search first.
          await this.#list.rowsFetched();
          if (run !== this.#generation) return;
        }
        await this.#list.setQuery(plan.headersKey);
        if (run !== this.#generation) return;
        this.#settled = true;
        this.#refining = true;
      }
      // The slow parts run on a second connection, which a new keystroke or Stop closes: a body search of a
      // large folder takes seconds, and on the list's own connection every row fetch and flag change would
      // wait for it. The list then sorts just the UIDs found, which is quick.
      const slow = plan.checkAttachments || plan.headersKey !== null || form.field === 'body';
      const key = slow ? await this.#onSecondary(run, plan.key, plan.checkAttachments) : plan.key;
      if (key === null || run !== this.#generation) return;
      await this.#list.setQuery(key);
      if (run === this.#generation) this.#settled = true;
    } catch (error) {
      if (run === this.#generation) this.#error = describeError(error);
    } finally {
      if (run === this.#generation) {
        this.#searching = false;
        this.#refining = false;
        this.#checked = null;
      }
    }
  }

  /**
   * The UIDs of the open folder matching `key`, searched on a second connection (and, with `attachments`, only
   * the candidates that really have one), as a UID set; null when the run was superseded or the folder changed
   * under the search.
   */
  async #onSecondary(run: number, key: SearchKey, attachments: boolean): Promise<SearchKey | null> {
    const path = this.#list.path;
    const uidValidity = this.#list.uidValidity;
    if (path === null) return null;
    const client = await this.#openSecondary();
    this.#secondary = client;
    try {
      if (run !== this.#generation) return null;
      const examined = await client.examine(path);
      if (run !== this.#generation) return null;
      if (examined.uidValidity !== uidValidity) {
        // The folder was recreated since the list read its UIDs: these UIDs would name other messages.
        this.#error = { key: 'search.error.folderChanged', detail: `UIDVALIDITY of ${path} changed` };
        return null;
      }
      const candidates = await searchAscending(client, key);
      if (run !== this.#generation) return null;
      if (!attachments) {
        return candidates.length === 0 ? MATCHES_NOTHING : { uid: rangesFromNumbers(Array.from(candidates)) };
      }
      const kept = await keepWithAttachments(client, candidates, {
        expectedUidValidity: uidValidity,
        cancelled: () => run !== this.#generation,
        onProgress: (done, total) => {
          if (run === this.#generation) this.#checked = { done, total, unit: 'messages' };
        },
      });
      if (kept === null) return null;
      return kept.length === 0 ? MATCHES_NOTHING : { uid: rangesFromNumbers(kept) };
    } finally {
      if (this.#secondary === client) {
        this.#secondary = null;
        await client.logout().catch(() => client.close());
      }
    }
  }

  async #runAllFolders(run: number, form: SearchForm): Promise<void> {
    // The folder's own list goes back to the whole folder: the results are shown apart from it.
    this.#restoreFolder(run);
    if (searchPlanOf(form) === null) {
      this.#all = null;
      return;
    }
    const search = new AllFoldersSearch(this.#openSecondary, this.#folders, form, this.#limit);
    this.#all = search;
    await search.run();
  }

  /** Shows the whole folder again if the list holds a search. */
  #restoreFolder(run: number): void {
    this.#settled = false;
    if (this.#list.query === null) return;
    this.#list.setQuery(null).catch((error: unknown) => {
      if (run === this.#generation) this.#error = describeError(error);
    });
  }

  /** Abandons the run in progress: its answers are ignored from now on, and its commands stop. */
  #stop(): void {
    this.#generation++;
    this.#all?.cancel();
    if (this.#searching) {
      // The list keeps showing what it shows (an earlier answer, or the header matches), with its count.
      this.#list.cancelSearch();
      this.#searching = false;
      this.#refining = false;
    }
    this.#checked = null;
    const secondary = this.#secondary;
    this.#secondary = null;
    secondary?.close();
  }

  #clearTimer(): void {
    if (this.#timer === null) return;
    clearTimeout(this.#timer);
    this.#timer = null;
  }
}

function sameForm(a: SearchForm, b: SearchForm): boolean {
  return (Object.keys(a) as (keyof SearchForm)[]).every((key) => a[key] === b[key]);
}
