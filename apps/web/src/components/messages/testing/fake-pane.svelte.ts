// Test doubles for the message pane's component tests (nothing in the app imports this file): MailActions and
// SearchState reduced to reactive fields the test sets and a log of the calls the components make.

import type { ActionNotice, ActionProgress, EraseRequest } from '../../../lib/state/actions.svelte.ts';
import type { FoundMessage } from '../../../lib/state/all-folders-search.svelte.ts';
import { EMPTY_SEARCH_FORM } from '../../../lib/state/search-query.ts';
import type { SearchForm } from '../../../lib/state/search-query.ts';
import type { SearchProgress } from '../../../lib/state/search.svelte.ts';
import type { UserMessage } from '../../../lib/state/user-message.ts';
import type { ActionTarget, PaneActions, PaneSearch } from '../pane-state.ts';

/** One call: the method's name and its arguments, targets turned into plain arrays for toEqual. */
export type Call = [string, ...unknown[]];

function plain(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && 'uids' in value) {
    const target = value as ActionTarget;
    return { mailbox: target.mailbox, uidValidity: target.uidValidity, uids: [...target.uids] };
  }
  return value;
}

export class FakeActions implements PaneActions {
  progress = $state.raw<ActionProgress | null>(null);
  notice = $state.raw<ActionNotice | null>(null);
  canUndo = $state(false);
  eraseRequest = $state.raw<EraseRequest | null>(null);
  readonly calls: Call[] = [];

  #log(name: string, ...args: unknown[]): Promise<void> {
    this.calls.push([name, ...args.map(plain)]);
    return Promise.resolve();
  }

  setFlag(target: ActionTarget, flag: '\\Seen' | '\\Flagged', on: boolean): Promise<void> {
    return this.#log('setFlag', target, flag, on);
  }
  setKeyword(target: ActionTarget, keyword: string, on: boolean): Promise<void> {
    return this.#log('setKeyword', target, keyword, on);
  }
  markJunk(target: ActionTarget, junk: boolean, options?: { move?: boolean }): Promise<void> {
    return this.#log('markJunk', target, junk, options);
  }
  move(target: ActionTarget, destination: string): Promise<void> {
    return this.#log('move', target, destination);
  }
  copy(target: ActionTarget, destination: string): Promise<void> {
    return this.#log('copy', target, destination);
  }
  delete(target: ActionTarget, options?: { permanent?: boolean }): Promise<void> {
    return options === undefined ? this.#log('delete', target) : this.#log('delete', target, options);
  }
  confirmErase(): Promise<void> {
    const target = this.eraseRequest?.target;
    this.eraseRequest = null;
    return this.#log('confirmErase', target);
  }
  dismissErase(): void {
    this.eraseRequest = null;
    void this.#log('dismissErase');
  }
  emptyFolder(path: string, listed?: { uidValidity: number; uids: Uint32Array }): Promise<void> {
    return this.#log('emptyFolder', path, listed ? Array.from(listed.uids) : null);
  }
  undo(): Promise<void> {
    return this.#log('undo');
  }
  cancel(): void {
    void this.#log('cancel');
  }
  dismissNotice(): void {
    void this.#log('dismissNotice');
    this.notice = null;
  }
}

export class FakeSearch implements PaneSearch {
  form = $state.raw<SearchForm>(EMPTY_SEARCH_FORM);
  running = $state(false);
  resultCount = $state<number | null>(null);
  error = $state.raw<UserMessage | null>(null);
  progress = $state.raw<SearchProgress | null>(null);
  allResults = $state.raw<readonly FoundMessage[]>([]);
  truncated = $state(false);
  skipped = $state.raw<readonly { path: string; error: UserMessage }[]>([]);
  readonly calls: Call[] = [];

  update(patch: Partial<SearchForm>): void {
    this.calls.push(['update', patch]);
    this.form = { ...this.form, ...patch };
  }
  run(): Promise<void> {
    this.calls.push(['run']);
    return Promise.resolve();
  }
  cancel(): void {
    this.calls.push(['cancel']);
  }
  clear(): void {
    this.calls.push(['clear']);
    this.form = { ...EMPTY_SEARCH_FORM, scope: this.form.scope };
  }
}
