// message-data =/ nz-number SP "FETCH" SP msg-att                            (RFC 9051 7.5.2)
// msg-att = "(" (msg-att-dynamic / msg-att-static) *(SP (msg-att-dynamic / msg-att-static)) ")"
// msg-att-dynamic = "FLAGS" SP "(" [flag-fetch *(SP flag-fetch)] ")"
// msg-att-static  = "ENVELOPE" SP envelope / "INTERNALDATE" SP date-time / "RFC822.SIZE" SP number64
//                 / "BODY" ["STRUCTURE"] SP body / "BODY" section ["<" number ">"] SP nstring
//                 / "BINARY" section-binary ["<" number ">"] SP (nstring / literal8)     (RFC 3516)
//                 / "BINARY.SIZE" section-binary SP number / "UID" SP uniqueid
//                 / "MODSEQ" SP "(" permsg-modseq ")"                                    (RFC 7162 3.1.4.1)
//                 / "RFC822" / "RFC822.HEADER" / "RFC822.TEXT" SP nstring               (RFC 3501)
// Any other item (X-GM-LABELS, EMAILID, PREVIEW, ...) is kept raw in `unknown`, never fatal.

import { asSeqNum, asUid, type SeqNum, type Uid } from '../../types.ts';
import type { FetchAttributes, FetchedSection } from '../response.ts';
import {
  CLOSE_BRACKET,
  CLOSE_PAREN,
  DQUOTE,
  OPEN_BRACKET,
  OPEN_PAREN,
  SP,
  StringForm,
  type Reader,
} from '../reader.ts';
import { asciiString } from '../strings.ts';
import { readDateTime, usualDateTimeAt } from './date-time.ts';
import { readEnvelope } from './envelope.ts';
import { readFlagList } from './flags.ts';
import { readBodyStructure } from './body-structure.ts';

type MutableAttributes = { -readonly [K in keyof FetchAttributes]: FetchAttributes[K] };

/**
 * Instances of a class rather than `{}` literals: V8 sizes a class's instances to the properties they end up with
 * (slack tracking), so the usual items sit inside the object instead of in a separate property array.
 */
class MessageAttributes {}

const LESS_THAN = 0x3c;
const GREATER_THAN = 0x3e;

/** An empty msg-att to read into. */
export function newMessageAttributes(): FetchAttributes {
  return new MessageAttributes();
}

const MAX_UINT32 = 0xffff_ffff;
/** ` FETCH (UID ` and ` INTERNALDATE ` as bytes. */
const FETCH_UID = Uint8Array.from(' FETCH (UID ', (c) => c.charCodeAt(0));
const SP_INTERNALDATE_SP = Uint8Array.from(' INTERNALDATE ', (c) => c.charCodeAt(0));

/**
 * `* n FETCH (UID u INTERNALDATE "dd-Mon-yyyy hh:mm:ss +zzzz")` CRLF, the answer to `UID FETCH 1:*
 * (INTERNALDATE)` that orders a folder without SORT 100,000 times over, read in one pass over its bytes with
 * no Reader: the general path cost three times as much per line. Null for any other response, in any way
 * (lower-case names, another item, another order, a literal, a one-digit day without its space, a number out
 * of range): the general parser then reads it, and names what is wrong. What this reads, the general parser
 * reads to the same value.
 */
export function readUidDateFetch(
  bytes: Uint8Array,
): { readonly kind: 'fetch'; readonly seq: SeqNum; readonly attributes: FetchAttributes } | null {
  const end = bytes.length - 2;
  if (end < 0 || bytes[end] !== 0x0d || bytes[end + 1] !== 0x0a || bytes[0] !== 0x2a || bytes[1] !== SP)
    return null;
  let p = 2;
  const seq = digitsAt(bytes, p, end);
  if (seq <= 0) return null;
  p = numberEnd;
  if (!matchesAt(bytes, p, FETCH_UID)) return null;
  p += FETCH_UID.length;
  const uid = digitsAt(bytes, p, end);
  if (uid <= 0) return null;
  p = numberEnd;
  if (!matchesAt(bytes, p, SP_INTERNALDATE_SP)) return null;
  p += SP_INTERNALDATE_SP.length;
  const date = usualDateTimeAt(bytes, p, end);
  if (Number.isNaN(date) || p + 29 !== end || bytes[p + 28] !== CLOSE_PAREN) return null;
  const attributes = new MessageAttributes() as MutableAttributes;
  attributes.uid = asUid(uid);
  attributes.internalDate = date;
  return { kind: 'fetch', seq: asSeqNum(seq), attributes };
}

/** Where the digits digitsAt read last ended (a module variable, not a returned pair: no allocation). */
let numberEnd = 0;

/** number (RFC 9051 9) at bytes[p], below 2^32; -1 when there is none, or it is too large. */
function digitsAt(bytes: Uint8Array, p: number, end: number): number {
  let value = 0;
  let i = p;
  for (; i < end; i++) {
    const d = (bytes[i] as number) - 0x30;
    if (d < 0 || d > 9) break;
    value = value * 10 + d;
    if (value > MAX_UINT32) return -1;
  }
  numberEnd = i;
  return i === p ? -1 : value;
}

function matchesAt(bytes: Uint8Array, p: number, expected: Uint8Array): boolean {
  if (p + expected.length > bytes.length) return false;
  for (let k = 0; k < expected.length; k++) if (bytes[p + k] !== expected[k]) return false;
  return true;
}

/**
 * msg-att, positioned on its "(", read into `into`: when an item fails to parse, the items read before it
 * (the UID, which servers send first) are still there for the caller.
 */
export function readMessageAttributes(
  reader: Reader,
  into: FetchAttributes = newMessageAttributes(),
): FetchAttributes {
  const attributes = into as MutableAttributes;
  reader.open("'(' of msg-att");
  // "()" is not in the grammar but is harmless; read as no items.
  if (reader.accept(CLOSE_PAREN)) {
    reader.depth--;
    return attributes;
  }
  for (;;) {
    readItem(reader, attributes);
    if (reader.accept(CLOSE_PAREN)) break;
    reader.sp("SP or ')' between msg-att items");
  }
  reader.depth--;
  return attributes;
}

function readItem(reader: Reader, attributes: MutableAttributes): void {
  const bytes = reader.bytes;
  const start = reader.pos;
  // An item name is atom characters up to "[", "<" or SP.
  let end = start;
  while (end < reader.end) {
    const c = bytes[end] as number;
    if (
      c <= SP ||
      c === OPEN_BRACKET ||
      c === LESS_THAN ||
      c === OPEN_PAREN ||
      c === CLOSE_PAREN ||
      c >= 0x7f
    )
      break;
    end++;
  }
  if (end === start) reader.fail('msg-att item name');
  reader.pos = end;
  const first = (bytes[start] as number) & 0xdf;
  const hasSection = bytes[end] === OPEN_BRACKET;

  if (!hasSection) {
    // Dispatch on the first letter, then confirm the whole keyword.
    switch (first) {
      case 0x55: // U
        if (reader.isKeyword(start, end, 'UID')) {
          reader.sp('SP after UID');
          attributes.uid = asUid(reader.nzNumber('uniqueid')) satisfies Uid;
          return;
        }
        break;
      case 0x46: // F
        if (reader.isKeyword(start, end, 'FLAGS')) {
          reader.sp('SP after FLAGS');
          attributes.flags = readFlagList(reader, 'FLAGS flag-list');
          return;
        }
        break;
      case 0x49: // I
        if (reader.isKeyword(start, end, 'INTERNALDATE')) {
          reader.sp('SP after INTERNALDATE');
          attributes.internalDate = readDateTime(reader);
          return;
        }
        break;
      case 0x52: // R
        if (reader.isKeyword(start, end, 'RFC822.SIZE')) {
          reader.sp('SP after RFC822.SIZE');
          attributes.rfc822Size = reader.number64AsNumber('RFC822.SIZE');
          return;
        }
        if (reader.isKeyword(start, end, 'RFC822')) return readLegacySection(reader, attributes, '');
        if (reader.isKeyword(start, end, 'RFC822.HEADER'))
          return readLegacySection(reader, attributes, 'HEADER');
        if (reader.isKeyword(start, end, 'RFC822.TEXT')) return readLegacySection(reader, attributes, 'TEXT');
        break;
      case 0x45: // E
        if (reader.isKeyword(start, end, 'ENVELOPE')) {
          reader.sp('SP after ENVELOPE');
          attributes.envelope = readEnvelope(reader);
          return;
        }
        break;
      case 0x42: // B
        if (reader.isKeyword(start, end, 'BODYSTRUCTURE') || reader.isKeyword(start, end, 'BODY')) {
          reader.sp('SP after BODYSTRUCTURE');
          attributes.bodyStructure = readBodyStructure(reader);
          return;
        }
        break;
      case 0x4d: // M
        if (reader.isKeyword(start, end, 'MODSEQ')) {
          reader.sp('SP after MODSEQ');
          reader.open("'(' of permsg-modseq");
          attributes.modseq = reader.number64('mod-sequence-value');
          reader.close("')' of permsg-modseq");
          return;
        }
        break;
    }
  } else if (first === 0x42 /* B */) {
    if (reader.isKeyword(start, end, 'BODY')) return readSection(reader, attributes, 'BODY');
    if (reader.isKeyword(start, end, 'BINARY')) return readSection(reader, attributes, 'BINARY');
    if (reader.isKeyword(start, end, 'BINARY.SIZE')) {
      const section = readSectionSpec(reader);
      reader.sp('SP after BINARY.SIZE[...]');
      const sizes = (attributes.binarySizes ?? new Map<string, number>()) as Map<string, number>;
      sizes.set(section, reader.number('BINARY.SIZE'));
      attributes.binarySizes = sizes;
      return;
    }
  }
  readUnknownItem(reader, attributes, start);
}

/** BODY section ["<" number ">"] SP nstring, or BINARY section-binary ["<" number ">"] SP (nstring / literal8). */
function readSection(reader: Reader, attributes: MutableAttributes, item: 'BODY' | 'BINARY'): void {
  const section = readSectionSpec(reader);
  let origin: number | undefined;
  if (reader.accept(LESS_THAN)) {
    origin = reader.number('origin octet');
    reader.expect(GREATER_THAN, "'>' after origin octet");
  }
  reader.sp(`SP after ${item}[${section}]`);
  let data: Uint8Array | null;
  if (item === 'BINARY' && reader.peek() === 0x7e) {
    reader.literalOrLiteral8('BINARY data');
    data = reader.bytes.slice(reader.spanStart, reader.spanEnd);
  } else {
    const form = reader.stringToken(`${item}[] data`, true);
    data = form === StringForm.Nil ? null : reader.spanBytes(form);
  }
  const fetched: FetchedSection =
    origin === undefined ? { item, section, data } : { item, section, origin, data };
  addSection(attributes, fetched);
}

/** RFC822 / RFC822.HEADER / RFC822.TEXT (RFC 3501): the same data as BODY[] / BODY[HEADER] / BODY[TEXT]. */
function readLegacySection(reader: Reader, attributes: MutableAttributes, section: string): void {
  reader.sp('SP after RFC822 item');
  const form = reader.stringToken('RFC822 data', true);
  const fetched: FetchedSection = {
    item: 'BODY',
    section,
    data: form === StringForm.Nil ? null : reader.spanBytes(form),
  };
  addSection(attributes, fetched);
}

function addSection(attributes: MutableAttributes, fetched: FetchedSection): void {
  // The array is ours until the response is handed out: append in place (a hostile server may send thousands).
  const sections = attributes.sections as FetchedSection[] | undefined;
  if (sections === undefined) attributes.sections = [fetched];
  else sections.push(fetched);
}

/**
 * "[" section-spec "]", returned upper-cased without the brackets ('', '1.2', 'HEADER.FIELDS (SUBJECT FROM)').
 * Header names in the spec may be quoted strings holding "]", so quotes are skipped, not searched.
 */
function readSectionSpec(reader: Reader): string {
  reader.expect(OPEN_BRACKET, "'[' of section");
  const bytes = reader.bytes;
  const start = reader.pos;
  let i = start;
  for (; i < reader.end; i++) {
    const c = bytes[i] as number;
    if (c === CLOSE_BRACKET) break;
    if (c === 0x0d || c >= 0x80) reader.fail("']' of section", i);
    if (c === DQUOTE) {
      for (i++; i < reader.end && bytes[i] !== DQUOTE; i++) {
        if (bytes[i] === 0x5c) i++;
        if (bytes[i] === 0x0d) reader.fail('closing DQUOTE in section', i);
      }
    }
  }
  if (i >= reader.end) reader.fail("']' of section", i);
  reader.pos = i + 1;
  return asciiString(bytes, start, i).toUpperCase();
}

/** Any other item: name (with its [section] and <origin> if present) -> raw bytes of its value. */
function readUnknownItem(reader: Reader, attributes: MutableAttributes, start: number): void {
  const bytes = reader.bytes;
  if (reader.peek() === OPEN_BRACKET) readSectionSpec(reader);
  if (reader.accept(LESS_THAN)) {
    reader.number('origin octet');
    reader.expect(GREATER_THAN, "'>' after origin octet");
  }
  const name = reader.upperAscii(start, reader.pos);
  reader.sp(`SP after ${name}`);
  const valueStart = reader.pos;
  reader.skipValue(`${name} value`);
  const unknown = (attributes.unknown ?? new Map<string, Uint8Array>()) as Map<string, Uint8Array>;
  unknown.set(name, bytes.slice(valueStart, reader.pos));
  attributes.unknown = unknown;
}
