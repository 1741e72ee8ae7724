import { describe, expect, it, vi } from 'vitest';
import { MessageReader } from '../reader.svelte.ts';
import { signedIn } from '../testing/connect.ts';
import { generatedMessages } from '../testing/fake-imap.ts';
import { reportingUnreadable } from '../testing/unreadable-client.ts';
import { MessageList } from './message-list.svelte.ts';

const afterBurst = (): Promise<void> => Promise.resolve();
const untagged = (line: string): string => line.replace(/^\S+ /, '');

/** INBOX with UIDs 1..10, of which imap-core cannot read 4 (its UID known) and 7 (only its sequence number). */
async function listed() {
  const { server, client: real } = await signedIn({
    folders: [{ name: 'INBOX', messages: generatedMessages(10) }],
  });
  const client = reportingUnreadable(real, new Set([4, 7]), new Set([7]));
  const list = new MessageList(client);
  await list.open('INBOX');
  list.setViewport(0, 9);
  await vi.waitFor(() =>
    expect([4, 7].map((uid) => list.rowAt(list.indexOfUid(uid)))).not.toContain(undefined),
  );
  return { server, client, list };
}

const row = (list: MessageList, uid: number) => list.rowAt(list.indexOfUid(uid));

describe('MessageList with a message imap-core cannot read', () => {
  it('lists it as an unreadable row, by its UID or by its sequence number, and the rest as usual', async () => {
    const { list } = await listed();
    expect(list.count).toBe(10);
    for (const uid of [4, 7]) {
      expect(row(list, uid)).toMatchObject({ uid, unreadable: true, subject: '', from: '' });
    }
    for (const uid of [1, 2, 3, 5, 6, 8, 9, 10]) {
      expect(row(list, uid)).toMatchObject({ subject: `Message ${uid}` });
      expect(row(list, uid)?.unreadable).toBeUndefined();
    }
  });

  it('opens it as an unreadable message, and follows its flags and its expunge like any other', async () => {
    const { server, list } = await listed();
    expect(list.openAt(list.indexOfUid(4))).toEqual({
      mailbox: 'INBOX',
      uidValidity: 1000,
      uid: 4,
      unreadable: true,
    });
    expect(list.openAt(list.indexOfUid(5))).toEqual({
      mailbox: 'INBOX',
      uidValidity: 1000,
      uid: 5,
      size: 1004,
      seen: true,
    });
    server.setFlags('INBOX', 4, ['\\Flagged']);
    expect(row(list, 4)).toMatchObject({ unreadable: true, flagged: true });
    server.expunge('INBOX', [4]);
    await afterBurst();
    expect([list.count, list.indexOfUid(4)]).toEqual([9, -1]);
    list.setQuery({ subject: 'Message' });
    await vi.waitFor(() => expect(list.searching).toBe(false));
    expect(list.count).toBe(9);
  });

  it('is shown in the reader as its source, without asking for its structure again', async () => {
    const { server, client, list } = await listed();
    const parser = { parse: vi.fn(), decodePart: vi.fn(), dispose: vi.fn() };
    const reader = new MessageReader(client, { parser });
    const ref = list.openAt(list.indexOfUid(7));
    const before = server.lines(/UID FETCH/).length;
    await reader.open(ref!);
    expect(reader.status).toBe('error');
    expect(reader.error?.code).toBe('READER_UNREADABLE');
    const size = server.folder('INBOX').messages[6]?.size;
    expect(reader.source).toMatchObject({ status: 'open', size, truncated: true });
    // One FETCH of the source: nothing that needs the structure the list could not read.
    expect(
      server
        .lines(/UID FETCH/)
        .slice(before)
        .map(untagged),
    ).toEqual(['UID FETCH 7 (UID RFC822.SIZE BODY.PEEK[]<0.2097152>)']);
    expect(parser.parse).not.toHaveBeenCalled();
  });
});
