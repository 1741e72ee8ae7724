// Where the composer gets its SMTP client and the relay's submission URL: @webmail/smtp-core's SmtpClient and
// @webmail/relay-contract's smtpWebSocketUrl (contracts.md 1 and 3).

import type { Transport } from '@webmail/imap-core';
import { smtpWebSocketUrl } from '@webmail/relay-contract';
import { SmtpClient } from '@webmail/smtp-core';
import type { SmtpSession } from './smtp.ts';

export function smtpUrl(origin: string, upstream: string): string {
  return smtpWebSocketUrl(origin, upstream);
}

/** Greeting and EHLO; the relay did any STARTTLS itself (the browser's WebSocket has no startTls). */
export function smtpConnect(transport: Transport): Promise<SmtpSession> {
  return SmtpClient.connect(transport);
}
