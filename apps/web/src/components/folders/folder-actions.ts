// What a user may do to a folder from its menu, and what to tell them when it fails. INBOX is never renamed or
// deleted (DELETE INBOX is an error, RFC 9051 6.3.5, and RENAME INBOX moves its messages instead, 6.3.6);
// special-use folders are not deleted (the app needs them: delete moves to Trash); nor is another user's root;
// a flat namespace cannot hold subfolders.

import { describeError } from '../../lib/state/user-message.ts';
import type { UserMessage } from '../../lib/state/user-message.ts';
import { FolderError, isInbox } from '../../lib/state/folder-model.ts';
import type { FolderNode } from '../../lib/state/folder-model.ts';
import type { MessageKey } from '../../lib/i18n/i18n.svelte.ts';

export type FolderAction = 'newSubfolder' | 'rename' | 'delete' | 'subscribe' | 'unsubscribe';

export const ACTION_LABELS: Readonly<Record<FolderAction, MessageKey>> = {
  newSubfolder: 'folders.menu.newSubfolder',
  rename: 'folders.menu.rename',
  delete: 'folders.menu.delete',
  subscribe: 'folders.menu.subscribe',
  unsubscribe: 'folders.menu.unsubscribe',
};

export function folderActions(node: FolderNode): FolderAction[] {
  // A section heading (other users', shared folders) is no folder of its own.
  if (node.section !== null) return [];
  // Right under the other users' heading: another user's root ("shared/alice", Cyrus's "user.bob", that
  // user's Inbox, RFC 2342 5). Like the user's own Inbox it is neither renamed nor deleted.
  const inbox = isInbox(node.path);
  const kept = inbox || (node.namespace === 'other' && node.depth === 1);
  const actions: FolderAction[] = [];
  if (node.delimiter !== null) actions.push('newSubfolder');
  if (!kept) actions.push('rename');
  if (!kept && node.role === null) actions.push('delete');
  if (!inbox && node.selectable) actions.push(node.subscribed ? 'unsubscribe' : 'subscribe');
  return actions;
}

/** A refusal the app made itself in its own words; anything from imap-core as describeError says it. */
export function folderErrorMessage(error: unknown): UserMessage {
  return error instanceof FolderError ? error.userMessage : describeError(error);
}

/** A dialog the folder pane shows. */
export type FolderDialogRequest =
  | { readonly kind: 'create'; readonly parent: string | null }
  | { readonly kind: 'rename'; readonly path: string }
  | { readonly kind: 'delete'; readonly path: string };

/** A change a dialog made. */
export type FolderChange =
  | { readonly kind: 'created'; readonly path: string }
  | {
      readonly kind: 'renamed';
      readonly from: string;
      readonly to: string;
      readonly delimiter: string | null;
    }
  /** `name`: as the user knew it, taken before it was deleted (the tree no longer has it). */
  | { readonly kind: 'deleted'; readonly path: string; readonly name: string };
