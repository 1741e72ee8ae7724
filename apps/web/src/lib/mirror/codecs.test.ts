import { describe, expect, it } from 'vitest';
import type { FolderSnapshot } from '../state/folders.svelte.ts';
import type { ListSnapshot } from '../state/message-list/list-snapshot.ts';
import { rowFromFetch, unreadableRow } from '../state/message-list/message-row.ts';
import { decodeBody, encodeBody } from './body-codec.ts';
import { decodeFolders, encodeFolders } from './folders-codec.ts';
import { decodeList, encodeList } from './list-codec.ts';
import { keepRow, keptRowToRow } from './row-codec.ts';

const address = (name: string | null, mailbox: string, host: string) => ({ name, adl: null, mailbox, host });
const fetched = rowFromFetch(42, {
  flags: ['\\Seen', '$label1', '\\Flagged'],
  envelope: {
    date: 'Tue, 2 Jan 2024 10:00:00 +0000',
    subject: '=?GB2312?B?xOO6ww==?= отчёт',
    from: [address('Анна', 'anna', 'почта.рф')],
    sender: [],
    replyTo: [],
    to: [address(null, 'bob', 'example.org')],
    cc: [],
    bcc: [],
    inReplyTo: null,
    messageId: '<1@x>',
  },
  rfc822Size: 1234,
  internalDate: Date.UTC(2024, 0, 2),
});

const SNAPSHOT: ListSnapshot = {
  path: '\uDC00Caf\u00e9/工作',
  role: 'sent',
  uidValidity: 4_000_000_000,
  uidNext: 43,
  highestModseq: 18_446_744_073_709_551_615n,
  order: Uint32Array.from([42, 7, 1]),
  rows: [fetched, unreadableRow(7, ['\\Deleted'])],
  keywords: { flags: ['$label1'], permanentFlags: ['\\*'] },
};

describe('the mirror codecs', () => {
  it('keeps a row as the list made it', () => {
    expect(keptRowToRow(keepRow(fetched))).toEqual(fetched);
    const unreadable = unreadableRow(9, []);
    expect(keptRowToRow(JSON.parse(JSON.stringify(keepRow(unreadable))))).toEqual(unreadable);
  });

  it.each([
    [null],
    ['row'],
    [[]],
    [[0, [], null, null, '', '', '', '', 0, 0]],
    [[1, [5], 1, 1, '', '', '', '', 0, 0]],
  ])('reads no row from %j', (kept) => {
    expect(keptRowToRow(kept)).toBeNull();
  });

  it('keeps a list: a verbatim path, a 64-bit HIGHESTMODSEQ, the order and the rows', () => {
    expect(decodeList(encodeList(SNAPSHOT))).toEqual(SNAPSHOT);
  });

  it('keeps the order of 100,000 messages as 400 KB of UIDs', () => {
    const order = Uint32Array.from({ length: 100_000 }, (_, i) => 100_000 - i);
    const bytes = encodeList({ ...SNAPSHOT, order, rows: [] });
    expect(bytes.length).toBeLessThan(400_000 + 1_000);
    expect(decodeList(bytes)?.order).toEqual(order);
  });

  it.each<[string, (bytes: Uint8Array) => Uint8Array]>([
    ['cut inside the header', (bytes) => bytes.slice(0, 20)],
    ['cut inside the order', (bytes) => bytes.slice(0, bytes.length - 2)],
    ['empty', () => new Uint8Array(0)],
    [
      'with a header that is not JSON',
      (bytes) => Uint8Array.from(bytes, (b, i) => (i === 4 ? 0x7b : i === 5 ? 0x7b : b)),
    ],
    [
      'with a UID 0 in the order',
      (bytes) => Uint8Array.from(bytes, (b, i) => (i >= bytes.length - 4 ? 0 : b)),
    ],
  ])('reads no list from bytes %s', (_, change) => {
    expect(decodeList(change(encodeList(SNAPSHOT)))).toBeNull();
  });

  it('reads no list whose header says what a list cannot be', () => {
    const withHeader = (header: object) => {
      const json = new TextEncoder().encode(JSON.stringify(header));
      const bytes = new Uint8Array(4 + json.length);
      new DataView(bytes.buffer).setUint32(0, json.length, true);
      bytes.set(json, 4);
      return bytes;
    };
    const good = {
      v: 1,
      path: 'INBOX',
      role: null,
      uidValidity: 1,
      uidNext: 1,
      highestModseq: null,
      keywords: { flags: [], permanentFlags: null },
      rows: [],
    };
    expect(decodeList(withHeader(good))).not.toBeNull();
    for (const bad of [
      { ...good, v: 2 },
      { ...good, role: 'spam' },
      { ...good, uidValidity: 0 },
      { ...good, uidNext: 2 ** 32 },
      { ...good, highestModseq: '-1' },
      { ...good, path: 7 },
    ]) {
      expect(decodeList(withHeader(bad))).toBeNull();
    }
  });

  it('keeps a message body and what the first FETCH told', () => {
    const body = {
      raw: new TextEncoder().encode('Subject: =?UTF-8?B?0J/RgNC40LLQtdGC?=\r\n\r\n你好\r\n'),
      internalDate: Date.UTC(2024, 1, 1),
      size: 2_000_000,
      flags: ['\\Seen'],
      deferred: [{ part: '2', type: 'application/pdf', encoding: 'base64', encodedSize: 1_999_000 }],
    };
    const back = decodeBody(encodeBody(body));
    expect({ ...back, raw: Array.from(back?.raw ?? []) }).toEqual({ ...body, raw: Array.from(body.raw) });
    expect(decodeBody(encodeBody(body).slice(0, 10))).toBeNull();
  });

  it('keeps the folder tree with verbatim names, subscriptions and counts', () => {
    const tree: FolderSnapshot = {
      mailboxes: [
        { name: 'INBOX', wireName: 'INBOX', attributes: ['\\HasNoChildren'], delimiter: '/' },
        {
          name: 'Отправленные',
          wireName: '&BB4EQgQ,BEAEMAQyBDsENQQ9BD0ESwQ1-',
          attributes: [],
          delimiter: '/',
          specialUse: '\\Sent',
        },
        { name: '\uDC00Caf\u00e9', wireName: 'Café', attributes: [], delimiter: null },
      ],
      subscribed: ['INBOX', 'Отправленные'],
      counts: [
        ['INBOX', { messages: 10, unseen: 3 }],
        ['Отправленные', { messages: null, unseen: null }],
      ],
    };
    expect(decodeFolders(encodeFolders(tree))).toEqual(tree);
    expect(
      decodeFolders(
        new TextEncoder().encode('{"v":1,"mailboxes":[{"name":1}],"subscribed":null,"counts":[]}'),
      ),
    ).toBeNull();
    expect(decodeFolders(new TextEncoder().encode('not json'))).toBeNull();
  });
});
