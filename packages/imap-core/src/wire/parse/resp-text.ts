// resp-text = ["[" resp-text-code "]" SP] [text]   (RFC 9051 7.1; codes from RFC 4315 UIDPLUS, RFC 7162
// CONDSTORE, RFC 5530 response codes). A response code only informs, so an unknown code, or a known one whose
// arguments do not parse, is kept raw as OTHER rather than failing the whole response.

import { ProtocolError } from '../../errors.ts';
import { ATOM, CHAR_CLASS } from '../chars.ts';
import type { ResponseCode, SimpleCodeName } from '../response.ts';
import { CLOSE_BRACKET, CLOSE_PAREN, OPEN_BRACKET, SP, type Reader } from '../reader.ts';
import { readCapabilityList } from './capability.ts';
import { readFlagList } from './flags.ts';
import { utf8String } from '../strings.ts';

export interface RespText {
  readonly code: ResponseCode | null;
  readonly text: string;
}

const SIMPLE_CODES: ReadonlyMap<string, ResponseCode> = new Map(
  (
    [
      'ALERT',
      'ALREADYEXISTS',
      'AUTHENTICATIONFAILED',
      'AUTHORIZATIONFAILED',
      'CANNOT',
      'CLIENTBUG',
      'CLOSED',
      'CONTACTADMIN',
      'CORRUPTION',
      'EXPIRED',
      'EXPUNGEISSUED',
      'HASCHILDREN',
      'INUSE',
      'LIMIT',
      'NOMODSEQ',
      'NONEXISTENT',
      'NOPERM',
      'OVERQUOTA',
      'PARSE',
      'PRIVACYREQUIRED',
      'READ-ONLY',
      'READ-WRITE',
      'SERVERBUG',
      'TRYCREATE',
      'UIDNOTSTICKY',
      'UNAVAILABLE',
      'UNKNOWN-CTE',
      'USEATTR',
    ] satisfies SimpleCodeName[]
  ).map((name) => [name, Object.freeze({ name })]),
);

/**
 * resp-text, up to (not including) the final CRLF. A missing SP after "]" at the end of the line is tolerated,
 * and a "[" that does not open a well-formed code makes the whole rest of the line text.
 */
export function readRespText(reader: Reader): RespText {
  const start = reader.pos;
  if (reader.peek() === OPEN_BRACKET) {
    reader.pos++;
    const code = readResponseCode(reader);
    if (code !== null && reader.accept(CLOSE_BRACKET)) {
      if (reader.atEnd()) return { code, text: '' };
      if (reader.accept(SP)) return { code, text: reader.text() };
    }
    reader.pos = start;
  }
  return { code: null, text: reader.text() };
}

/** resp-text-code, positioned after "[": leaves the reader on the closing "]", or returns null for no atom. */
function readResponseCode(reader: Reader): ResponseCode | null {
  const nameStart = reader.pos;
  const bytes = reader.bytes;
  let nameEnd = nameStart;
  while (nameEnd < reader.end && isCodeNameByte(bytes[nameEnd] as number)) nameEnd++;
  if (nameEnd === nameStart) return null;
  reader.pos = nameEnd;
  const name = reader.upperAscii(nameStart, nameEnd);
  const simple = SIMPLE_CODES.get(name);
  if (simple !== undefined && reader.peek() === CLOSE_BRACKET) return simple;
  const depth = reader.depth;
  try {
    const known = readKnownCode(reader, name);
    if (known !== null && reader.peek() === CLOSE_BRACKET) return known;
  } catch (error) {
    if (!(error instanceof ProtocolError)) throw error;
    reader.depth = depth; // the failed attempt may have stopped inside a list
  }
  // Unknown, or known but malformed: keep the atom and the raw text up to "]".
  reader.pos = nameEnd;
  let raw: string | null = null;
  if (reader.accept(SP)) {
    const start = reader.pos;
    let close = start;
    while (close < reader.end && bytes[close] !== CLOSE_BRACKET && bytes[close] !== 0x0d) close++;
    reader.pos = close;
    raw = utf8String(bytes, start, close);
  }
  return { name: 'OTHER', atom: name, raw };
}

/** ATOM-CHAR except "[" (which an atom may hold but a code name never does). */
function isCodeNameByte(c: number): boolean {
  return ((CHAR_CLASS[c] as number) & ATOM) !== 0 && c !== OPEN_BRACKET;
}

function readKnownCode(reader: Reader, name: string): ResponseCode | null {
  switch (name) {
    case 'CAPABILITY':
      reader.sp();
      return { name, capabilities: readCapabilityList(reader) };
    case 'PERMANENTFLAGS':
      reader.sp();
      return { name, flags: readFlagList(reader, 'PERMANENTFLAGS flag-list') };
    case 'UIDNEXT':
    case 'UIDVALIDITY':
    case 'UNSEEN':
      reader.sp();
      return { name, value: reader.nzNumber(name) };
    case 'HIGHESTMODSEQ':
      reader.sp();
      return { name, value: reader.number64('mod-sequence-value') };
    case 'BADCHARSET': {
      // "BADCHARSET" [SP "(" charset *(SP charset) ")"]   (RFC 9051 7.1)
      const charsets: string[] = [];
      if (reader.accept(SP)) {
        reader.open("'(' of BADCHARSET list");
        for (;;) {
          charsets.push(reader.astring('charset'));
          if (reader.accept(CLOSE_PAREN)) break;
          reader.sp();
        }
        reader.depth--;
      }
      return { name, charsets };
    }
    case 'APPENDUID': {
      // "APPENDUID" SP nz-number SP append-uid (RFC 4315; a uid-set after MULTIAPPEND)
      reader.sp();
      const uidValidity = reader.nzNumber('uidvalidity');
      reader.sp();
      return { name, uidValidity, uids: reader.sequenceSet(false, 'uid-set') };
    }
    case 'COPYUID': {
      // "COPYUID" SP nz-number SP uid-set SP uid-set (RFC 4315)
      reader.sp();
      const uidValidity = reader.nzNumber('uidvalidity');
      reader.sp();
      const source = reader.sequenceSet(false, 'uid-set');
      reader.sp();
      return { name, uidValidity, source, destination: reader.sequenceSet(false, 'uid-set') };
    }
    case 'MODIFIED':
      // "MODIFIED" SP sequence-set (RFC 7162 3.1.3)
      reader.sp();
      return { name, set: reader.sequenceSet(false) };
    default:
      return null;
  }
}
