// A search of every folder, on a second connection so that the open folder's list and its IDLE carry on
// undisturbed. Folder by folder: EXAMINE (read-only: searching never changes \Recent or anything else), the
// matches newest first (UID SORT (DATE) read newest first with the criteria, else UID SEARCH by highest UID), then the
// rows of the newest ones. Results are merged newest first and capped at `limit`, with the total of matches
// kept so the UI can say "the newest 500 of 2,345". Cancelling closes the connection, which rejects whatever
// command is in flight at once; a search that ends normally logs out.

import { CommandError, UsageError, rangesFromNumbers } from '@webmail/imap-core';
import type { ImapClient, SelectResult } from '@webmail/imap-core';
import { searchAscending, sortedByDate } from './message-list/folder-order.ts';
import { keepWithAttachments } from './attachment-filter.ts';
import type { FolderNode } from './folder-model.ts';
import { ROW_FETCH_ITEMS, rowFromFetch } from './message-list/message-row.ts';
import type { MessageRow } from './message-list/message-row.ts';
import { searchPlanOf } from './search-query.ts';
import type { SearchForm } from './search-query.ts';
import { describeError } from './user-message.ts';
import type { UserMessage } from './user-message.ts';

/** What the search needs of its connection (an ImapClient has it all). */
export type SecondaryClient = Pick<
  ImapClient,
  'capabilities' | 'examine' | 'search' | 'esearch' | 'sort' | 'fetch' | 'logout' | 'close'
>;

/** Opens another signed-in connection; the search logs it out (or closes it when cancelled). */
export type OpenSecondary = () => Promise<SecondaryClient>;

/** The folder tree as the search reads it (a FolderTree has it). */
export interface SearchFolders {
  readonly roots: readonly FolderNode[];
}

export interface FoundMessage {
  readonly mailbox: string;
  readonly uidValidity: number;
  readonly uid: number;
  readonly row: MessageRow;
}

export interface SkippedFolder {
  readonly path: string;
  readonly error: UserMessage;
}

/** Rows shown at most; the total of matches is still counted in every folder. */
export const RESULT_LIMIT = 500;
/** Rows per UID FETCH. */
export const ROW_BATCH = 100;

/** Every selectable folder, depth first as the tree shows them (collapsed ones included). */
export function searchableFolders(roots: readonly FolderNode[]): string[] {
  const paths: string[] = [];
  const walk = (nodes: readonly FolderNode[]): void => {
    for (const node of nodes) {
      if (node.selectable) paths.push(node.path);
      walk(node.children);
    }
  };
  walk(roots);
  return paths;
}

export class AllFoldersSearch {
  phase = $state<'running' | 'done' | 'cancelled' | 'error'>('running');
  /** At most `limit` matches, newest first. */
  results = $state.raw<readonly FoundMessage[]>([]);
  /** Matches in the folders searched so far. */
  total = $state(0);
  /** Folders searched, of all. */
  progress = $state.raw<{ readonly done: number; readonly total: number }>({ done: 0, total: 0 });
  error = $state.raw<UserMessage | null>(null);
  /** Folders that could not be searched (deleted meanwhile, or refused): the rest were. */
  skipped = $state.raw<readonly SkippedFolder[]>([]);

  readonly #openSecondary: OpenSecondary;
  readonly #folders: SearchFolders;
  readonly #form: SearchForm;
  readonly #limit: number;
  #client: SecondaryClient | null = null;
  #stopped = false;
  /** cancel() closed the connection (so there is nothing to log out of). */
  #closed = false;

  constructor(openSecondary: OpenSecondary, folders: SearchFolders, form: SearchForm, limit = RESULT_LIMIT) {
    this.#openSecondary = openSecondary;
    this.#folders = folders;
    this.#form = form;
    this.#limit = limit;
  }

  /** Searches every folder; settles when done, cancelled or failed (never rejects: see phase and error). */
  async run(): Promise<void> {
    const paths = searchableFolders(this.#folders.roots);
    this.progress = { done: 0, total: paths.length };
    let client: SecondaryClient | null = null;
    try {
      client = await this.#openSecondary();
      this.#client = client;
      if (this.#stopped) return;
      for (const path of paths) {
        if (this.#stopped) return;
        await this.#searchFolder(client, path);
        this.progress = { done: this.progress.done + 1, total: paths.length };
      }
      this.phase = 'done';
    } catch (error) {
      if (this.#stopped) return;
      this.error = describeError(error);
      this.phase = 'error';
    } finally {
      this.#client = null;
      if (client !== null && !this.#closed) await logout(client);
    }
  }

  /** Stops between folders, and at once for the command in flight (the connection is closed). */
  cancel(): void {
    if (this.#stopped || this.phase !== 'running') return;
    this.#stopped = true;
    this.phase = 'cancelled';
    if (this.#client) {
      this.#closed = true;
      this.#client.close();
    }
  }

  async #searchFolder(client: SecondaryClient, path: string): Promise<void> {
    try {
      const selected = await client.examine(path);
      if (selected.exists === 0 || this.#stopped) return;
      const plan = searchPlanOf(this.#form, keywordsOf(selected));
      if (plan === null) return;
      const uidValidity = selected.uidValidity ?? 0;
      const guard = uidValidity === 0 ? {} : { expectedUidValidity: uidValidity };
      const sorted = client.capabilities.has('SORT');
      let newestFirst: ArrayLike<number> = sorted
        ? await sortedByDate(client, plan.key)
        : (await searchAscending(client, plan.key)).reverse();
      if (plan.checkAttachments) {
        const kept = await keepWithAttachments(client, newestFirst, {
          ...guard,
          cancelled: () => this.#stopped,
        });
        if (kept === null) return;
        newestFirst = kept;
      }
      if (this.#stopped) return;
      this.total += newestFirst.length;
      await this.#collectRows(client, path, uidValidity, newestFirst, sorted);
    } catch (error) {
      // A folder deleted or refused meanwhile (NO), or renumbered under us (UIDVALIDITY): skip it and go on.
      // Anything else (the connection) ends the search.
      if (!(error instanceof CommandError || error instanceof UsageError)) throw error;
      this.skipped = [...this.skipped, { path, error: describeError(error) }];
    }
  }

  /**
   * Rows of the newest matches, a batch at a time. With SORT the UIDs come newest first, so once the results
   * are full and a batch ends older than the oldest result, the rest of this folder cannot get in.
   */
  async #collectRows(
    client: SecondaryClient,
    mailbox: string,
    uidValidity: number,
    newestFirst: ArrayLike<number>,
    sorted: boolean,
  ): Promise<void> {
    const wanted = Array.from(newestFirst).slice(0, this.#limit);
    const guard = uidValidity === 0 ? {} : { expectedUidValidity: uidValidity };
    for (let start = 0; start < wanted.length; start += ROW_BATCH) {
      if (this.#stopped) return;
      const found: FoundMessage[] = [];
      await client.fetch(rangesFromNumbers(wanted.slice(start, start + ROW_BATCH)), ROW_FETCH_ITEMS, {
        ...guard,
        onMessage: ({ uid, attributes }) =>
          found.push({ mailbox, uidValidity, uid, row: rowFromFetch(uid, attributes) }),
      });
      if (this.#stopped) return;
      this.results = [...this.results, ...found].sort(newestFirstOrder).slice(0, this.#limit);
      const oldestResult = this.results.at(-1);
      const oldestFetched = Math.min(...found.map((f) => sortDate(f.row)));
      if (
        sorted &&
        this.results.length >= this.#limit &&
        oldestResult &&
        oldestFetched < sortDate(oldestResult.row)
      )
        return;
    }
  }
}

async function logout(client: SecondaryClient): Promise<void> {
  try {
    await client.logout();
  } catch {
    client.close();
  }
}

function keywordsOf(selected: SelectResult): string[] {
  return [...selected.flags, ...(selected.permanentFlags ?? [])];
}

/** Undated messages sort as the oldest. */
function sortDate(row: MessageRow): number {
  return Number.isFinite(row.date) ? row.date : -Infinity;
}

function newestFirstOrder(a: FoundMessage, b: FoundMessage): number {
  return sortDate(b.row) - sortDate(a.row) || b.uid - a.uid || (a.mailbox < b.mailbox ? -1 : 1);
}
