// What ties the signed-in app to its mirror (mail-mirror.ts): what is kept, and when.
//
// - The folder tree and the open folder's list are written a moment (SAVE_DELAY_MS) after they change: the
//   server said something (any untagged response on the connection), or the list opened, was ordered,
//   resynchronized or changed size. And at once when the page is hidden or left, the last chance to keep it,
//   unless nothing changed since the last write began: a reload's old page then writes nothing (encoding and
//   sealing a 100k folder's list in its pagehide took 7 ms of a reload's navigation in traces here, load 7).
// - The list keeps its whole order and up to MAX_KEPT_ROWS rows, those nearest the top first: the rows the
//   list holds now (it drops rows far from the view as the user scrolls) merged with those kept before.
// - A folder whose UIDVALIDITY changed has its kept list dropped at once.
// - Messages the reader fetched are kept as they arrive, and the reader looks here before fetching
//   (MessageBodies). The mirror opens a moment after sign-in (its key is derived from the password): the last
//   EARLY_BODIES messages read before that are held and kept once it is open.
// - start: the tree and the list of the folder the app starts in, read before the server answers.
//
// Without a mirror (turned off, or not open yet) it keeps and reads nothing.

import type { FolderSnapshot } from '../state/folders.svelte.ts';
import type { MailClient } from '../state/mail-client.ts';
import type { ListSnapshot } from '../state/message-list/list-snapshot.ts';
import type { MessageRow } from '../state/message-list/message-row.ts';
import type { MessageRef } from '../state/message-list/list-types.ts';
import type { KeptMessage, MessageBodies } from '../state/reader-message.ts';
import type { KeptWorkspace, Workspace } from '../state/workspace.svelte.ts';
import { partsByNumber, rowMap, rowsToKeep } from './kept-rows.ts';
import type { MailMirror } from './mail-mirror.ts';

export { MAX_KEPT_ROWS } from './kept-rows.ts';

/** How long after a change the mirror is written (changes in a burst are written once). */
export const SAVE_DELAY_MS = 1000;
/** Messages read before the mirror opened that are kept once it does (the most recent). */
export const EARLY_BODIES = 3;

export interface MirrorSyncOptions {
  /** Default: the document's 'visibilitychange' to hidden and the window's 'pagehide'. */
  readonly onPageHidden?: (listener: () => void) => () => void;
  readonly saveDelayMs?: number;
}

interface KeptRows {
  readonly path: string;
  readonly uidValidity: number;
  readonly rows: ReadonlyMap<number, MessageRow>;
}

export class MirrorSync implements MessageBodies {
  #mirror: MailMirror | null = null;
  #workspace: Workspace | null = null;
  #kept: KeptRows | null = null;
  #foldersWritten: string | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #saving: Promise<void> = Promise.resolve();
  readonly #cleanups: (() => void)[] = [];
  /** Messages read while there was no mirror yet, oldest first (at most EARLY_BODIES). */
  #early: { ref: MessageRef; message: KeptMessage }[] = [];
  #disposed = false;
  /** Something changed since the last write began (#schedule was asked): what a hidden page checks. */
  #changed = true;
  readonly #options: MirrorSyncOptions;
  readonly #delayMs: number;

  constructor(options: MirrorSyncOptions = {}) {
    this.#options = options;
    this.#delayMs = options.saveDelayMs ?? SAVE_DELAY_MS;
  }

  get mirror(): MailMirror | null {
    return this.#mirror;
  }

  /** The account's mirror from now on (null: none, the mirror is off). */
  use(mirror: MailMirror | null): void {
    this.#mirror?.close();
    this.#mirror = mirror;
    this.#kept = null;
    this.#foldersWritten = null;
    const early = this.#early;
    this.#early = [];
    if (!mirror) return;
    this.#schedule();
    for (const { ref, message } of early) this.put(ref, message);
  }

  /** What was kept to show at once: the tree, and the list of `folder` (else of INBOX). */
  async readStart(folder: string): Promise<KeptWorkspace> {
    const mirror = this.#mirror;
    if (mirror === null) return { folders: null, list: null };
    const [folders, list] = await Promise.all([
      mirror.readFolders().catch(() => null),
      mirror.readList(folder).catch(() => null),
    ]);
    if (list) this.#kept = { path: list.path, uidValidity: list.uidValidity, rows: rowMap(list.rows) };
    return { folders, list };
  }

  /** The list kept of `path`, to show when the user opens that folder; null when none is (or no mirror). */
  async readList(path: string): Promise<ListSnapshot | null> {
    return (await this.#mirror?.readList(path).catch(() => null)) ?? null;
  }

  /** Keeps `workspace`'s tree and open list in the mirror as they change; `client` tells of server changes. */
  watch(workspace: Workspace, client: MailClient): void {
    this.#workspace = workspace;
    const list = workspace.messages;
    this.#cleanups.push(
      client.on('untagged', () => this.#schedule()),
      list.onUidValidityChange((path) => {
        if (this.#kept?.path === path) this.#kept = null;
        void this.#mirror?.forgetList(path).catch(() => undefined);
      }),
      (this.#options.onPageHidden ?? onPageHidden)(() => {
        if (this.#changed) void this.saveNow();
      }),
      $effect.root(() => {
        $effect(() => {
          // A folder opened, ordered, resynchronized, or grew or shrank: worth keeping.
          void [list.path, list.phase, list.ordering, list.count, workspace.folders.phase];
          this.#schedule();
        });
      }),
    );
  }

  /** Writes the tree and the open list now (they are written in turn, never two writes at once). */
  saveNow(): Promise<void> {
    this.#clearTimer();
    this.#saving = this.#saving.then(() => this.#save()).catch(() => undefined);
    return this.#saving;
  }

  // --- the reader's MessageBodies ------------------------------------------------------------------------

  async get(ref: MessageRef): Promise<KeptMessage | null> {
    const body = await this.#mirror?.readBody(ref).catch(() => null);
    if (!body) return null;
    return {
      raw: body.raw,
      internalDate: body.internalDate,
      size: body.size,
      deferred: partsByNumber(body.deferred),
    };
  }

  put(ref: MessageRef, message: KeptMessage): void {
    if (this.#mirror === null) {
      if (this.#disposed) return;
      this.#early = [...this.#early, { ref, message }].slice(-EARLY_BODIES);
      return;
    }
    const body = {
      raw: message.raw.slice(),
      internalDate: message.internalDate,
      size: message.size,
      flags: [],
      deferred: [...message.deferred.values()],
    };
    void this.#mirror?.writeBody(ref, body).catch(() => undefined);
  }

  /** Stops keeping (sign-out, or the mirror turned off); nothing is written afterwards. */
  dispose(): void {
    this.#disposed = true;
    this.#early = [];
    this.#clearTimer();
    for (const cleanup of this.#cleanups.splice(0)) cleanup();
    this.#mirror?.close();
    this.#mirror = null;
    this.#workspace = null;
  }

  #schedule(): void {
    this.#changed = true;
    if (this.#mirror === null || this.#workspace === null || this.#timer !== null) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.saveNow();
    }, this.#delayMs);
  }

  #clearTimer(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }

  async #save(): Promise<void> {
    const mirror = this.#mirror;
    const workspace = this.#workspace;
    if (mirror === null || workspace === null) return;
    this.#changed = false;
    const folders = workspace.folders.snapshot();
    if (folders) await this.#saveFolders(mirror, folders);
    const list = workspace.messages.snapshot();
    if (list) await mirror.writeList({ ...list, rows: await this.#rowsToKeep(mirror, list) });
  }

  async #saveFolders(mirror: MailMirror, folders: FolderSnapshot): Promise<void> {
    const text = JSON.stringify(folders);
    if (text === this.#foldersWritten) return;
    await mirror.writeFolders(folders);
    this.#foldersWritten = text;
  }

  /** The rows the list holds merged with those kept before (kept-rows.ts). */
  async #rowsToKeep(mirror: MailMirror, list: ListSnapshot): Promise<MessageRow[]> {
    let kept = this.#kept;
    if (kept === null || kept.path !== list.path || kept.uidValidity !== list.uidValidity) {
      const before = await mirror.readList(list.path).catch(() => null);
      const rows = rowMap(before?.uidValidity === list.uidValidity ? before.rows : []);
      kept = { path: list.path, uidValidity: list.uidValidity, rows };
    }
    const chosen = rowsToKeep(kept.rows, list.rows, list.order);
    this.#kept = { ...kept, rows: rowMap(chosen) };
    return chosen;
  }
}

function onPageHidden(listener: () => void): () => void {
  if (typeof document === 'undefined') return () => {};
  const visibility = (): void => {
    if (document.visibilityState === 'hidden') listener();
  };
  document.addEventListener('visibilitychange', visibility);
  window.addEventListener('pagehide', listener);
  return () => {
    document.removeEventListener('visibilitychange', visibility);
    window.removeEventListener('pagehide', listener);
  };
}
