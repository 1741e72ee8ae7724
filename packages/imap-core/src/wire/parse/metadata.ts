// metadata-resp = "METADATA" SP mailbox SP (entry-values / entry-list)     (RFC 5464 5)
// entry-values  = "(" entry-value *(SP entry-value) ")"
// entry-value   = entry SP value
// entry-list    = entry *(SP entry)      -- unsolicited: these entries changed (RFC 5464 4.4.2)
// entry         = astring
// value         = nstring / literal8
//
// The mailbox is "" for server entries (RFC 5464 3.2). Values are read as UTF-8 text: the entries a mail client
// reads (/private/specialuse, /shared/comment) are text, and a value that is not UTF-8 shows U+FFFD rather than
// failing the response. An entry named twice keeps its last value.

import type { ParseOptions } from '../response.ts';
import { OPEN_PAREN, SP, StringForm, type Reader } from '../reader.ts';
import { TILDE } from '../chars.ts';
import { readMailbox } from './mailbox-name.ts';

export interface MetadataData {
  readonly mailbox: string;
  readonly wireName: string;
  /** entry-values: each entry with its value (null for NIL); null for an entry-list. */
  readonly values: ReadonlyMap<string, string | null> | null;
  /** entry-list: the entries that changed; empty for entry-values. */
  readonly changed: readonly string[];
}

export function readMetadata(reader: Reader, options: ParseOptions | undefined): MetadataData {
  reader.sp();
  const { name, wireName } = readMailbox(reader, options);
  reader.sp('SP after METADATA mailbox');
  if (reader.peek() !== OPEN_PAREN) {
    const changed = [reader.astring('entry')];
    while (reader.accept(SP)) changed.push(reader.astring('entry'));
    return { mailbox: name, wireName, values: null, changed };
  }
  const values = new Map<string, string | null>();
  reader.open("'(' of entry-values");
  do {
    const entry = reader.astring('entry');
    reader.sp('SP after entry');
    values.set(entry, readValue(reader));
  } while (reader.accept(SP));
  reader.close("')' of entry-values");
  return { mailbox: name, wireName, values, changed: [] };
}

/** value = nstring / literal8 */
function readValue(reader: Reader): string | null {
  if (reader.peek() === TILDE) {
    reader.literalOrLiteral8('metadata value');
    return reader.spanString(StringForm.Plain);
  }
  return reader.nstring('metadata value');
}
