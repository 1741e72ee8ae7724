// What a signed-in session works with: the folder tree, the message list of the selected folder, and the
// reader. The one place that keeps them in step: choosing a folder clears the reader, opening a row opens it
// in the reader, a message that disappears closes it, the list reports its folder's counts to the tree.

import type { ImapClient } from '@webmail/imap-core';
import { FolderTree } from './folders.svelte.ts';
import { MessageList } from './message-list.svelte.ts';
import type { MessageRef } from './message-list.svelte.ts';
import { loadReader } from './reader-port.ts';
import type { ReaderBundle } from './reader-port.ts';

export type ReaderStatus = 'loading' | 'ready' | 'failed';

export interface WorkspaceOptions {
  /** Default: the reading pane modules, imported lazily. */
  readonly loadReader?: (client: ImapClient) => Promise<ReaderBundle>;
}

export class Workspace {
  readonly folders: FolderTree;
  readonly messages: MessageList;
  reader = $state.raw<ReaderBundle | null>(null);
  readerStatus = $state<ReaderStatus>('loading');

  readonly #client: ImapClient;
  readonly #loadReader: (client: ImapClient) => Promise<ReaderBundle>;
  /** A message opened before the reader module arrived. */
  #pending: MessageRef | null = null;
  #disposed = false;

  constructor(client: ImapClient, options: WorkspaceOptions = {}) {
    this.#client = client;
    this.#loadReader = options.loadReader ?? loadReader;
    this.folders = new FolderTree(client);
    this.messages = new MessageList(client, {
      onCounts: (path, counts) => this.folders.setCounts(path, counts),
      onOpenGone: () => this.reader?.reader.clear(),
    });
  }

  /**
   * Opens INBOX, then lists the folders once its first rows are in (the rows are what the user waits for, and
   * on one connection whatever is sent first is answered first), then fetches the reader module.
   */
  async start(): Promise<void> {
    const inbox = this.messages.open('INBOX', 'inbox');
    await this.messages.firstRows;
    const folders = this.folders.load('INBOX');
    await inbox;
    const reader = this.#startReader();
    await Promise.all([folders, reader]);
  }

  /** Shows a folder's messages; folders that cannot be selected are ignored. */
  async selectFolder(path: string): Promise<void> {
    const node = this.folders.get(path);
    if (node !== undefined && !node.selectable) return;
    this.closeMessage();
    await this.messages.open(path, node?.role ?? (path === 'INBOX' ? 'inbox' : null));
  }

  /** Opens the row at `index` in the reader; false while the row's UID is not known yet. */
  openMessage(index: number): boolean {
    const ref = this.messages.openAt(index);
    if (ref === null) return false;
    if (this.reader) void this.reader.reader.open(ref);
    else this.#pending = ref;
    return true;
  }

  closeMessage(): void {
    this.#pending = null;
    this.messages.closeMessage();
    this.reader?.reader.clear();
  }

  dispose(): void {
    this.#disposed = true;
    this.#pending = null;
    this.messages.dispose();
    this.reader?.reader.dispose();
  }

  async #startReader(): Promise<void> {
    try {
      const bundle = await this.#loadReader(this.#client);
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
