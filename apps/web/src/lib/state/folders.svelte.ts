// The folder pane's state: the hierarchy from LIST, which folders are subscribed, each folder's message and
// unread counts, and what a user does to folders (create, rename or move, delete, subscribe).
// Counts come with the listing when the server has LIST-STATUS (RFC 5819), and which folders are subscribed
// when it has LIST-EXTENDED (RETURN (SUBSCRIBED), RFC 5258 3.2): one LIST, one round trip for everything.
// Otherwise LSUB for the subscriptions and one STATUS per folder, all sent at once (imap-core pipelines them),
// never one round trip after another. With NOTIFY (RFC 5465) the session's 'status' events keep counts
// current and its 'mailbox-list' events (folders created, renamed, deleted or (un)subscribed by another
// client) reload the tree.

import {
  CommandError,
  joinMailboxName,
  mailboxDisplayName,
  namespaceCommand,
  unselectCommand,
} from '@webmail/imap-core';
import type { ListResult, ListedMailbox, MailboxStatus } from '@webmail/imap-core';
import { SvelteMap, SvelteSet } from 'svelte/reactivity';
import {
  FolderError,
  allFolders,
  buildFolderTree,
  folderCollator,
  folderNameProblem,
  folderPath,
  hasSubscribedAttribute,
  indexFolders,
  isInbox,
  isWithin,
  pathSet,
  renamedPath,
  subscribedOnly,
  visibleFolders,
  withPath,
} from './folder-model.ts';
import type { AssignableRole, FolderNode, VisibleFolder } from './folder-model.ts';
import { guessPersonalNamespace, isSectionPath, NO_NAMESPACES } from './folder-namespaces.ts';
import type { FolderNamespaces, Namespace } from './folder-namespaces.ts';
import { FolderRoleChoices } from './folder-role-choices.svelte.ts';
import type { RoleStorage } from './folder-role-choices.svelte.ts';
import { browserRoleStore } from './folder-role-store.ts';
import type { BrowserRoleStore, RoleAccount } from './folder-role-store.ts';
import { SPECIAL_USE_OF_ROLE, rolesByAttribute } from './folder-roles.ts';
import type { MailClient } from './mail-client.ts';
import { i18n } from '../i18n/i18n.svelte.ts';
import { folderLabel } from './folder-label.ts';
import { describeError } from './user-message.ts';
import type { UserMessage } from './user-message.ts';

export interface FolderCounts {
  readonly messages: number | null;
  readonly unseen: number | null;
}

/** The tree as plain data, to be kept on the device (lib/mirror) and shown at the next start at once. */
export interface FolderSnapshot {
  readonly mailboxes: readonly ListedMailbox[];
  /** Null when the server could not say which folders are subscribed. */
  readonly subscribed: readonly string[] | null;
  readonly counts: readonly (readonly [string, FolderCounts])[];
}

/** The roles whose folder the app creates when it needs one and none exists. */
export type CreatableRole = AssignableRole;

/** Where a role's folder comes from, for the settings view. */
export type RoleSource = 'server' | 'chosen' | 'name' | 'none';

export interface FolderTreeOptions {
  /** A burst of LIST notifications (another client renaming a tree of folders) causes one reload. Default 250. */
  readonly listChangeDelayMs?: number;
  /**
   * A rename or delete left the open folder (see #leave) and the server then refused: the folder is still there
   * and must be opened again. The workspace reopens it in the message list.
   */
  readonly reopen?: (path: string) => void;
  /**
   * The signed-in account: roles chosen in this browser are kept for it (folder-role-store.ts). Without it
   * (or with `roleStore: null`) choices the server does not keep last until sign-out.
   */
  readonly account?: RoleAccount;
  /** Default: localStorage for `account`. */
  readonly roleStore?: BrowserRoleStore | null;
}

const STATUS_ITEMS = ['MESSAGES', 'UNSEEN'] as const;
const DEFAULT_LIST_CHANGE_DELAY_MS = 250;

/**
 * What a missing role folder is called when the app creates it, under the personal prefix: the names most
 * mailers use (the tree shows it by its role's name in the user's language).
 */
const ROLE_FOLDER_NAMES: Readonly<Record<CreatableRole, string>> = {
  drafts: 'Drafts',
  sent: 'Sent',
  junk: 'Junk',
  trash: 'Trash',
  archive: 'Archive',
};

export class FolderTree {
  readonly #client: MailClient;
  readonly #counts = new SvelteMap<string, FolderCounts>();
  /** The last full LIST, subscribed or not (#subscribed says which are, whatever marks it carries). */
  #mailboxes = $state.raw<readonly ListedMailbox[]>([]);
  /** Names in the subscription list; null when the server could not say (then every folder counts as one). */
  #subscribed = $state.raw<ReadonlySet<string> | null>(null);
  /** NAMESPACE's answer (RFC 2342), asked once with the first listing; null until then or without it. */
  #namespaces = $state.raw<FolderNamespaces | null>(null);
  #namespaceQuery: Promise<FolderNamespaces | null> | null = null;
  readonly #roles: FolderRoleChoices;
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- CREATEs in flight, never rendered
  readonly #ensuring = new Map<CreatableRole, Promise<{ path: string; created: boolean }>>();
  readonly #listChangeDelayMs: number;
  readonly #reopen: ((path: string) => void) | undefined;
  #listChangeTimer: ReturnType<typeof setTimeout> | null = null;
  #listChangeStatus: 'all' | 'missing' = 'missing';
  readonly #unsubscribe: (() => void)[];

  phase = $state<'loading' | 'ready' | 'error'>('loading');
  error = $state.raw<UserMessage | null>(null);
  /** Shows every folder; unsubscribed ones are then marked (node.subscribed is false). */
  showUnsubscribed = $state(false);
  /** Every listed folder, subscribed or not: what get() and withRole() look in. */
  readonly all: readonly FolderNode[] = $derived(
    buildFolderTree(this.#mailboxes, {
      subscribed: this.#subscribed,
      collator: folderCollator(i18n.locale),
      namespaces: this.#namespacesInUse(),
      chosenRoles: this.#chosenRoles(),
    }),
  );
  /** The tree as shown: subscribed folders (with INBOX and the special-use ones), or all of them. */
  readonly roots: readonly FolderNode[] = $derived(
    this.showUnsubscribed ? this.all : subscribedOnly(this.all),
  );
  /** Paths of collapsed folders; every folder with children starts expanded. */
  readonly collapsed = new SvelteSet<string>();
  readonly visible: readonly VisibleFolder[] = $derived(visibleFolders(this.roots, this.collapsed));
  readonly #byPath = $derived(indexFolders(this.all));

  constructor(client: MailClient, options: FolderTreeOptions = {}) {
    this.#client = client;
    this.#listChangeDelayMs = options.listChangeDelayMs ?? DEFAULT_LIST_CHANGE_DELAY_MS;
    this.#reopen = options.reopen;
    const store =
      options.roleStore !== undefined
        ? options.roleStore
        : options.account === undefined
          ? null
          : browserRoleStore(options.account);
    this.#roles = new FolderRoleChoices(client, store);
    this.#unsubscribe = [
      // Every untagged STATUS: NOTIFY's reports about other folders, and the answers to our own STATUS and
      // LIST-STATUS. The one place counts are written: the commands below only ask.
      client.on('status', ({ mailbox, status }) => this.#applyStatus(mailbox, status)),
      client.on('mailbox-list', () => this.#scheduleReload('missing')),
      // NOTIFY has stopped (RFC 5465 5.8): what changed since is unknown, so everything is asked again.
      client.on('notify-overflow', () => this.#scheduleReload('all')),
    ];
  }

  get(path: string): FolderNode | undefined {
    return this.#byPath.get(path);
  }

  counts(path: string): FolderCounts | undefined {
    return this.#counts.get(path);
  }

  /** The first selectable folder with this role ('inbox', 'sent', ...). */
  withRole(role: FolderNode['role']): FolderNode | undefined {
    for (const node of this.#byPath.values()) if (node.role === role && node.selectable) return node;
    return undefined;
  }

  /**
   * Lists the folders and their counts. `skipStatus` names a folder not to ask STATUS about (RFC 9051 6.3.11
   * advises against STATUS on the selected one: the message list reports its counts); by default the one the
   * client has selected. LIST-STATUS counts every folder, that one too.
   */
  async load(skipStatus: string | null = this.#selected()): Promise<void> {
    this.phase = 'loading';
    this.error = null;
    try {
      await this.#refresh('all', skipStatus);
    } catch (error) {
      this.error = describeError(error);
      this.phase = 'error';
    }
  }

  /** Counts of every folder in one round trip (LIST-STATUS), or pipelined STATUS. Failures leave them as they are. */
  async refreshCounts(skip: string | null = this.#selected()): Promise<void> {
    try {
      if (this.#client.capabilities.has('LIST-STATUS')) {
        await this.#client.list({ status: STATUS_ITEMS, specialUse: false });
      } else {
        await this.#statusOf(this.#selectablePaths(skip));
      }
    } catch {
      // Counts are a convenience: the next refresh or NOTIFY brings them.
    }
  }

  /** Updates what is known of one folder's counts (the message list reports its folder's). */
  setCounts(path: string, counts: Partial<FolderCounts>): void {
    const previous = this.#counts.get(path) ?? { messages: null, unseen: null };
    const next = { ...previous, ...counts };
    if (next.messages === previous.messages && next.unseen === previous.unseen) return;
    this.#counts.set(path, next);
  }

  /** The tree and its counts as last listed, for the device's mirror; null until a listing is in. */
  snapshot(): FolderSnapshot | null {
    if (this.phase !== 'ready') return null;
    return {
      // Without the extended data (OLDNAME, CHILDINFO): raw values the tree does not read.
      mailboxes: this.#mailboxes.map(({ name, wireName, attributes, delimiter, specialUse }) => ({
        name,
        wireName,
        attributes,
        delimiter,
        ...(specialUse === undefined ? {} : { specialUse }),
      })),
      subscribed: this.#subscribed === null ? null : [...this.#subscribed],
      counts: [...this.#counts],
    };
  }

  /** Shows a tree as it was kept on the device until load() lists the folders again. */
  restore(snapshot: FolderSnapshot): void {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- replaced whole, never changed in place
    this.#subscribed = snapshot.subscribed === null ? null : new Set(snapshot.subscribed);
    this.#mailboxes = snapshot.mailboxes;
    this.#counts.clear();
    for (const [path, counts] of snapshot.counts) this.#counts.set(path, counts);
    this.phase = 'ready';
    this.error = null;
  }

  toggle(path: string): void {
    if (this.collapsed.has(path)) this.collapsed.delete(path);
    else this.collapsed.add(path);
  }

  setExpanded(path: string, expanded: boolean): void {
    if (expanded) this.collapsed.delete(path);
    else this.collapsed.add(path);
  }

  /**
   * Creates `name` inside `parent` (null: at the top of the personal namespace), subscribes it so that it is
   * shown, and lists the folders again. Returns the new folder's path. Names holding the server's hierarchy
   * delimiter are refused with a FolderError before anything is sent.
   */
  async create(parent: string | null, name: string): Promise<string> {
    const path = await this.#pathFor(parent, name.trim());
    await this.#client.create(path);
    if (parent !== null) this.setExpanded(parent, true);
    // SUBSCRIBE only once CREATE succeeded (a failed CREATE must not leave a subscription behind); the LIST
    // that follows it on the connection then sees it.
    await Promise.all([this.#client.subscribe(path).catch(ignore), this.#refresh('missing')]);
    return path;
  }

  /** Renames `path` to `newName` inside `newParent` (null: top level), moving it when the parent differs. */
  async rename(path: string, newParent: string | null, newName: string): Promise<string> {
    const node = this.#existing(path);
    if (isInbox(path)) throw new FolderError('folders.refused.inbox');
    if (newParent !== null && isWithin(newParent, path, node.delimiter)) {
      throw new FolderError('folders.refused.intoItself');
    }
    const name = newName.trim();
    if (name === node.name && newParent === this.parentOf(path)) return path;
    const target = await this.#pathFor(newParent, name);
    const subscribedBelow = this.#subscribed === null ? [] : this.#subtree(node).filter((n) => n.subscribed);
    const left = await this.#leave(node, 'subtree');
    await this.#orReopen(left, this.#client.rename(path, target));
    // RFC 9051 6.3.6 leaves subscriptions to the server: some move them, others keep the old names.
    // Subscribing the new names and dropping the old ones gives the same result on both.
    const resubscribe = subscribedBelow.flatMap((n) => [
      this.#client.subscribe(renamedPath(n.path, path, target)).catch(ignore),
      this.#client.unsubscribe(n.path).catch(ignore),
    ]);
    this.#moveLocalState(node, target);
    await Promise.all([...resubscribe, this.#refresh('missing')]);
    return target;
  }

  /** Deletes a folder. INBOX and the special-use folders are refused before anything is sent. */
  async remove(path: string): Promise<void> {
    const node = this.#existing(path);
    if (isInbox(path)) throw new FolderError('folders.refused.inbox');
    if (node.role !== null)
      throw new FolderError('folders.refused.special', { folder: this.displayName(path) });
    if (node.section !== null) throw new FolderError('folders.refused.section');
    // Subfolders outlive a DELETE (RFC 9051 6.3.5): an open one stays open.
    const left = await this.#leave(node, 'itself');
    await this.#orReopen(left, this.#client.delete(path));
    this.#counts.delete(path);
    this.collapsed.delete(path);
    // The server keeps a deleted folder's subscription (RFC 9051 6.3.7); nobody wants it.
    const unsubscribe = node.subscribed ? this.#client.unsubscribe(path).catch(ignore) : null;
    await Promise.all([unsubscribe, this.#refresh('missing')]);
  }

  async setSubscribed(path: string, subscribed: boolean): Promise<void> {
    this.#existing(path);
    if (subscribed) await this.#client.subscribe(path);
    else await this.#client.unsubscribe(path);
    this.#subscribed = withPath(this.#subscribed ?? pathSet(this.#mailboxes), path, subscribed);
  }

  /**
   * The folder with this role; when none exists it is created (with the special-use attribute when the server
   * has CREATE-SPECIAL-USE, else a plain CREATE of the usual name) and `created` is true, so the UI can tell the
   * user. Concurrent calls for one role share one CREATE.
   */
  ensureRole(role: CreatableRole): Promise<{ path: string; created: boolean }> {
    let pending = this.#ensuring.get(role);
    if (pending === undefined) {
      pending = this.#ensureRole(role).finally(() => this.#ensuring.delete(role));
      this.#ensuring.set(role, pending);
    }
    return pending;
  }

  /** The path of the folder that holds `path` as the tree shows it, or null at the top level. */
  parentOf(path: string): string | null {
    const parent = this.get(path)?.parent ?? null;
    return parent === null || isSectionPath(parent) ? null : parent;
  }

  /**
   * A folder's name as notices and dialogs show it: its path from the top of the tree (below the personal
   * prefix: "Отчёты 2025", not "INBOX.Отчёты 2025"), each level by its name as the tree shows it (a role by
   * the role's name), joined with "/". Other users' and shared folders start with their section's name.
   */
  displayName(path: string): string {
    const levels: string[] = [];
    for (
      let node = this.get(path);
      node !== undefined;
      node = node.parent === null ? undefined : this.get(node.parent)
    )
      levels.unshift(folderLabel(node));
    if (levels.length > 0) return levels.join('/');
    // Not listed (deleted meanwhile): its own name, without the personal prefix.
    const prefix = this.#namespacesInUse().personal?.prefix ?? '';
    const shown =
      prefix !== '' && path.startsWith(prefix) && path !== prefix ? path.slice(prefix.length) : path;
    return mailboxDisplayName(shown);
  }

  /** A folder by the names the server gives it, from the top of the tree: "Lists/dovecot", "Отправленные". */
  serverPath(path: string): string {
    const levels: string[] = [];
    for (
      let node = this.get(path);
      node !== undefined;
      node = node.parent === null ? undefined : this.get(node.parent)
    )
      levels.unshift(node.name);
    return levels.length > 0 ? levels.join('/') : mailboxDisplayName(path);
  }

  /** The user's own folders a role can be given to (every selectable one but INBOX), depth first. */
  roleCandidates(): FolderNode[] {
    return allFolders(this.all).filter(
      (node) => node.selectable && node.namespace === 'personal' && !isInbox(node.path),
    );
  }

  /** What the settings view shows for each role: the folder that has it, and why. */
  roleSettings(): {
    readonly role: CreatableRole;
    readonly path: string | null;
    readonly source: RoleSource;
  }[] {
    const byAttribute = rolesByAttribute(
      this.#mailboxes.map((m) => ({ path: folderPath(m.name), specialUse: m.specialUse ?? null })),
    );
    const chosen = this.#roles.chosen;
    return (Object.keys(ROLE_FOLDER_NAMES) as CreatableRole[]).map((role) => {
      const path = this.withRole(role)?.path ?? null;
      const source: RoleSource =
        path === null
          ? 'none'
          : byAttribute.get(role) === path
            ? 'server'
            : chosen.get(role) === path
              ? 'chosen'
              : 'name';
      return { role, path, source };
    });
  }

  /** Where the user's choice for `role` is kept (null: none made). */
  roleStorage(role: CreatableRole): RoleStorage | null {
    return this.#roles.storageOf(role);
  }

  /**
   * Gives `role` to the folder `path` (null: no choice; the server's attribute or the folder's name decides).
   * A role the server fixes with a SPECIAL-USE attribute stays with that folder whatever is chosen. Resolves
   * with where the choice is kept: on the server (METADATA) or in this browser.
   */
  async setRole(role: CreatableRole, path: string | null): Promise<RoleStorage> {
    if (path !== null) {
      const node = this.#existing(path);
      if (!node.selectable || node.namespace !== 'personal' || isInbox(path))
        throw new FolderError('folders.refused.roleFolder', { folder: this.displayName(path) });
    }
    return this.#roles.choose(role, path);
  }

  dispose(): void {
    for (const off of this.#unsubscribe.splice(0)) off();
    if (this.#listChangeTimer !== null) clearTimeout(this.#listChangeTimer);
    this.#listChangeTimer = null;
  }

  /**
   * LIST, with counts when LIST-STATUS allows and subscriptions when LIST-EXTENDED does; else LSUB follows
   * for the subscribed names. Without LIST-STATUS the STATUS commands for every folder (`statusFor` 'all') or
   * for those whose counts are not known yet ('missing') go out together with that LSUB. The tree changes
   * once, when the listing and the subscriptions are in.
   */
  async #refresh(statusFor: 'all' | 'missing', skip: string | null = this.#selected()): Promise<void> {
    // Pipelined with the first LIST: where the user's folders are, for the tree and for new folders.
    const namespaces = this.#askNamespaces();
    const result = await this.#client.list({ status: STATUS_ITEMS, returnSubscribed: true });
    const subscribed = this.#subscribedNames(result);
    let counts: Promise<void> | null = null;
    if (!result.statusIncluded) {
      const listed = [...indexFolders(buildFolderTree(result.mailboxes)).values()];
      const paths = listed.filter((n) => n.selectable && n.path !== skip).map((n) => n.path);
      counts = this.#statusOf(statusFor === 'all' ? paths : paths.filter((p) => !this.#counts.has(p)));
    }
    this.#namespaces = await namespaces;
    this.#subscribed = await subscribed;
    this.#mailboxes = result.mailboxes;
    const roles = statusFor === 'all' ? this.#loadServerRoles() : null;
    for (const path of this.#counts.keys()) if (!this.#byPath.has(path)) this.#counts.delete(path);
    this.phase = 'ready';
    this.error = null;
    await Promise.all([counts, roles]);
  }

  /** NAMESPACE (RFC 2342), asked once; null without the extension or when it fails. */
  #askNamespaces(): Promise<FolderNamespaces | null> {
    const caps = this.#client.capabilities;
    if (this.#namespaceQuery === null) {
      this.#namespaceQuery =
        caps.has('NAMESPACE') || caps.has('IMAP4REV2')
          ? this.#client.run(namespaceCommand()).then(
              ({ personal, other, shared }) => ({ personal: personal[0] ?? null, other, shared }),
              () => null,
            )
          : Promise.resolve(null);
    }
    return this.#namespaceQuery;
  }

  #chosenRoles(): ReadonlyMap<AssignableRole, string> {
    return this.#roles.chosen;
  }

  /** The namespaces the tree is arranged by: NAMESPACE's answer, else a guess from the listing. */
  #namespacesInUse(): FolderNamespaces {
    const known = this.#namespaces;
    if (known?.personal) return known;
    if (this.#mailboxes.length === 0) return known ?? NO_NAMESPACES;
    return { ...(known ?? NO_NAMESPACES), personal: guessPersonalNamespace(this.#mailboxes) };
  }

  /**
   * Roles the user chose on another client and the server keeps (METADATA), on a server that lists no
   * SPECIAL-USE attributes (one that does reports its roles that way). A failure leaves the guesses by name.
   */
  async #loadServerRoles(): Promise<void> {
    if (this.#client.capabilities.has('SPECIAL-USE')) return;
    const personal = [...this.#byPath.values()].filter(
      (node) => node.selectable && node.namespace === 'personal' && !isInbox(node.path),
    );
    // The top of the tree first: a tree too large to ask about whole is asked about where roles live.
    personal.sort((a, b) => a.depth - b.depth);
    await this.#roles.loadFromServer(personal.map((node) => node.path)).catch(ignore);
  }

  /**
   * The subscribed folders. When the listing carried subscription state (RETURN (SUBSCRIBED), RFC 5258 3.2),
   * exactly those marked \Subscribed, none when none is. Else (no LIST-EXTENDED) LSUB, once the LIST is
   * answered: imap-core keeps the two apart, their answers would mix. Null when the server would not say:
   * then every folder counts as subscribed.
   */
  async #subscribedNames(listed: ListResult): Promise<ReadonlySet<string> | null> {
    if (listed.subscribedIncluded) return pathSet(listed.mailboxes.filter(hasSubscribedAttribute));
    try {
      const result = await this.#client.list({ subscribedOnly: true, specialUse: false });
      return pathSet(result.mailboxes);
    } catch {
      return null;
    }
  }

  /** STATUS of every path, all issued before the first answer is awaited (imap-core pipelines them). */
  async #statusOf(paths: readonly string[]): Promise<void> {
    await Promise.allSettled(paths.map((path) => this.#client.status(path, STATUS_ITEMS)));
  }

  #applyStatus(name: string, status: MailboxStatus): void {
    this.setCounts(folderPath(name), {
      ...(status.messages === undefined ? {} : { messages: status.messages }),
      ...(status.unseen === undefined ? {} : { unseen: status.unseen }),
    });
  }

  #selectablePaths(skip: string | null): string[] {
    return [...this.#byPath.values()]
      .filter((node) => node.selectable && node.path !== skip)
      .map((node) => node.path);
  }

  #selected(): string | null {
    const name = this.#client.mailbox?.name;
    return name === undefined ? null : folderPath(name);
  }

  #scheduleReload(statusFor: 'all' | 'missing'): void {
    if (this.#listChangeTimer !== null) clearTimeout(this.#listChangeTimer);
    if (statusFor === 'all') this.#listChangeStatus = 'all';
    this.#listChangeTimer = setTimeout(() => {
      const status = this.#listChangeStatus;
      this.#listChangeTimer = null;
      this.#listChangeStatus = 'missing';
      // A failed reload keeps the tree as it was; the next change or load tries again.
      this.#refresh(status).catch(ignore);
    }, this.#listChangeDelayMs);
  }

  /**
   * Closes the selected mailbox when it is `node` (or, for a rename, below it): Dovecot ends the session when
   * the selected mailbox is renamed or deleted ("IMAP session state is inconsistent"). UNSELECT (RFC 3691), not
   * CLOSE, which would expunge; without it, EXAMINE INBOX (never renamed or deleted) leaves the folder as well.
   */
  async #leave(node: FolderNode, reach: 'itself' | 'subtree'): Promise<string | null> {
    const selected = this.#selected();
    if (selected === null) return null;
    if (reach === 'itself' ? selected !== node.path : !isWithin(selected, node.path, node.delimiter))
      return null;
    const caps = this.#client.capabilities;
    if (caps.has('UNSELECT') || caps.has('IMAP4REV2')) await this.#client.run(unselectCommand());
    else await this.#client.examine('INBOX');
    return selected;
  }

  /** Waits for `change`; when the server refuses it, the folder #leave left is opened again. */
  async #orReopen(left: string | null, change: Promise<void>): Promise<void> {
    try {
      await change;
    } catch (error) {
      if (left !== null) this.#reopen?.(left);
      throw error;
    }
  }

  #existing(path: string): FolderNode {
    const node = this.get(path);
    if (node === undefined) throw new FolderError('folders.refused.unknown', { folder: path });
    return node;
  }

  #subtree(node: FolderNode): FolderNode[] {
    return [node, ...node.children.flatMap((child) => this.#subtree(child))];
  }

  /** The full path of `name` inside `parent`, once the name is known to be usable there. */
  async #pathFor(parent: string | null, name: string): Promise<string> {
    let prefix: string;
    let delimiter: string | null;
    if (parent === null) {
      ({ prefix, delimiter } = await this.#personalNamespace());
    } else {
      delimiter = this.#existing(parent).delimiter;
      if (delimiter === null) throw new FolderError('folders.refused.flat');
      prefix = joinMailboxName(parent, delimiter);
    }
    const problem = folderNameProblem(name, delimiter);
    if (problem) throw problem;
    // A parent whose name does not decode keeps its bytes; the typed name is encoded after them.
    const path = joinMailboxName(prefix, name);
    if (isInbox(path) || this.get(path)?.selectable)
      throw new FolderError('folders.name.exists', { folder: name });
    return path;
  }

  /**
   * Where top-level folders go: the personal namespace (RFC 2342; "INBOX." on Courier and Cyrus), else the top
   * with the delimiter INBOX is listed with.
   */
  async #personalNamespace(): Promise<Namespace> {
    await this.#askNamespaces();
    const personal = this.#namespacesInUse().personal;
    if (personal) return personal;
    const delimiter = this.get('INBOX')?.delimiter ?? this.#mailboxes[0]?.delimiter ?? null;
    return { prefix: '', delimiter };
  }

  /** Collapsed state and counts follow a renamed folder and everything below it. */
  #moveLocalState(node: FolderNode, target: string): void {
    for (const n of this.#subtree(node)) {
      const to = renamedPath(n.path, node.path, target);
      const counts = this.#counts.get(n.path);
      if (counts) this.#counts.set(to, counts);
      this.#counts.delete(n.path);
      if (this.collapsed.delete(n.path)) this.collapsed.add(to);
    }
  }

  async #ensureRole(role: CreatableRole): Promise<{ path: string; created: boolean }> {
    if (this.phase !== 'ready') await this.#refresh('missing');
    const existing = this.withRole(role);
    if (existing) return { path: existing.path, created: false };
    const name = ROLE_FOLDER_NAMES[role];
    const specialUse = SPECIAL_USE_OF_ROLE[role];
    const { prefix } = await this.#personalNamespace();
    const path = joinMailboxName(prefix, name);
    if (this.get(path)?.selectable) return { path, created: false };
    if (this.#client.capabilities.has('CREATE-SPECIAL-USE')) {
      try {
        await this.#client.create(path, { specialUse });
      } catch (error) {
        // NO [USEATTR] (RFC 6154 3): the server will not mark it; a plain folder of the usual name still does.
        if (!(error instanceof CommandError)) throw error;
        await this.#client.create(path);
      }
    } else {
      await this.#client.create(path);
    }
    await Promise.all([this.#client.subscribe(path).catch(ignore), this.#refresh('missing')]);
    return { path, created: true };
  }
}

function ignore(): void {}
