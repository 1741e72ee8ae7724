import type {
  Envelope,
  FetchAttributes,
  FetchOptions,
  FetchResult,
  NumberRange,
  UnreadableMessage,
} from '@webmail/imap-core';
import { ErrorCodes, ProtocolError, asSeqNum, asUid } from '@webmail/imap-core';
import { describe, expect, it } from 'vitest';
import { ListOpen } from './list-open.ts';
import { fetchRowBatch } from './row-batch.ts';
import type { RowTarget } from './row-batch.ts';

const envelope = (n: number): Envelope => ({
  date: 'Mon, 3 Nov 2025 09:00:00 +0000',
  subject: `Message ${n}`,
  from: [{ name: `Sender ${n}`, adl: null, mailbox: `s${n}`, host: 'example.org' }],
  sender: [],
  replyTo: [],
  to: [],
  cc: [],
  bcc: [],
  inReplyTo: null,
  messageId: null,
});
const whole = (n: number, flags: string[] = []): FetchAttributes => ({
  flags,
  envelope: envelope(n),
  rfc822Size: 100 * n,
  internalDate: 0,
});

const unreadable = (seq: number, uid: number | null): UnreadableMessage => ({
  seq: asSeqNum(seq),
  uid: uid === null ? null : asUid(uid),
  error: new ProtocolError(ErrorCodes.PARSE, 'body-fld-octets: a negative size'),
  evidence: `* ${seq} FETCH (UID ${uid ?? '?'} BODYSTRUCTURE ("TEXT" "PLAIN" NIL NIL NIL "7BIT" -1 ...`,
});

/**
 * A client whose UID FETCH answers with `responses` (UID and items, in the order the server sent them) and
 * reports `reports` as unreadable, as imap-core does under contracts.md section 5.
 */
function scripted(responses: [number, FetchAttributes][], reports: UnreadableMessage[] = []) {
  const asked: NumberRange[][] = [];
  const client = {
    fetch(set: readonly NumberRange[], _items: unknown, options: FetchOptions = {}): Promise<FetchResult> {
      asked.push([...set]);
      for (const [uid, attributes] of responses) {
        options.onMessage?.({ seq: uid as never, uid: uid as never, attributes });
      }
      return Promise.resolve({ messages: [], vanished: [], unreadable: reports } satisfies FetchResult);
    },
  };
  return { client, asked };
}

const rowsOf = async (
  responses: [number, FetchAttributes][],
  reports: UnreadableMessage[] = [],
  target?: RowTarget,
) => {
  const { client } = scripted(responses, reports);
  return fetchRowBatch(client, target ?? { uids: [1, 2, 3, 4, 5] }, {
    open: new ListOpen(),
    uidValidity: 7,
    uidOf: (seq) => (seq === 9 ? 4 : 0),
  });
};

describe('fetchRowBatch', () => {
  it.each<[string, [number, FetchAttributes][], object]>([
    ['one whole response', [[1, whole(1, ['\\Seen'])]], { subject: 'Message 1', seen: true }],
    [
      'a flags-only FETCH after the whole one (another client, Dovecot with CONDSTORE)',
      [
        [1, whole(1)],
        [1, { flags: ['\\Seen', '\\Flagged'], modseq: 9n }],
      ],
      { subject: 'Message 1', from: 'Sender 1', size: 100, seen: true, flagged: true },
    ],
    [
      'a flags-only FETCH before the whole one',
      [
        [1, { flags: ['\\Flagged'], modseq: 8n }],
        [1, whole(1, ['\\Seen'])],
      ],
      { subject: 'Message 1', seen: true, flagged: false },
    ],
    [
      'the items split over two responses (RFC 9051 7.5.2)',
      [
        [1, { flags: ['\\Answered'], envelope: envelope(1) }],
        [1, { rfc822Size: 4321, internalDate: 5 }],
      ],
      { subject: 'Message 1', size: 4321, answered: true },
    ],
  ])('makes one whole row from %s', async (_case, responses, expected) => {
    const rows = await rowsOf(responses);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ uid: 1, ...expected });
    expect(rows[0]?.unreadable).toBeUndefined();
  });

  it('makes no row from a flags-only FETCH alone', async () => {
    const rows = await rowsOf([
      [2, { flags: ['\\Seen'], modseq: 3n }],
      [3, whole(3)],
    ]);
    expect(rows.map((row) => row.uid)).toEqual([3]);
  });

  it('makes an unreadable row for a message imap-core could not read, by its UID or its sequence number', async () => {
    const rows = await rowsOf(
      [
        [1, whole(1)],
        [2, { flags: ['\\Seen'] }],
      ],
      [unreadable(2, 2), unreadable(9, null), unreadable(2, 2)],
    );
    expect(rows.map((row) => [row.uid, row.unreadable ?? false, row.subject])).toEqual([
      [1, false, 'Message 1'],
      [2, true, ''],
      [4, true, ''],
    ]);
    // The flags a partial response brought are the row's: it can still be marked read or unread.
    expect(rows[1]).toMatchObject({ seen: true, from: '', hasAttachment: false });
    expect(Number.isNaN(rows[1]?.date)).toBe(true);
  });

  it.each<[string, UnreadableMessage, RowTarget]>([
    ['a UID it did not ask for', unreadable(6, 6), { uids: [1, 2, 3] }],
    ['a UID below an open-ended fetch', unreadable(6, 6), { from: 10 }],
    ['a sequence number it cannot map', unreadable(7, null), { uids: [1, 2, 3] }],
  ])('ignores an unreadable report of %s', async (_case, report, target) => {
    expect(await rowsOf([], [report], target)).toEqual([]);
  });

  it('takes a later whole response over an unreadable report of the same message', async () => {
    const rows = await rowsOf([[5, whole(5)]], [unreadable(5, 5)]);
    expect(rows).toMatchObject([{ uid: 5, subject: 'Message 5' }]);
    expect(rows[0]?.unreadable).toBeUndefined();
  });

  it('names the UIDs it fetches in its open while the fetch runs, and only then', async () => {
    const open = new ListOpen();
    let during: boolean[] = [];
    const client = {
      fetch(set: readonly NumberRange[], _items: unknown, options: FetchOptions = {}): Promise<FetchResult> {
        during = [2, 3, 4, 9, 10, 11].map((uid) => open.isFetching(uid));
        expect(options.expectedUidValidity).toBe(7);
        expect(set).toEqual([{ start: 10, end: Infinity }]);
        return Promise.reject(new Error('connection lost'));
      },
    };
    const release = open.fetching([2, 3]); // another batch of the same open
    const batch = fetchRowBatch(client, { from: 10 }, { open, uidValidity: 7, uidOf: () => 0 });
    await expect(batch).rejects.toThrow('connection lost');
    expect(during).toEqual([true, true, false, false, true, true]);
    expect([3, 10].map((uid) => open.isFetching(uid))).toEqual([true, false]);
    release();
    expect([2, 3, 10, 11].map((uid) => open.isFetching(uid))).toEqual([false, false, false, false]);
  });

  it('asks for the UIDs of a batch as ranges', async () => {
    const { client, asked } = scripted([]);
    await fetchRowBatch(
      client,
      { uids: [7, 3, 4, 5, 9] },
      { open: new ListOpen(), uidValidity: 0, uidOf: () => 0 },
    );
    expect(asked).toEqual([
      [
        { start: 3, end: 5 },
        { start: 7, end: 7 },
        { start: 9, end: 9 },
      ],
    ]);
  });
});
