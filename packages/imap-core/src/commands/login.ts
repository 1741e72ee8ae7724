// LOGIN (RFC 9051 6.2.3). The password is written as a secret: the trace shows '***'.

import { ErrorCodes, UsageError } from '../errors.ts';
import type { Command } from './command.ts';

export function loginCommand(user: string, password: string): Command<void> {
  return {
    name: 'LOGIN',
    states: ['not-authenticated'],
    exclusive: true,
    effect: { kind: 'authenticate' },
    check(context) {
      // RFC 9051 6.2.3: LOGINDISABLED means the server will refuse; sending the password anyway would leak it.
      if (context.capabilities.has('LOGINDISABLED')) {
        throw new UsageError(
          ErrorCodes.UNSUPPORTED,
          'the server disabled LOGIN (LOGINDISABLED); use TLS first',
        );
      }
    },
    encode(w) {
      w.syntax('LOGIN ').astring(user).sp().astring(password, { secret: true });
    },
    onOk: () => undefined,
  };
}
