// Where the composer gets its SMTP client and the relay's submission URL: @webmail/smtp-core's SmtpClient and
// @webmail/relay-contract's smtpWebSocketUrl (contracts.md 1 and 3). Until those packages land on this branch,
// the URL is built by the same rule and connecting says that sending is not available.

import { imapWebSocketUrl } from '@webmail/imap-core';
import type { Transport } from '@webmail/imap-core';
import type { SmtpSession } from './smtp.ts';

export function smtpUrl(origin: string, upstream: string): string {
  return imapWebSocketUrl(origin, upstream).replace('/imap/', '/smtp/');
}

export async function smtpConnect(transport: Transport): Promise<SmtpSession> {
  transport.close();
  throw new Error('sending is not available in this build');
}
