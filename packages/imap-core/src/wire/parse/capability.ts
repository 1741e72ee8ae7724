// capability-data = "CAPABILITY" *(SP capability) SP "IMAP4rev2" *(SP capability)   (RFC 9051 7.2.2)
// enable-data     = "ENABLED" *(SP capability)                                        (RFC 5161 4, RFC 9051 7.2.1)
//
// Capability names are case-insensitive (RFC 9051 6.1.1), so they are returned upper-cased: callers compare
// against 'IMAP4REV2', 'AUTH=PLAIN', 'LITERAL+' without normalizing.

import { SP, type Reader } from '../reader.ts';

const uppercased = new Map<string, string>();

function readCapability(reader: Reader): string {
  const atom = reader.atom('capability');
  let upper = uppercased.get(atom);
  if (upper === undefined) {
    upper = atom.toUpperCase();
    if (uppercased.size < 1024) uppercased.set(atom, upper);
  }
  return upper;
}

/** 1*(SP capability) as in a CAPABILITY response code, positioned on the first capability. */
export function readCapabilityList(reader: Reader): string[] {
  const capabilities = [readCapability(reader)];
  while (reader.accept(SP)) {
    if (reader.atEnd() || reader.peek() === 0x5d) break; // trailing space before CRLF or "]"
    capabilities.push(readCapability(reader));
  }
  return capabilities;
}

/** The rest of "* CAPABILITY ..." or "* ENABLED ...", positioned after the keyword. */
export function readCapabilityData(reader: Reader): string[] {
  if (reader.atEnd()) return [];
  reader.sp('SP before capability');
  if (reader.atEnd()) return [];
  return readCapabilityList(reader);
}
