// STARTTLS (RFC 3207 4). After its 220 the session refuses every plaintext byte (one could only have been
// injected on the path: RFC 3207 6, the STARTTLS command-injection attack) and waits for the transport's
// handshake; then everything learned before TLS is forgotten and EHLO is sent afresh (RFC 3207 4.2).

import { SmtpError, SmtpErrorCodes, replySummary } from '../errors.ts';
import type { Command } from './command.ts';
import { done, isRefusal, unexpectedReply } from './command.ts';

export function starttlsCommand(): Command<void> {
  return {
    name: 'STARTTLS',
    effect: 'starttls',
    encode: () => ({ line: 'STARTTLS' }),
    onReply(reply) {
      if (reply.code === 220) return done(undefined);
      if (isRefusal(reply)) {
        throw new SmtpError(SmtpErrorCodes.TLS, `the server refused STARTTLS: ${replySummary(reply)}`, {
          reply,
        });
      }
      throw unexpectedReply('STARTTLS', reply);
    },
  };
}
