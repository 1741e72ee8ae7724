// envelope = "(" env-date SP env-subject SP env-from SP env-sender SP env-reply-to SP env-to SP env-cc SP
//            env-bcc SP env-in-reply-to SP env-message-id ")"                 (RFC 9051 7.5.2, 9)
// env-from (and the other address lists) = "(" 1*address ")" / nil
// address = "(" addr-name SP addr-adl SP addr-mailbox SP addr-host ")"
//
// Address lists and addresses are shared between responses through span caches: a listing repeats the same
// senders, and sender / reply-to usually repeat from. Strings are kept as the server sent them (RFC 2047
// encoded words are decoded by the UI), except that a subject or display name which is not valid UTF-8 (raw
// 8-bit GBK, Latin-1) is also kept as bytes (subjectBytes, nameBytes) so it can be re-decoded with the right
// charset. Only such strings cost a byte array: ASCII and UTF-8 names keep nothing extra.

import type { Address, Envelope } from '../../types.ts';
import { CLOSE_PAREN, SP, StringForm, type Reader } from '../reader.ts';
import { isValidUtf8 } from '../strings.ts';
import { SpanCache, exactCopy } from './span-cache.ts';

const NO_ADDRESSES: readonly Address[] = Object.freeze([]);
const addressListCache = new SpanCache<readonly Address[]>(2048);
const addressCache = new SpanCache<Address>(4096);

export function readEnvelope(reader: Reader): Envelope {
  reader.open("'(' of envelope");
  const date = reader.nstring('env-date');
  reader.sp();
  let subject: string | null = null;
  let subjectBytes: Uint8Array | undefined;
  const form = reader.stringToken('env-subject', true);
  if (form !== StringForm.Nil) {
    if (reader.spanHighBytes || form === StringForm.Escaped) {
      const raw = reader.spanBytes(form);
      if (!isValidUtf8(raw, 0, raw.length)) subjectBytes = raw;
    }
    subject = reader.spanString(form);
  }
  reader.sp();
  const fromStart = reader.pos;
  const from = readAddressList(reader);
  const fromEnd = reader.pos;
  reader.sp();
  // RFC 5322 3.6.2 defaults sender and reply-to to from, and servers fill them in (RFC 9051 7.5.2), so they
  // usually repeat from byte for byte: compare once and share the list instead of hashing it again.
  const sender = repeats(reader, fromStart, fromEnd) ? from : readAddressList(reader);
  reader.sp();
  const replyTo = repeats(reader, fromStart, fromEnd) ? from : readAddressList(reader);
  reader.sp();
  const to = readAddressList(reader);
  reader.sp();
  const cc = readAddressList(reader);
  reader.sp();
  const bcc = readAddressList(reader);
  reader.sp();
  const inReplyTo = reader.nstring('env-in-reply-to');
  reader.sp();
  const messageId = reader.nstring('env-message-id');
  reader.close("')' of envelope");
  if (subjectBytes === undefined) {
    return { date, subject, from, sender, replyTo, to, cc, bcc, inReplyTo, messageId };
  }
  return { date, subject, subjectBytes, from, sender, replyTo, to, cc, bcc, inReplyTo, messageId };
}

/** Whether the bytes at the reader repeat bytes[start, end) exactly; if so, steps over them. */
function repeats(reader: Reader, start: number, end: number): boolean {
  const bytes = reader.bytes;
  const at = reader.pos;
  const length = end - start;
  if (length < 4 || at + length > reader.end) return false; // "NIL" is as cheap to read as to compare
  for (let k = 0; k < length; k++) if (bytes[at + k] !== bytes[start + k]) return false;
  reader.pos = at + length;
  return true;
}

/** "(" 1*address ")" / nil. RFC 9051 puts no SP between addresses; some servers do, and it is accepted. */
function readAddressList(reader: Reader): readonly Address[] {
  if (reader.nil()) return NO_ADDRESSES;
  const bytes = reader.bytes;
  const start = reader.pos;
  const cached = addressListCache.lookupBalanced(bytes, start, reader.end);
  const spanEnd = addressListCache.spanEnd;
  if (cached !== undefined) {
    reader.pos = spanEnd;
    return cached;
  }
  reader.open("'(' of address list");
  const list: Address[] = [readAddress(reader)];
  while (!reader.accept(CLOSE_PAREN)) {
    reader.accept(SP);
    list.push(readAddress(reader));
  }
  reader.depth--;
  const frozen = Object.freeze(exactCopy(list));
  if (spanEnd !== -1) addressListCache.store(bytes, start, spanEnd, frozen);
  return frozen;
}

function readAddress(reader: Reader): Address {
  const bytes = reader.bytes;
  const start = reader.pos;
  const cached = addressCache.lookupBalanced(bytes, start, reader.end);
  const spanEnd = addressCache.spanEnd;
  if (cached !== undefined) {
    reader.pos = spanEnd;
    return cached;
  }
  reader.open("'(' of address");
  let name: string | null = null;
  let nameBytes: Uint8Array | undefined;
  const form = reader.stringToken('addr-name', true);
  if (form !== StringForm.Nil) {
    // Unescaping removes only ASCII backslashes, which cannot make invalid UTF-8 valid: check the span as sent.
    if (reader.spanHighBytes && !isValidUtf8(reader.bytes, reader.spanStart, reader.spanEnd)) {
      nameBytes = reader.spanBytes(form);
    }
    name = reader.spanInterned(form);
  }
  reader.sp();
  const adl = reader.nstringInterned('addr-adl');
  reader.sp();
  const mailbox = reader.nstringInterned('addr-mailbox');
  reader.sp();
  const host = reader.nstringInterned('addr-host');
  reader.close("')' of address");
  const address: Address = Object.freeze(
    nameBytes === undefined ? { name, adl, mailbox, host } : { name, nameBytes, adl, mailbox, host },
  );
  if (spanEnd !== -1) addressCache.store(bytes, start, spanEnd, address);
  return address;
}
