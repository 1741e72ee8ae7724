// The second step of an attachment search on a server without an attachment keyword: the header criteria
// (search-query.ts ATTACHMENT_CONTENT_TYPES) give candidates, and their BODYSTRUCTURE says which really have
// an attachment, judged exactly as the list's paper-clip icon is (message-row.ts hasAttachment).

import { rangesFromNumbers } from '@webmail/imap-core';
import type { ImapClient } from '@webmail/imap-core';
import { hasAttachment } from './message-list/message-row.ts';

/** UIDs per UID FETCH BODYSTRUCTURE: big enough to need few round trips, small enough to stop soon. */
export const STRUCTURE_BATCH = 500;

export interface AttachmentFilterOptions {
  /** The UIDVALIDITY the UIDs were read under: imap-core refuses the fetch if it changed. */
  readonly expectedUidValidity?: number;
  /** Checked between batches: true stops the filter (it then returns null). */
  readonly cancelled?: () => boolean;
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * The UIDs among `uids` whose message has an attachment, in the order given; null when cancelled. Must run
 * on a connection that has the UIDs' mailbox selected (or examined).
 */
export async function keepWithAttachments(
  client: Pick<ImapClient, 'fetch'>,
  uids: ArrayLike<number>,
  options: AttachmentFilterOptions = {},
): Promise<number[] | null> {
  const all = Array.from(uids);
  const found = new Set<number>();
  const guard =
    options.expectedUidValidity === undefined ? {} : { expectedUidValidity: options.expectedUidValidity };
  for (let start = 0; start < all.length; start += STRUCTURE_BATCH) {
    if (options.cancelled?.()) return null;
    const batch = all.slice(start, start + STRUCTURE_BATCH);
    await client.fetch(
      rangesFromNumbers(batch),
      { bodyStructure: true },
      {
        ...guard,
        onMessage: ({ uid, attributes }) => {
          if (attributes.bodyStructure && hasAttachment(attributes.bodyStructure)) found.add(uid);
        },
      },
    );
    options.onProgress?.(Math.min(all.length, start + STRUCTURE_BATCH), all.length);
  }
  if (options.cancelled?.()) return null;
  return all.filter((uid) => found.has(uid));
}
