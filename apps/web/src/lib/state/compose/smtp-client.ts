// Where the composer gets its SMTP client and the relay's submission URL: @webmail/smtp-core's SmtpClient and
// @webmail/relay-contract's smtpWebSocketUrl (contracts.md 1 and 3). Until smtp-core lands on this branch,
// connecting says that sending is not available.

import type { Transport } from '@webmail/imap-core';
import { smtpWebSocketUrl } from '@webmail/relay-contract';
import type { SmtpSession } from './smtp.ts';

export function smtpUrl(origin: string, upstream: string): string {
  return smtpWebSocketUrl(origin, upstream);
}

export async function smtpConnect(transport: Transport): Promise<SmtpSession> {
  transport.close();
  throw new Error('sending is not available in this build');
}
