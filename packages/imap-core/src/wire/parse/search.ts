// mailbox-data =/ "SEARCH" *(SP nz-number) [SP "(" "MODSEQ" SP mod-sequence-value ")"]   (RFC 3501, RFC 7162 3.1.5)
// sort-data     = "SORT" *(SP nz-number) [SP "(" "MODSEQ" SP mod-sequence-value ")"]     (RFC 5256, RFC 7162)
// esearch-response = "ESEARCH" [search-correlator] [SP "UID"] *(SP search-return-data)   (RFC 4731 3.1,
//                    RFC 9051 7.3.4)
// search-correlator = SP "(" "TAG" SP tag-string ")"
// search-return-data = "MIN" SP nz-number / "MAX" SP nz-number / "ALL" SP sequence-set / "COUNT" SP number
//                    / "MODSEQ" SP mod-sequence-value (RFC 7162) / search-modifier-name SP search-return-value

import type { NumberRange } from '../../types.ts';
import { OPEN_PAREN, SP, type Reader } from '../reader.ts';

export interface SearchData {
  readonly numbers: Uint32Array;
  readonly modseq?: bigint;
}

export interface EsearchData {
  readonly tag: string | null;
  readonly uid: boolean;
  readonly min?: number;
  readonly max?: number;
  readonly count?: number;
  /**
   * ALL as the server wrote it: in its order, and a range `5:3` as start 5, end 3. A search's ALL is a set;
   * a sort's (ESORT, RFC 5267) is a sequence in sort order.
   */
  readonly all?: readonly NumberRange[];
  readonly modseq?: bigint;
}

/** The rest of "* SEARCH ..." or "* SORT ...", positioned after the keyword. */
export function readSearch(reader: Reader): SearchData {
  let numbers = new Uint32Array(16);
  let count = 0;
  let modseq: bigint | undefined;
  while (reader.accept(SP)) {
    const c = reader.peek();
    if (c === -1) break; // "* SEARCH " with a trailing space: Dovecot and others send it for no results
    if (c === OPEN_PAREN) {
      reader.open("'(' of search-sort-mod-seq");
      reader.keyword('MODSEQ');
      reader.sp();
      modseq = reader.number64('mod-sequence-value');
      reader.close("')' of search-sort-mod-seq");
      break;
    }
    if (count === numbers.length) {
      const grown = new Uint32Array(count * 2);
      grown.set(numbers);
      numbers = grown;
    }
    numbers[count++] = reader.nzNumber();
  }
  const exact = numbers.slice(0, count);
  return modseq === undefined ? { numbers: exact } : { numbers: exact, modseq };
}

/** The rest of "* ESEARCH ...", positioned after the keyword. */
export function readEsearch(reader: Reader): EsearchData {
  const result: { -readonly [K in keyof EsearchData]: EsearchData[K] } = { tag: null, uid: false };
  if (reader.pos + 1 < reader.end && reader.bytes[reader.pos + 1] === OPEN_PAREN) {
    reader.sp();
    reader.open("'(' of search-correlator");
    reader.keyword('TAG');
    reader.sp();
    result.tag = reader.astring('tag-string');
    reader.close("')' of search-correlator");
  }
  while (reader.accept(SP)) {
    if (reader.atEnd()) break;
    const start = reader.pos;
    const end = reader.atomSpan('search-return-data');
    if (reader.isKeyword(start, end, 'UID')) {
      result.uid = true;
      continue;
    }
    reader.sp();
    if (reader.isKeyword(start, end, 'MIN')) result.min = reader.nzNumber('MIN');
    else if (reader.isKeyword(start, end, 'MAX')) result.max = reader.nzNumber('MAX');
    else if (reader.isKeyword(start, end, 'COUNT')) result.count = reader.number('COUNT');
    else if (reader.isKeyword(start, end, 'ALL'))
      result.all = reader.sequenceSet(false, 'ALL sequence-set', true);
    else if (reader.isKeyword(start, end, 'MODSEQ')) result.modseq = reader.number64('mod-sequence-value');
    else reader.skipValue('search-return-value'); // e.g. PARTIAL (RFC 9394), kept out of the typed result
  }
  return result;
}
