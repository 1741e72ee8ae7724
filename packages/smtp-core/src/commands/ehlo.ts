// EHLO (RFC 5321 4.1.1.1), falling back to HELO when the server does not know it ("500, 502, 504 or 550"
// with the client "able to fall back to HELO", RFC 5321 4.1.4). The reply's first line is the server's name;
// each further line is an extension: ehlo-keyword *( SP ehlo-param ) (RFC 5321 4.1.1.1).

import { SmtpError, SmtpErrorCodes, replySummary } from '../errors.ts';
import type { Capabilities } from '../types.ts';
import { utf8Encode } from '../wire/utf8.ts';
import type { Command, Step } from './command.ts';
import { MORE, done, isPositive, unexpectedReply } from './command.ts';

const KEYWORD = /^[A-Za-z0-9][A-Za-z0-9-]*$/;
/** RFC 5321 4.1.4 lists these as "EHLO is not known here". */
const EHLO_UNKNOWN = new Set([500, 502, 504, 550]);

/** Throws INVALID_ARGUMENT unless the name can follow EHLO: a domain or an address literal, no spaces. */
export function checkEhloName(name: string): void {
  if (
    !/^(?:\[[!-Z^-~]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)$/.test(name) ||
    utf8Encode(name).length > 255
  ) {
    throw new SmtpError(
      SmtpErrorCodes.INVALID_ARGUMENT,
      `ehloName ${JSON.stringify(name)} is not a domain or an address literal`,
    );
  }
}

export function ehloCommand(name: string): Command<Capabilities> {
  let helo = false;
  return {
    name: 'EHLO',
    effect: 'ehlo',
    encode: () => ({ line: `EHLO ${name}` }),
    onReply(reply, channel): Step<Capabilities> {
      if (isPositive(reply)) return done(helo ? new Map() : parseEhloKeywords(reply.text.split('\n')));
      if (!helo && EHLO_UNKNOWN.has(reply.code)) {
        helo = true;
        channel.send(utf8Encode(`HELO ${name}\r\n`), `HELO ${name}`);
        return MORE;
      }
      if (reply.code >= 400 && reply.code < 600) {
        throw new SmtpError(
          SmtpErrorCodes.GREETING_REFUSED,
          `the server refused ${helo ? 'HELO' : 'EHLO'}: ${replySummary(reply)}`,
          { reply },
        );
      }
      throw unexpectedReply(helo ? 'HELO' : 'EHLO', reply);
    },
  };
}

/** Keywords from the lines after the first; lines that are not `keyword [params]` are skipped. */
export function parseEhloKeywords(lines: readonly string[]): Capabilities {
  const capabilities = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const space = line.indexOf(' ');
    const keyword = (space === -1 ? line : line.slice(0, space)).toUpperCase();
    // Old Outlook-compatible servers add "AUTH=LOGIN PLAIN"; "=" is not in ehlo-keyword, so it goes.
    if (!KEYWORD.test(keyword) || capabilities.has(keyword)) continue;
    capabilities.set(keyword, space === -1 ? '' : line.slice(space + 1).trim());
  }
  return capabilities;
}

/** SIZE's parameter (RFC 1870 4): the largest message in octets; absent or 0 means no fixed limit. */
export function sizeLimit(capabilities: Capabilities): number | null {
  const value = capabilities.get('SIZE');
  if (value === undefined || !/^\d{1,15}$/.test(value)) return null;
  const limit = Number(value);
  return limit === 0 ? null : limit;
}

/** AUTH's parameters (RFC 4954 3): the SASL mechanisms offered, upper case. */
export function authMechanisms(capabilities: Capabilities): readonly string[] {
  const value = capabilities.get('AUTH');
  if (value === undefined || value === '') return [];
  return value.split(/\s+/).map((m) => m.toUpperCase());
}
