// What the list knows of its folder, as plain data, to be kept on the device (lib/mirror) and shown again at the
// next start before the server has answered: ListModel.snapshot() and ListModel.restore(). A restored list
// is brought in line with the server by resync() (list-resync.ts: QRESYNC, else UID comparison), as after a
// reconnect: the UIDs it holds are good only under its UIDVALIDITY.

import type { FolderRole } from '../folder-model.ts';
import type { OfferedKeywords } from './mailbox-keywords.svelte.ts';
import type { MessageRow } from './message-row.ts';

export interface ListSnapshot {
  readonly path: string;
  readonly role: FolderRole | null;
  readonly uidValidity: number;
  readonly uidNext: number;
  /** HIGHESTMODSEQ up to which the list had applied changes (RFC 7162), for the QRESYNC that follows. */
  readonly highestModseq: bigint | null;
  /** The whole folder, newest first. */
  readonly order: Uint32Array;
  /** The rows known: any of the order's messages. */
  readonly rows: readonly MessageRow[];
  readonly keywords: OfferedKeywords;
}
