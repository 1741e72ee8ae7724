// response = *(continue-req / response-data) response-done        (RFC 9051 7, 9)
// One framed response in, one typed Response out. Each untagged response name dispatches to the parser of its
// grammar in parse/; a name nobody knows becomes { kind: 'unknown' } with the raw bytes, never an error.

import { ProtocolError } from '../errors.ts';
import { asSeqNum } from '../types.ts';
import type { SeqNum } from '../types.ts';
import { PLUS, STAR } from './chars.ts';
import type { Frame } from './framer.ts';
import { Reader } from './reader.ts';
import type { ParseOptions, Response, UntaggedResponse } from './response.ts';
import { readCapabilityData } from './parse/capability.ts';
import { evidenceOf } from './evidence.ts';
import { newMessageAttributes, readMessageAttributes, readUidDateFetch } from './parse/fetch.ts';
import { readFlagList } from './parse/flags.ts';
import { readId } from './parse/id.ts';
import { readMailboxList } from './parse/list.ts';
import { readMetadata } from './parse/metadata.ts';
import { readNamespaceResponse } from './parse/namespace.ts';
import { readRespText } from './parse/resp-text.ts';
import { readEsearch, readSearch } from './parse/search.ts';
import { readStatus } from './parse/status.ts';
import { readVanished } from './parse/vanished.ts';

/**
 * Parses one complete response (as returned by Framer.next()). Throws ProtocolError with code PARSE naming the
 * rule and byte offset ("expected SP after tag at byte 5"), or NESTING_TOO_DEEP.
 */
export function parseResponse(frame: Frame, options?: ParseOptions): Response {
  if (frame.bytes[0] === STAR && frame.literals.length === 0) {
    // The one response a folder's order without SORT streams 100,000 times (parse/fetch.ts).
    const fetched = readUidDateFetch(frame.bytes);
    if (fetched !== null) return fetched;
  }
  return parseByGrammar(frame, options);
}

/** parseResponse without its fast path for FETCH (which tests hold it to). */
export function parseByGrammar(frame: Frame, options?: ParseOptions): Response {
  const reader = new Reader(frame.bytes, options?.maxItems);
  const first = reader.peek();
  if (first === PLUS) {
    // continue-req = "+" SP (resp-text / base64) CRLF. A bare "+" is tolerated (sent by some servers, e.g. old
    // Exchange and Courier, before literal data).
    reader.pos++;
    if (reader.atEnd()) return { kind: 'continuation', code: null, text: '' };
    reader.sp("SP after '+'");
    const { code, text } = readRespText(reader);
    reader.finish();
    return { kind: 'continuation', code, text };
  }
  if (first === STAR) {
    reader.pos++;
    reader.sp("SP after '*'");
    const response = readUntagged(reader, frame, options);
    if (response.kind !== 'fetch' && response.kind !== 'unreadable') reader.finish();
    return response;
  }
  const tag = reader.tag();
  reader.sp('SP after tag');
  const statusStart = reader.pos;
  const statusEnd = reader.atomSpan('OK, NO or BAD');
  const status = statusKeyword(reader, statusStart, statusEnd);
  if (status === null || status === 'PREAUTH' || status === 'BYE')
    return reader.fail('OK, NO or BAD', statusStart);
  const { code, text } = readStatusText(reader);
  reader.finish();
  return { kind: 'tagged', tag, status, code, text };
}

function statusKeyword(
  reader: Reader,
  start: number,
  end: number,
): 'OK' | 'NO' | 'BAD' | 'PREAUTH' | 'BYE' | null {
  if (reader.isKeyword(start, end, 'OK')) return 'OK';
  if (reader.isKeyword(start, end, 'NO')) return 'NO';
  if (reader.isKeyword(start, end, 'BAD')) return 'BAD';
  if (reader.isKeyword(start, end, 'BYE')) return 'BYE';
  if (reader.isKeyword(start, end, 'PREAUTH')) return 'PREAUTH';
  return null;
}

/** SP resp-text after a status keyword; "a1 OK" with nothing after it is tolerated (text ''). */
function readStatusText(reader: Reader): ReturnType<typeof readRespText> {
  if (reader.atEnd()) return { code: null, text: '' };
  reader.sp('SP after status');
  return readRespText(reader);
}

function readUntagged(reader: Reader, frame: Frame, options: ParseOptions | undefined): UntaggedResponse {
  const c = reader.peek();
  if (c >= 0x30 && c <= 0x39) {
    // message-data / mailbox-data with a leading number: EXISTS, RECENT, EXPUNGE, FETCH.
    const number = reader.number();
    reader.sp('SP after number');
    const start = reader.pos;
    const end = reader.atomSpan('EXISTS, RECENT, EXPUNGE or FETCH');
    if (reader.isKeyword(start, end, 'FETCH')) {
      if (number === 0) reader.fail('nz-number before FETCH', 2);
      return readFetch(reader, frame, asSeqNum(number));
    }
    if (reader.isKeyword(start, end, 'EXISTS')) return { kind: 'exists', count: number };
    if (reader.isKeyword(start, end, 'RECENT')) return { kind: 'recent', count: number };
    if (reader.isKeyword(start, end, 'EXPUNGE')) {
      if (number === 0) reader.fail('nz-number before EXPUNGE', 2);
      return { kind: 'expunge', seq: asSeqNum(number) };
    }
    return unknown(reader, frame, start, end);
  }

  const start = reader.pos;
  const end = reader.atomSpan('response name');
  const status = statusKeyword(reader, start, end);
  if (status !== null) {
    const { code, text } = readStatusText(reader);
    return { kind: 'status', status, code, text };
  }
  switch ((reader.bytes[start] as number) & 0xdf) {
    case 0x43: // C
      if (reader.isKeyword(start, end, 'CAPABILITY')) {
        return { kind: 'capability', capabilities: readCapabilityData(reader) };
      }
      break;
    case 0x45: // E
      if (reader.isKeyword(start, end, 'ESEARCH')) return { kind: 'esearch', ...readEsearch(reader) };
      if (reader.isKeyword(start, end, 'ENABLED'))
        return { kind: 'enabled', capabilities: readCapabilityData(reader) };
      break;
    case 0x46: // F
      if (reader.isKeyword(start, end, 'FLAGS')) {
        reader.sp('SP after FLAGS');
        return { kind: 'flags', flags: readFlagList(reader, 'FLAGS flag-list') };
      }
      break;
    case 0x49: // I
      if (reader.isKeyword(start, end, 'ID')) return { kind: 'id', params: readId(reader) };
      break;
    case 0x4c: // L
      if (reader.isKeyword(start, end, 'LIST'))
        return { kind: 'list', mailbox: readMailboxList(reader, options) };
      if (reader.isKeyword(start, end, 'LSUB'))
        return { kind: 'lsub', mailbox: readMailboxList(reader, options) };
      break;
    case 0x4d: // M
      if (reader.isKeyword(start, end, 'METADATA'))
        return { kind: 'metadata', ...readMetadata(reader, options) };
      break;
    case 0x4e: // N
      if (reader.isKeyword(start, end, 'NAMESPACE')) {
        return { kind: 'namespace', ...readNamespaceResponse(reader, options) };
      }
      break;
    case 0x53: // S
      if (reader.isKeyword(start, end, 'SEARCH')) return { kind: 'search', ...readSearch(reader) };
      if (reader.isKeyword(start, end, 'SORT')) return { kind: 'sort', ...readSearch(reader) };
      if (reader.isKeyword(start, end, 'STATUS'))
        return { kind: 'mailbox-status', ...readStatus(reader, options) };
      break;
    case 0x56: // V
      if (reader.isKeyword(start, end, 'VANISHED')) return { kind: 'vanished', ...readVanished(reader) };
      break;
  }
  return unknown(reader, frame, start, end);
}

/**
 * SP msg-att after "* n FETCH". The frame is complete, so a fault inside it is this message's alone: it becomes
 * an 'unreadable' response (with the UID if it came before the fault) instead of an error that would end the
 * session and, with it, every other message of the folder.
 */
function readFetch(reader: Reader, frame: Frame, seq: SeqNum): UntaggedResponse {
  const attributes = newMessageAttributes();
  try {
    reader.sp('SP after FETCH');
    readMessageAttributes(reader, attributes);
    reader.finish();
    return { kind: 'fetch', seq, attributes };
  } catch (error) {
    if (!(error instanceof ProtocolError)) throw error;
    return { kind: 'unreadable', seq, uid: attributes.uid ?? null, error, evidence: evidenceOf(frame.bytes) };
  }
}

/** An untagged response nobody parses: its name upper-cased and all of its bytes (CRLF included), copied. */
function unknown(reader: Reader, frame: Frame, start: number, end: number): UntaggedResponse {
  const name = reader.upperAscii(start, end);
  reader.pos = reader.end;
  return { kind: 'unknown', name, raw: frame.bytes.slice() };
}
