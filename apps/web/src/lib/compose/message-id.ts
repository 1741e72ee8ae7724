// Message-IDs (RFC 5322 3.6.4): making our own, and reading the ones an original carries.

import { asciiDomain } from './address-validate.ts';
import { randomToken } from './bytes.ts';

/** A msg-id as buildMessage accepts it: `<...>` of printable ASCII without spaces or angle brackets. */
export const MSG_ID = /^<[!-;=?-~]{1,250}>$/;
const MSG_ID_IN_TEXT = /<[!-;=?-~]{1,250}>/g;

/**
 * `<time.random@domain>`: 22 random characters (130 bits) from the platform's CSPRNG make it unique without
 * any state; the time in front only helps a person reading logs. `domain` is the From address's domain (RFC
 * 5322 3.6.4 wants the right side to name the sender's site); an IDN goes as A-labels (a msg-id is ASCII),
 * and something that is no host name gives `webmail.invalid` (RFC 2606), still unique by its left side.
 */
export function newMessageId(domain: string): string {
  const host = asciiDomain(domain.trim()) ?? '';
  const right = /^[A-Za-z0-9.-]+$/.test(host) && host !== '' ? host.toLowerCase() : 'webmail.invalid';
  return `<${Date.now().toString(36)}.${randomToken(22)}@${right}>`;
}

/**
 * The msg-ids in a header's text, in order, without duplicates. Lenient about what surrounds them (comments,
 * commas, folding: real References fields hold all of these) and about ids without '@' (old mailers), but
 * anything that is not `<printable>` is dropped: these come from someone else's message.
 */
export function messageIdsIn(text: string | null | undefined): string[] {
  if (text === null || text === undefined) return [];
  const found: string[] = [...(text.replace(/\([^()]*\)/g, ' ').match(MSG_ID_IN_TEXT) ?? [])];
  const bare = found.length === 0 ? text.trim() : '';
  // Some parsers hand Message-ID over without its brackets.
  if (bare !== '' && /^[!-;=?-~]{1,250}$/.test(bare) && bare.includes('@')) found.push(`<${bare}>`);
  return [...new Set(found)];
}
