// Whether a reply refuses for now or for good: a file of its own, so that errors.ts and the wire modules (whose
// framer raises SmtpErrors) can both use it without importing each other.

import type { SmtpReply } from './types.ts';

/** A 4xx reply: "not now" (RFC 5321 4.2.1), whichever command it answered; the server may take it later. */
export function isTemporaryReply(reply: Pick<SmtpReply, 'code'>): boolean {
  return reply.code >= 400 && reply.code < 500;
}
