import { describe, expect, it, vi } from 'vitest';
import {
  FULL_CAPABILITIES,
  QRESYNC_CAPABILITIES,
  generatedMessages,
  heldAnswer,
} from './testing/fake-imap.ts';
import { signedIn } from './testing/connect.ts';
import { Workspace } from './workspace.svelte.ts';

async function workspace(capabilities?: string[], countsPollMs?: number) {
  const { server, client } = await signedIn({
    ...(capabilities ? { capabilities } : {}),
    folders: [
      { name: 'INBOX', messages: generatedMessages(3) },
      { name: 'Sent', attributes: ['\\Sent'], messages: generatedMessages(2) },
      { name: 'Lists', attributes: ['\\Noselect', '\\HasChildren'] },
      { name: 'Lists/dovecot', messages: generatedMessages(1) },
    ],
  });
  const reader = { open: vi.fn(), clear: vi.fn(), dispose: vi.fn() };
  let release!: () => void;
  const loaded = new Promise<void>((resolve) => (release = resolve));
  const space = new Workspace(client, {
    ...(countsPollMs === undefined ? {} : { countsPollMs }),
    loadReader: async () => {
      await loaded;
      return { reader, ReaderPane: (() => {}) as never } as never;
    },
  });
  return { server, space, reader, release };
}

describe('Workspace', () => {
  it('opens a row in the reader by mailbox, UIDVALIDITY and UID, even when the reader arrives later', async () => {
    const { space, reader, release } = await workspace();
    const started = space.start();
    await vi.waitFor(() => expect(space.messages.count).toBe(3));
    expect(space.openMessage(0)).toBe(true);
    expect(reader.open).not.toHaveBeenCalled();
    release();
    await started;
    expect(reader.open).toHaveBeenCalledWith(
      expect.objectContaining({ mailbox: 'INBOX', uidValidity: 1000, uid: 3 }),
    );
    space.openMessage(1);
    expect(reader.open).toHaveBeenLastCalledWith(
      expect.objectContaining({ mailbox: 'INBOX', uidValidity: 1000, uid: 2 }),
    );
  });

  it('clears the reader when another folder is chosen, and uses the folder role for the list', async () => {
    const { space, reader, release } = await workspace();
    release();
    await space.start();
    space.openMessage(0);
    await space.selectFolder('Sent');
    expect(reader.clear).toHaveBeenCalled();
    expect([space.messages.path, space.messages.role, space.messages.openUid]).toEqual([
      'Sent',
      'sent',
      null,
    ]);
  });

  it.each([
    ['QRESYNC', QRESYNC_CAPABILITIES],
    ['UID comparison', FULL_CAPABILITIES],
  ])(
    'shows a folder left earlier at once from its kept rows, then what changed meanwhile (%s)',
    async (_, capabilities) => {
      const { server, space, release } = await workspace(capabilities);
      release();
      await space.start();
      await vi.waitFor(() => expect(space.messages.rowAt(2)).not.toBeNull());
      await space.selectFolder('Sent');
      // Meanwhile another client expunges UID 2 and marks UID 3 read; a message arrives.
      server.expunge('INBOX', [2]);
      server.setFlags('INBOX', 3, ['\\Seen']);
      server.deliver('INBOX', generatedMessages(1, Date.UTC(2025, 0, 1))[0]!);
      const selects = server.lines(/SELECT "?INBOX/).length;
      const back = space.selectFolder('INBOX');
      // Before the server has answered: the rows as they were left.
      expect(space.messages.path).toBe('INBOX');
      expect([
        space.messages.rowAt(0)?.uid,
        space.messages.rowAt(1)?.uid,
        space.messages.rowAt(2)?.uid,
      ]).toEqual([3, 2, 1]);
      await back;
      await vi.waitFor(() => expect(space.messages.count).toBe(3));
      expect([
        space.messages.rowAt(0)?.uid,
        space.messages.rowAt(1)?.uid,
        space.messages.rowAt(2)?.uid,
      ]).toEqual([4, 3, 1]);
      expect(space.messages.rowAt(1)?.seen).toBe(true);
      expect(server.lines(/SELECT "?INBOX/)).toHaveLength(selects + 1);
    },
  );

  it('shows a folder the device kept at once, though not shown yet in this tab, then asks the server', async () => {
    const held = heldAnswer(/SELECT "?Sent/);
    const { server, client } = await signedIn({
      capabilities: QRESYNC_CAPABILITIES,
      holds: [held.hold],
      folders: [
        { name: 'INBOX', messages: generatedMessages(3) },
        { name: 'Sent', attributes: ['\\Sent'], messages: generatedMessages(2) },
      ],
    });
    const asked: string[] = [];
    const space = new Workspace(client, {
      loadReader: async () =>
        ({
          reader: { open: vi.fn(), clear: vi.fn(), dispose: vi.fn() },
          ReaderPane: (() => {}) as never,
        }) as never,
      keptList: async (path) => {
        asked.push(path);
        if (path !== 'Sent') return null;
        return {
          path,
          role: 'sent',
          uidValidity: server.folder('Sent').uidValidity,
          uidNext: 3,
          highestModseq: null,
          order: Uint32Array.of(2, 1),
          rows: [],
          keywords: { flags: [], permanentFlags: null },
        };
      },
    });
    await space.start();
    const shown = space.selectFolder('Sent');
    await vi.waitFor(() => expect([space.messages.path, space.messages.count]).toEqual(['Sent', 2]));
    expect(space.messages.phase).toBe('ready'); // before the SELECT was answered
    held.release();
    await shown;
    expect(asked).toEqual(['Sent']);
    // Kept without a mod-sequence: brought in line by UID comparison, the one SELECT answered last.
    expect(server.lines(/SELECT "?Sent/)).toHaveLength(1);
    expect(space.messages.count).toBe(2);
    space.dispose();
  });

  it('acts on a folder shown again from its kept rows only once the server has confirmed them', async () => {
    const { server, space, release } = await workspace(QRESYNC_CAPABILITIES);
    release();
    await space.start();
    await vi.waitFor(() => expect(space.messages.rowAt(0)).not.toBeNull());
    await space.selectFolder('Sent');
    const back = space.selectFolder('INBOX');
    const target = { mailbox: 'INBOX', uidValidity: space.messages.uidValidity, uids: Uint32Array.of(3) };
    const flagged = space.actions.setFlag(target, '\\Flagged', true);
    await Promise.all([back, flagged]);
    // The STORE waited for the whole resync (SELECT, the kept rows' flags, the arrivals), not just the SELECT.
    const lines = server.lines(/./);
    const select = lines.lastIndexOf(server.lines(/SELECT "?INBOX/).at(-1) ?? '');
    expect(lines.slice(select + 1).map((line) => line.replace(/^\S+ /, ''))).toEqual([
      'UID FETCH 1:3 (UID FLAGS) (CHANGEDSINCE 1)',
      'UID FETCH 4:* (UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE)',
      'UID STORE 3 +FLAGS.SILENT (\\Flagged)',
    ]);
  });

  it('acts again once a folder opened afresh took over from one being shown again', async () => {
    const held = heldAnswer(/SELECT "?INBOX/);
    const { server, client } = await signedIn({
      capabilities: QRESYNC_CAPABILITIES,
      folders: [
        { name: 'INBOX', messages: generatedMessages(3) },
        { name: 'Sent', attributes: ['\\Sent'], messages: generatedMessages(2) },
        { name: 'Work', messages: generatedMessages(2) },
      ],
      holds: [held.hold],
    });
    const space = new Workspace(client, {
      loadReader: async () =>
        ({
          reader: { open: vi.fn(), clear: vi.fn(), dispose: vi.fn() },
          ReaderPane: (() => {}) as never,
        }) as never,
    });
    held.release();
    await space.start();
    await vi.waitFor(() => expect(space.messages.rowAt(0)).not.toBeNull());
    await space.selectFolder('Sent');
    // INBOX comes back from its kept list and is being brought in line when Work (never shown) is chosen.
    const back = space.selectFolder('INBOX');
    const work = space.selectFolder('Work');
    await Promise.all([back, work]);
    expect(space.messages.path).toBe('Work');
    const target = { mailbox: 'Work', uidValidity: space.messages.uidValidity, uids: Uint32Array.of(2) };
    await space.actions.setFlag(target, '\\Flagged', true);
    expect(server.lines(/UID STORE 2 \+FLAGS/)).toHaveLength(1);
    space.dispose();
  });

  it('ignores a folder that cannot be selected', async () => {
    const { server, space, release } = await workspace();
    release();
    await space.start();
    await space.selectFolder('Lists');
    expect(space.messages.path).toBe('INBOX');
    expect(server.lines(/SELECT/)).toHaveLength(1);
  });

  it('clears the reader when the open message is expunged by someone else', async () => {
    const { server, space, reader, release } = await workspace();
    release();
    await space.start();
    space.openMessage(0); // UID 3, sequence 3
    server.push('* 3 EXPUNGE\r\n');
    expect(reader.clear).toHaveBeenCalled();
  });

  it('without NOTIFY and LIST-STATUS, polls every other folder with STATUS and shows its new unread count', async () => {
    const plain = FULL_CAPABILITIES.filter((c) => c !== 'LIST-STATUS');
    const { server, space, release } = await workspace(plain, 20);
    release();
    await space.start();
    expect(space.folders.counts('Lists/dovecot')?.unseen).toBe(1);
    const [arrived] = generatedMessages(1, Date.UTC(2024, 1, 1));
    if (arrived) server.folder('Lists/dovecot').messages.push({ ...arrived, uid: 2 });
    await vi.waitFor(() => expect(space.folders.counts('Lists/dovecot')?.unseen).toBe(2));
    expect(server.lines(/STATUS "?Lists\/dovecot"? /).length).toBeGreaterThan(1);
    expect(server.lines(/NOTIFY|RETURN \(.*STATUS/)).toEqual([]);
    space.dispose();
  });

  it('passes the folder counts the list learns to the tree', async () => {
    const { server, space, release } = await workspace();
    release();
    await space.start();
    const message = server.folder('INBOX').messages[0];
    if (message) message.flags = ['\\Seen'];
    server.push('* 1 FETCH (FLAGS (\\Seen))\r\n');
    await vi.waitFor(() => expect(space.folders.counts('INBOX')).toEqual({ messages: 3, unseen: 0 }));
  });

  it('without LIST-STATUS and ESEARCH, the Inbox has its unread count after sign-in, from a plain SEARCH', async () => {
    const plain = FULL_CAPABILITIES.filter((c) => !['LIST-STATUS', 'ESEARCH', 'SORT'].includes(c));
    const { server, space, release } = await workspace(plain);
    server.folder('INBOX').messages.forEach((message, i) => (message.flags = i === 0 ? ['\\Seen'] : []));
    release();
    await space.start();
    await vi.waitFor(() => expect(space.folders.counts('INBOX')).toEqual({ messages: 3, unseen: 2 }));
    // The tree asks STATUS of the other folders only; the selected one is counted by the list.
    expect(server.lines(/STATUS/).join('\n')).not.toMatch(/STATUS INBOX/);
    expect(server.lines(/UID SEARCH UNSEEN/)).toHaveLength(1);
    expect(space.folders.counts('Sent')).toEqual({ messages: 2, unseen: expect.any(Number) });
    space.dispose();
  });

  it('goes live after start: IDLE on the open folder, and new mail appears at the top while it runs', async () => {
    const { server, space, release } = await workspace();
    release();
    await space.start();
    expect(space.live).toBe('idle');
    expect(server.lines(/ IDLE$/).length).toBeGreaterThanOrEqual(1);
    const uid = server.deliver('INBOX', { subject: 'fresh', internalDate: new Date() });
    await vi.waitFor(() => expect(space.messages.uidAt(0)).toBe(uid));
    expect(space.messages.count).toBe(4);
    space.dispose();
  });

  it('opens a search result in its folder, and lets the reader refuse it when the UIDVALIDITY changed', async () => {
    const { server, space, reader, release } = await workspace();
    release();
    await space.start();
    const sent = server.folder('Sent').uidValidity;
    await space.openIn('Sent', sent, 2);
    expect(space.messages.path).toBe('Sent');
    expect(reader.open).toHaveBeenLastCalledWith(
      expect.objectContaining({ mailbox: 'Sent', uidValidity: sent, uid: 2 }),
    );
    expect(space.messages.openUid).toBe(2);
    // Found under another UIDVALIDITY: UID 1 may name another message now; the list opens nothing.
    await space.openIn('Sent', sent + 1, 1);
    expect(reader.open).toHaveBeenLastCalledWith(
      expect.objectContaining({ mailbox: 'Sent', uidValidity: sent + 1, uid: 1 }),
    );
    expect(space.messages.openUid).toBeNull();
    space.dispose();
  });
});
