import { describe, expect, it } from 'vitest';
import { AllFoldersSearch, ROW_BATCH, searchableFolders } from './all-folders-search.svelte.ts';
import { buildFolderTree } from './folder-model.ts';
import { EMPTY_SEARCH_FORM } from './search-query.ts';
import type { SearchForm } from './search-query.ts';
import { FULL_CAPABILITIES, generatedMessages } from './testing/fake-imap.ts';
import type { FakeFolder } from './testing/fake-imap.ts';
import { secondaryConnections } from './testing/secondary-connections.ts';

const HOUR = 3_600_000;
const form = (patch: Partial<SearchForm> = {}): SearchForm => ({
  ...EMPTY_SEARCH_FORM,
  text: 'budget',
  field: 'subject',
  scope: 'all',
  ...patch,
});

/**
 * Folders whose messages interleave in time (folder k's message i is k × 6 minutes after folder 0's), each
 * with its subject saying where it is and matching "budget", plus one message that does not match.
 */
function interleaved(names: string[], perFolder: number): FakeFolder[] {
  return names.map((name, k) => {
    const messages = generatedMessages(perFolder + 1, Date.UTC(2024, 0, 1) + (k * HOUR) / 10);
    return {
      name,
      messages: messages.map((m) => ({
        ...m,
        subject: m.uid > perFolder ? 'Lunch?' : `Budget: ${name} ${m.uid}`,
      })),
    };
  });
}

const tree = (folders: FakeFolder[], extra: string[] = []) => ({
  roots: buildFolderTree(
    [
      ...folders.map((f) => ({ name: f.name, attributes: f.attributes ?? [] })),
      ...extra.map((name) => ({ name, attributes: [] })),
    ].map((f) => ({ ...f, wireName: f.name, delimiter: '/' })),
  ),
});

describe('searchableFolders', () => {
  it('lists every selectable folder depth first, children of \\Noselect parents included', () => {
    const folders = [
      { name: 'INBOX' },
      { name: 'Lists', attributes: ['\\Noselect', '\\HasChildren'] },
      { name: 'Lists/dovecot' },
      { name: 'Archive', attributes: ['\\Archive'] },
      { name: 'Gone', attributes: ['\\NonExistent'] },
    ];
    expect(searchableFolders(tree(folders).roots)).toEqual(['INBOX', 'Archive', 'Lists/dovecot']);
  });
});

describe('AllFoldersSearch', () => {
  it('examines each folder on its own connection, merges the matches newest first and logs out', async () => {
    const folders = [
      ...interleaved(['INBOX', 'Archive', 'Lists/dev'], 3),
      { name: 'Lists', attributes: ['\\Noselect', '\\HasChildren'] },
    ];
    const { servers, open } = secondaryConnections(folders);
    const search = new AllFoldersSearch(open, tree(folders), form());
    await search.run();

    expect(search.phase).toBe('done');
    expect(search.progress).toEqual({ done: 3, total: 3 });
    expect(search.total).toBe(9);
    // prettier-ignore
    expect(search.results.map((r) => `${r.mailbox} ${r.uid}`)).toEqual([
      'Lists/dev 3', 'Archive 3', 'INBOX 3', 'Lists/dev 2', 'Archive 2', 'INBOX 2', 'Lists/dev 1', 'Archive 1', 'INBOX 1',
    ]);
    const archive = servers[0]?.folder('Archive');
    expect(search.results[1]).toMatchObject({
      uidValidity: archive?.uidValidity,
      row: { subject: 'Budget: Archive 3' },
    });

    const lines = servers[0]?.lines(/./).map((line) => line.replace(/^\S+ /, '')) ?? [];
    expect(lines.filter((l) => /^(SELECT|EXAMINE)/.test(l))).toEqual([
      'EXAMINE INBOX',
      'EXAMINE Archive',
      'EXAMINE Lists/dev',
    ]);
    expect(lines.filter((l) => l.startsWith('UID SORT'))).toEqual(
      Array(3).fill('UID SORT RETURN (ALL) (DATE) UTF-8 SUBJECT budget'),
    );
    expect(lines.at(-1)).toBe('LOGOUT');
    expect(servers).toHaveLength(1);
  });

  it('keeps the newest `limit` of all matches, counts them all, and stops fetching rows that cannot get in', async () => {
    const folders = interleaved(['INBOX', 'Archive', 'Sent'], 300);
    const { servers, open } = secondaryConnections(folders);
    const search = new AllFoldersSearch(open, tree(folders), form(), 500);
    await search.run();

    expect(search.total).toBe(900);
    expect(search.results).toHaveLength(500);
    const dates = search.results.map((r) => r.row.date);
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
    // The newest 500 of three interleaved folders: about a third from each, all newer than what was left out.
    expect(search.results.at(-1)?.row.date).toBeGreaterThan(Date.UTC(2024, 0, 1) + 130 * HOUR);
    const fetched = servers[0]?.lines(/UID FETCH/) ?? [];
    expect(fetched.length).toBeLessThan(900 / ROW_BATCH);
  });

  it('orders by highest UID where the server has no SORT, and still merges by date', async () => {
    const folders = interleaved(['INBOX', 'Archive'], 5);
    const { servers, open } = secondaryConnections(folders, {
      capabilities: FULL_CAPABILITIES.filter((c) => c !== 'SORT'),
    });
    const search = new AllFoldersSearch(open, tree(folders), form(), 4);
    await search.run();
    expect(servers[0]?.lines(/UID SORT/)).toEqual([]);
    expect(servers[0]?.lines(/UID SEARCH/)).toHaveLength(2);
    expect(search.total).toBe(10);
    expect(search.results.map((r) => `${r.mailbox} ${r.uid}`)).toEqual([
      'Archive 5',
      'INBOX 5',
      'Archive 4',
      'INBOX 4',
    ]);
  });

  it('checks BODYSTRUCTURE when the server keeps no attachment keyword', async () => {
    // UID 1 looks like a candidate (multipart/mixed) but has only text in it.
    const mixed = { 'Content-Type': 'multipart/mixed; boundary="x"' };
    const folders: FakeFolder[] = [
      {
        name: 'INBOX',
        messages: generatedMessages(6).map((m) => ({
          ...m,
          attachment: m.uid % 2 === 0,
          ...(m.uid === 1 ? { headers: mixed } : {}),
        })),
      },
      { name: 'Archive', messages: generatedMessages(3) },
    ];
    const { servers, open } = secondaryConnections(folders);
    const search = new AllFoldersSearch(open, tree(folders), form({ text: '', attachment: true }));
    await search.run();
    expect(search.results.map((r) => `${r.mailbox} ${r.uid}`)).toEqual(['INBOX 6', 'INBOX 4', 'INBOX 2']);
    expect(search.total).toBe(3);
    expect(servers[0]?.lines(/UID SORT/)[0]).toContain('HEADER Content-Type multipart/mixed');
    expect(servers[0]?.lines(/UID FETCH \S+ \(UID BODYSTRUCTURE\)$/).map((l) => l.split(' ')[3])).toEqual([
      '1:2,4,6',
    ]);
  });

  it('skips a folder the server refuses and searches the rest', async () => {
    const folders = interleaved(['INBOX', 'Archive'], 2);
    const { open } = secondaryConnections(folders);
    const search = new AllFoldersSearch(open, tree(folders, ['Deleted meanwhile']), form());
    await search.run();
    expect(search.phase).toBe('done');
    expect(search.skipped.map((s) => s.path)).toEqual(['Deleted meanwhile']);
    expect(search.skipped[0]?.error.key).toBe('error.server.refused');
    expect(search.total).toBe(4);
  });

  it('stops at once when cancelled: the command in flight is aborted by closing the connection', async () => {
    const folders = interleaved(['INBOX', 'Archive', 'Work'], 2);
    const { servers, open } = secondaryConnections(folders, {
      delays: [{ match: /EXAMINE Archive/, ms: 10_000 }],
    });
    const search = new AllFoldersSearch(open, tree(folders), form());
    const done = search.run();
    await expect.poll(() => servers[0]?.lines(/EXAMINE Archive/).length).toBe(1);
    // The EXAMINE's answer is 10 s away, beyond the test's time limit: done settles only if cancel does not wait.
    search.cancel();
    await done;
    expect(search.phase).toBe('cancelled');
    expect(search.error).toBeNull();
    expect(search.progress).toEqual({ done: 1, total: 3 });
    expect(search.results.map((r) => r.mailbox)).toEqual(['INBOX', 'INBOX']);
    expect(servers[0]?.closed).toBe(true);
    expect(servers[0]?.lines(/LOGOUT|EXAMINE Work/)).toEqual([]);
  });

  it('logs out a connection that opens after the search was cancelled', async () => {
    const folders = interleaved(['INBOX'], 1);
    const { servers, open } = secondaryConnections(folders);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const search = new AllFoldersSearch(
      async () => {
        await gate;
        return open();
      },
      tree(folders),
      form(),
    );
    const done = search.run();
    search.cancel();
    release();
    await done;
    expect(search.phase).toBe('cancelled');
    expect(servers[0]?.lines(/EXAMINE/)).toEqual([]);
    expect(servers[0]?.lines(/LOGOUT/)).toHaveLength(1);
  });

  it('says why when no second connection can be opened', async () => {
    const search = new AllFoldersSearch(
      () => Promise.reject(new Error('proxy says no')),
      tree(interleaved(['INBOX'], 1)),
      form(),
    );
    await search.run();
    expect(search.phase).toBe('error');
    expect(search.error).toMatchObject({ key: 'error.unexpected', detail: 'proxy says no' });
  });
});
