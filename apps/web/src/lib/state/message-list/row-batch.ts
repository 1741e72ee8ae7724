// One UID FETCH of message-list rows (ROW_FETCH_ITEMS), for a batch of UIDs or for every UID from one on. What
// comes back is read per message, not per response:
//
// - The server may send a message's items in several FETCH responses (RFC 9051 7.5.2), and Dovecot with
//   CONDSTORE sends a flags-only `* n FETCH (UID x MODSEQ (m) FLAGS (...))` in the middle of our answer when
//   another client changes a flag meanwhile. Items for one UID are merged, later ones replacing earlier ones
//   item by item, and a row is made only from a message whose items include its ENVELOPE: a partial item never
//   creates a row, and never blanks one.
// - A message imap-core reports as unreadable (its response framed but not parseable: contracts.md section 5)
//   becomes an "unreadable" row, so the rest of the folder lists and the message can still be opened as source.
//
// While the fetch is in flight its open (list-open.ts) names the UIDs, so the flags events our own answer
// raises are not taken for another client's changes.

import { rangesFromNumbers } from '@webmail/imap-core';
import type { FetchAttributes, FetchResult, NumberRange } from '@webmail/imap-core';
import type { MailClient } from '../mail-client.ts';
import type { ListOpen } from './list-open.ts';
import { ROW_FETCH_ITEMS, rowFromFetch, unreadableRow } from './message-row.ts';
import type { MessageRow } from './message-row.ts';

/** Which rows: these UIDs, or every UID from `from` on (UID from:*). */
export type RowTarget = { readonly uids: readonly number[] } | { readonly from: number };

export interface RowBatchOptions {
  /** The open the rows are fetched under. */
  readonly open: ListOpen;
  /** The UIDVALIDITY the UIDs were read under (0: none yet): imap-core refuses the FETCH if it changed. */
  readonly uidValidity: number;
  /** The UID of a sequence number (0: not known), for an unreadable response that did not get to its UID. */
  readonly uidOf: (seq: number) => number;
  /** The folder is ordered by INTERNALDATE (a server without SORT): the rows keep theirs (internalDateOf). */
  readonly byInternalDate?: boolean;
}

/** Fetches the rows of `target`: one per message the server sent whole or reported unreadable. */
export async function fetchRowBatch(
  client: Pick<MailClient, 'fetch'>,
  target: RowTarget,
  options: RowBatchOptions,
): Promise<MessageRow[]> {
  const { open, uidValidity } = options;
  const named = 'uids' in target ? new Set(target.uids) : null;
  const from = 'from' in target ? target.from : Infinity;
  const wanted = (uid: number): boolean => named?.has(uid) ?? uid >= from;
  const set: NumberRange[] =
    'uids' in target ? rangesFromNumbers(target.uids) : [{ start: from, end: Infinity }];
  const merged = new Map<number, FetchAttributes>();
  const release = 'uids' in target ? open.fetching(target.uids) : open.fetchingFrom(from);
  let result: FetchResult;
  try {
    result = await client.fetch(set, ROW_FETCH_ITEMS, {
      ...(uidValidity === 0 ? {} : { expectedUidValidity: uidValidity }),
      onMessage: ({ uid, attributes }) => {
        const earlier = merged.get(uid);
        merged.set(uid, earlier === undefined ? attributes : mergeAttributes(earlier, attributes));
      },
    });
  } finally {
    release();
  }
  const rows: MessageRow[] = [];
  for (const [uid, attributes] of merged) {
    if (attributes.envelope !== undefined)
      rows.push(rowFromFetch(uid, attributes, options.byInternalDate === true));
  }
  const unreadable = new Set<number>();
  for (const report of result.unreadable) {
    const uid = report.uid ?? options.uidOf(report.seq);
    if (uid === 0 || !wanted(uid) || unreadable.has(uid) || merged.get(uid)?.envelope !== undefined) continue;
    unreadable.add(uid);
    rows.push(unreadableRow(uid, merged.get(uid)?.flags ?? []));
  }
  return rows;
}

/** A later response's items for the same message replace the earlier ones, item by item. */
function mergeAttributes(earlier: FetchAttributes, later: FetchAttributes): FetchAttributes {
  const merged: Record<string, unknown> = { ...earlier };
  for (const [item, value] of Object.entries(later)) if (value !== undefined) merged[item] = value;
  return merged as FetchAttributes;
}
