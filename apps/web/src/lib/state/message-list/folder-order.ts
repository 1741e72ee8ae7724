// How the message list learns which UIDs to show and in what order, for the whole folder or for a search:
// the server's SORT by DATE (RFC 5256) when it has SORT, else the matching UIDs from ESEARCH/SEARCH ordered by
// INTERNALDATE on the client. Plain functions over the client: the list decides what to keep.
//
// Newest first is the server's ascending `(DATE)` read backwards, not `(REVERSE DATE)`: with ESORT (RFC 5267)
// an ascending order is a few runs (`ALL 1:100000` for a folder whose mail arrived in date order, where
// REVERSE DATE is 100,000 numbers: 600 KB at 100k), as Roundcube asks for it too. Messages of one date then
// come newest arrival (highest UID) first, as in the client's own order (orderByDate).

import { rangesFromNumbers } from '@webmail/imap-core';
import type { NumberRange, SearchKey } from '@webmail/imap-core';
import type { MailClient } from '../mail-client.ts';
import { binarySearch, orderByDate, sameUids, uidsFromRanges } from './uid-list.ts';

export interface OrderOptions {
  /** The UIDVALIDITY the UIDs belong to (imap-core refuses the FETCH if it changed). */
  readonly expectedUidValidity?: number;
  /** 0..1 as dates arrive (client-side order only). */
  readonly onProgress?: (fraction: number) => void;
}

/** UIDs matching `criteria`, ascending: ESEARCH ALL when offered (ranges keep a 100k answer small), else SEARCH. */
export async function searchAscending(
  client: Pick<MailClient, 'capabilities' | 'search' | 'esearch'>,
  criteria: SearchKey,
): Promise<Uint32Array> {
  const caps = client.capabilities;
  if (caps.has('ESEARCH') || caps.has('IMAP4REV2')) {
    const result = await client.esearch(criteria, ['ALL']);
    return uidsFromRanges(result.all ?? []);
  }
  return client.search(criteria);
}

/** The UIDs matching `criteria` newest first, by the server's SORT (compact with ESORT). */
export async function sortedByDate(
  client: Pick<MailClient, 'sort' | 'capabilities'>,
  criteria: SearchKey,
): Promise<Uint32Array> {
  const compact = client.capabilities.has('ESORT');
  const ascending = await client.sort([{ key: 'DATE' }], criteria, compact ? { compact } : {});
  return ascending.reverse();
}

/**
 * Newest first by INTERNALDATE: one streamed UID FETCH of the dates of `ascending` (`1:*` for a whole folder,
 * which is shorter than naming every UID), then ordered on the client.
 */
export async function orderByInternalDate(
  client: MailClient,
  ascending: Uint32Array,
  options: OrderOptions & { readonly wholeFolder?: boolean } = {},
): Promise<Uint32Array> {
  if (ascending.length === 0) return new Uint32Array(0);
  const dates = new Float64Array(ascending.length).fill(NaN);
  const step = Math.max(500, Math.floor(ascending.length / 20));
  const set: NumberRange[] = options.wholeFolder
    ? [{ start: 1, end: Infinity }]
    : rangesFromNumbers(ascending);
  let received = 0;
  options.onProgress?.(0);
  await client.fetch(
    set,
    { internalDate: true },
    {
      ...(options.expectedUidValidity === undefined
        ? {}
        : { expectedUidValidity: options.expectedUidValidity }),
      onMessage: (message) => {
        const index = binarySearch(ascending, message.uid);
        if (index >= 0) dates[index] = message.attributes.internalDate ?? NaN;
        if (++received % step === 0) options.onProgress?.(received / ascending.length);
      },
    },
  );
  return orderByDate(ascending, dates);
}

/**
 * Every message of the selected folder newest first by INTERNALDATE, from one streamed
 * `UID FETCH 1:* (INTERNALDATE)` and no list of its UIDs beforehand: the answers come in sequence order, which
 * is ascending UID order (RFC 9051 2.3.1.2). For a server without SORT, on a connection of its own. A message
 * streamed again (imap-core merges a later FETCH of it, such as another client's flag change with its UID, into
 * the first) keeps its one entry: a second one made the order hold a UID twice, which the list takes for other
 * messages than its own and then reads every date again.
 */
export async function folderByInternalDate(
  client: Pick<MailClient, 'fetch'>,
  messages: number,
  expectedUidValidity: number,
): Promise<Uint32Array> {
  let uids = new Uint32Array(Math.max(16, messages));
  let dates = new Float64Array(uids.length);
  let count = 0;
  await client.fetch(
    [{ start: 1, end: Infinity }],
    { internalDate: true },
    {
      expectedUidValidity,
      onMessage: (message) => {
        if (count > 0 && message.uid <= (uids[count - 1] as number)) {
          const index = binarySearch(uids.subarray(0, count), message.uid);
          if (index >= 0) {
            dates[index] = message.attributes.internalDate ?? NaN;
            return;
          }
        }
        if (count === uids.length) {
          // More arrived than EXISTS said when the folder was opened.
          uids = grown(uids, new Uint32Array(count * 2));
          dates = grown(dates, new Float64Array(count * 2));
        }
        uids[count] = message.uid;
        dates[count++] = message.attributes.internalDate ?? NaN;
      },
    },
  );
  return orderByDate(uids.subarray(0, count), dates.subarray(0, count));
}

function grown<T extends Uint32Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/** New messages a kept order (updateDatedOrder) takes in by their own dates; past this many it is read again. */
export const KEPT_ORDER_NEW_MAX = 1_000;

/**
 * An order by INTERNALDATE kept from an earlier visit (`kept`, newest first) brought up to the folder's
 * messages now (`ascending`) without reading every date again, as a message's INTERNALDATE never changes:
 * messages gone since leave it, the others keep their places; messages new since are dated by one UID FETCH
 * that also dates the newest kept message still there, and go on top when none is older than it (new mail,
 * the usual case). Null when one is (copied in with an old date: its place needs every date), when one has no
 * date, or when more than KEPT_ORDER_NEW_MAX came.
 */
export async function updateDatedOrder(
  client: Pick<MailClient, 'fetch'>,
  kept: Uint32Array,
  ascending: Uint32Array,
  options: Pick<OrderOptions, 'expectedUidValidity'> = {},
): Promise<Uint32Array | null> {
  const keptAscending = kept.slice().sort();
  if (sameUids(keptAscending, ascending)) return kept;
  const remaining = keepMembers(kept, ascending);
  const added = ascending.filter((uid) => binarySearch(keptAscending, uid) < 0);
  // Each message once: a kept order that names one twice is no order of this folder.
  if (remaining.length + added.length !== ascending.length) return null;
  if (added.length === 0) return remaining;
  if (added.length > KEPT_ORDER_NEW_MAX) return null;
  const top = remaining[0];
  const { messages } = await client.fetch(
    rangesFromNumbers(top === undefined ? added : [...added, top]),
    { internalDate: true },
    options.expectedUidValidity === undefined ? {} : { expectedUidValidity: options.expectedUidValidity },
  );
  const dates = new Map(messages.map((message) => [message.uid as number, message.attributes.internalDate]));
  const newest = top === undefined ? -Infinity : (dates.get(top) ?? NaN);
  const addedDates = Float64Array.from(added, (uid) => dates.get(uid) ?? NaN);
  // Above the kept top in the order (date, then UID, newest first). NaN compares false: a message the server
  // did not date, or a kept top it did not date, is read in full.
  const above = (date: number, i: number) =>
    date > newest || (date === newest && (added[i] as number) > (top as number));
  if (!addedDates.every(above)) return null;
  const order = new Uint32Array(added.length + remaining.length);
  order.set(orderByDate(added, addedDates));
  order.set(remaining, added.length);
  return order;
}

/** Unread messages of the selected folder: ESEARCH COUNT when offered, else the length of a SEARCH. */
export async function countUnseen(client: MailClient): Promise<number> {
  const caps = client.capabilities;
  const unseen = { flag: '\\Seen', set: false } as const;
  if (caps.has('ESEARCH') || caps.has('IMAP4REV2'))
    return (await client.esearch(unseen, ['COUNT'])).count ?? 0;
  return (await client.search(unseen)).length;
}

/** The entries of `order` that are in `ascending` (binary search), keeping `order`'s order. */
export function keepMembers(order: Uint32Array, ascending: Uint32Array): Uint32Array {
  return order.filter((uid) => binarySearch(ascending, uid) >= 0);
}
