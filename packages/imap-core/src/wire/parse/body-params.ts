// body-fld-param = "(" string SP string *(SP string SP string) ")" / nil       (RFC 9051 9)
// body-fld-dsp   = "(" string SP body-fld-param ")" / nil
// body-fld-lang  = nstring / "(" string *(SP string) ")"
//
// Attribute names are lower-cased (they are case-insensitive, RFC 2045 5.1); values are kept exactly, including
// RFC 2231 forms ("name*" = "utf-8''%E6%96%87.pdf", "name*0*" / "name*1*" continuations), whose decoding is a
// presentation concern. Parameter lists repeat across messages ("charset" "utf-8"), so they are shared through a
// span cache; the maps are immutable ParamMaps (see param-map.ts for why not Map).

import type { BodyDisposition, BodyParams } from '../../types.ts';
import { CLOSE_PAREN, OPEN_PAREN, type Reader } from '../reader.ts';
import { NO_PARAMS, ParamMap } from './param-map.ts';
import { SpanCache, exactCopy } from './span-cache.ts';

const paramsCache = new SpanCache<BodyParams>(1024);

export function readBodyParams(reader: Reader): BodyParams {
  if (reader.nil()) return NO_PARAMS;
  const bytes = reader.bytes;
  const start = reader.pos;
  const cached = paramsCache.lookupBalanced(bytes, start, reader.end);
  const spanEnd = paramsCache.spanEnd;
  if (cached !== undefined) {
    reader.pos = spanEnd;
    return cached;
  }
  reader.open("'(' of body-fld-param");
  // "()" is not in the grammar but some servers send it for "no parameters": read as NIL.
  if (reader.accept(CLOSE_PAREN)) {
    reader.depth--;
    return NO_PARAMS;
  }
  const pairs: string[] = [];
  for (;;) {
    const attribute = reader.stringLowerCase('body-fld-param attribute');
    reader.sp();
    const value = reader.spanInterned(reader.stringToken('body-fld-param value', false));
    // A repeated attribute keeps its first value, as MIME parsers do.
    if (!hasName(pairs, attribute)) pairs.push(attribute, value);
    if (reader.accept(CLOSE_PAREN)) break;
    reader.sp("SP or ')' in body-fld-param");
  }
  reader.depth--;
  const params = new ParamMap(exactCopy(pairs));
  if (spanEnd !== -1 && reader.pos === spanEnd) paramsCache.store(bytes, start, spanEnd, params);
  return params;
}

function hasName(pairs: readonly string[], name: string): boolean {
  for (let i = 0; i < pairs.length; i += 2) if (pairs[i] === name) return true;
  return false;
}

/** body-fld-dsp; the disposition type lower-cased ('inline', 'attachment'). */
export function readDisposition(reader: Reader): BodyDisposition | null {
  if (reader.nil()) return null;
  reader.open("'(' of body-fld-dsp");
  const type = reader.stringLowerCase('disposition type');
  reader.sp();
  const params = readBodyParams(reader);
  reader.close("')' of body-fld-dsp");
  return { type, params };
}

/** body-fld-lang: a single language becomes a one-element list. */
export function readLanguage(reader: Reader): readonly string[] | null {
  if (reader.peek() !== OPEN_PAREN) {
    const language = reader.nstringInterned('body-fld-lang');
    return language === null ? null : [language];
  }
  reader.open("'(' of body-fld-lang");
  const languages: string[] = [];
  for (;;) {
    languages.push(reader.spanInterned(reader.stringToken('body-fld-lang', false)));
    if (reader.accept(CLOSE_PAREN)) break;
    reader.sp();
  }
  reader.depth--;
  return exactCopy(languages);
}
