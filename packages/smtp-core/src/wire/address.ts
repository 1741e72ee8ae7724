// Envelope addresses go between angle brackets on a command line (RFC 5321 4.1.2 Path), so any character that
// could end the path or the line would let a caller's string write commands of its own. Such addresses are
// refused before anything is sent. The full Mailbox grammar is the server's to enforce: it answers 501/553
// with words the UI shows.

import { SmtpError, SmtpErrorCodes } from '../errors.ts';
import { utf8Encode } from './utf8.ts';

/** RFC 5321 4.5.3.1.3 allows 256 octets for a path; a bit more slack for UTF-8 addresses (RFC 6531). */
export const MAX_ADDRESS_BYTES = 512;

/** Throws SmtpError(INVALID_ARGUMENT) unless `address` can stand between '<' and '>' on a command line. */
export function checkAddress(address: string, role: 'sender' | 'recipient'): void {
  const invalid = (why: string): never => {
    throw new SmtpError(SmtpErrorCodes.INVALID_ARGUMENT, `${role} address ${JSON.stringify(address)} ${why}`);
  };
  if (typeof address !== 'string') invalid('is not a string');
  if (address === '') {
    if (role === 'recipient') invalid('is empty');
    return; // the null reverse-path <> (RFC 5321 4.5.5)
  }
  for (let i = 0; i < address.length; i++) {
    const c = address.charCodeAt(i);
    if (c < 0x20 || c === 0x7f || (c >= 0x80 && c < 0xa0)) invalid('contains a control character');
    if (c === 0x3c || c === 0x3e) invalid("contains '<' or '>'");
  }
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) invalid('is not local-part@domain');
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  // Spaces only inside a quoted local part ("john smith"@example.org, RFC 5321 4.1.2 Quoted-string).
  const quoted = local.length >= 2 && local.startsWith('"') && local.endsWith('"');
  if ((!quoted && /\s/.test(local)) || /\s/.test(domain)) invalid('contains a space');
  if (utf8Encode(address).length > MAX_ADDRESS_BYTES) invalid(`is longer than ${MAX_ADDRESS_BYTES} bytes`);
}
