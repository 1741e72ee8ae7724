// The folder pane's state: the hierarchy from LIST and each folder's message and unread counts. Counts come with
// the listing when the server has LIST-STATUS (RFC 5819: one round trip for everything); otherwise one STATUS
// per folder, all sent at once (imap-core pipelines them), never one round trip after another.

import type { ImapClient, MailboxStatus } from '@webmail/imap-core';
import { SvelteMap, SvelteSet } from 'svelte/reactivity';
import { buildFolderTree, indexFolders, visibleFolders } from './folder-model.ts';
import type { FolderNode, VisibleFolder } from './folder-model.ts';
import { describeError } from './user-message.ts';
import type { UserMessage } from './user-message.ts';

export interface FolderCounts {
  readonly messages: number | null;
  readonly unseen: number | null;
}

const STATUS_ITEMS = ['MESSAGES', 'UNSEEN'] as const;

export class FolderTree {
  phase = $state<'loading' | 'ready' | 'error'>('loading');
  error = $state.raw<UserMessage | null>(null);
  roots = $state.raw<readonly FolderNode[]>([]);
  /** Paths of collapsed folders; every folder with children starts expanded. */
  readonly collapsed = new SvelteSet<string>();
  readonly visible: readonly VisibleFolder[] = $derived(visibleFolders(this.roots, this.collapsed));

  readonly #counts = new SvelteMap<string, FolderCounts>();
  #byPath = $derived(indexFolders(this.roots));
  readonly #client: ImapClient;

  constructor(client: ImapClient) {
    this.#client = client;
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
   * Lists the folders and their counts. `skipStatus` names a folder not to ask STATUS about (the selected one:
   * RFC 9051 6.3.11 advises against STATUS on it).
   */
  async load(skipStatus: string | null = null): Promise<void> {
    this.phase = 'loading';
    this.error = null;
    try {
      const result = await this.#client.list({ status: STATUS_ITEMS });
      this.roots = buildFolderTree(result.mailboxes);
      if (result.statusIncluded) {
        this.#counts.clear();
        for (const [name, status] of result.status) this.#counts.set(name, countsOf(status));
      }
      this.phase = 'ready';
      if (!result.statusIncluded) await this.#loadStatusOneByOne(skipStatus);
    } catch (error) {
      this.error = describeError(error);
      this.phase = 'error';
    }
  }

  /** Updates what is known of one folder's counts (the message list reports its folder's). */
  setCounts(path: string, counts: Partial<FolderCounts>): void {
    const previous = this.#counts.get(path) ?? { messages: null, unseen: null };
    const next = { ...previous, ...counts };
    if (next.messages === previous.messages && next.unseen === previous.unseen) return;
    this.#counts.set(path, next);
  }

  toggle(path: string): void {
    if (this.collapsed.has(path)) this.collapsed.delete(path);
    else this.collapsed.add(path);
  }

  setExpanded(path: string, expanded: boolean): void {
    if (expanded) this.collapsed.delete(path);
    else this.collapsed.add(path);
  }

  async #loadStatusOneByOne(skip: string | null): Promise<void> {
    const names = [...this.#byPath.values()]
      .filter((node) => node.selectable && node.path !== skip)
      .map((node) => node.path);
    // All STATUS commands are issued before the first answer is awaited: imap-core pipelines them.
    const answers = await Promise.all(
      names.map((name) =>
        this.#client.status(name, STATUS_ITEMS).then(
          (status) => [name, countsOf(status)] as const,
          () => null,
        ),
      ),
    );
    for (const answer of answers) if (answer) this.#counts.set(answer[0], answer[1]);
  }
}

function countsOf(status: MailboxStatus): FolderCounts {
  return { messages: status.messages ?? null, unseen: status.unseen ?? null };
}
