// Test helper: the app's client, except that the messages of `uids` come back from row fetches as imap-core
// reports a message whose FETCH response is framed but does not parse (contracts.md section 5): left out of
// what is streamed, named in FetchResult.unreadable (by UID, or with `withoutUid` by sequence number only,
// as when the parse failed before the UID). The server's answer is real (FakeImapServer or Dovecot); only the
// parse failure is staged, since no real server sends those bytes on purpose. Only for tests.

import { ErrorCodes, ProtocolError } from '@webmail/imap-core';
import type { FetchOptions, FetchedMessage, UnreadableMessage } from '@webmail/imap-core';
import type { MailClient } from '../mail-client.ts';

export function reportingUnreadable(
  client: MailClient,
  uids: ReadonlySet<number>,
  withoutUid: ReadonlySet<number> = new Set(),
): MailClient {
  const fetch: MailClient['fetch'] = async (set, items, options: FetchOptions = {}) => {
    const unreadable: UnreadableMessage[] = [];
    const unparsed = (message: FetchedMessage): boolean => {
      if (!uids.has(message.uid) || message.attributes.envelope === undefined) return false;
      unreadable.push({
        seq: message.seq,
        uid: withoutUid.has(message.uid) ? null : message.uid,
        error: new ProtocolError(ErrorCodes.PARSE, 'body-fld-octets: a negative size'),
        evidence: `* ${message.seq} FETCH (UID ${message.uid} ... BODYSTRUCTURE ("TEXT" "PLAIN" NIL NIL NIL "7BIT" -1`,
      });
      return true;
    };
    const onMessage = options.onMessage;
    const result = await client.fetch(set, items, {
      ...options,
      ...(onMessage ? { onMessage: (message) => void (unparsed(message) || onMessage(message)) } : {}),
    });
    const messages = result.messages.filter((message) => !unparsed(message));
    return { ...result, messages, unreadable };
  };
  return new Proxy(client, {
    get(target, key) {
      if (key === 'fetch') return fetch;
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
