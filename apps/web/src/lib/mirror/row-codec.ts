// A message-list row as the mirror keeps it: an array of its fields in a fixed order (field names repeated for
// every row would double a folder's size), read back into the same frozen MessageRow the list makes from a
// FETCH. The flags-derived fields (seen, flagged, keywords ...) are not kept: withFlags computes them.

import { withFlags } from '../state/message-list/message-row.ts';
import type { MessageRow, RowFields } from '../state/message-list/message-row.ts';

/** [uid, flags, date, size, subject, from, fromEmail, to, hasAttachment, unreadable] */
export type KeptRow = [
  number,
  string[],
  number | null,
  number | null,
  string,
  string,
  string,
  string,
  0 | 1,
  0 | 1,
];

export function keepRow(row: MessageRow): KeptRow {
  return [
    row.uid,
    [...row.flags],
    Number.isFinite(row.date) ? row.date : null,
    Number.isFinite(row.size) ? row.size : null,
    row.subject,
    row.from,
    row.fromEmail,
    row.to,
    row.hasAttachment ? 1 : 0,
    row.unreadable ? 1 : 0,
  ];
}

/** The row back; null for an entry that is not one (the mirror skips it and the list fetches the row). */
export function keptRowToRow(kept: unknown): MessageRow | null {
  if (!Array.isArray(kept) || kept.length !== 10) return null;
  const [uid, flags, date, size, subject, from, fromEmail, to, attachment, unreadable] = kept as unknown[];
  if (
    typeof uid !== 'number' ||
    !Number.isInteger(uid) ||
    uid < 1 ||
    !Array.isArray(flags) ||
    !flags.every((flag) => typeof flag === 'string') ||
    (date !== null && typeof date !== 'number') ||
    (size !== null && typeof size !== 'number') ||
    typeof subject !== 'string' ||
    typeof from !== 'string' ||
    typeof fromEmail !== 'string' ||
    typeof to !== 'string'
  ) {
    return null;
  }
  const fields: RowFields = {
    uid,
    date: date ?? NaN,
    size: size ?? NaN,
    subject,
    from,
    fromEmail,
    to,
    hasAttachment: attachment === 1,
  };
  return withFlags(unreadable === 1 ? { ...fields, unreadable: true } : fields, flags as string[]);
}
