// Mailbox names are the server's bytes. A MailboxName is what the user sees and what every command takes, and it
// must lead back to exactly the bytes the server listed:
//
// - A wire name that decodes (modified UTF-7, RFC 3501 5.1.3, or UTF-8 under UTF8=ACCEPT, RFC 6855 3) is named
//   by its decoding. The strict decoder (utf7.ts) accepts one spelling per name, so encoding the decoded name
//   gives back the wire name byte for byte.
// - A wire name that does not decode (raw 8-bit or raw UTF-8 bytes from a server that should send modified
//   UTF-7, a broken shift sequence) is named VERBATIM: U+DC00 followed by its bytes, one character per byte. No
//   decoded name can equal it (a decoded name never holds a lone surrogate, utf7.ts refuses them), so two wire
//   names never collapse into one; and the encoder sends its bytes back as they came instead of re-encoding
//   them (which named a mailbox that does not exist, so the folder could not be opened).
//
// mailboxDisplayName() shows a verbatim name visibly escaped. The hierarchy helpers cut names at the server's
// delimiter on the wire bytes, so a verbatim name's parent is found whether or not the parent decodes.

import { ErrorCodes, UsageError } from './errors.ts';
import type { ListedMailbox, MailboxName } from './types.ts';
import { encodeModifiedUtf7, tryDecodeModifiedUtf7 } from './utf7.ts';
import { utf8Encode } from './wire/utf8.ts';
import { binaryString, isValidUtf8, utf8String } from './wire/strings.ts';

/** Marks a verbatim name: a lone low surrogate, which no decoded name can contain. */
const VERBATIM = '\uDC00';

export interface MailboxNameOptions {
  /** UTF8=ACCEPT (or IMAP4rev2) is enabled: wire names are UTF-8. Default false. */
  readonly utf8Accept?: boolean;
}

/** Whether the name stands for wire bytes that did not decode. */
export function isVerbatimMailboxName(name: MailboxName): boolean {
  return name.startsWith(VERBATIM);
}

/** The name of the mailbox the server lists with these bytes (what LIST, LSUB, STATUS and NOTIFY report). */
export function mailboxNameFromWire(bytes: Uint8Array, options: MailboxNameOptions = {}): MailboxName {
  // RFC 9051 5.1: "INBOX" is case-insensitive; any spelling names the same mailbox.
  if (bytes.length === 5 && String.fromCharCode(...bytes).toUpperCase() === 'INBOX') return 'INBOX';
  if (options.utf8Accept === true) {
    return isValidUtf8(bytes, 0, bytes.length) ? utf8String(bytes, 0, bytes.length) : verbatim(bytes);
  }
  const ascii = bytes.every((b) => b < 0x80);
  const decoded = ascii ? tryDecodeModifiedUtf7(binaryString(bytes, 0, bytes.length)) : null;
  return decoded ?? verbatim(bytes);
}

/** The bytes a command sends for `name` (before quoting): its own for a verbatim name, else its encoding. */
export function mailboxWireBytes(name: MailboxName, options: MailboxNameOptions = {}): Uint8Array {
  if (isVerbatimMailboxName(name)) {
    const bytes = new Uint8Array(name.length - 1);
    for (let i = 1; i < name.length; i++) {
      const c = name.charCodeAt(i);
      if (c > 0xff) {
        throw new UsageError(ErrorCodes.INVALID_ARGUMENT, 'a verbatim mailbox name holds only bytes');
      }
      bytes[i - 1] = c;
    }
    return bytes;
  }
  return utf8Encode(options.utf8Accept === true ? name : encodeModifiedUtf7(name));
}

/**
 * The name as a person should see it: itself, or for a verbatim name its bytes with everything but printable
 * ASCII escaped (\xHH, and \\ for a backslash), so that undecodable bytes show as such.
 */
export function mailboxDisplayName(name: MailboxName): string {
  if (!isVerbatimMailboxName(name)) return name;
  let out = '';
  for (let i = 1; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c === 0x5c) out += '\\\\';
    else if (c >= 0x20 && c < 0x7f) out += name[i];
    else out += `\\x${c.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** The mailbox one hierarchy level up, or null for a name at the top (no delimiter in it). */
export function parentMailboxName(
  name: MailboxName,
  delimiter: string,
  options: MailboxNameOptions = {},
): MailboxName | null {
  if (!isVerbatimMailboxName(name)) {
    const cut = name.lastIndexOf(delimiter);
    return cut > 0 ? name.slice(0, cut) : null;
  }
  const bytes = mailboxWireBytes(name, options);
  const cut = lastIndexOfBytes(bytes, utf8Encode(delimiter));
  return cut > 0 ? mailboxNameFromWire(bytes.slice(0, cut), options) : null;
}

/** The last hierarchy level of a name, as a person should see it (escaped when it does not decode). */
export function mailboxLeafName(
  name: MailboxName,
  delimiter: string | null,
  options: MailboxNameOptions = {},
): string {
  if (delimiter === null) return mailboxDisplayName(name);
  if (!isVerbatimMailboxName(name)) {
    const cut = name.lastIndexOf(delimiter);
    return cut > 0 ? name.slice(cut + delimiter.length) : name;
  }
  const bytes = mailboxWireBytes(name, options);
  const separator = utf8Encode(delimiter);
  const cut = lastIndexOfBytes(bytes, separator);
  return mailboxDisplayName(verbatim(cut > 0 ? bytes.slice(cut + separator.length) : bytes));
}

/**
 * `head` (a mailbox name, or a namespace prefix ending in its delimiter) followed by `tail`, text a person typed:
 * a name in the same hierarchy. A verbatim head keeps its bytes and gets the tail's encoding appended.
 */
export function joinMailboxName(
  head: MailboxName,
  tail: string,
  options: MailboxNameOptions = {},
): MailboxName {
  if (!isVerbatimMailboxName(head)) return head + tail;
  const left = mailboxWireBytes(head, options);
  const right = mailboxWireBytes(tail, options);
  const joined = new Uint8Array(left.length + right.length);
  joined.set(left);
  joined.set(right, left.length);
  return mailboxNameFromWire(joined, options);
}

function verbatim(bytes: Uint8Array): MailboxName {
  return VERBATIM + binaryString(bytes, 0, bytes.length);
}

function lastIndexOfBytes(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = haystack.length - needle.length; i >= 0; i--) {
    for (let k = 0; k < needle.length; k++) if (haystack[i + k] !== needle[k]) continue outer;
    return i;
  }
  return -1;
}

/**
 * Names in NOTIFY reports (RFC 5465: unsolicited STATUS and LIST). Dovecot 2.3 spells them in UTF-8 even
 * without UTF8=ACCEPT (measured in test/integration/dovecot-notify.test.ts), for the very mailboxes its LIST
 * spells in modified UTF-7. Such a report is named by its UTF-8 reading, so it reaches the mailbox LIST
 * named, unless a listing named those bytes as a mailbox of their own (a server that stores raw 8-bit names).
 */
export class ReportedMailboxNames {
  /** Verbatim names that LIST or LSUB answers listed. */
  readonly #listedVerbatim = new Set<string>();

  /** A name a LIST or LSUB answer listed. */
  listed(name: MailboxName): void {
    if (isVerbatimMailboxName(name)) this.#listedVerbatim.add(name);
  }

  /** The name a NOTIFY report's `name` stands for. */
  reported(name: MailboxName, options: MailboxNameOptions = {}): MailboxName {
    if (!isVerbatimMailboxName(name) || options.utf8Accept === true || this.#listedVerbatim.has(name)) {
      return name;
    }
    const bytes = mailboxWireBytes(name, options);
    return isValidUtf8(bytes, 0, bytes.length) ? utf8String(bytes, 0, bytes.length) : name;
  }

  /** A NOTIFY LIST report with its name (and OLDNAME) read as reported() reads names. */
  reportedList(mailbox: ListedMailbox, options: MailboxNameOptions = {}): ListedMailbox {
    const name = this.reported(mailbox.name, options);
    const oldName = mailbox.extended?.get('OLDNAME');
    const old = typeof oldName === 'string' ? this.reported(oldName, options) : oldName;
    if (name === mailbox.name && old === oldName) return mailbox;
    const extended = mailbox.extended === undefined ? undefined : new Map(mailbox.extended);
    if (extended !== undefined && old !== oldName) extended.set('OLDNAME', old);
    return extended === undefined ? { ...mailbox, name } : { ...mailbox, name, extended };
  }
}
