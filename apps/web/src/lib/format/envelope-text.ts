// What a list row shows of an ENVELOPE (RFC 9051 7.5.2): the subject and the sender or recipients as text.
// imap-core hands strings over exactly as the server sent them; decoding is done here, and so is what keeps
// them honest on screen: hidden characters written out ("[U+202E]", hidden-characters.ts), a domain that could
// pass for another one in punycode (domains.ts) and, on the row, a warning sign after its sender.

import type { Address, Envelope } from '@webmail/imap-core';
import { decodeRawHeader } from './charset-guess.ts';
import { displayAddress, displayDomain } from './domains.ts';
import { revealHidden } from './hidden-characters.ts';
import { decodeEncodedWords } from './rfc2047.ts';

/** Follows the label of a sender whose domain could pass for another one (see domains.ts). */
export const LOOKALIKE_SIGN = '\u26A0';

/** The subject for display: raw 8-bit bytes decoded with a guessed charset, then RFC 2047 words decoded. */
export function displaySubject(envelope: Pick<Envelope, 'subject' | 'subjectBytes'>): string {
  if (envelope.subjectBytes !== undefined) {
    return revealHidden(decodeEncodedWords(decodeRawHeader(envelope.subjectBytes).text).trim());
  }
  return envelope.subject === null ? '' : revealHidden(decodeEncodedWords(envelope.subject).trim());
}

/** `mailbox@host` as it is shown (per displayAddress), or what there is of it. */
export function addressEmail(address: Address): string {
  if (address.mailbox === null) return '';
  return displayAddress(address.host === null ? address.mailbox : `${address.mailbox}@${address.host}`).text;
}

/**
 * The display name (decoded), or the address when there is no usable name. A raw 8-bit name (a GBK From
 * header sent without RFC 2047) comes with its bytes, decoded like a raw subject; a name that still holds
 * U+FFFD replacement characters is not usable: the address is shown instead of mojibake. Hidden characters
 * are written out, and a warning sign follows when the domain could pass for another one.
 */
export function addressLabel(address: Address): string {
  const raw = address.nameBytes !== undefined ? decodeRawHeader(address.nameBytes).text : address.name;
  const name = raw === null ? '' : decodeEncodedWords(raw).trim();
  const lookalike =
    address.host !== null && displayDomain(address.host).warning !== null ? ` ${LOOKALIKE_SIGN}` : '';
  if (name !== '' && !name.includes('\uFFFD')) return revealHidden(stripQuotes(name)) + lookalike;
  return addressEmail(address) + lookalike;
}

/** Mailers sometimes quote inside an encoded word ("=?utf-8?Q?=22Name=22?="): the quotes are not the name. */
function stripQuotes(name: string): string {
  return name.length > 1 && name.startsWith('"') && name.endsWith('"') ? name.slice(1, -1).trim() : name;
}

/**
 * Mailboxes of an address list, without the RFC 9051 7.5.2 group markers (a start has host NIL, an end has
 * every field NIL).
 */
export function mailboxesOf(list: readonly Address[]): Address[] {
  return list.filter((address) => address.mailbox !== null && address.host !== null);
}

/** Labels of an address list joined for a row: "Ann, Bob, carol@example.org". */
export function addressListLabel(list: readonly Address[]): string {
  return mailboxesOf(list).map(addressLabel).filter(Boolean).join(', ');
}
