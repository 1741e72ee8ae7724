// The folder tree as the mirror keeps it (FolderTree.snapshot()): JSON, checked field by field on the way
// back. Names are imap-core's, verbatim ones included (JSON.stringify escapes their lone surrogate).

import type { ListedMailbox, SpecialUse } from '@webmail/imap-core';
import type { FolderCounts, FolderSnapshot } from '../state/folders.svelte.ts';

const SPECIAL_USES: ReadonlySet<string> = new Set([
  '\\All',
  '\\Archive',
  '\\Drafts',
  '\\Flagged',
  '\\Junk',
  '\\Sent',
  '\\Trash',
]);

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export function encodeFolders(snapshot: FolderSnapshot): Uint8Array<ArrayBuffer> {
  return encoder.encode(JSON.stringify({ v: 1, ...snapshot }));
}

export function decodeFolders(bytes: Uint8Array): FolderSnapshot | null {
  let value: Partial<FolderSnapshot> & { v?: unknown };
  try {
    value = JSON.parse(decoder.decode(bytes)) as Partial<FolderSnapshot> & { v?: unknown };
  } catch {
    return null;
  }
  const { mailboxes, subscribed, counts } = value;
  if (value.v !== 1 || !Array.isArray(mailboxes) || !Array.isArray(counts)) return null;
  if (subscribed !== null && !(Array.isArray(subscribed) && subscribed.every((n) => typeof n === 'string')))
    return null;
  const listed: ListedMailbox[] = [];
  for (const entry of mailboxes as unknown[]) {
    const mailbox = mailboxOf(entry);
    if (mailbox === null) return null;
    listed.push(mailbox);
  }
  const kept: (readonly [string, FolderCounts])[] = [];
  for (const entry of counts as unknown[]) {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string') continue;
    const c = entry[1] as Partial<FolderCounts> | null;
    if (!isCount(c?.messages) || !isCount(c?.unseen)) continue;
    kept.push([entry[0], { messages: c.messages, unseen: c.unseen }]);
  }
  return { mailboxes: listed, subscribed: subscribed ?? null, counts: kept };
}

function mailboxOf(value: unknown): ListedMailbox | null {
  const m = value as Partial<ListedMailbox> | null;
  if (
    typeof m?.name !== 'string' ||
    typeof m.wireName !== 'string' ||
    !Array.isArray(m.attributes) ||
    !m.attributes.every((a) => typeof a === 'string') ||
    (m.delimiter !== null && typeof m.delimiter !== 'string') ||
    (m.specialUse !== undefined && !SPECIAL_USES.has(m.specialUse))
  ) {
    return null;
  }
  return {
    name: m.name,
    wireName: m.wireName,
    attributes: m.attributes,
    delimiter: m.delimiter ?? null,
    ...(m.specialUse === undefined ? {} : { specialUse: m.specialUse as SpecialUse }),
  };
}

function isCount(value: unknown): value is number | null {
  return value === null || (typeof value === 'number' && Number.isInteger(value) && value >= 0);
}
