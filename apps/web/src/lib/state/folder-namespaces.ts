// Where the folders of each namespace (RFC 2342, RFC 9051 6.3.10) go in the tree:
// - the user's own: on Courier (personal prefix "INBOX.") and Cyrus ("INBOX/") every folder lives under INBOX;
//   they are shown at the top, beside Inbox, as Dovecot (prefix "") shows them, and as Roundcube does;
// - other users' folders (Dovecot "shared/", Cyrus "user.") and shared folders (Cyrus "" or "shared."): each
//   becomes a section of its own after the user's folders. A shared namespace without a prefix (Cyrus's
//   default) holds every top-level folder that is not the user's: those are gathered under a heading the
//   server did not list, whose path no mailbox can have (mailbox names never hold NUL).
// Without NAMESPACE (RFC 2342 is not in IMAP4rev1), a server that lists every folder under INBOX is taken to
// have the prefix "INBOX" + its delimiter (Courier without the extension).

import type { ListedMailbox } from '@webmail/imap-core';
import type { FolderRole } from './folder-roles.ts';

export type SectionKind = 'other' | 'shared';

/** A folder while the tree is built (folder-model.ts freezes it into a FolderNode). */
export interface DraftNode {
  path: string;
  name: string;
  delimiter: string | null;
  role: FolderRole | null;
  selectable: boolean;
  subscribed: boolean;
  specialUse: ListedMailbox['specialUse'] | null;
  namespace: 'personal' | SectionKind;
  section: SectionKind | null;
  children: DraftNode[];
}

/** RFC 9051 5.1: INBOX in any case. */
const isInbox = (name: string): boolean => name.toUpperCase() === 'INBOX';

export interface Namespace {
  readonly prefix: string;
  readonly delimiter: string | null;
}

export interface FolderNamespaces {
  /** The first personal namespace (where new top-level folders go); null when the server did not say. */
  readonly personal: Namespace | null;
  readonly other: readonly Namespace[];
  readonly shared: readonly Namespace[];
}

export const NO_NAMESPACES: FolderNamespaces = Object.freeze({ personal: null, other: [], shared: [] });

/** The path of the heading that gathers a prefix-less shared namespace (no mailbox name holds NUL). */
export const SHARED_SECTION_PATH = '\u0000shared';

/** Whether `path` is a heading the server did not list (it cannot be selected, created in or renamed). */
export function isSectionPath(path: string): boolean {
  return path.startsWith('\u0000');
}

/** The folder a prefix stands for: "INBOX." -> "INBOX", "shared/" -> "shared"; null for "". */
export function prefixFolder(namespace: Namespace): string | null {
  const { prefix, delimiter } = namespace;
  if (prefix === '') return null;
  const folder =
    delimiter !== null && prefix.endsWith(delimiter) ? prefix.slice(0, -delimiter.length) : prefix;
  if (folder === '') return null;
  return isInbox(folder) ? 'INBOX' : folder;
}

/**
 * Without NAMESPACE: "INBOX" + its delimiter when every other folder is listed below INBOX (Courier), else ""
 * (the top of the hierarchy, as Dovecot lays it out).
 */
export function guessPersonalNamespace(mailboxes: readonly ListedMailbox[]): Namespace {
  const inbox = mailboxes.find((mailbox) => isInbox(mailbox.name));
  const delimiter = inbox?.delimiter ?? mailboxes[0]?.delimiter ?? null;
  if (delimiter === null) return { prefix: '', delimiter };
  const others = mailboxes.filter((mailbox) => !isInbox(mailbox.name));
  const prefix = `INBOX${delimiter}`;
  const underInbox =
    others.length > 0 &&
    others.every((mailbox) => mailbox.name.toUpperCase().startsWith(prefix.toUpperCase()));
  // As the server spells it ("Inbox." from "Inbox.Sent"): new folders are named the same way.
  const spelled = others[0]?.name.slice(0, prefix.length) ?? prefix;
  return { prefix: underInbox ? spelled : '', delimiter };
}

/**
 * The top level of the tree for the hierarchy's `roots` (as LIST nests them): the user's folders first, then
 * a section per other namespace that has folders. Marks each node's namespace; changes the drafts in place.
 */
export function arrangeNamespaces(roots: DraftNode[], namespaces: FolderNamespaces): DraftNode[] {
  const sectionOf = new Map<string, SectionKind>();
  for (const [kind, list] of [
    ['other', namespaces.other],
    ['shared', namespaces.shared],
  ] as const) {
    for (const namespace of list) {
      const folder = prefixFolder(namespace);
      if (folder !== null && !isInbox(folder)) sectionOf.set(folder, kind);
    }
  }
  const personalFolder = namespaces.personal === null ? null : prefixFolder(namespaces.personal);
  // Cyrus's shared namespace "" holds what lies outside the personal prefix and the other users' one.
  const sharedWithoutPrefix =
    personalFolder !== null && namespaces.shared.some((namespace) => namespace.prefix === '');

  const personal: DraftNode[] = [];
  const sections: DraftNode[] = [];
  const unprefixedShared: DraftNode[] = [];
  for (const root of roots) {
    const section = sectionOf.get(root.path);
    if (section !== undefined) {
      root.section = section;
      root.selectable = false;
      markNamespace(root, section);
      sections.push(root);
    } else if (root.path === personalFolder) {
      personal.push(...root.children);
      // INBOX stays as itself (without the folders now beside it); another prefix folder only if it holds mail.
      if (root.path === 'INBOX' || root.selectable) personal.push({ ...root, children: [] });
    } else if (sharedWithoutPrefix && root.path !== 'INBOX') {
      markNamespace(root, 'shared');
      unprefixedShared.push(root);
    } else {
      personal.push(root);
    }
  }
  if (unprefixedShared.length > 0) sections.push(sharedHeading(unprefixedShared));
  return [...personal, ...sections];
}

function markNamespace(node: DraftNode, namespace: SectionKind): void {
  node.namespace = namespace;
  for (const child of node.children) markNamespace(child, namespace);
}

function sharedHeading(children: DraftNode[]): DraftNode {
  return {
    path: SHARED_SECTION_PATH,
    name: '',
    delimiter: children[0]?.delimiter ?? null,
    role: null,
    selectable: false,
    subscribed: false,
    specialUse: null,
    namespace: 'shared',
    section: 'shared',
    children,
  };
}
