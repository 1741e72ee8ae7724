// mailbox = "INBOX" / astring   (RFC 9051 9), named as mailbox-names.ts explains: by its decoding when it
// decodes, else verbatim (its exact bytes behind a mark no decoded name can have). Either way the session can
// send the name back and reach exactly the mailbox the server listed. `wireName` is the name as sent, decoded
// as UTF-8 (for display and logs; bytes that are not UTF-8 show as U+FFFD there).

import { mailboxNameFromWire } from '../../mailbox-names.ts';
import type { ParseOptions } from '../response.ts';
import type { Reader } from '../reader.ts';
import { utf8Encode } from '../encoder.ts';

export interface DecodedMailbox {
  readonly name: string;
  readonly wireName: string;
}

export function readMailbox(
  reader: Reader,
  options: ParseOptions | undefined,
  what = 'mailbox',
): DecodedMailbox {
  const form = reader.mailboxToken(what);
  const wireName = reader.spanString(form);
  // Only names with 8-bit bytes need their bytes looked at; the string of an ASCII name is its bytes.
  const bytes = reader.spanHighBytes ? reader.spanBytes(form) : utf8Encode(wireName);
  return { name: mailboxNameFromWire(bytes, { utf8Accept: options?.utf8Accept === true }), wireName };
}

/** A name received as a string already (a NAMESPACE prefix). */
export function decodeMailbox(wireName: string, options: ParseOptions | undefined): DecodedMailbox {
  const name = mailboxNameFromWire(utf8Encode(wireName), { utf8Accept: options?.utf8Accept === true });
  return { name, wireName };
}
