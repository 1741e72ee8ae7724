// Address fields (From, To, Cc, Bcc, Reply-To: RFC 5322 3.4) as header pieces. Only display names are
// encoded (RFC 2047 5 (3): an encoded word may stand for a word of a phrase, never in an addr-spec); the
// address itself goes as ASCII (an IDN domain as A-labels) or, with utf8Headers, as typed (RFC 6532 3.2).

import { asciiDomain, splitAddress, validateAddress } from './address-validate.ts';
import { isAscii } from './bytes.ts';
import { cleanLineText } from './clean-text.ts';
import { ComposeError } from './errors.ts';
import { piece, type HeaderPiece } from './header-fold.ts';
import { phrasePieces, type TextMode } from './header-text.ts';
import type { MailAddress } from './types.ts';

/** The addr-spec as written in a header in this mode; throws what envelopeAddress would. */
export function headerAddress(address: string, mode: TextMode): string {
  const problem = validateAddress(address);
  if (problem !== null) throw new ComposeError('COMPOSE_BAD_ADDRESS', `${address}: ${problem}`);
  if (mode.utf8) return address.normalize('NFC');
  const { local, domain } = splitAddress(address) as { local: string; domain: string };
  if (!isAscii(local)) {
    throw new ComposeError('COMPOSE_UTF8_REQUIRED', `${address} can only be written with UTF-8 headers`);
  }
  return `${local}@${asciiDomain(domain) as string}`;
}

/** A display name as it will be written: one line, single spaces, '' when there is none. */
export function cleanDisplayName(name: string | undefined): string {
  return name === undefined ? '' : cleanLineText(name).replace(/ {2,}/g, ' ');
}

/** `Name <address>, address, ...` as pieces that fold between words and after commas. */
export function addressListPieces(list: readonly MailAddress[], mode: TextMode): HeaderPiece[] {
  const pieces: HeaderPiece[] = [];
  list.forEach((entry, i) => {
    const address = headerAddress(entry.address, mode);
    const comma = i < list.length - 1 ? ',' : '';
    const name = cleanDisplayName(entry.name);
    if (name === '') {
      pieces.push(piece(address + comma));
      return;
    }
    pieces.push(...phrasePieces(name, mode), piece(`<${address}>${comma}`));
  });
  return pieces;
}
