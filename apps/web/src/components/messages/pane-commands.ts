// What the toolbar buttons, the list's shortcuts and the row toggles do, in one place so that a button and its
// key always do the same thing. Each command captures its target (folder, UIDVALIDITY, UIDs) when the user acts,
// before any confirmation: what is deleted after "Delete permanently?" is what was selected when Delete was
// pressed, whatever arrived or moved while the dialog was open.
//
// Toggles (read, flag, junk, a label) go by the reference row: the cursor row when it is in the selection, else
// the open one; with neither (a selection scrolled far away) the toggle marks read, flags, marks junk, adds.

import { t } from '../../lib/i18n/i18n.svelte.ts';
import type { ComposeRequest } from '../../lib/state/compose/desk.svelte.ts';
import { labelToKeyword } from '../../lib/state/labels.ts';
import type { MessageRow } from '../../lib/state/message-list/message-row.ts';
import type { MenuItem } from '../common/menu-item.ts';
import type { ListCommand } from './list-commands.ts';
import type { ActionTarget, PaneActions, PaneList } from './pane-state.ts';

export type DialogRequest =
  | {
      readonly kind: 'confirm';
      readonly title: string;
      readonly message: string;
      readonly confirmLabel: string;
      readonly onConfirm: () => void;
    }
  | {
      readonly kind: 'prompt';
      readonly title: string;
      readonly label: string;
      readonly confirmLabel: string;
      readonly validate: (value: string) => string | null;
      readonly onConfirm: (value: string) => void;
    };

export interface PaneCommandDeps {
  readonly list: PaneList;
  readonly actions: PaneActions;
  /** The open folder's name as shown (for "Empty Trash?"). */
  readonly folderLabel: () => string;
  /** Shows a confirmation or a prompt; its onConfirm runs when the user agrees. */
  readonly ask: (request: DialogRequest) => void;
  /** Opens a composer; without it C, R, A and F do nothing. */
  readonly compose?: ((request: ComposeRequest) => void) | undefined;
}

export type ReplyKind = 'reply' | 'replyAll' | 'forward' | 'forwardAttachment';

export class PaneCommands {
  readonly #deps: PaneCommandDeps;

  constructor(deps: PaneCommandDeps) {
    this.#deps = deps;
  }

  /** The row whose state a toggle flips. Reactive (reads the list and its selection). */
  referenceRow(): MessageRow | undefined {
    const { list } = this.#deps;
    const selection = list.selection;
    const cursorUid = list.cursor >= 0 ? list.uidAt(list.cursor) : 0;
    const openRow = (): MessageRow | undefined => {
      if (list.openUid === null) return undefined;
      // Usually the cursor is on the open row: no search through the order then.
      const index = cursorUid === list.openUid ? list.cursor : list.indexOfUid(list.openUid);
      return index < 0 ? undefined : list.rowAt(index);
    };
    if (selection.size === 0) return list.openUid !== null ? openRow() : list.rowAt(list.cursor);
    if (cursorUid !== 0 && selection.has(cursorUid)) return list.rowAt(list.cursor);
    if (list.openUid !== null && selection.has(list.openUid)) return openRow();
    return undefined;
  }

  toggleRead(): void {
    const target = this.#target();
    if (target) void this.#deps.actions.setFlag(target, '\\Seen', !(this.referenceRow()?.seen ?? false));
  }

  toggleFlag(): void {
    const target = this.#target();
    if (target)
      void this.#deps.actions.setFlag(target, '\\Flagged', !(this.referenceRow()?.flagged ?? false));
  }

  /** The row's own read dot: only that row, whatever is selected. */
  toggleReadAt(index: number): void {
    const row = this.#deps.list.rowAt(index);
    const target = this.#rowTarget(index);
    if (row && target) void this.#deps.actions.setFlag(target, '\\Seen', !row.seen);
  }

  toggleFlagAt(index: number): void {
    const row = this.#deps.list.rowAt(index);
    const target = this.#rowTarget(index);
    if (row && target) void this.#deps.actions.setFlag(target, '\\Flagged', !row.flagged);
  }

  markJunk(junk: boolean, move = false): void {
    const target = this.#target();
    if (target) void this.#deps.actions.markJunk(target, junk, { move });
  }

  /** J: junk, or not junk when the reference row already is. */
  toggleJunk(): void {
    this.markJunk(!(this.referenceRow()?.junk ?? false));
  }

  hasLabel(keyword: string): boolean {
    const wanted = keyword.toLowerCase();
    return this.referenceRow()?.keywords.some((k) => k.toLowerCase() === wanted) ?? false;
  }

  toggleLabel(keyword: string): void {
    const target = this.#target();
    if (target) void this.#deps.actions.setKeyword(target, keyword, !this.hasLabel(keyword));
  }

  newLabel(): void {
    const target = this.#target();
    if (!target) return;
    this.#deps.ask({
      kind: 'prompt',
      title: t('toolbar.newLabelTitle'),
      label: t('toolbar.newLabelField'),
      confirmLabel: t('toolbar.newLabelConfirm'),
      validate: (name) => (labelToKeyword(name) === null ? t('toolbar.newLabelInvalid') : null),
      onConfirm: (name) => {
        const keyword = labelToKeyword(name);
        if (keyword !== null) void this.#deps.actions.setKeyword(target, keyword, true);
      },
    });
  }

  moveTo(path: string): void {
    const target = this.#target();
    if (target) void this.#deps.actions.move(target, path);
  }

  copyTo(path: string): void {
    const target = this.#target();
    if (target) void this.#deps.actions.copy(target, path);
  }

  /** To Trash; permanent (asked first) with Shift, or inside Trash where deleting is for good. */
  delete(permanent: boolean): void {
    const { list, actions } = this.#deps;
    const target = this.#target();
    if (!target) return;
    if (!permanent && list.role !== 'trash') {
      void actions.delete(target);
      return;
    }
    this.#deps.ask({
      kind: 'confirm',
      title: t('toolbar.confirmDelete.title'),
      message: t('toolbar.confirmDelete.body', { count: target.uids.length }),
      confirmLabel: t('toolbar.confirmDelete.confirm'),
      onConfirm: () => void actions.delete(target, { permanent: true }),
    });
  }

  /** Empty Trash / Empty Junk: after a confirmation naming how many are listed; MailActions expunges exactly those. */
  emptyFolder(): void {
    const { list, actions } = this.#deps;
    const path = list.path;
    if (path === null || list.count === 0) return;
    const folder = this.#deps.folderLabel();
    // Captured now, not when the dialog is confirmed: mail that arrives meanwhile was not listed.
    const listed = { uidValidity: list.uidValidity, uids: list.allUids() };
    this.#deps.ask({
      kind: 'confirm',
      title: t('toolbar.confirmEmpty.title', { folder }),
      message: t('toolbar.confirmEmpty.body', { count: listed.uids.length, folder }),
      confirmLabel: t('toolbar.confirmEmpty.confirm', { folder }),
      onConfirm: () => void actions.emptyFolder(path, listed),
    });
  }

  undo(): void {
    if (this.#deps.actions.canUndo) void this.#deps.actions.undo();
  }

  /** A new message. */
  compose(): void {
    this.#deps.compose?.({ kind: 'new' });
  }

  /** The message a reply or forward starts from: the open one, else the cursor row; captured now. */
  replyTarget(): { mailbox: string; uidValidity: number; uid: number } | null {
    const { list } = this.#deps;
    const uid = list.openUid ?? (list.cursor >= 0 ? list.uidAt(list.cursor) : 0);
    if (!uid || list.path === null || list.uidValidity === 0) return null;
    return { mailbox: list.path, uidValidity: list.uidValidity, uid };
  }

  reply(kind: ReplyKind): void {
    const message = this.replyTarget();
    if (message) this.#deps.compose?.({ kind, message });
  }

  /**
   * A row's menu: Reply, Reply all, Forward, Forward as attachment on that row's message (whichever is open or
   * selected), its UID and UIDVALIDITY captured when the menu opens. Empty without a composer or a known row.
   */
  rowMenu(index: number): readonly MenuItem[] {
    const { list, compose } = this.#deps;
    const uid = list.uidAt(index);
    if (compose === undefined || !uid || list.path === null || list.uidValidity === 0) return [];
    const message = { mailbox: list.path, uidValidity: list.uidValidity, uid };
    const kinds: readonly ReplyKind[] = ['reply', 'replyAll', 'forward', 'forwardAttachment'];
    return kinds.map((kind) => ({
      id: kind,
      label: t(`compose.action.${kind}`),
      onSelect: () => compose({ kind, message }),
    }));
  }

  run(command: ListCommand): void {
    switch (command) {
      case 'delete':
        return this.delete(false);
      case 'deletePermanently':
        return this.delete(true);
      case 'toggleRead':
        return this.toggleRead();
      case 'toggleFlag':
        return this.toggleFlag();
      case 'junk':
        return this.toggleJunk();
      case 'undo':
        return this.undo();
      case 'compose':
        return this.compose();
      case 'reply':
      case 'replyAll':
      case 'forward':
        return this.reply(command);
    }
  }

  #target(): ActionTarget | null {
    return this.#deps.list.selection.target();
  }

  #rowTarget(index: number): ActionTarget | null {
    const { list } = this.#deps;
    const uid = list.uidAt(index);
    if (uid === 0 || list.path === null || list.uidValidity === 0) return null;
    return { mailbox: list.path, uidValidity: list.uidValidity, uids: Uint32Array.of(uid) };
  }
}
