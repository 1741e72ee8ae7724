// The folder hierarchy built from LIST (RFC 9051 6.3.9): names split on the server's delimiter, parents the
// server did not list synthesized as not selectable, special-use folders (RFC 6154) first in a fixed order, the
// rest sorted by the user's collation; which folders are subscribed, and the names a user may give a folder.
// Pure: the FolderTree state class feeds it LIST results.
//
// A folder's path is imap-core's name for it: its decoded name, or, when the server's name for it does not
// decode, the verbatim name that carries its exact bytes (imap-core mailbox-names.ts). Every command is given
// the path, so it reaches exactly the folder the server listed; two folders never share a path; and what the
// user sees of a name that does not decode is its bytes, visibly escaped. Hierarchy is cut on the wire bytes.

import {
  isVerbatimMailboxName,
  mailboxLeafName,
  mailboxNameFromWire,
  mailboxWireBytes,
  parentMailboxName,
} from '@webmail/imap-core';
import type { ListedMailbox } from '@webmail/imap-core';
import type { MessageKey, MessageValues } from '../i18n/i18n.svelte.ts';
import { arrangeNamespaces, NO_NAMESPACES } from './folder-namespaces.ts';
import type { DraftNode, FolderNamespaces, SectionKind } from './folder-namespaces.ts';
import { assignRoles } from './folder-roles.ts';
import type { AssignableRole, FolderRole } from './folder-roles.ts';
import type { UserMessage } from './user-message.ts';

export type { AssignableRole, FolderRole } from './folder-roles.ts';
export type { FolderNamespaces, SectionKind } from './folder-namespaces.ts';

/** Special-use folders come first among their siblings, in this order. */
export const ROLE_ORDER: readonly FolderRole[] = ['inbox', 'drafts', 'sent', 'junk', 'trash', 'archive'];

export interface FolderNode {
  /**
   * imap-core's name of the folder (see above): the key of the folder, and what SELECT takes. A section
   * heading the server did not list (a shared namespace without a prefix) has a path no mailbox can have.
   */
  readonly path: string;
  /** The last hierarchy level of the name, as the server spelled it; escaped (\xHH) when it does not decode. */
  readonly name: string;
  readonly delimiter: string | null;
  /** 0 for top-level folders (in the personal namespace: the folders right under its prefix). */
  readonly depth: number;
  /** The folder this one is shown in, or null at the top. */
  readonly parent: string | null;
  readonly role: FolderRole | null;
  /** False for \Noselect and \NonExistent folders, for parents the server did not list, and for sections. */
  readonly selectable: boolean;
  /** In the subscription list (RFC 9051 6.3.7). Parents the server did not list are not. */
  readonly subscribed: boolean;
  /** The namespace it lies in (RFC 2342): the user's own, other users', or shared folders. */
  readonly namespace: 'personal' | SectionKind;
  /** The heading of other users' or of shared folders; null for every folder. */
  readonly section: SectionKind | null;
  readonly children: readonly FolderNode[];
}

const NOT_SELECTABLE = new Set(['\\noselect', '\\nonexistent']);

/** RFC 9051 5.1: INBOX is case-insensitive; every spelling means the same folder. */
export function isInbox(path: string): boolean {
  return path.toUpperCase() === 'INBOX';
}

export interface BuildOptions {
  /** Default: the user's locale, numeric ("Folder 9" before "Folder 10"). */
  readonly collator?: Intl.Collator;
  /** Names of the subscribed folders; null (the default) when unknown: every listed folder counts as one. */
  readonly subscribed?: ReadonlySet<string> | null;
  /**
   * The namespaces (RFC 2342). With a personal prefix such as "INBOX." the folders under it are shown at the
   * top, beside Inbox; other users' and shared folders become sections. Default: none known.
   */
  readonly namespaces?: FolderNamespaces;
  /** Roles the user gave folders (role -> path); an attribute from the server still wins (folder-roles.ts). */
  readonly chosenRoles?: ReadonlyMap<AssignableRole, string>;
}

/** The path of a name the server sent: RFC 9051 5.1 makes every spelling of INBOX the same folder. */
export function folderPath(name: string): string {
  return isInbox(name) ? 'INBOX' : name;
}

/** Marked \Subscribed (LIST (SUBSCRIBED), or RETURN (SUBSCRIBED): RFC 5258 3.1, 3.2). */
export function hasSubscribedAttribute(mailbox: ListedMailbox): boolean {
  return mailbox.attributes.some((a) => a.toLowerCase() === '\\subscribed');
}

/** The paths of `mailboxes`: a subscription list from LIST (SUBSCRIBED) or LSUB. */
export function pathSet(mailboxes: readonly ListedMailbox[]): ReadonlySet<string> {
  return new Set(mailboxes.map((m) => folderPath(m.name)));
}

/** `paths` with `path` added (`present`) or removed: a subscription list after SUBSCRIBE or UNSUBSCRIBE. */
export function withPath(paths: ReadonlySet<string>, path: string, present: boolean): ReadonlySet<string> {
  const next = new Set(paths);
  if (present) next.add(path);
  else next.delete(path);
  return next;
}

export function buildFolderTree(
  mailboxes: readonly ListedMailbox[],
  options: BuildOptions = {},
): FolderNode[] {
  const collator = options.collator ?? folderCollator();
  const subscribed = options.subscribed ?? null;
  const byPath = new Map<string, DraftNode>();
  const roots: DraftNode[] = [];

  const nodeFor = (path: string, delimiter: string | null): DraftNode => {
    const existing = byPath.get(path);
    if (existing) return existing;
    const parentName = delimiter === null ? null : parentMailboxName(path, delimiter);
    const parentPath = parentName !== null && isInbox(parentName) ? 'INBOX' : parentName;
    const parent = parentPath === null ? null : nodeFor(parentPath, delimiter);
    const node: DraftNode = {
      path,
      name: mailboxLeafName(path, delimiter),
      delimiter,
      role: null,
      selectable: false,
      subscribed: false,
      specialUse: null,
      namespace: 'personal',
      section: null,
      children: [],
    };
    byPath.set(path, node);
    (parent === null ? roots : parent.children).push(node);
    return node;
  };

  for (const mailbox of mailboxes) {
    const path = folderPath(mailbox.name);
    const node = nodeFor(path, mailbox.delimiter);
    node.selectable = !mailbox.attributes.some((a) => NOT_SELECTABLE.has(a.toLowerCase()));
    // The set decides, not a \Subscribed mark: the caller built the set from the marks, and SUBSCRIBE and
    // UNSUBSCRIBE since then changed the set, not the listing.
    node.subscribed = subscribed === null || subscribed.has(mailbox.name) || subscribed.has(path);
    node.specialUse = mailbox.specialUse ?? null;
  }
  const arranged = arrangeNamespaces(roots, options.namespaces ?? NO_NAMESPACES);
  giveRoles(arranged, options.chosenRoles);
  return freeze(arranged, collator, 0, null);
}

/** Inbox is INBOX; the other roles go to folders of the personal namespace (folder-roles.ts). */
function giveRoles(
  roots: readonly DraftNode[],
  chosen: ReadonlyMap<AssignableRole, string> | undefined,
): void {
  const candidates: { node: DraftNode; nameCounts: boolean }[] = [];
  const walk = (nodes: readonly DraftNode[], top: boolean): void => {
    for (const node of nodes) {
      if (node.namespace !== 'personal' || node.section !== null) continue;
      if (node.path === 'INBOX') node.role = 'inbox';
      else if (node.selectable) candidates.push({ node, nameCounts: top });
      walk(node.children, node.path === 'INBOX');
    }
  };
  walk(roots, true);
  const roles = assignRoles(
    candidates.map(({ node, nameCounts }) => ({
      path: node.path,
      name: node.name,
      specialUse: node.specialUse ?? null,
      nameCounts,
    })),
    chosen,
  );
  for (const { node } of candidates) node.role = roles.get(node.path) ?? null;
}

function freeze(
  nodes: DraftNode[],
  collator: Intl.Collator,
  depth: number,
  parent: string | null,
): FolderNode[] {
  const rank = (node: DraftNode): number => {
    // Sections come after the user's own folders: other users', then shared ones.
    if (node.section !== null) return ROLE_ORDER.length + (node.section === 'other' ? 1 : 2);
    return node.role === null ? ROLE_ORDER.length : ROLE_ORDER.indexOf(node.role);
  };
  return nodes
    .sort((a, b) => rank(a) - rank(b) || collator.compare(a.name, b.name))
    .map((node) =>
      Object.freeze({
        path: node.path,
        name: node.name,
        delimiter: node.delimiter,
        depth,
        parent,
        role: node.role,
        selectable: node.selectable,
        subscribed: node.subscribed,
        namespace: node.namespace,
        section: node.section,
        children: freeze(node.children, collator, depth + 1, node.path),
      }),
    );
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

/** Every folder of the tree, depth first in the order shown, collapsed or not. */
export function allFolders(roots: readonly FolderNode[]): FolderNode[] {
  const out: FolderNode[] = [];
  const walk = (nodes: readonly FolderNode[]): void => {
    for (const node of nodes) {
      out.push(node);
      walk(node.children);
    }
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

/**
 * The tree a user sees by default: the subscribed folders, INBOX and the special-use folders whatever their
 * subscription (the app needs them), and the parents of whatever is shown.
 */
export function subscribedOnly(roots: readonly FolderNode[]): FolderNode[] {
  return roots.flatMap((node): FolderNode[] => {
    const children = subscribedOnly(node.children);
    const shown = node.role !== null || (node.subscribed && node.selectable) || children.length > 0;
    if (!shown) return [];
    const same = children.length === node.children.length;
    return [same ? node : Object.freeze({ ...node, children })];
  });
}

/** `path` is `ancestor` or lies somewhere below it. */
export function isWithin(path: string, ancestor: string, delimiter: string | null): boolean {
  for (
    let at: string | null = path;
    at !== null;
    at = delimiter === null ? null : parentMailboxName(at, delimiter)
  ) {
    if (at === ancestor) return true;
  }
  return false;
}

/**
 * Where `path` ends up when `from` (itself or an ancestor of `path`) is renamed to `to`: the server replaces
 * the prefix of the wire name (RFC 9051 6.3.6), so a name that does not decode keeps the bytes after it.
 */
export function renamedPath(path: string, from: string, to: string): string {
  if (path === from) return to;
  if (!isVerbatimMailboxName(path) && !isVerbatimMailboxName(from)) return to + path.slice(from.length);
  const rest = mailboxWireBytes(path).slice(mailboxWireBytes(from).length);
  const head = mailboxWireBytes(to);
  const bytes = new Uint8Array(head.length + rest.length);
  bytes.set(head);
  bytes.set(rest, head.length);
  return mailboxNameFromWire(bytes);
}

/** Why a folder name cannot be used, in the user's words, or null when it can. */
export function folderNameProblem(name: string, delimiter: string | null): FolderError | null {
  if (name.trim() === '') return new FolderError('folders.name.empty');
  if (delimiter !== null && name.includes(delimiter)) {
    return new FolderError('folders.name.delimiter', { text: delimiter });
  }
  // '%' and '*' are LIST wildcards (RFC 9051 6.3.9): such a folder could not be listed on its own.
  if (/[%*]/.test(name)) return new FolderError('folders.name.wildcard');
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f]/.test(name)) return new FolderError('folders.name.control');
  return null;
}

/** A folder operation refused before anything was sent, with the reason in the user's words. */
export class FolderError extends Error {
  readonly userMessage: UserMessage;

  constructor(key: MessageKey, values?: MessageValues) {
    super(key);
    this.name = 'FolderError';
    this.userMessage = values === undefined ? { key, detail: key } : { key, values, detail: key };
  }
}

const collators = new Map<string, Intl.Collator>();

/**
 * Folder names sort in the interface's language (pinyin order for Chinese; the runtime's own without one),
 * with numbers by value.
 */
export function folderCollator(locale?: string): Intl.Collator {
  let collator = collators.get(locale ?? '');
  if (collator === undefined) {
    collator = new Intl.Collator(locale, { numeric: true });
    collators.set(locale ?? '', collator);
  }
  return collator;
}
