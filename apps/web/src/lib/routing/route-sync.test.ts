import { flushSync } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MailConnection } from '../state/connection.svelte.ts';
import { FakeDesk } from '../state/testing/fake-desk.svelte.ts';
import { FakeImapServer, generatedMessages } from '../state/testing/fake-imap.ts';
import { Workspace } from '../state/workspace.svelte.ts';
import type { WorkspaceOptions } from '../state/workspace.svelte.ts';
import { RouteSync } from './route-sync.svelte.ts';
import { Router } from './router.svelte.ts';

/** One tab's history: entries, the current one, Back and Forward (which the router hears as popstate). */
function browser(initial = '') {
  const entries: { state: unknown; hash: string }[] = [{ state: null, hash: initial }];
  let index = 0;
  const location = {
    get hash() {
      return entries[index]?.hash ?? '';
    },
  };
  const history = {
    get state() {
      return entries[index]?.state ?? null;
    },
    pushState(state: unknown, _: string, url?: string | URL | null) {
      entries.splice(index + 1, entries.length, { state, hash: String(url) });
      index++;
    },
    replaceState(state: unknown, _: string, url?: string | URL | null) {
      entries[index] = { state, hash: String(url) };
    },
  };
  return { location, history, entries, go: (step: number) => (index += step) };
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A workspace on a signed-in connection to `server`, its reader a stub. */
async function signedInWorkspace(server: FakeImapServer, options: Partial<WorkspaceOptions> = {}) {
  const connection = new MailConnection('demo', 'secret', { openTransport: async () => server.transport() });
  await connection.connect();
  cleanups.push(() => connection.dispose());
  const reader = { open: vi.fn(), clear: vi.fn(), dispose: vi.fn() };
  const workspace = new Workspace(connection.client, {
    connection,
    loadReader: async () => ({ reader, ReaderPane: (() => {}) as never }) as never,
    ...options,
  });
  return { workspace, reader };
}

async function app(initial = '', desk: FakeDesk | null = null) {
  const server = new FakeImapServer({
    folders: [
      { name: 'INBOX', uidValidity: 7, messages: generatedMessages(6) },
      { name: 'Работа/2024', uidValidity: 9, messages: generatedMessages(3) },
    ],
  });
  const { workspace, reader } = await signedInWorkspace(
    server,
    desk
      ? {
          account: { user: 'demo', upstream: { name: 'main' } },
          compose: { load: async () => desk.bundle(), storage: null },
        }
      : {},
  );
  const tab = browser(initial);
  const router = new Router(tab);
  const sync = new RouteSync(router, workspace);
  const folder = router.route.folder;
  const started = workspace.start(folder === null ? {} : { folder });
  sync.start();
  cleanups.push(
    () => sync.stop(),
    () => workspace.dispose(),
  );
  await started;
  const settle = async () => {
    await vi.waitFor(() => {
      flushSync();
      expect(workspace.messages.phase).toBe('ready');
      // The address's own search has run to its end: only then is what the app does written back.
      expect(sync.settled).toBe(true);
    });
    flushSync();
  };
  await settle();
  return { workspace, router, tab, reader, sync, settle };
}

const hashes = (tab: ReturnType<typeof browser>) => tab.entries.map((entry) => entry.hash);

describe('RouteSync', () => {
  it('gives the start its address in place of the page load, then an entry per folder and message', async () => {
    const { workspace, tab, settle } = await app();
    expect(hashes(tab)).toEqual(['#/Inbox']);
    await workspace.selectFolder('Работа/2024');
    await settle();
    workspace.openMessage(0);
    await settle();
    expect(hashes(tab)).toEqual([
      '#/Inbox',
      '#/%D0%A0%D0%B0%D0%B1%D0%BE%D1%82%D0%B0%2F2024',
      '#/%D0%A0%D0%B0%D0%B1%D0%BE%D1%82%D0%B0%2F2024/3?uv=9',
    ]);
  });

  it('writes the address after the frame that shows the move, not in the task of the key or click', async () => {
    const { workspace, tab, settle } = await app();
    workspace.openMessage(workspace.messages.indexOfUid(4));
    flushSync();
    // Chromium's pushState took 0.5-7 ms of the Delete key's task: the frame showing the row gone waited.
    expect(workspace.messages.openUid).toBe(4);
    expect(hashes(tab)).toEqual(['#/Inbox']);
    await settle();
    expect(hashes(tab)).toEqual(['#/Inbox', '#/Inbox/4?uv=7']);
  });

  it('gives each place its own entry when moves come faster than the address is written', async () => {
    const { workspace, tab, settle } = await app();
    workspace.openMessage(workspace.messages.indexOfUid(4));
    flushSync();
    workspace.openMessage(workspace.messages.indexOfUid(5));
    flushSync();
    await settle();
    expect(hashes(tab)).toEqual(['#/Inbox', '#/Inbox/4?uv=7', '#/Inbox/5?uv=7']);
  });

  it('follows Back and Forward across folders and messages', async () => {
    const { workspace, router, tab, settle, reader } = await app();
    workspace.openMessage(workspace.messages.indexOfUid(4));
    await settle();
    await workspace.selectFolder('Работа/2024');
    await settle();
    tab.go(-1);
    router.onPopState();
    await vi.waitFor(() => expect(workspace.messages.openUid).toBe(4));
    expect(workspace.messages.path).toBe('INBOX');
    tab.go(-1);
    router.onPopState();
    await vi.waitFor(() => expect(workspace.messages.openUid).toBeNull());
    tab.go(2);
    router.onPopState();
    await vi.waitFor(() => expect(workspace.messages.path).toBe('Работа/2024'));
    await settle();
    expect(hashes(tab)).toHaveLength(3);
    expect(reader.open).toHaveBeenCalledWith(
      expect.objectContaining({ mailbox: 'INBOX', uidValidity: 7, uid: 4 }),
    );
  });

  it('lets the later of two quick moves win: Forward to a folder, then at once to a message in it', async () => {
    const { workspace, router, tab, settle } = await app();
    await workspace.selectFolder('Работа/2024');
    await settle();
    workspace.openMessage(workspace.messages.indexOfUid(3));
    await settle();
    const entries = hashes(tab);
    tab.go(-2);
    router.onPopState();
    await vi.waitFor(() => expect(workspace.messages.path).toBe('INBOX'));
    await settle();
    // The folder is still opening when the message's entry comes in.
    tab.go(1);
    router.onPopState();
    tab.go(1);
    router.onPopState();
    await vi.waitFor(() => expect(workspace.messages.openUid).toBe(3));
    await settle();
    expect(workspace.messages.path).toBe('Работа/2024');
    expect(workspace.messages.openUid).toBe(3);
    expect(hashes(tab)).toEqual(entries);
  });

  it('opens the message a link names, in the folder it names', async () => {
    const { workspace, reader, settle } = await app('#/%D0%A0%D0%B0%D0%B1%D0%BE%D1%82%D0%B0%2F2024/2?uv=9');
    await vi.waitFor(() => expect(workspace.messages.openUid).toBe(2));
    await settle();
    expect(workspace.messages.path).toBe('Работа/2024');
    expect(reader.open).toHaveBeenCalledWith(
      expect.objectContaining({ mailbox: 'Работа/2024', uidValidity: 9, uid: 2 }),
    );
  });

  it('opens no other message for a link made under another UIDVALIDITY: the reader says the folder changed', async () => {
    const { workspace, reader, tab, settle } = await app('#/Inbox/2?uv=6');
    await vi.waitFor(() => expect(reader.open).toHaveBeenCalled());
    await settle();
    expect(reader.open).toHaveBeenCalledWith(
      expect.objectContaining({ mailbox: 'INBOX', uidValidity: 6, uid: 2 }),
    );
    expect(workspace.messages.openUid).toBeNull();
    expect(hashes(tab)).toEqual(['#/Inbox']);
  });

  it('runs the search an address holds, and writes a typed search by replacing the entry', async () => {
    const { workspace, tab, settle } = await app('#/Inbox?q=Message+3&in=subject');
    await vi.waitFor(() => expect(workspace.search?.resultCount).toBe(1));
    await settle();
    expect(hashes(tab)).toEqual(['#/Inbox?q=Message+3&in=subject']);
    workspace.search?.update({ text: 'Message 4' });
    await settle();
    expect(hashes(tab)).toEqual(['#/Inbox?q=Message+4&in=subject']);
    workspace.search?.clear();
    await settle();
    expect(hashes(tab)).toEqual(['#/Inbox?q=Message+4&in=subject', '#/Inbox']);
  });

  it("runs the search of a reloaded address once the list kept on the device is the server's again", async () => {
    const { workspace: before } = await app();
    const kept = before.messages.snapshot();
    expect(kept).not.toBeNull();
    // The reload: a new connection, not up yet, and the list shown from what the device kept.
    const server = new FakeImapServer({
      folders: [{ name: 'INBOX', uidValidity: 7, messages: generatedMessages(6) }],
    });
    const connection = new MailConnection('demo', 'secret', {
      openTransport: async () => server.transport(),
    });
    cleanups.push(() => connection.dispose());
    const workspace = new Workspace(connection.client, {
      connection,
      loadReader: async () => ({ reader: { open: vi.fn(), clear: vi.fn(), dispose: vi.fn() } }) as never,
    });
    workspace.restore({ folders: null, list: kept });
    const tab = browser('#/Inbox/5?uv=7&q=Message+3&in=subject');
    const sync = new RouteSync(new Router(tab), workspace);
    sync.start();
    cleanups.push(
      () => sync.stop(),
      () => workspace.dispose(),
    );
    await vi.waitFor(() => expect(workspace.messages.openUid).toBe(5));
    expect(workspace.search?.running).toBe(false);
    await connection.connect();
    await workspace.start();
    await vi.waitFor(() => expect(workspace.search?.resultCount).toBe(1));
    expect(server.lines(/UID SORT|UID SEARCH/).length).toBeGreaterThan(0);
    expect(hashes(tab)).toEqual(['#/Inbox/5?uv=7&q=Message+3&in=subject']);
  });

  it('applies a reloaded address after the start opened its folder, when the device kept no list', async () => {
    const server = new FakeImapServer({
      folders: [{ name: 'INBOX', uidValidity: 7, messages: generatedMessages(6) }],
    });
    const connection = new MailConnection('demo', 'secret', {
      openTransport: async () => server.transport(),
    });
    cleanups.push(() => connection.dispose());
    const reader = { open: vi.fn(), clear: vi.fn(), dispose: vi.fn() };
    const workspace = new Workspace(connection.client, {
      connection,
      loadReader: async () => ({ reader }) as never,
    });
    const tab = browser('#/Inbox/4?uv=7');
    const sync = new RouteSync(new Router(tab), workspace);
    // As on a reload: the address is taken in before the server has answered and the start begins.
    sync.start();
    cleanups.push(
      () => sync.stop(),
      () => workspace.dispose(),
    );
    await connection.connect();
    await workspace.start();
    await vi.waitFor(() => expect(workspace.messages.openUid).toBe(4));
    expect(server.lines(/SELECT/)).toHaveLength(1);
    expect(hashes(tab)).toEqual(['#/Inbox/4?uv=7']);
    expect(reader.open).toHaveBeenCalledWith(
      expect.objectContaining({ mailbox: 'INBOX', uidValidity: 7, uid: 4 }),
    );
  });

  describe('while the start sorts its list', () => {
    /** Signed in at an address naming no place, the server holding its answer to the sort. */
    async function sorting() {
      let release = (): void => undefined;
      const sorted = new Promise<void>((resolve) => (release = resolve));
      const server = new FakeImapServer({
        folders: [{ name: 'INBOX', uidValidity: 7, messages: generatedMessages(6) }],
        holds: [{ match: /UID SORT/, until: sorted }],
      });
      const { workspace } = await signedInWorkspace(server);
      const tab = browser('');
      const sync = new RouteSync(new Router(tab), workspace);
      void workspace.start();
      sync.start();
      cleanups.push(
        () => sync.stop(),
        () => workspace.dispose(),
      );
      // The first rows are shown (fetched ahead of the sort), the order not known yet.
      await vi.waitFor(() => expect(workspace.messages.indexOfUid(6)).toBeGreaterThanOrEqual(0));
      expect(workspace.messages.ordering).toBe(true);
      const sortDone = async () => {
        release();
        await vi.waitFor(() => {
          flushSync();
          expect([workspace.messages.ordering, sync.settled]).toEqual([false, true]);
        });
      };
      return { workspace, tab, sortDone };
    }

    it('leaves a message the user opened in the first rows open', async () => {
      const { workspace, tab, sortDone } = await sorting();
      workspace.openMessage(workspace.messages.indexOfUid(6));
      flushSync();
      await sortDone();
      expect(workspace.messages.openUid).toBe(6);
      expect(hashes(tab).at(-1)).toBe('#/Inbox/6?uv=7');
    });

    it('leaves a search the user began running', async () => {
      const { workspace, tab, sortDone } = await sorting();
      workspace.search?.update({ text: 'Message 3', field: 'subject' });
      void workspace.search?.run();
      flushSync();
      await sortDone();
      await vi.waitFor(() => expect(workspace.search?.resultCount).toBe(1));
      expect(workspace.search?.active).toBe(true);
      expect(hashes(tab).at(-1)).toBe('#/Inbox?q=Message+3&in=subject');
    });
  });

  describe('and the composer', () => {
    const DRAFT = { mailbox: 'Drafts', uidValidity: 99, uid: 5 };

    it('gives an opened composer an entry, which its first save refines; Back puts it away, Forward shows it', async () => {
      const desk = new FakeDesk();
      const { workspace, router, tab, settle } = await app('', desk);
      await workspace.compose!.open({ kind: 'new' });
      flushSync();
      await vi.waitFor(() => expect(hashes(tab)).toEqual(['#/Inbox', '#/Inbox?compose=new']));
      const id = desk.shown!.draft.id;
      desk.save(id, DRAFT);
      flushSync();
      await vi.waitFor(() =>
        expect(hashes(tab)).toEqual(['#/Inbox', '#/Inbox?compose=draft%3A5&cuv=99&cin=Drafts']),
      );

      tab.go(-1);
      router.onPopState();
      await vi.waitFor(() => expect(desk.putAwayIds).toEqual([id]));
      expect(desk.shown).toBeNull();
      // Saved again meanwhile: the entry names a version before, which is still this composer's.
      desk.save(id, { ...DRAFT, uid: 6 });
      tab.go(1);
      router.onPopState();
      await vi.waitFor(() => expect(desk.shown?.draft.id).toBe(id));
      await settle();
      expect(desk.opened).toEqual([{ kind: 'new' }]);
    });

    it('names the composer on screen among several, and puts nothing in the address once all are away', async () => {
      const desk = new FakeDesk();
      const { workspace, tab } = await app('', desk);
      await workspace.compose!.open({ kind: 'new' });
      flushSync();
      await vi.waitFor(() => expect(hashes(tab)).toHaveLength(2));
      const message = { mailbox: 'INBOX', uidValidity: 7, uid: 4 };
      await workspace.compose!.open({ kind: 'replyAll', message });
      flushSync();
      await vi.waitFor(() =>
        expect(hashes(tab)).toEqual([
          '#/Inbox',
          '#/Inbox?compose=new',
          '#/Inbox?compose=replyAll%3A4&cuv=7&cin=Inbox',
        ]),
      );
      desk.putAway(desk.shown!.draft.id);
      flushSync();
      await vi.waitFor(() => expect(hashes(tab).at(-1)).toBe('#/Inbox'));
      expect(hashes(tab)).toHaveLength(3);
    });

    it('reopens what a reloaded address names: a draft from its copy in Drafts, once', async () => {
      const desk = new FakeDesk();
      const { tab, settle } = await app('#/Inbox/2?uv=7&compose=draft%3A5&cuv=99&cin=Drafts', desk);
      await vi.waitFor(() => expect(desk.shown).not.toBeNull());
      await settle();
      expect(desk.opened).toEqual([{ kind: 'draft', message: DRAFT }]);
      expect(hashes(tab)).toEqual(['#/Inbox/2?uv=7&compose=draft%3A5&cuv=99&cin=Drafts']);
    });
  });
});
