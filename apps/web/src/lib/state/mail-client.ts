// What the app's state classes need of an IMAP connection. The signed-in session hands them a client that
// survives reconnects (connection.svelte.ts), so they code against this shape rather than one ImapClient.
// A call made while the connection is down rejects with a ConnectionError; event listeners stay attached to
// whichever connection is current.

import type { ImapClient } from '@webmail/imap-core';

export type MailClient = Pick<
  ImapClient,
  | 'capabilities'
  | 'mailbox'
  | 'on'
  | 'list'
  | 'status'
  | 'select'
  | 'examine'
  | 'create'
  | 'delete'
  | 'rename'
  | 'subscribe'
  | 'unsubscribe'
  | 'append'
  | 'fetch'
  | 'store'
  | 'search'
  | 'esearch'
  | 'sort'
  | 'copy'
  | 'move'
  | 'uidExpunge'
  | 'noop'
  | 'run'
>;
