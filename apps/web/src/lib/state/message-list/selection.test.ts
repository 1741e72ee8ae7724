import { describe, expect, it } from 'vitest';
import { MessageList } from './message-list.svelte.ts';
import { Selection } from './selection.svelte.ts';
import type { SelectionSource } from './selection.svelte.ts';
import { signedIn } from '../testing/connect.ts';
import { generatedMessages } from '../testing/fake-imap.ts';

/** A list of UIDs shown newest first: index i shows uids[i]. */
function source(uids: number[], extra: Partial<SelectionSource> = {}): SelectionSource {
  return {
    path: 'INBOX',
    uidValidity: 7,
    openUid: null,
    cursor: 0,
    uidAt: (index) => uids[index] ?? 0,
    indexOfUid: (uid) => uids.indexOf(uid),
    allUids: () => Uint32Array.from(uids),
    ...extra,
  };
}

const uids = (selection: Selection): number[] => Array.from(selection.uids());

describe('Selection', () => {
  it('selects one row on a click, adds and removes rows on Ctrl/Cmd-click', () => {
    const selection = new Selection(source([50, 40, 30, 20, 10]));
    selection.click(1);
    expect(uids(selection)).toEqual([40]);
    selection.toggle(3);
    selection.toggle(0);
    expect(uids(selection)).toEqual([20, 40, 50]);
    selection.toggle(1);
    expect(uids(selection)).toEqual([20, 50]);
    selection.click(4);
    expect(uids(selection)).toEqual([10]);
    expect([selection.size, selection.has(10), selection.has(50)]).toEqual([1, true, false]);
  });

  it('extends from the last clicked row with Shift-click, in either direction, replacing the range', () => {
    const selection = new Selection(source([50, 40, 30, 20, 10]));
    selection.click(1);
    selection.extendTo(3);
    expect(uids(selection)).toEqual([20, 30, 40]);
    selection.extendTo(0);
    expect(uids(selection)).toEqual([40, 50]);
  });

  it('keeps the Shift-click anchor on its message when rows move above it', () => {
    const shown = [50, 40, 30, 20, 10];
    const selection = new Selection(source(shown));
    selection.click(2); // UID 30
    shown.unshift(60, 55); // new mail at the top: UID 30 is now at index 4
    selection.extendTo(6);
    expect(uids(selection)).toEqual([10, 20, 30]);
  });

  it('starts a Shift-click range at the cursor when nothing was clicked', () => {
    const selection = new Selection(source([50, 40, 30, 20, 10], { cursor: 3 }));
    selection.extendTo(1);
    expect(uids(selection)).toEqual([20, 30, 40]);
  });

  it('selects all from the UID list and says so until the selection changes', () => {
    const selection = new Selection(source([5, 4, 3, 2, 1]));
    selection.selectAll();
    expect([selection.size, selection.all]).toEqual([5, true]);
    selection.forget(new Set([3]));
    expect([selection.size, selection.all]).toEqual([4, true]);
    selection.noteArrivals();
    expect(selection.all).toBe(false);
    selection.selectAll();
    selection.toggle(0);
    expect([selection.size, selection.all]).toEqual([4, false]);
  });

  it('targets the selection ascending, else the open message, else the cursor row', () => {
    const list = { openUid: null as number | null, cursor: 2 };
    const shown = [50, 40, 30, 20, 10];
    const selection = new Selection({
      ...source(shown),
      get openUid() {
        return list.openUid;
      },
      get cursor() {
        return list.cursor;
      },
    });
    expect(selection.target()).toEqual({ mailbox: 'INBOX', uidValidity: 7, uids: Uint32Array.of(30) });
    list.openUid = 40;
    expect(selection.target()?.uids).toEqual(Uint32Array.of(40));
    selection.toggle(0);
    selection.toggle(4);
    expect(selection.target()?.uids).toEqual(Uint32Array.of(10, 50));
  });

  it('has no target without a folder, a UIDVALIDITY or a row', () => {
    expect(new Selection(source([1], { path: null })).target()).toBeNull();
    expect(new Selection(source([1], { uidValidity: 0 })).target()).toBeNull();
    expect(new Selection(source([], { cursor: -1 })).target()).toBeNull();
  });

  it('holds 100,000 UIDs cheaply', () => {
    const all = Array.from({ length: 100_000 }, (_, i) => 100_000 - i);
    const selection = new Selection(source(all));
    selection.selectAll();
    const target = selection.target();
    selection.forget({ has: (uid) => uid % 2 === 0 });
    expect(target?.uids.length).toBe(100_000);
    expect(target?.uids[0]).toBe(1);
    expect(selection.size).toBe(50_000);
  });
});

describe('Selection in a MessageList', () => {
  async function opened() {
    const { server, client } = await signedIn({
      folders: [
        { name: 'INBOX', messages: generatedMessages(10) },
        { name: 'Other', messages: generatedMessages(3) },
      ],
    });
    const list = new MessageList(client);
    await list.open('INBOX');
    return { server, list };
  }

  it('selects all without fetching a single row', async () => {
    const { server, list } = await opened();
    const fetches = server.lines(/UID FETCH/).length;
    list.selection.selectAll();
    expect(list.selection.size).toBe(10);
    expect(list.selection.target()).toEqual({
      mailbox: 'INBOX',
      uidValidity: 1000,
      uids: Uint32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
    });
    expect(server.lines(/UID FETCH/)).toHaveLength(fetches);
  });

  it('lets expunged messages leave the selection', async () => {
    const { server, list } = await opened();
    list.selection.click(0); // UID 10
    list.selection.toggle(2); // UID 8
    server.push('* 8 EXPUNGE\r\n');
    await Promise.resolve();
    expect(Array.from(list.selection.uids())).toEqual([10]);
  });

  it('is cleared by opening another folder', async () => {
    const { list } = await opened();
    list.selection.selectAll();
    await list.open('Other');
    expect(list.selection.size).toBe(0);
    expect(list.selection.target()?.uids).toEqual(Uint32Array.of(3));
  });
});
