// id-response = "ID" SP id-params-list                                   (RFC 2971 4)
// id-params-list = "(" [string SP nstring *(SP string SP nstring)] ")" / nil
//
// Field names are case-insensitive (RFC 2971 3.3) and are returned lower-cased, so callers look up 'name' and
// 'version'. A trailing space before ")" is tolerated (seen in the wild; imap-codec has the same quirk).

import { CLOSE_PAREN, type Reader } from '../reader.ts';

export function readId(reader: Reader): ReadonlyMap<string, string | null> | null {
  reader.sp();
  if (reader.nil()) return null;
  const params = new Map<string, string | null>();
  reader.open("'(' of id-params-list");
  while (!reader.accept(CLOSE_PAREN)) {
    const field = reader.string('id field').toLowerCase();
    reader.sp();
    params.set(field, reader.nstring('id value'));
    if (reader.accept(CLOSE_PAREN)) break;
    reader.sp("SP or ')' in id-params-list");
  }
  reader.depth--;
  return params;
}
