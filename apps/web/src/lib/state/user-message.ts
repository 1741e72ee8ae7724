// Turns what imap-core throws into words a user can act on: a catalog key and its values. The switch is on the
// stable error codes (imap-core README, "Error codes") and the proxy's close codes (apps/proxy README, "Close
// codes"), never on English message text. Server text (a NO's explanation, a BYE's reason) is shown verbatim:
// it is how servers explain themselves, and RFC 9051 7.1 expects clients to show it.

import { CommandError, ConnectionError, ErrorCodes, ImapError, ProtocolError } from '@webmail/imap-core';
import type { MessageKey, MessageValues } from '../i18n/i18n.svelte.ts';

export interface UserMessage {
  readonly key: MessageKey;
  readonly values?: MessageValues;
  /** The technical message, for a "details" line and for logs. */
  readonly detail: string;
}

/**
 * Proxy close codes by meaning. 1006 is what a browser reports when the WebSocket handshake itself was
 * refused (an origin not allowed: HTTP 403) or the proxy is not there at all; the page cannot see which.
 */
const CLOSE_CODE_MESSAGES = new Map<number, MessageKey>([
  [1001, 'error.proxy.restarting'],
  [1006, 'error.proxy.refused'],
  [4000, 'error.proxy.internal'],
  [4001, 'error.proxy.unknownServer'],
  [4010, 'error.connect.refused'],
  [4011, 'error.connect.timeout'],
  [4012, 'error.connect.unreachable'],
  [4013, 'error.connection.closed'],
  [4014, 'error.connection.closed'],
  [4020, 'error.tls.verify'],
  [4021, 'error.tls.handshake'],
  [4022, 'error.tls.handshake'],
  [4023, 'error.protocol'],
  [4029, 'error.proxy.busy'],
  [4030, 'error.proxy.busy'],
  [4040, 'error.connection.idle'],
  [4041, 'error.connection.idle'],
]);

const AUTH_COMMANDS = new Set(['LOGIN', 'AUTHENTICATE']);

export interface ErrorContext {
  /** The text of the server's BYE, when one was seen (the session's 'untagged' events carry it). */
  readonly byeText?: string | null;
}

export function describeError(error: unknown, context: ErrorContext = {}): UserMessage {
  const detail = error instanceof Error ? error.message : String(error);
  if (error instanceof CommandError) {
    const text = error.serverText.trim() || error.message;
    if (AUTH_COMMANDS.has(error.command.split(' ', 1)[0] ?? '')) {
      // RFC 5530 3 [LIMIT]: Dovecot's mail_max_userip_connections (every tab is a connection of its own).
      if (error.responseCode?.name === 'LIMIT')
        return { key: 'remember.tooManyConnections', values: { text }, detail };
      return { key: 'error.auth.failed', values: { text }, detail };
    }
    return { key: 'error.server.refused', values: { text }, detail };
  }
  if (error instanceof ConnectionError) return describeConnectionError(error, detail, context);
  if (error instanceof ProtocolError) return { key: 'error.protocol', detail };
  if (error instanceof ImapError) {
    if (error.code === ErrorCodes.UNSUPPORTED) {
      const key = /LOGIN/.test(detail) ? 'error.auth.disabled' : 'error.server.unsupported';
      return { key, values: { detail }, detail };
    }
    if (error.code === ErrorCodes.TLS) return { key: 'error.tls.handshake', detail };
  }
  return { key: 'error.unexpected', values: { detail }, detail };
}

function describeConnectionError(error: ConnectionError, detail: string, context: ErrorContext): UserMessage {
  if (typeof error.transportCode === 'number') {
    const key = CLOSE_CODE_MESSAGES.get(error.transportCode);
    if (key) return { key, detail };
  }
  switch (error.code) {
    case ErrorCodes.BYE:
      return { key: 'error.server.bye', values: { text: context.byeText ?? detail }, detail };
    case ErrorCodes.TLS:
      return { key: 'error.tls.handshake', detail };
    case ErrorCodes.TIMEOUT:
      return { key: 'error.connect.timeout', detail };
    case ErrorCodes.TRANSPORT:
      return { key: 'error.proxy.refused', detail };
    default:
      return { key: 'error.connection.closed', detail };
  }
}
