// AUTH (RFC 4954) with PLAIN (RFC 4616) as an initial response on the command line, or LOGIN (the
// draft-murchison-sasl-login mechanism every submission server still offers) answering its two 334
// challenges: the user name, then the password. Every response is a secret: the trace shows '***'.

import { SmtpError, SmtpErrorCodes, replySummary } from '../errors.ts';
import type { Credentials } from '../types.ts';
import { base64Encode } from '../wire/base64.ts';
import { utf8Encode } from '../wire/utf8.ts';
import type { Command, CommandChannel, Step } from './command.ts';
import { MORE, done, isRefusal, unexpectedReply } from './command.ts';

export type AuthMechanism = 'PLAIN' | 'LOGIN';

/** RFC 4954 4: "*" cancels the exchange; the server then answers 501. */
const CANCEL = Uint8Array.of(0x2a, 0x0d, 0x0a);

export function authCommand(mechanism: AuthMechanism, credentials: Credentials): Command<void> {
  const { username, password } = credentials;
  if (
    typeof username !== 'string' ||
    typeof password !== 'string' ||
    `${username}${password}`.includes('\0')
  ) {
    throw new SmtpError(
      SmtpErrorCodes.INVALID_ARGUMENT,
      'the user name and password must be strings without NUL',
    );
  }
  // What each 334 challenge gets, in order; PLAIN's single response already went with the command.
  const responses =
    mechanism === 'PLAIN' ? [] : [base64Encode(utf8Encode(username)), base64Encode(utf8Encode(password))];
  let cancelled = false;
  return {
    name: 'AUTH',
    effect: 'authenticate',
    encode() {
      if (mechanism === 'LOGIN') return { line: 'AUTH LOGIN' };
      // RFC 4616 2: message = [authzid] NUL authcid NUL passwd; an empty authzid acts as the user name.
      const initial = base64Encode(utf8Encode(`\0${username}\0${password}`));
      return { line: `AUTH PLAIN ${initial}`, trace: 'AUTH PLAIN ***' };
    },
    onReply(reply, channel): Step<void> {
      if (reply.code === 235) return done(undefined);
      if (reply.code === 334) return respond(channel);
      if (isRefusal(reply)) {
        throw new SmtpError(
          SmtpErrorCodes.AUTH_FAILED,
          `the server refused the login${cancelled ? ' (a challenge we could not answer)' : ''}: ${replySummary(reply)}`,
          { reply },
        );
      }
      throw unexpectedReply('AUTH', reply);
    },
  };

  function respond(channel: CommandChannel): Step<void> {
    const response = responses.shift();
    if (response === undefined) {
      // A challenge beyond the mechanism's steps: cancel instead of guessing (RFC 4954 4).
      cancelled = true;
      channel.send(CANCEL, '*');
    } else {
      channel.send(utf8Encode(`${response}\r\n`), '***');
    }
    return MORE;
  }
}
