// mailbox = "INBOX" / astring   (RFC 9051 9), with the name decoded for display.
//
// Without UTF8=ACCEPT, names are modified UTF-7 (RFC 3501 5.1.3). A name that is not valid modified UTF-7 is
// not an error here: some servers send raw UTF-8 or 8-bit names. The display name is then the wire name as
// sent (decoded as UTF-8), so the mailbox stays listed and usable, and the session can still address it by
// wireName, which is always exactly what the server sent.

import { tryDecodeModifiedUtf7 } from '../../utf7.ts';
import type { ParseOptions } from '../response.ts';
import type { Reader } from '../reader.ts';

export interface DecodedMailbox {
  readonly name: string;
  readonly wireName: string;
}

export function readMailbox(
  reader: Reader,
  options: ParseOptions | undefined,
  what = 'mailbox',
): DecodedMailbox {
  const wireName = reader.spanString(reader.mailboxToken(what));
  return decodeMailbox(wireName, options);
}

export function decodeMailbox(wireName: string, options: ParseOptions | undefined): DecodedMailbox {
  // RFC 9051 5.1: "INBOX" is case-insensitive; any spelling names the same mailbox.
  if (wireName.length === 5 && wireName.toUpperCase() === 'INBOX')
    return { name: 'INBOX', wireName: 'INBOX' };
  if (options?.utf8Accept === true) return { name: wireName, wireName };
  return { name: tryDecodeModifiedUtf7(wireName) ?? wireName, wireName };
}
