// MAIL FROM (RFC 5321 4.1.1.2) with the parameters of the extensions in use: SIZE= (RFC 1870 5),
// BODY=8BITMIME (RFC 6152 2), SMTPUTF8 (RFC 6531 3.4). The session pipelines it (RFC 2920).

import { SmtpError, SmtpErrorCodes, replySummary } from '../errors.ts';
import type { Capabilities, Envelope, SendOptions } from '../types.ts';
import type { MessageScan } from '../wire/dot-stuffing.ts';
import { isAscii } from '../wire/utf8.ts';
import type { Command } from './command.ts';
import { done, isPositive, isRefusal, unexpectedReply } from './command.ts';
import { sizeLimit } from './ehlo.ts';

export function mailCommand(from: string, parameters: readonly string[]): Command<void> {
  return {
    name: 'MAIL FROM',
    pipelinable: true,
    encode: () => ({ line: [`MAIL FROM:<${from}>`, ...parameters].join(' ') }),
    onReply(reply) {
      if (isPositive(reply)) return done(undefined);
      if (isRefusal(reply)) {
        throw new SmtpError(
          SmtpErrorCodes.SENDER_REFUSED,
          `the server refused the sender ${from === '' ? '<>' : from}: ${replySummary(reply)}`,
          { reply },
        );
      }
      throw unexpectedReply('MAIL FROM', reply);
    },
  };
}

/**
 * The MAIL FROM parameters a message needs on this server, or the reason it cannot be sent here at all (thrown
 * before any byte of the transaction goes out).
 */
export function mailParameters(
  capabilities: Capabilities,
  envelope: Envelope,
  scan: MessageScan,
  options: SendOptions,
): string[] {
  const offers = (keyword: string): boolean => capabilities.has(keyword);
  const nonAscii = [envelope.from, ...envelope.recipients].find((address) => !isAscii(address));
  if (nonAscii !== undefined && !offers('SMTPUTF8')) {
    throw new SmtpError(
      SmtpErrorCodes.UTF8_UNSUPPORTED,
      `the server does not accept internationalized addresses (no SMTPUTF8), such as ${nonAscii}`,
    );
  }
  if (options.smtpUtf8 === true && !offers('SMTPUTF8')) {
    throw new SmtpError(
      SmtpErrorCodes.UTF8_UNSUPPORTED,
      'the server does not accept UTF-8 headers (no SMTPUTF8)',
    );
  }
  if (options.eightBit === true && !offers('8BITMIME')) {
    throw new SmtpError(
      SmtpErrorCodes.EIGHT_BIT_UNSUPPORTED,
      'the server does not accept 8-bit messages (no 8BITMIME)',
    );
  }
  const limit = sizeLimit(capabilities);
  if (limit !== null && scan.size > limit) {
    throw new SmtpError(
      SmtpErrorCodes.TOO_LARGE,
      `the message is ${scan.size} bytes; the server accepts at most ${limit} (SIZE)`,
    );
  }
  const parameters: string[] = [];
  if (offers('SIZE')) parameters.push(`SIZE=${scan.size}`);
  if ((options.eightBit ?? scan.eightBit) && offers('8BITMIME')) parameters.push('BODY=8BITMIME');
  if (offers('SMTPUTF8') && (nonAscii !== undefined || (options.smtpUtf8 ?? scan.eightBitHeaders))) {
    parameters.push('SMTPUTF8');
  }
  return parameters;
}
