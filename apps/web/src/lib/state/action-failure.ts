// What the user reads when an action on messages stops early: the server's refusal in its own words, our
// own safety checks as what they mean to the user, a dropped connection as such. MailActions says it.

import {
  CommandError,
  ConnectionError,
  ErrorCodes,
  MoveIncompleteError,
  UsageError,
} from '@webmail/imap-core';
import type { MessageValues } from '../i18n/i18n.svelte.ts';
import { NoMailboxSelectedError, OtherMailboxSelectedError } from './bulk.ts';
import { describeError } from './user-message.ts';
import type { UserMessage } from './user-message.ts';

/** Each verb has `actions.<verb>.refused`, `.partlyRefused` and `.cancelled` in the catalog. */
export type Verb = 'flag' | 'move' | 'copy' | 'delete' | 'undo';

/**
 * A refusal in the server's words (TRYCREATE, OVERQUOTA and the rest: RFC 9051 7.1 expects clients to show
 * them); our own safety checks as what they mean to the user; anything else through describeError.
 */
export function failureMessage(
  error: unknown,
  mailbox: string,
  refusedKey: UserMessage['key'],
  values: MessageValues & { done?: number; total?: number },
): UserMessage {
  const detail = error instanceof Error ? error.message : String(error);
  const done = values.done ?? 0;
  if (error instanceof MoveIncompleteError) {
    // Copied, but the originals could not be taken away: the user must know the messages are now in both.
    const cause = error.cause;
    const text = cause instanceof CommandError ? cause.serverText.trim() || detail : detail;
    const key = error.stage === 'flag' ? 'actions.move.copiedOnly' : 'actions.move.markedOnly';
    return { key, values: { ...values, text }, detail };
  }
  if (error instanceof CommandError) {
    return { key: refusedKey, values: { ...values, text: error.serverText.trim() || detail }, detail };
  }
  if (error instanceof UsageError && error.code === ErrorCodes.UIDVALIDITY_CHANGED) {
    return { key: 'actions.error.folderChanged', values: { folder: mailbox, done }, detail };
  }
  if (error instanceof OtherMailboxSelectedError) {
    return { key: 'actions.error.notOpen', values: { folder: mailbox, done }, detail };
  }
  // Any other wrong state is what a dropped connection leaves until the reconnect has the folder open again:
  // nothing selected, or (after a BYE) a session past the selected state before any check of ours runs.
  const dropped =
    error instanceof ConnectionError ||
    error instanceof NoMailboxSelectedError ||
    (error instanceof UsageError && error.code === ErrorCodes.WRONG_STATE);
  if (dropped) return { key: 'actions.error.offline', values: { folder: mailbox, done }, detail };
  if (done > 0) {
    return {
      key: 'actions.error.interrupted',
      values: { done, total: values.total ?? done, detail },
      detail,
    };
  }
  return describeError(error);
}
