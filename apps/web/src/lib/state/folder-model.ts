// The folder hierarchy built from LIST (RFC 9051 6.3.9): names split on the server's delimiter, parents the
// server did not list synthesized as not selectable, special-use folders (RFC 6154) first in a fixed order, the
// rest sorted by the user's collation. Pure: the FolderTree state class feeds it LIST results.

import type { ListedMailbox, SpecialUse } from '@webmail/imap-core';

export type FolderRole = 'inbox' | 'drafts' | 'sent' | 'junk' | 'trash' | 'archive';

/** Special-use folders come first among their siblings, in this order. */
export const ROLE_ORDER: readonly FolderRole[] = ['inbox', 'drafts', 'sent', 'junk', 'trash', 'archive'];

const ROLE_BY_SPECIAL_USE = new Map<SpecialUse, FolderRole>([
  ['\\Drafts', 'drafts'],
  ['\\Sent', 'sent'],
  ['\\Junk', 'junk'],
  ['\\Trash', 'trash'],
  ['\\Archive', 'archive'],
]);

/**
 * Top-level names that mean a role on servers without SPECIAL-USE (Courier, old Dovecot configs, Exchange's
 * English names). Used only for a role no folder claims by attribute.
 */
const ROLE_BY_NAME = new Map<string, FolderRole>([
  ['drafts', 'drafts'],
  ['sent', 'sent'],
  ['sent items', 'sent'],
  ['sent messages', 'sent'],
  ['junk', 'junk'],
  ['junk e-mail', 'junk'],
  ['spam', 'junk'],
  ['trash', 'trash'],
  ['deleted items', 'trash'],
  ['deleted messages', 'trash'],
  ['archive', 'archive'],
]);

export interface FolderNode {
  /** The full decoded name: the key of the folder, and what SELECT takes. */
  readonly path: string;
  /** The last hierarchy level of the name, as the server spelled it. */
  readonly name: string;
  readonly delimiter: string | null;
  /** 0 for top-level folders. */
  readonly depth: number;
  readonly role: FolderRole | null;
  /** False for \Noselect and \NonExistent folders and for parents the server did not list. */
  readonly selectable: boolean;
  readonly children: readonly FolderNode[];
}

interface DraftNode {
  path: string;
  name: string;
  delimiter: string | null;
  depth: number;
  role: FolderRole | null;
  selectable: boolean;
  children: DraftNode[];
}

const NOT_SELECTABLE = new Set(['\\noselect', '\\nonexistent']);

/** RFC 9051 5.1: INBOX is case-insensitive; every spelling means the same folder. */
export function isInbox(path: string): boolean {
  return path.toUpperCase() === 'INBOX';
}

export function buildFolderTree(
  mailboxes: readonly ListedMailbox[],
  collator: Intl.Collator = new Intl.Collator(undefined, { numeric: true }),
): FolderNode[] {
  const byPath = new Map<string, DraftNode>();
  const roots: DraftNode[] = [];
  const claimedRoles = new Set<FolderRole>();

  const nodeFor = (path: string, delimiter: string | null): DraftNode => {
    const existing = byPath.get(path);
    if (existing) return existing;
    const cut = delimiter === null ? -1 : path.lastIndexOf(delimiter);
    const parentName = cut > 0 ? path.slice(0, cut) : null;
    const parentPath = parentName !== null && isInbox(parentName) ? 'INBOX' : parentName;
    const parent = parentPath === null ? null : nodeFor(parentPath, delimiter);
    const node: DraftNode = {
      path,
      name: cut > 0 ? path.slice(cut + (delimiter?.length ?? 0)) : path,
      delimiter,
      depth: parent === null ? 0 : parent.depth + 1,
      role: null,
      selectable: false,
      children: [],
    };
    byPath.set(path, node);
    (parent === null ? roots : parent.children).push(node);
    return node;
  };

  for (const mailbox of mailboxes) {
    const path = isInbox(mailbox.name) ? 'INBOX' : mailbox.name;
    const node = nodeFor(path, mailbox.delimiter);
    node.selectable = !mailbox.attributes.some((a) => NOT_SELECTABLE.has(a.toLowerCase()));
    const role =
      path === 'INBOX' ? 'inbox' : mailbox.specialUse && ROLE_BY_SPECIAL_USE.get(mailbox.specialUse);
    if (role && !claimedRoles.has(role)) {
      node.role = role;
      claimedRoles.add(role);
    }
  }
  for (const node of roots) {
    const role = ROLE_BY_NAME.get(node.name.toLowerCase());
    if (role && !claimedRoles.has(role) && node.selectable) {
      node.role = role;
      claimedRoles.add(role);
    }
  }
  return freeze(roots, collator);
}

function freeze(nodes: DraftNode[], collator: Intl.Collator): FolderNode[] {
  const rank = (node: DraftNode): number =>
    node.role === null ? ROLE_ORDER.length : ROLE_ORDER.indexOf(node.role);
  return nodes
    .sort((a, b) => rank(a) - rank(b) || collator.compare(a.name, b.name))
    .map((node) => Object.freeze({ ...node, children: freeze(node.children, collator) }));
}

/** One line of the tree as shown: the node and its position for aria-level/-posinset/-setsize. */
export interface VisibleFolder {
  readonly node: FolderNode;
  readonly level: number;
  readonly position: number;
  readonly siblings: number;
  readonly expanded: boolean | null;
}

/** The folders a user sees, depth first, skipping the children of collapsed folders. */
export function visibleFolders(
  roots: readonly FolderNode[],
  collapsed: ReadonlySet<string>,
): VisibleFolder[] {
  const out: VisibleFolder[] = [];
  const walk = (nodes: readonly FolderNode[]): void => {
    nodes.forEach((node, index) => {
      const hasChildren = node.children.length > 0;
      const expanded = hasChildren ? !collapsed.has(node.path) : null;
      out.push({ node, level: node.depth + 1, position: index + 1, siblings: nodes.length, expanded });
      if (expanded) walk(node.children);
    });
  };
  walk(roots);
  return out;
}

/** Every node by path. */
export function indexFolders(roots: readonly FolderNode[]): Map<string, FolderNode> {
  const index = new Map<string, FolderNode>();
  const walk = (nodes: readonly FolderNode[]): void => {
    for (const node of nodes) {
      index.set(node.path, node);
      walk(node.children);
    }
  };
  walk(roots);
  return index;
}
