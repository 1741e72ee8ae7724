// What a user does to messages: flags and labels, junk, move, copy, delete, empty a folder, undo the last move.
//
// - Every action works on the ActionTarget captured when the user acted (folder, UIDVALIDITY, UIDs) and runs
//   in one queue, one after another. An action for a folder that is no longer open is refused; queued actions
//   aimed at a UIDVALIDITY the folder no longer has are dropped; imap-core refuses any command that slips
//   through (expectedUidValidity), and bulk.ts refuses one sent while another folder is selected.
// - Flags are painted at once (list.applyFlags) and stored with +FLAGS/-FLAGS; a refusal puts them back.
// - Move, copy and delete run in batches (bulk.ts) with progress; cancel() stops between batches. Moved and
//   deleted messages leave the list at once (list.hideMoving); what turns out not to have left comes back.
// - Undo moves the last moved messages back by their COPYUID (undo.ts); when the server's COPYUID did not fit
//   the move, undo is unavailable and the notice says so.
// - Nothing is erased unasked: only delete({ permanent: true }) and emptyFolder() expunge, and callers ask the
//   user before calling them. A plain delete that turns out to have nowhere to go (the open folder is the Trash,
//   or no Trash can be had) asks through `eraseRequest` instead of expunging.
// - A move or copy into the folder the messages are in is refused before anything is sent, whatever asked
//   for it (the Move menu, a drop, Junk, Delete, undo).

import type { Flag } from '@webmail/imap-core';
import { copyUids, expungeUids, movedTotal, moveUids, sameMailbox, storeFlags, uidBatches } from './bulk.ts';
import type { BulkContext, BulkOutcome } from './bulk.ts';
import type { FolderRole } from './folder-model.ts';
import type { MailClient } from './mail-client.ts';
import type { MovingRows } from './message-list/list-types.ts';
import type { ActionTarget } from './message-list/selection.svelte.ts';
import { undoRecordOf, undoUnknown } from './undo.ts';
import type { UndoRecord } from './undo.ts';
import { failureMessage } from './action-failure.ts';
import type { Verb } from './action-failure.ts';
import { describeError } from './user-message.ts';
import type { UserMessage } from './user-message.ts';

export type { ActionTarget };

/**
 * What the actions need of the message list (MessageList has all of it). Spelled out rather than a Pick so
 * that tests can hand in a small fake.
 */
export interface ActionList {
  readonly path: string | null;
  readonly role: FolderRole | null;
  readonly uidValidity: number;
  readonly keywordsAllowed: boolean;
  readonly knownKeywords: readonly string[];
  applyFlags(uids: readonly number[], add: readonly string[], remove: readonly string[]): () => void;
  hideMoving(uids: ArrayLike<number>): MovingRows;
  allUids(): Uint32Array;
  open(path: string, role?: FolderRole | null): Promise<void>;
  onUidValidityChange(listener: (path: string, uidValidity: number) => void): () => void;
}

/** What the actions need of the folder tree (FolderTree has it). */
export interface ActionFolders {
  ensureRole(role: 'trash' | 'junk' | 'archive'): Promise<{ path: string; created: boolean }>;
  refreshCounts(skip?: string | null): Promise<void>;
  /** A folder's name for notices: its path below the personal prefix, roles by their name. */
  displayName(path: string): string;
}

/**
 * A plain Delete found nowhere to put the messages: the open folder is the Trash (`inTrash`), or there is no
 * Trash and none could be created (`noTrash`, with the reason). Deleting them would erase them for good, so the
 * user is asked; confirmErase() deletes exactly the captured target, dismissErase() leaves everything as is.
 */
export interface EraseRequest {
  readonly target: ActionTarget;
  readonly reason: 'inTrash' | 'noTrash';
  /** Why there is no Trash (noTrash): the server's words or ours. */
  readonly detail: UserMessage | null;
}

export type ActionKind = 'move' | 'copy' | 'delete' | 'flag' | 'expunge';

export interface ActionProgress {
  readonly action: ActionKind;
  readonly done: number;
  readonly total: number;
}

export interface ActionNotice {
  readonly tone: 'info' | 'error' | 'warning';
  readonly message: UserMessage;
  /** Offer "Undo" with it. */
  readonly undoable: boolean;
}

interface Job {
  /** null for undo, which checks its own folder. */
  readonly target: ActionTarget | null;
  readonly controller: AbortController;
  run(job: Job): Promise<void>;
  /** Undoes what was shown ahead of the server (optimistic flags) when the job never runs. */
  drop(): void;
  settle(): void;
}

const JUNK = '$Junk';
const NOT_JUNK = '$NotJunk';

/** How the actions learn whether the list is in step with the server (workspace.svelte.ts, sync-gate.ts). */
export interface ActionConnection {
  /** Settles when the list is in step with the server: a queued action runs only then. Default: at once. */
  readonly inStep?: () => Promise<void>;
  /** Whether the connection is up now. Offline, flag changes are queued and moves are refused. Default true. */
  readonly connected?: () => boolean;
}

export class MailActions {
  /** A move, copy or delete, or a flag change of more than one batch, while it runs. */
  progress = $state.raw<ActionProgress | null>(null);
  notice = $state.raw<ActionNotice | null>(null);
  canUndo = $state(false);
  #eraseRequest = $state.raw<EraseRequest | null>(null);

  readonly #client: MailClient;
  readonly #list: ActionList;
  readonly #folders: ActionFolders;
  readonly #inStep: () => Promise<void>;
  readonly #connected: () => boolean;
  readonly #queue: Job[] = [];
  #running: Job | null = null;
  #undo: UndoRecord | null = null;
  readonly #stopListening: () => void;

  constructor(client: MailClient, deps: { list: ActionList; folders: ActionFolders } & ActionConnection) {
    this.#client = client;
    this.#list = deps.list;
    this.#folders = deps.folders;
    this.#inStep = deps.inStep ?? (() => Promise.resolve());
    this.#connected = deps.connected ?? (() => true);
    this.#stopListening = deps.list.onUidValidityChange((path, uidValidity) =>
      this.#dropStale(path, uidValidity),
    );
  }

  setFlag(target: ActionTarget, flag: '\\Seen' | '\\Flagged', on: boolean): Promise<void> {
    return this.#changeFlags(target, on ? [flag] : [], on ? [] : [flag]);
  }

  /** Adds or removes a label's keyword (labels.ts makes keywords of names). */
  setKeyword(target: ActionTarget, keyword: string, on: boolean): Promise<void> {
    if (on && !this.#keywordAllowed(keyword)) {
      this.#say('error', { key: 'actions.label.notAllowed', values: { folder: target.mailbox } });
      return Promise.resolve();
    }
    return this.#changeFlags(target, on ? [keyword] : [], on ? [] : [keyword]);
  }

  /**
   * $Junk and not $NotJunk (or the reverse), the keywords Thunderbird, Apple Mail and Dovecot's antispam
   * plugins read. With `move`: junk goes to the Junk folder (created if missing), and not-junk shown in Junk
   * goes back to INBOX.
   */
  markJunk(target: ActionTarget, junk: boolean, options: { move?: boolean } = {}): Promise<void> {
    const inJunk = this.#list.role === 'junk';
    const moveTo = options.move ? (junk ? (inJunk ? null : 'junk') : inJunk ? 'INBOX' : null) : null;
    const flagsAllowed = this.#keywordAllowed(JUNK) && this.#keywordAllowed(NOT_JUNK);
    const then =
      moveTo === null
        ? undefined
        : async (job: Job, moving: MovingRows) => {
            const destination =
              moveTo === 'INBOX' ? { path: 'INBOX', created: false } : await this.#folders.ensureRole('junk');
            await this.#transfer('move', job, target, destination, moving);
          };
    if (flagsAllowed) {
      const [add, remove] = junk ? [[JUNK], [NOT_JUNK]] : [[NOT_JUNK], [JUNK]];
      return this.#changeFlags(target, add, remove, then);
    }
    if (then === undefined) {
      this.#say('error', { key: 'actions.label.notAllowed', values: { folder: target.mailbox } });
      return Promise.resolve();
    }
    return this.#enqueueMoving(target, then);
  }

  move(target: ActionTarget, destination: string): Promise<void> {
    if (sameMailbox(destination, target.mailbox)) {
      this.#refuseSameFolder(target);
      return Promise.resolve();
    }
    return this.#enqueueMoving(target, (job, moving) =>
      this.#transfer('move', job, target, { path: destination, created: false }, moving),
    );
  }

  copy(target: ActionTarget, destination: string): Promise<void> {
    if (sameMailbox(destination, target.mailbox)) {
      this.#refuseSameFolder(target);
      return Promise.resolve();
    }
    return this.#enqueueChecked(target, (job) =>
      this.#transfer('copy', job, target, { path: destination, created: false }),
    );
  }

  /** A Delete that would have erased messages, waiting for the user's answer (see EraseRequest). */
  get eraseRequest(): EraseRequest | null {
    return this.#eraseRequest;
  }

  /**
   * To Trash (created when missing). `permanent` removes them for good: the caller has asked the user. A plain
   * Delete never removes anything for good: in the Trash, or without a Trash, it asks (eraseRequest).
   */
  delete(target: ActionTarget, options: { permanent?: boolean } = {}): Promise<void> {
    if (options.permanent === true)
      return this.#enqueueChecked(target, (job) => this.#expunge('delete', job, target));
    if (this.#list.role === 'trash') {
      if (this.#acceptable(target)) this.#eraseRequest = { target, reason: 'inTrash', detail: null };
      return Promise.resolve();
    }
    // Nothing is erased for the rows hidden now: when the Trash turns out not to be there, they come back
    // (restore) before the question is asked.
    return this.#enqueueMoving(target, async (job, moving) => {
      let trash: { path: string; created: boolean };
      try {
        trash = await this.#folders.ensureRole('trash');
      } catch (error) {
        moving.restore();
        this.#eraseRequest = { target, reason: 'noTrash', detail: describeError(error) };
        return;
      }
      if (sameMailbox(trash.path, target.mailbox)) {
        moving.restore();
        this.#eraseRequest = { target, reason: 'inTrash', detail: null };
        return;
      }
      await this.#transfer('delete', job, target, trash, moving);
    });
  }

  /** The user agreed to erase what eraseRequest names: exactly those messages, if the folder is still as it was. */
  confirmErase(): Promise<void> {
    const request = this.#eraseRequest;
    this.#eraseRequest = null;
    return request === null ? Promise.resolve() : this.delete(request.target, { permanent: true });
  }

  dismissErase(): void {
    this.#eraseRequest = null;
  }

  /** Removes exactly the messages listed now (one that arrives meanwhile stays), only in the open folder. */
  emptyFolder(
    path: string,
    listed?: { readonly uidValidity: number; readonly uids: Uint32Array },
  ): Promise<void> {
    const list = this.#list;
    if (list.path === null || !sameMailbox(path, list.path)) {
      this.#say('error', { key: 'actions.error.notOpen', values: { folder: path, done: 0 } });
      return Promise.resolve();
    }
    // `listed` is what the user saw when asking (before a confirmation): mail that arrived since survives.
    const target: ActionTarget = {
      mailbox: list.path,
      uidValidity: listed?.uidValidity ?? list.uidValidity,
      uids: listed?.uids ?? list.allUids(),
    };
    if (target.uids.length === 0) {
      this.#say('info', { key: 'actions.empty.nothing', values: { folder: path } });
      return Promise.resolve();
    }
    return this.#enqueueChecked(target, (job) => this.#expunge('empty', job, target));
  }

  /**
   * Moves the last moved messages back. IMAP moves only out of the selected folder, so the destination is
   * selected for it, and the list's folder is opened again afterwards (showing the messages back in place).
   */
  undo(): Promise<void> {
    const record = this.#undo;
    if (record === null || this.#refusedOffline()) return Promise.resolve();
    this.#setUndo(null);
    return this.#enqueue(null, (job) => this.#moveBack(job, record));
  }

  /** Stops the running bulk action after its current batch. */
  cancel(): void {
    this.#running?.controller.abort();
  }

  dismissNotice(): void {
    this.notice = null;
  }

  /** Stops listening to the list, stops the running action and drops the queued ones (sign-out). */
  dispose(): void {
    this.#stopListening();
    this.#running?.controller.abort();
    for (const job of this.#queue.splice(0)) {
      job.drop();
      job.settle();
    }
  }

  // --- the queue -----------------------------------------------------------------------------------------

  /**
   * Queues `run` for `target` after checking, now, that the target is what the list shows. Offline it is
   * refused: a move or a deletion shown as done before the server did it could not be undone by the user.
   */
  #enqueueChecked(target: ActionTarget, run: (job: Job) => Promise<void>): Promise<void> {
    if (this.#refusedOffline()) return Promise.resolve();
    return this.#acceptable(target) ? this.#enqueue(target, run) : Promise.resolve();
  }

  /**
   * As #enqueueChecked, for a move away: the target's rows leave the list now. Whatever the job ends with, the
   * rows still hidden then come back (a move done has called moving.done() before: nothing does).
   */
  #enqueueMoving(target: ActionTarget, run: (job: Job, moving: MovingRows) => Promise<void>): Promise<void> {
    if (this.#refusedOffline() || !this.#acceptable(target)) return Promise.resolve();
    const moving = this.#list.hideMoving(target.uids);
    return this.#enqueue(
      target,
      async (job) => {
        try {
          await run(job, moving);
        } finally {
          moving.restore();
        }
      },
      () => moving.restore(),
    );
  }

  /** Says that this needs the connection, when it is down. */
  #refusedOffline(): boolean {
    if (this.#connected()) return false;
    this.#say('error', { key: 'remember.needsConnection' });
    return true;
  }

  /** Whether there is something to act on in the open folder; says why not when it is not. */
  #acceptable(target: ActionTarget): boolean {
    const refusal = this.#refusal(target);
    if (refusal !== null) this.#say('error', refusal);
    return refusal === null && target.uids.length > 0;
  }

  #enqueue(target: ActionTarget | null, run: (job: Job) => Promise<void>, drop = noop): Promise<void> {
    return new Promise<void>((settle) => {
      this.#queue.push({ target, controller: new AbortController(), run, drop, settle });
      void this.#pump();
    });
  }

  async #pump(): Promise<void> {
    if (this.#running !== null) return;
    for (let job = this.#queue.shift(); job !== undefined; job = this.#queue.shift()) {
      this.#running = job;
      try {
        // Queued while the list is not in step with the server (offline): run once it is again, checked then.
        await this.#inStep();
        const refusal = job.target === null ? null : this.#refusal(job.target);
        if (refusal === null) await job.run(job);
        else {
          job.drop();
          this.#say('error', refusal);
        }
      } catch (error) {
        this.#say('error', describeError(error));
      } finally {
        this.#running = null;
        this.progress = null;
        job.settle();
      }
    }
  }

  /** Why `target` cannot be acted on now, or null. */
  #refusal(target: ActionTarget): Omit<UserMessage, 'detail'> | null {
    const list = this.#list;
    if (list.path === null || !sameMailbox(target.mailbox, list.path)) {
      return { key: 'actions.error.notOpen', values: { folder: target.mailbox, done: 0 } };
    }
    if (target.uidValidity !== list.uidValidity) {
      return { key: 'actions.error.folderChanged', values: { folder: target.mailbox, done: 0 } };
    }
    return null;
  }

  /** The folder got a new UIDVALIDITY: queued actions naming the old one would hit other messages. */
  #dropStale(path: string, uidValidity: number): void {
    let dropped = 0;
    for (const job of [...this.#queue]) {
      const target = job.target;
      if (target === null || !sameMailbox(target.mailbox, path) || target.uidValidity === uidValidity)
        continue;
      this.#queue.splice(this.#queue.indexOf(job), 1);
      job.drop();
      job.settle();
      dropped++;
    }
    if (dropped > 0) {
      this.#say('warning', { key: 'actions.error.dropped', values: { count: dropped, folder: path } });
    }
  }

  // --- the actions ---------------------------------------------------------------------------------------

  /** `then`: a move away after the flags (junk), whose rows leave the list now, with the flags painted. */
  #changeFlags(
    target: ActionTarget,
    add: readonly Flag[],
    remove: readonly Flag[],
    then?: (job: Job, moving: MovingRows) => Promise<void>,
  ): Promise<void> {
    if ((then !== undefined && this.#refusedOffline()) || !this.#acceptable(target)) return Promise.resolve();
    const batches = uidBatches(target.uids);
    // Offline the change waits for the reconnect, painted meanwhile, by its UIDs under this UIDVALIDITY.
    if (!this.#connected())
      this.#say('info', { key: 'remember.queued', values: { count: target.uids.length } });
    // Painted now, before earlier queued actions finish: the user sees the change within the frame.
    const rollbacks = batches.map((batch) => this.#list.applyFlags(Array.from(batch), add, remove));
    const rollBackFrom = (index: number): void => rollbacks.slice(index).forEach((rollback) => rollback());
    const moving = then === undefined ? null : this.#list.hideMoving(target.uids);
    return this.#enqueue(
      target,
      async (job) => {
        try {
          const outcome = await storeFlags(
            this.#context(target, job, 'flag', batches.length > 1),
            batches,
            add,
            remove,
          );
          rollBackFrom(outcome.batches.length);
          if (outcome.error !== null || outcome.cancelled) {
            this.#reportFailure(outcome, target, target.mailbox, 'flag');
            return;
          }
          if (then !== undefined && moving !== null) await then(job, moving);
        } finally {
          moving?.restore();
        }
      },
      () => {
        rollBackFrom(0);
        moving?.restore();
      },
    );
  }

  /** Move, copy, or delete to Trash, in batches; a move can be undone when the server said where they went. */
  async #transfer(
    kind: 'move' | 'copy' | 'delete',
    job: Job,
    target: ActionTarget,
    destination: { path: string; created: boolean },
    moving?: MovingRows,
  ): Promise<void> {
    const folder = destination.path;
    // Whatever asked for it (a Junk folder found by name that is the open one, a role changed meanwhile): a
    // move onto itself would copy every message and then expunge the originals.
    if (sameMailbox(folder, target.mailbox)) return this.#refuseSameFolder(target);
    const batches = uidBatches(target.uids);
    const context = this.#context(target, job, kind, true);
    if (kind === 'copy') {
      const outcome = await copyUids(context, batches, folder);
      const count = movedTotal(outcome);
      if (!this.#reportFailure(outcome, target, folder, 'copy'))
        this.#say('info', { key: 'actions.copy.done', values: { count, folder } });
    } else {
      const outcome = await moveUids(context, batches, folder);
      const record = undoRecordOf(target.mailbox, this.#list.role, folder, outcome.batches);
      if (outcome.batches.length > 0) this.#setUndo(record);
      const undoable = record !== null;
      const count = movedTotal(outcome);
      const markedOnly = outcome.batches.some((batch) => batch.result.method === 'COPY+DELETED');
      // Every message left the folder: none of the hidden rows comes back. Otherwise those still there do
      // (the caller's restore), marked \Deleted when that is all the server did.
      if (outcome.error === null && !outcome.cancelled && !markedOnly) moving?.done();
      if (this.#reportFailure(outcome, target, folder, 'move', undoable)) {
        // said
      } else if (markedOnly) {
        this.#say('warning', { key: 'actions.move.markedDeleted', values: { count, folder } });
      } else if (undoUnknown(outcome.batches)) {
        // The server's answer did not fit what was moved (imap-core said why): no undo by UID.
        this.#say('warning', { key: 'actions.move.noUndo', values: { count, folder } });
      } else {
        const key = destination.created ? 'actions.move.toNewFolder' : 'actions.move.done';
        this.#say('info', { key, values: { count, folder } }, undoable);
      }
    }
    this.#refreshCounts();
  }

  /** +FLAGS \Deleted and UID EXPUNGE of exactly the target's UIDs (only the mark without UIDPLUS). */
  async #expunge(kind: 'delete' | 'empty', job: Job, target: ActionTarget): Promise<void> {
    const batches = uidBatches(target.uids);
    const outcome = await expungeUids(
      this.#context(target, job, kind === 'empty' ? 'expunge' : 'delete', true),
      batches,
    );
    // "Undo" after a permanent delete would seem to undo it: the earlier move is no longer offered.
    if (outcome.done > 0) this.#setUndo(null);
    const count = outcome.done;
    const markedOnly = outcome.batches.some((batch) => !batch.result.expunged);
    const folder = target.mailbox;
    if (this.#reportFailure(outcome, target, folder, 'delete')) return;
    if (kind === 'empty') {
      const key = markedOnly ? 'actions.empty.markedOnly' : 'actions.empty.done';
      this.#say(markedOnly ? 'warning' : 'info', { key, values: { count, folder } });
    } else {
      const key = markedOnly ? 'actions.delete.markedOnly' : 'actions.delete.done';
      this.#say(markedOnly ? 'warning' : 'info', { key, values: { count } });
    }
    this.#refreshCounts();
  }

  async #moveBack(job: Job, record: UndoRecord): Promise<void> {
    const folder = record.source;
    try {
      const selected = await this.#client.select(record.destination);
      if (selected.uidValidity !== record.uidValidity) {
        this.#say('warning', { key: 'actions.undo.gone', values: { folder: record.destination } });
        return;
      }
      const { destination: mailbox, uidValidity, uids } = record;
      const batches = uidBatches(uids);
      const target = { mailbox, uidValidity, uids };
      const outcome = await moveUids(this.#context(target, job, 'move', true), batches, folder);
      const count = movedTotal(outcome);
      if (!this.#reportFailure(outcome, target, folder, 'undo'))
        this.#say('info', { key: 'actions.undo.done', values: { count, folder } });
    } catch (error) {
      this.#say('error', failureMessage(error, record.destination, 'actions.undo.refused', { folder }));
    } finally {
      // The list's folder is selected again whatever happened: the list believes it still is.
      const path = this.#list.path;
      if (path !== null) {
        const role = sameMailbox(path, record.source) ? record.sourceRole : this.#list.role;
        await this.#list.open(path, role);
      }
      this.#refreshCounts();
    }
  }

  // --- helpers -------------------------------------------------------------------------------------------

  #context(target: ActionTarget, job: Job, action: ActionKind, showProgress: boolean): BulkContext {
    const total = target.uids.length;
    if (showProgress) this.progress = { action, done: 0, total };
    return {
      client: this.#client,
      mailbox: target.mailbox,
      uidValidity: target.uidValidity,
      signal: job.controller.signal,
      onProgress: (done, all) => {
        if (showProgress) this.progress = { action, done, total: all };
      },
    };
  }

  /** Says why a run stopped early; false when it did not. */
  #reportFailure(
    outcome: BulkOutcome<unknown>,
    target: ActionTarget,
    folder: string,
    verb: Verb,
    undoable = false,
  ): boolean {
    const { done, total } = outcome;
    if (outcome.error !== null) {
      const values = { folder, done, total };
      const key =
        done > 0 ? (`actions.${verb}.partlyRefused` as const) : (`actions.${verb}.refused` as const);
      this.#say('error', failureMessage(outcome.error, target.mailbox, key, values), undoable);
      return true;
    }
    if (outcome.cancelled) {
      const key = `actions.${verb}.cancelled` as const;
      this.#say('warning', { key, values: { folder, done, total } }, undoable);
      return true;
    }
    return false;
  }

  #keywordAllowed(keyword: string): boolean {
    const lower = keyword.toLowerCase();
    return this.#list.keywordsAllowed || this.#list.knownKeywords.some((k) => k.toLowerCase() === lower);
  }

  #setUndo(record: UndoRecord | null): void {
    this.#undo = record;
    this.canUndo = record !== null;
    if (record === null && this.notice?.undoable) this.notice = { ...this.notice, undoable: false };
  }

  #say(
    tone: ActionNotice['tone'],
    message: Omit<UserMessage, 'detail'> & { detail?: string },
    undoable = false,
  ) {
    // Folders are named as the user knows them: below the personal prefix, a role by its name, a name that
    // does not decode escaped.
    const folder = message.values?.['folder'];
    const values =
      typeof folder === 'string'
        ? { ...message.values, folder: this.#folders.displayName(folder) }
        : message.values;
    const shown = values === undefined ? message : { ...message, values };
    this.notice = { tone, message: { detail: '', ...shown }, undoable };
  }

  #refuseSameFolder(target: ActionTarget): void {
    const values = { count: target.uids.length, folder: target.mailbox };
    this.#say('info', { key: 'actions.sameFolder', values });
  }

  #refreshCounts(): void {
    this.#folders.refreshCounts(this.#list.path).catch(() => undefined);
  }
}

function noop(): void {}
