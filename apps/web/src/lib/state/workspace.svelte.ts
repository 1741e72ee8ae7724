// What a signed-in session works with: the folder tree, the message list of the selected folder, the reader,
// the actions on messages and the search. The one place that keeps them in step: choosing a folder clears the
// reader, opening a row opens it in the reader, a message that disappears closes it, the list reports its
// folder's counts to the tree. It also keeps the mailbox live: IDLE on the open folder, NOTIFY for the others'
// counts (one LIST-STATUS a minute on servers without it), and after a reconnect the folder is resynchronized.

import type { RelayedClient } from './client-relay.ts';
import { MailActions } from './actions.svelte.ts';
import type { MailConnection } from './connection.svelte.ts';
import type { AssignableRole } from './folder-model.ts';
import type { RoleStorage } from './folder-role-choices.svelte.ts';
import { FolderTree } from './folders.svelte.ts';
import type { FolderSnapshot } from './folders.svelte.ts';
import type { MailClient } from './mail-client.ts';
import { MessageList } from './message-list/message-list.svelte.ts';
import type { ListSnapshot, MessageRef } from './message-list/message-list.svelte.ts';
import { ShownLists } from './message-list/shown-lists.ts';
import { SideSorter } from './message-list/side-sort.ts';
import { NewMailWatch } from './new-mail.svelte.ts';
import type { NewMailOptions } from './new-mail.svelte.ts';
import { loadReader } from './reader-port.ts';
import type { ReaderBundle } from './reader-port.ts';
import type { MessageReader } from './reader.svelte.ts';
import type { MessageBodies } from './reader-message.ts';
import { SearchState } from './search.svelte.ts';
import { SyncGate } from './sync-gate.ts';
import type { ComposeAccount } from './compose/identities.svelte.ts';
import { ComposeLauncher, type LauncherDeps } from './compose/launcher.svelte.ts';

export type ReaderStatus = 'loading' | 'ready' | 'failed';

export interface WorkspaceOptions {
  /** Default: the reading pane modules, imported lazily. */
  readonly loadReader?: (client: MailClient, options: { bodies?: MessageBodies }) => Promise<ReaderBundle>;
  /** Messages read before, kept on the device (lib/mirror): the reader opens them from there. */
  readonly bodies?: MessageBodies;
  /** The session's connection: reconnects and the second connection of an all-folders search. */
  readonly connection?: MailConnection;
  /**
   * A folder's list as the device kept it (lib/mirror), for a folder not shown yet in this tab: shown at once,
   * then brought in line with the server, as one left earlier in the tab is.
   */
  readonly keptList?: (path: string) => Promise<ListSnapshot | null>;
  /** Without NOTIFY, every folder's counts are refreshed this often (one LIST-STATUS). Default 60 s. */
  readonly countsPollMs?: number;
  readonly newMail?: NewMailOptions;
  /** The signed-in account: with a connection, the composer can save drafts and send. */
  readonly account?: ComposeAccount;
  /** The composer's SMTP transport, client and storage (tests substitute them). */
  readonly compose?: Partial<
    Pick<LauncherDeps, 'openSmtp' | 'smtpConnect' | 'storage' | 'load' | 'autosaveMs'>
  >;
}

/** Where a start begins: the folder a link or a reload points at, and whether it was shown from the device. */
export interface WorkspaceStart {
  /** Default INBOX. */
  readonly folder?: string;
}

/** What the device kept of the account (lib/mirror), shown before the server answers. */
export interface KeptWorkspace {
  readonly folders: FolderSnapshot | null;
  readonly list: ListSnapshot | null;
}

/** What the server tells us unasked once the mailbox is live (RFC 5465): see startLive(). */
const NOTIFY_SPEC = {
  selected: ['MessageNew', 'MessageExpunge', 'FlagChange'],
  personal: ['MessageNew', 'MessageExpunge', 'FlagChange', 'MailboxName', 'SubscriptionChange'],
} as const;

export const DEFAULT_COUNTS_POLL_MS = 60_000;

export class Workspace {
  readonly folders: FolderTree;
  readonly messages: MessageList;
  readonly actions: MailActions;
  readonly search: SearchState | null;
  readonly newMail: NewMailWatch;
  /** Writing mail; null without an account and a connection to send and save with. */
  readonly compose: ComposeLauncher | null;
  reader = $state.raw<ReaderBundle | null>(null);
  readerStatus = $state<ReaderStatus>('loading');
  /** How changes reach us: 'notify' (NOTIFY + IDLE), 'idle' (IDLE; other folders polled), 'off'. */
  live = $state<'off' | 'idle' | 'notify'>('off');

  readonly #client: RelayedClient;
  readonly #loadReader: NonNullable<WorkspaceOptions['loadReader']>;
  readonly #bodies: MessageBodies | undefined;
  /** Open while the list is in step with the server; actions wait at it (sync-gate.ts). */
  readonly #inStep: SyncGate;
  /** start() ran: the mailbox was listed from the server at least once. */
  #started = false;
  #readerStart: Promise<void> | null = null;
  readonly #countsPollMs: number;
  /** A message opened before the reader module arrived. */
  #pending: MessageRef | null = null;
  #disposed = false;
  /** Lists of folders left in this tab, shown again at once on coming back (shown-lists.ts). */
  readonly #shownLists = new ShownLists();
  /** Bumped by each folder chosen: only the latest is shown, and only it opens the in-step gate. */
  #selectTurn = 0;
  readonly #connection: WorkspaceOptions['connection'];
  readonly #keptListOf: WorkspaceOptions['keptList'];
  #pollTimer: ReturnType<typeof setInterval> | null = null;
  readonly #cleanups: (() => void)[] = [];
  /** Sorts whole folders on a connection of its own, so that this one stays free for the user. */
  readonly #sideSorter: SideSorter | null;

  constructor(client: RelayedClient, options: WorkspaceOptions = {}) {
    this.#client = client;
    this.#loadReader = options.loadReader ?? loadReader;
    this.#bodies = options.bodies;
    this.#connection = options.connection;
    this.#keptListOf = options.keptList;
    this.#inStep = new SyncGate(this.#online());
    this.#countsPollMs = options.countsPollMs ?? DEFAULT_COUNTS_POLL_MS;
    const account = options.account;
    this.folders = new FolderTree(client, {
      reopen: (path) => void this.selectFolder(path),
      // Role choices the server will not keep are kept in this browser, per mail server and user.
      ...(account === undefined ? {} : { account: { upstream: account.upstream.name, user: account.user } }),
    });
    const connection = options.connection;
    this.#sideSorter = connection ? new SideSorter(() => connection.openSecondary()) : null;
    this.messages = new MessageList(client, {
      onCounts: (path, counts) => this.folders.setCounts(path, counts),
      onOpenGone: () => this.reader?.reader.clear(),
      unseenCount: (path) => this.folders.counts(path)?.unseen ?? null,
      ...(this.#sideSorter ? { sortOnSide: this.#sideSorter.sort } : {}),
    });
    this.actions = new MailActions(client, {
      list: this.messages,
      folders: this.folders,
      inStep: () => this.#inStep.wait(),
      connected: () => connection === undefined || connection.status === 'online',
    });
    this.search = connection
      ? new SearchState(this.messages, () => connection.openSecondary(), this.folders)
      : null;
    this.newMail = new NewMailWatch(client, options.newMail);
    this.compose =
      connection && options.account
        ? new ComposeLauncher({
            ...options.compose,
            account: options.account,
            client,
            openImap: (wrap) => connection.openSecondary(wrap),
            withCredentials: (use) => connection.withCredentials(use),
            folders: {
              ensureRole: (role) => this.folders.ensureRole(role),
              sentPath: () => this.folders.withRole('sent')?.path ?? null,
            },
            remoteAllowed: (message) => this.#shownMessage(message)?.remoteContentAllowed === true,
            shown: (message) => {
              const reader = this.#shownMessage(message);
              const shown = reader?.message;
              return reader && shown
                ? { message: shown, attachmentBytes: (attachment) => reader.attachmentBytes(attachment) }
                : null;
            },
          })
        : null;
    if (connection) {
      this.#cleanups.push(
        connection.onReconnected(() => this.#resume()),
        connection.onStatusChange((status) => {
          if (status !== 'online') this.#inStep.close();
        }),
      );
    }
  }

  /**
   * Opens INBOX, then lists the folders once its first rows are in (the rows are what the user waits for, and
   * on one connection whatever is sent first is answered first), then fetches the reader module, then goes live.
   */
  async start(options: WorkspaceStart = {}): Promise<void> {
    const folder = options.folder ?? 'INBOX';
    this.#started = true;
    if (this.messages.path === folder && this.messages.phase === 'ready') {
      // Shown from what the device kept (restore()): brought in line, the tree listed again.
      await this.messages.resync();
      await Promise.all([this.folders.load(folder), this.#startReader()]);
    } else {
      this.newMail.folderShown(folder);
      const role = folder === 'INBOX' ? 'inbox' : (this.folders.get(folder)?.role ?? null);
      const opened = this.messages.open(folder, role);
      await this.messages.firstRows;
      const folders = this.folders.load(folder);
      await opened;
      await Promise.all([folders, this.#startReader()]);
    }
    this.#inStep.open();
    this.#countOpenFolder();
    await this.#startLive();
  }

  /**
   * Shows what the device kept (the tree, a folder's list) before the server has answered; start() or, when
   * the connection comes up later, the reconnect's resume, then brings it in line. The reader starts now, so
   * that messages kept on the device open offline.
   */
  restore(kept: KeptWorkspace): void {
    if (kept.folders) this.folders.restore(kept.folders);
    if (kept.list) {
      this.newMail.folderShown(kept.list.path);
      this.messages.restore(kept.list);
    }
    void this.#startReader();
  }

  /**
   * Settles once the list shown is in step with the server (at once while it is): a list shown from the device
   * is not, until start() or the first reconnect has brought it in line.
   */
  whenInStep(): Promise<void> {
    return this.#inStep.wait();
  }

  /** Shows a folder's messages; folders that cannot be selected are ignored. A folder search follows along. */
  async selectFolder(path: string): Promise<void> {
    const node = this.folders.get(path);
    if (node !== undefined && !node.selectable) return;
    this.closeMessage();
    const search = this.search;
    const carrySearch = search?.active === true && search.form.scope === 'folder';
    if (search && !carrySearch) search.clear();
    this.newMail.folderShown(path);
    const role = node?.role ?? (path === 'INBOX' ? 'inbox' : null);
    const turn = ++this.#selectTurn;
    const again = this.messages.path === path;
    const leaving = again ? null : this.messages.snapshot();
    if (leaving) this.#shownLists.keep(leaving);
    // Left earlier in this tab (at once), else as the device kept it (an IndexedDB read, 5-20 ms).
    const left = again ? null : this.#shownLists.take(path);
    const fromDevice = again ? undefined : this.#keptListOf;
    const kept = left ?? (fromDevice ? await fromDevice(path).catch(() => null) : null);
    // Another folder was chosen while the device's copy was read: that one is shown.
    if (turn !== this.#selectTurn) return;
    if (kept !== null && kept.path === path && kept.role === role && this.#online()) {
      await this.#showAgain(kept, turn);
    } else {
      // A folder shown again just before may have closed the gate: this open is the latest now.
      if (this.#online()) this.#inStep.open();
      await this.messages.open(path, role);
    }
    this.#countOpenFolder();
    if (carrySearch) await search.run();
  }

  /**
   * A folder shown earlier in this tab comes back at once from the list kept when the user left it
   * (shown-lists.ts), or from the device's mirror, then is brought in line with the server as after a
   * reconnect (what vanished leaves, changed flags show, arrivals come on top; a changed UIDVALIDITY opens it
   * afresh). Actions wait until it is: they act on UIDs the server has confirmed under the folder's
   * UIDVALIDITY.
   */
  async #showAgain(kept: ListSnapshot, turn: number): Promise<void> {
    this.#inStep.close();
    try {
      this.messages.restore(kept);
      await this.messages.resync();
    } finally {
      // Only the latest switch opens the gate, and only online (offline, the reconnect's resume does).
      if (turn === this.#selectTurn && this.#online()) this.#inStep.open();
    }
  }

  #online(): boolean {
    return this.#connection === undefined || this.#connection.status === 'online';
  }

  /**
   * Gives a folder a role (the settings view). When that changes the open folder's role (Sent and Drafts list
   * recipients, Trash and Junk offer Empty), the folder is opened again under its new role.
   */
  async setFolderRole(role: AssignableRole, path: string | null): Promise<RoleStorage> {
    const kept = await this.folders.setRole(role, path);
    const open = this.messages.path;
    if (open !== null && (this.folders.get(open)?.role ?? null) !== this.messages.role)
      await this.selectFolder(open);
    return kept;
  }

  /** Opens the row at `index` in the reader; false while the row's UID is not known yet. */
  openMessage(index: number): boolean {
    const ref = this.messages.openAt(index);
    if (ref === null) return false;
    if (this.reader) void this.reader.reader.open(ref);
    else this.#pending = ref;
    return true;
  }

  /**
   * Opens a message of another folder (an all-folders search result): its folder first, then the message. The
   * UID is only good under the UIDVALIDITY it was found with: after a change the reader says the folder changed
   * instead of showing (and marking read) whatever message has that UID now.
   */
  async openIn(mailbox: string, uidValidity: number, uid: number): Promise<void> {
    if (this.messages.path !== mailbox) await this.selectFolder(mailbox);
    if (this.messages.path !== mailbox) return;
    if (this.messages.uidValidity !== uidValidity) {
      this.messages.closeMessage();
      void this.reader?.reader.open({ mailbox, uidValidity, uid });
      return;
    }
    const index = this.messages.indexOfUid(uid);
    if (index >= 0) this.openMessage(index);
  }

  closeMessage(): void {
    this.#pending = null;
    this.messages.closeMessage();
    this.reader?.reader.clear();
  }

  /** Messages dropped on a folder: the dragged UIDs of the open folder, moved (or copied) there. */
  async dropMessages(
    target: { mailbox: string; uidValidity: number; uids: readonly number[] },
    destination: string,
    copy: boolean,
  ): Promise<void> {
    if (target.mailbox === destination) return;
    const captured = { ...target, uids: Uint32Array.from(target.uids) };
    if (copy) await this.actions.copy(captured, destination);
    else await this.actions.move(captured, destination);
  }

  dispose(): void {
    this.#disposed = true;
    this.#pending = null;
    if (this.#pollTimer !== null) clearInterval(this.#pollTimer);
    for (const cleanup of this.#cleanups.splice(0)) cleanup();
    this.actions.dispose();
    this.compose?.dispose();
    this.search?.dispose();
    this.newMail.dispose();
    this.messages.dispose();
    this.#shownLists.clear();
    this.#sideSorter?.dispose();
    this.folders.dispose();
    this.reader?.reader.dispose();
  }

  /**
   * IDLE keeps the open folder current (imap-core pauses it around every other command and renews it before
   * the 29-minute mark). NOTIFY, where the server has it, adds the other folders: STATUS for their counts, LIST
   * for folders another client created, renamed or deleted. Without NOTIFY the other folders are polled with
   * one LIST-STATUS (or pipelined STATUS) a minute.
   */
  async #startLive(withCounts = false): Promise<Workspace['live']> {
    if (this.#disposed) return 'off';
    const client = this.#client;
    let live: Workspace['live'] = 'idle';
    if (client.capabilities.has('NOTIFY')) {
      try {
        // With `withCounts`, the same command also answers every other folder's counts (RFC 5465 STATUS
        // indicator): after a reconnect that saves the LIST-STATUS.
        await client.notify(withCounts ? { ...NOTIFY_SPEC, status: true } : NOTIFY_SPEC);
        live = 'notify';
      } catch {
        // A server that advertises NOTIFY and refuses our set still gets IDLE and the poll.
      }
    }
    if (live === 'idle' && this.#pollTimer === null) {
      this.#pollTimer = setInterval(
        () => void this.folders.refreshCounts(this.messages.path),
        this.#countsPollMs,
      );
    }
    if (client.capabilities.has('IDLE')) {
      try {
        await client.idle();
      } catch {
        // NOTIFY, where it was set, still reports (Dovecot does without IDLE too); otherwise only the poll.
        if (live === 'idle') live = 'off';
      }
    } else if (live === 'idle') live = 'off';
    if (!this.#disposed) this.live = live;
    return live;
  }

  /** After a reconnect: the folder is resynchronized, the tree recounted, IDLE and NOTIFY set up again. */
  async #resume(): Promise<void> {
    if (this.#disposed) return;
    // A start from the device with the server out of reach: this is the first time it is there.
    if (!this.#started) return this.start(this.messages.path === null ? {} : { folder: this.messages.path });
    this.live = 'off';
    await this.messages.resync();
    this.#inStep.open();
    const live = await this.#startLive(true);
    if (live !== 'notify') await this.folders.refreshCounts(this.messages.path);
    this.#countOpenFolder();
  }

  /**
   * The open folder's unread count when the tree has none: without LIST-STATUS (Courier, Cyrus) the tree asks
   * STATUS of every folder but the selected one, so the list counts it (with ESEARCH COUNT or plain SEARCH).
   */
  #countOpenFolder(): void {
    const path = this.messages.path;
    if (this.#disposed || path === null) return;
    if ((this.folders.counts(path)?.unseen ?? null) === null) this.messages.countUnseen();
  }

  /** The reader, when it shows this message, parsed and ready. */
  #shownMessage(message: { mailbox: string; uidValidity: number; uid: number }): MessageReader | null {
    const reader = this.reader?.reader;
    const open = reader?.status === 'ready' ? reader.message?.ref : undefined;
    const same =
      open?.mailbox === message.mailbox &&
      open.uidValidity === message.uidValidity &&
      open.uid === message.uid;
    return same && reader ? reader : null;
  }

  #startReader(): Promise<void> {
    this.#readerStart ??= this.#loadReaderBundle();
    return this.#readerStart;
  }

  async #loadReaderBundle(): Promise<void> {
    try {
      const bundle = await this.#loadReader(this.#client, this.#bodies ? { bodies: this.#bodies } : {});
      if (this.#disposed) return;
      this.reader = bundle;
      this.readerStatus = 'ready';
      if (this.#pending) void bundle.reader.open(this.#pending);
      this.#pending = null;
    } catch {
      this.readerStatus = 'failed';
    }
  }
}
