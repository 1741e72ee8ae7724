import { CommandError } from '@webmail/imap-core';
import type { SearchKey } from '@webmail/imap-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import searchStrings from '../i18n/en/search.ts';
import { t } from '../i18n/i18n.svelte.ts';
import { buildFolderTree } from './folder-model.ts';
import { searchPlanOf } from './search-query.ts';
import { DEBOUNCE_MS, SearchState } from './search.svelte.ts';
import type { SearchList } from './search.svelte.ts';
import { generatedMessages } from './testing/fake-imap.ts';
import type { FakeFolder } from './testing/fake-imap.ts';
import { secondaryConnections } from './testing/secondary-connections.ts';

/**
 * The message list as the search sees it: records every query and answers when the test says. As the real
 * list does, a later query or cancelSearch() makes an earlier query's answer count for nothing, and after a
 * cancel the list keeps showing (and names as its query) the last answer it showed.
 */
class FakeList implements SearchList {
  path: string | null = 'INBOX';
  uidValidity = 1000;
  count = 0;
  query: SearchKey | null = null;
  knownKeywords: readonly string[] = [];
  readonly queries: (SearchKey | null)[] = [];
  cancelled = 0;
  /** Matches each query will have (by default none). */
  answer: (query: SearchKey | null) => number | Promise<number> = () => 0;
  /** What recentWindow answers (by default: a small folder, no window). */
  window: SearchKey | null = null;
  /** What rowsFetched answers (by default: the rows are there). */
  rows: Promise<void> = Promise.resolve();

  #generation = 0;
  /** The query whose answer the list shows. */
  #shown: SearchKey | null = null;

  async setQuery(query: SearchKey | null, options: { unlessEmpty?: boolean } = {}): Promise<void> {
    const generation = ++this.#generation;
    this.queries.push(query);
    this.query = query;
    const count = await this.answer(query);
    if (generation !== this.#generation) return;
    if (options.unlessEmpty && count === 0) {
      this.query = this.#shown;
      return;
    }
    this.count = count;
    this.#shown = query;
  }

  recentWindow(): SearchKey | null {
    return this.window;
  }

  rowsFetched(): Promise<void> {
    return this.rows;
  }

  cancelSearch(): void {
    this.#generation++;
    this.cancelled++;
    this.query = this.#shown;
  }
}

// INBOX 6-8 have an attachment; INBOX 1 is multipart/mixed with only text in it.
const inbox: FakeFolder[] = [
  {
    name: 'INBOX',
    uidValidity: 1000,
    messages: generatedMessages(8).map((m) => ({
      ...m,
      attachment: m.uid > 5,
      ...(m.uid === 1 ? { headers: { 'Content-Type': 'multipart/mixed; boundary="x"' } } : {}),
    })),
  },
  { name: 'Archive', messages: generatedMessages(3) },
];
const roots = buildFolderTree(
  inbox.map((f) => ({ name: f.name, wireName: f.name, attributes: [], delimiter: '/' })),
);

function setup(folders: FakeFolder[] = inbox, options: Parameters<typeof secondaryConnections>[1] = {}) {
  const list = new FakeList();
  const secondary = secondaryConnections(folders, options);
  const search = new SearchState(list, secondary.open, { roots });
  return { list, search, ...secondary };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('SearchState in the open folder', () => {
  it('waits for a pause in typing, then gives the list the criteria of the last form', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { list, search } = setup();
    list.answer = () => 3;
    search.update({ text: 'b' });
    vi.advanceTimersByTime(DEBOUNCE_MS - 1);
    search.update({ text: 'bu' });
    vi.advanceTimersByTime(DEBOUNCE_MS - 1);
    search.update({ text: 'bud', field: 'subject' });
    expect(list.queries).toEqual([]);
    vi.advanceTimersByTime(DEBOUNCE_MS);
    await vi.waitFor(() => expect(search.resultCount).toBe(3));
    expect(list.queries).toEqual([{ subject: 'bud' }]);
    expect(search.running).toBe(false);
  });

  it('ignores an update that changes nothing', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { list, search } = setup();
    search.update({ text: '' });
    vi.advanceTimersByTime(DEBOUNCE_MS * 2);
    expect(list.queries).toEqual([]);
  });

  it('abandons the search in progress on the next keystroke: its late answer is not the result', async () => {
    const { list, search } = setup();
    let finishFirst!: (count: number) => void;
    list.answer = (query) =>
      query && 'subject' in query && query.subject === 'old'
        ? new Promise<number>((resolve) => (finishFirst = resolve))
        : 2;
    search.update({ text: 'old', field: 'subject' });
    const first = search.run();
    expect(search.running).toBe(true);
    search.update({ text: 'new' });
    expect(list.cancelled).toBe(1);
    expect(search.running).toBe(false);
    expect(search.resultCount).toBeNull();
    await search.run();
    expect(search.resultCount).toBe(2);
    finishFirst(99);
    await first;
    expect(list.queries.at(-1)).toEqual({ subject: 'new' });
    expect(search.resultCount).toBe(2);
  });

  it('counts what the list holds, following it after the search settled', async () => {
    const { list, search } = setup();
    list.answer = () => 5;
    expect(search.resultCount).toBeNull();
    search.form = { ...search.form, unread: true };
    await search.run();
    expect(list.queries).toEqual([{ flag: '\\Seen', set: false }]);
    expect(search.resultCount).toBe(5);
    list.count = 4; // a match was expunged by another client
    expect(search.resultCount).toBe(4);
  });

  it('shows the whole folder again when the form is emptied, and only then', async () => {
    const { list, search } = setup();
    await search.run();
    expect(list.queries).toEqual([]);
    search.form = { ...search.form, flagged: true };
    await search.run();
    search.form = { ...search.form, flagged: false };
    await search.run();
    expect(list.queries).toEqual([{ flag: '\\Flagged', set: true }, null]);
    expect(search.resultCount).toBeNull();
  });

  it('clear() empties the form but keeps the scope, and restores the folder', async () => {
    const { list, search } = setup();
    search.form = { ...search.form, text: 'x', since: '2024-01-01', scope: 'folder' };
    await search.run();
    expect(search.active).toBe(true);
    search.clear();
    expect(search.active).toBe(false);
    expect(search.form).toMatchObject({ text: '', since: null, scope: 'folder' });
    expect(list.queries.at(-1)).toBeNull();
    expect(search.resultCount).toBeNull();
  });

  it('shows the header matches of the all field first, then the full answer found on a second connection', async () => {
    const { list, search, servers } = setup();
    search.form = { ...search.form, text: 'ann' };
    const headersKey = searchPlanOf(search.form)?.headersKey;
    list.answer = (query) => (query === headersKey ? 2 : 5);
    await search.run();
    // The headers on the list's own connection; the body on a second one, which hands the list only UIDs.
    expect(list.queries[0]).toEqual(searchPlanOf(search.form)?.headersKey);
    // (Nothing in this folder says "ann" in its body: the UID set is the key that matches nothing.)
    expect(list.queries[1]).toEqual({ not: { all: true } });
    expect(servers[0]?.lines(/UID SEARCH/).join('\n')).toContain('BODY');
    expect(servers[0]?.closed).toBe(true);
    expect(search.resultCount).toBe(5);
    expect(search.refining).toBe(false);
  });

  it('in a large folder, looks at the newest messages first, then the whole folder, then the text', async () => {
    const { list, search } = setup();
    const recent = { uid: [{ start: 95_001, end: Infinity }] };
    list.window = recent;
    search.form = { ...search.form, text: 'ann' };
    const headersKey = searchPlanOf(search.form)?.headersKey;
    list.answer = () => 2;
    await search.run();
    expect(list.queries.slice(0, 2)).toEqual([{ and: [recent, headersKey] }, headersKey]);
    expect(list.queries).toHaveLength(3);
    expect(search.resultCount).toBe(2);
  });

  it("in a large folder, sends the whole folder's search once the newest matches' rows have come", async () => {
    const { list, search } = setup();
    list.window = { uid: [{ start: 95_001, end: Infinity }] };
    let rowsCame = (): void => undefined;
    list.rows = new Promise((resolve) => (rowsCame = resolve));
    list.answer = () => 2;
    search.form = { ...search.form, text: 'ann' };
    const ran = search.run();
    // The newest matches are shown.
    await vi.waitFor(() => expect(list.count).toBe(2));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(list.queries).toHaveLength(1);
    rowsCame();
    await ran;
    expect(list.queries).toHaveLength(3);
  });

  it('keeps the header matches and their count when the body search is stopped, and closes its connection', async () => {
    const { list, search, servers } = setup(inbox, { delays: [{ match: /UID SEARCH/, ms: 10_000 }] });
    list.answer = () => 2;
    search.form = { ...search.form, text: 'ann' };
    void search.run();
    await vi.waitFor(() => expect(servers[0]?.lines(/UID SEARCH/).length).toBe(1));
    expect(search.refining).toBe(true);
    search.cancel();
    expect(list.cancelled).toBe(1);
    expect(search.running).toBe(false);
    expect(search.refining).toBe(false);
    expect(search.resultCount).toBe(2);
    // The server's work is cut off with its connection: the list's own connection was never kept waiting.
    expect(servers[0]?.closed).toBe(true);
    expect(list.queries).toHaveLength(1);
  });

  it('says why when the server refuses the search', async () => {
    const { list, search } = setup();
    list.answer = () => {
      throw new CommandError('UID SORT', 'NO', null, 'try another charset');
    };
    search.form = { ...search.form, text: 'x' };
    await search.run();
    expect(search.error).toMatchObject({ key: 'error.server.refused' });
    expect(search.running).toBe(false);
  });

  it("uses the mailbox's attachment keyword without a second connection", async () => {
    const { list, search, servers } = setup();
    list.knownKeywords = ['$HasAttachment'];
    search.form = { ...search.form, attachment: true };
    await search.run();
    expect(list.queries).toEqual([{ flag: '$HasAttachment', set: true }]);
    expect(servers).toEqual([]);
  });

  it('else gives the list exactly the candidates whose BODYSTRUCTURE has an attachment', async () => {
    const { list, search, servers } = setup();
    search.form = { ...search.form, attachment: true };
    await search.run();
    expect(list.queries).toEqual([{ uid: [{ start: 6, end: 8 }] }]);
    const lines = servers[0]?.lines(/./).map((line) => line.replace(/^\S+ /, ''));
    expect(lines).toEqual([
      'CAPABILITY',
      'AUTHENTICATE PLAIN ***',
      'EXAMINE INBOX',
      expect.stringMatching(/^UID SEARCH (RETURN \(ALL\) )?OR HEADER Content-Type multipart\/mixed /),
      'UID FETCH 1,6:8 (UID BODYSTRUCTURE)',
      'LOGOUT',
    ]);
    expect(search.progress).toBeNull();
  });

  it('asks for nothing (NOT ALL) when no candidate has an attachment', async () => {
    const { list, search } = setup([{ name: 'INBOX', uidValidity: 1000, messages: generatedMessages(3) }]);
    search.form = { ...search.form, attachment: true };
    await search.run();
    expect(list.queries).toEqual([{ not: { all: true } }]);
  });

  it('refuses UIDs read under another UIDVALIDITY (the folder was recreated)', async () => {
    const { list, search } = setup();
    list.uidValidity = 999;
    search.form = { ...search.form, attachment: true };
    await search.run();
    expect(list.queries).toEqual([]);
    expect(search.error?.key).toBe('search.error.folderChanged');
  });
});

describe('SearchState over all folders', () => {
  it('lists the matches of every folder and leaves the open folder whole', async () => {
    const { list, search, servers } = setup();
    search.form = { ...search.form, text: 'Message', field: 'subject' };
    await search.run();
    search.form = { ...search.form, scope: 'all' };
    await search.run();
    expect(list.queries).toEqual([{ subject: 'Message' }, null]);
    expect(search.allResults.map((r) => `${r.mailbox} ${r.uid}`).slice(0, 3)).toEqual([
      'INBOX 8',
      'INBOX 7',
      'INBOX 6',
    ]);
    expect(search.resultCount).toBe(11);
    expect(search.truncated).toBe(false);
    expect(servers.at(-1)?.lines(/LOGOUT/)).toHaveLength(1);
  });

  it('reports folders searched while it runs, and cancel() stops it', async () => {
    const list = new FakeList();
    const secondary = secondaryConnections(inbox, { delays: [{ match: /EXAMINE Archive/, ms: 10_000 }] });
    const search = new SearchState(list, secondary.open, { roots });
    search.form = { ...search.form, text: 'Message', field: 'subject', scope: 'all' };
    const done = search.run();
    await vi.waitFor(() => expect(search.progress).toEqual({ done: 1, total: 2, unit: 'folders' }));
    expect(search.running).toBe(true);
    search.cancel();
    await done;
    expect(search.running).toBe(false);
    expect(search.progress).toBeNull();
    expect(search.allResults).toHaveLength(8);
    expect(secondary.servers[0]?.closed).toBe(true);
  });

  it('says how many matched beyond the listed newest', async () => {
    const list = new FakeList();
    const secondary = secondaryConnections(inbox);
    const search = new SearchState(list, secondary.open, { roots }, { limit: 5 });
    search.form = { ...search.form, text: 'Message', field: 'subject', scope: 'all' };
    await search.run();
    expect(search.allResults).toHaveLength(5);
    expect(search.resultCount).toBe(11);
    expect(search.truncated).toBe(true);
  });
});

describe('the search strings', () => {
  it('are valid ICU messages that read well with their values', () => {
    const values = { count: 2, done: 3, total: 12, shown: 500, folder: 'Работа', names: 'Junk' };
    for (const key of Object.keys(searchStrings) as (keyof typeof searchStrings)[]) {
      expect(() => t(key, values)).not.toThrow();
    }
    expect(t('search.truncated', { shown: 500, count: 2345 })).toBe(
      'Showing the newest 500 of 2,345 messages found',
    );
    expect(t('search.progress.folders', { done: 3, total: 12 })).toBe('Searched 3 of 12 folders');
    expect(t('search.count', { count: 0 })).toBe('No messages found');
    expect(t('search.skipped', { count: 1, names: 'Junk' })).toBe('One folder could not be searched: Junk');
  });
});
