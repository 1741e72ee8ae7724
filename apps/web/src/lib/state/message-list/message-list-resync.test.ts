import { describe, expect, it, vi } from 'vitest';
import { MessageList } from './message-list.svelte.ts';
import { FULL_CAPABILITIES, QRESYNC_CAPABILITIES, generatedMessages } from '../testing/fake-imap.ts';
import { switchableSession } from '../testing/switchable-client.ts';

const untagged = (line: string): string => line.replace(/^\S+ /, '');
const shownUids = (list: MessageList): number[] =>
  Array.from({ length: list.count }, (_, i) => list.uidAt(i));
const row = (list: MessageList, uid: number) => list.rowAt(list.indexOfUid(uid));

/**
 * A list of INBOX (UIDs 1..10, newest first) with every row cached, the cursor on UID 5, UID 4 open and UIDs
 * 6 and 8 selected; then the connection drops and another client expunges 8 and 3, flags 6 and delivers 11.
 */
async function changedWhileAway(capabilities: string[], enable: string[] = []) {
  const session = await switchableSession(
    { capabilities, folders: [{ name: 'INBOX', messages: generatedMessages(10) }] },
    enable,
  );
  const gone = vi.fn();
  const list = new MessageList(session.client, { onOpenGone: gone });
  await list.open('INBOX');
  list.setViewport(0, 9);
  await vi.waitFor(() => expect(list.rowAt(9)).toBeDefined());
  list.moveCursor(list.indexOfUid(5));
  list.openAt(list.indexOfUid(4));
  list.moveCursor(list.indexOfUid(5));
  list.selection.toggle(list.indexOfUid(6));
  list.selection.toggle(list.indexOfUid(8));

  session.current().close();
  const { server } = session;
  server.expunge('INBOX', [8, 3]);
  server.setFlags('INBOX', 6, ['\\Flagged']);
  const start = Date.UTC(2030, 0, 1);
  server.deliver('INBOX', {
    internalDate: new Date(start),
    date: new Date(start).toUTCString(),
    subject: 'New',
  });
  return { session, server, list, gone };
}

function expectInLine(list: MessageList, gone: ReturnType<typeof vi.fn>): void {
  expect(shownUids(list)).toEqual([11, 10, 9, 7, 6, 5, 4, 2, 1]);
  expect(row(list, 6)?.flagged).toBe(true);
  expect(list.uidAt(list.cursor)).toBe(5);
  expect(list.openUid).toBe(4);
  expect(gone).not.toHaveBeenCalled();
  expect(Array.from(list.selection.uids())).toEqual([6]);
  expect(list.phase).toBe('ready');
}

describe('MessageList.resync', () => {
  it('with QRESYNC: one SELECT reports what vanished and which flags changed, then the arrivals are fetched', async () => {
    const { session, server, list, gone } = await changedWhileAway(QRESYNC_CAPABILITIES, ['QRESYNC']);
    await session.reconnect();
    await list.resync();
    expectInLine(list, gone);
    expect(untagged(server.lines(/SELECT/).at(-1) ?? '')).toBe('SELECT INBOX (QRESYNC (1000 1 1:10))');
    expect(server.lines(/UID SORT|UID SEARCH/)).toHaveLength(1); // the first open's SORT only
    expect(server.lines(/UID FETCH 11:\*/)).toHaveLength(1);
  });

  it('without QRESYNC: compares UIDs with the server and fetches the cached rows flags again', async () => {
    const { session, server, list, gone } = await changedWhileAway(FULL_CAPABILITIES);
    await session.reconnect();
    await list.resync();
    expectInLine(list, gone);
    expect(server.lines(/UID SORT/)).toHaveLength(1);
    expect(server.lines(/UID SEARCH/).map(untagged)).toEqual(['UID SEARCH RETURN (ALL) ALL']);
    expect(server.lines(/UID FETCH .* \(UID FLAGS\)$/).map(untagged)).toEqual([
      'UID FETCH 1:2,4:7,9:10 (UID FLAGS)',
    ]);
  });

  it('without QRESYNC, when nothing arrived or left: no comparison of UIDs, only the cached rows flags again', async () => {
    const session = await switchableSession({
      capabilities: FULL_CAPABILITIES,
      folders: [{ name: 'INBOX', messages: generatedMessages(10) }],
    });
    const list = new MessageList(session.client);
    await list.open('INBOX');
    list.setViewport(0, 9);
    await vi.waitFor(() => expect(list.rowAt(9)).toBeDefined());
    session.current().close();
    session.server.setFlags('INBOX', 6, ['\\Flagged']);
    await session.reconnect();
    await list.resync();
    expect(shownUids(list)).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(row(list, 6)?.flagged).toBe(true);
    expect(session.server.lines(/UID SEARCH/)).toEqual([]);
    expect(session.server.lines(/UID FETCH .* \(UID FLAGS\)$/).map(untagged)).toEqual([
      'UID FETCH 1:10 (UID FLAGS)',
    ]);
  });

  it('with CONDSTORE alone: asks only for flags changed since the HIGHESTMODSEQ it saw', async () => {
    const { session, server, list, gone } = await changedWhileAway([...FULL_CAPABILITIES, 'CONDSTORE']);
    await session.reconnect();
    await list.resync();
    expectInLine(list, gone);
    expect(server.lines(/CHANGEDSINCE/).map(untagged)).toEqual([
      'UID FETCH 1:2,4:7,9:10 (UID FLAGS) (CHANGEDSINCE 1)',
    ]);
  });

  it('falls back to comparing UIDs when the new connection did not ENABLE QRESYNC', async () => {
    const { session, server, list, gone } = await changedWhileAway(QRESYNC_CAPABILITIES, ['QRESYNC']);
    await session.reconnect([]);
    await list.resync();
    expectInLine(list, gone);
    expect(server.lines(/QRESYNC \(/)).toEqual([]);
  });

  it('keeps a search shown, minus what vanished, plus matching arrivals', async () => {
    const { session, server, list } = await changedWhileAway(QRESYNC_CAPABILITIES, ['QRESYNC']);
    await session.reconnect();
    // The search is set up on the new connection before resync: restore the old view first.
    await list.resync();
    await list.setQuery({ subject: 'Message' });
    session.current().close();
    server.expunge('INBOX', [9]);
    const start = Date.UTC(2031, 0, 1);
    server.deliver('INBOX', { internalDate: new Date(start), subject: 'Message 12' });
    server.deliver('INBOX', { internalDate: new Date(start + 1), subject: 'Other' });
    await session.reconnect();
    await list.resync();
    expect(list.query).toEqual({ subject: 'Message' });
    expect(shownUids(list)).toEqual([12, 10, 7, 6, 5, 4, 2, 1]);
    await list.setQuery(null);
    expect(shownUids(list).slice(0, 3)).toEqual([13, 12, 11]);
  });

  it('starts over when UIDVALIDITY changed, telling the listeners', async () => {
    const { session, server, list, gone } = await changedWhileAway(QRESYNC_CAPABILITIES, ['QRESYNC']);
    const dropped = vi.fn();
    list.onUidValidityChange(dropped);
    server.folder('INBOX').uidValidity = 2000;
    await session.reconnect();
    await list.resync();
    expect(dropped).toHaveBeenCalledWith('INBOX', 2000);
    expect(gone).toHaveBeenCalledOnce();
    expect([list.uidValidity, list.openUid, list.selection.size, list.count]).toEqual([2000, null, 0, 9]);
    expect(list.selection.target()?.uidValidity).toBe(2000);
    expect(server.lines(/SELECT/)).toHaveLength(2); // SELECT (QRESYNC ...) answered with the new UIDVALIDITY
    expect(server.lines(/UID SORT/)).toHaveLength(2);
  });

  it('starts over when a UIDVALIDITY change is announced on the open connection', async () => {
    const { session, server, list } = await changedWhileAway(FULL_CAPABILITIES);
    await session.reconnect();
    await list.resync();
    const dropped = vi.fn();
    list.onUidValidityChange(dropped);
    server.folder('INBOX').uidValidity = 3000;
    server.push('* OK [UIDVALIDITY 3000] new\r\n');
    expect(dropped).toHaveBeenCalledWith('INBOX', 3000);
    await vi.waitFor(() => expect(list.uidValidity).toBe(3000));
  });

  it('says why when the folder is gone after the reconnect', async () => {
    const { session, server, list } = await changedWhileAway(FULL_CAPABILITIES);
    server.folders.splice(0, 1);
    await session.reconnect();
    await list.resync();
    expect(list.phase).toBe('error');
    expect(list.error?.key).toBe('error.server.refused');
  });

  it('leaves the list as it was when the connection drops again during the resync', async () => {
    const { session, list } = await changedWhileAway(FULL_CAPABILITIES);
    await list.resync(); // the connection is still down: the SELECT is refused at once
    expect(list.phase).toBe('ready');
    expect(list.count).toBe(10);
    await session.reconnect();
    await list.resync();
    expect(list.count).toBe(9);
  });
});
