// The text of header fields as foldable pieces: unstructured text (Subject: RFC 5322 3.2.5, words that need it
// as RFC 2047 encoded words) and phrases (display names: plain atoms, a quoted string, or encoded words: never
// an encoded word inside quotes, RFC 2047 5 (3)).

import { isAscii, utf8Length } from './bytes.ts';
import { encodeWords } from './encoded-words.ts';
import { piece, type HeaderPiece } from './header-fold.ts';

/**
 * The longest piece written as it is. Without utf8Headers: 76, so that even a word that stands alone on a
 * folded line keeps it to 78; a longer word (a URL, a Chinese sentence, which has no spaces) goes as encoded
 * words, which fold. With utf8Headers (RFC 6532) raw UTF-8 is the point, so words stay raw up to a length
 * that keeps lines well under 998 octets; past it they are encoded too (RFC 6532 3.6 allows encoded words).
 */
const MAX_RAW_PIECE = { ascii: 76, utf8: 900 } as const;

export interface TextMode {
  /** RFC 6532: raw UTF-8 allowed in header text. */
  readonly utf8: boolean;
}

function rawLimit(mode: TextMode): number {
  return mode.utf8 ? MAX_RAW_PIECE.utf8 : MAX_RAW_PIECE.ascii;
}

/** A word written as it is would read differently or not fit: it must be encoded. */
function needsEncoding(word: string, mode: TextMode): boolean {
  return (!mode.utf8 && !isAscii(word)) || word.includes('=?') || utf8Length(word) > rawLimit(mode);
}

/** Unstructured text (already cleaned to one line of spaces): words raw where possible, runs encoded. */
export function unstructuredPieces(text: string, mode: TextMode): HeaderPiece[] {
  const tokens = text.split(/( +)/).filter((token) => token !== '');
  const pieces: HeaderPiece[] = [];
  let space = ' ';
  for (let i = 0; i < tokens.length;) {
    const token = tokens[i] as string;
    if (token.trim() === '') {
      space = token;
      i++;
      continue;
    }
    if (!needsEncoding(token, mode)) {
      pieces.push(piece(token, space));
      i++;
      continue;
    }
    // A run of words to encode, with the spaces between them inside the encoded text.
    let end = i + 1;
    while (end + 1 < tokens.length && needsEncoding(tokens[end + 1] as string, mode)) end += 2;
    const words = encodeWords(tokens.slice(i, end).join(''));
    words.forEach((word, n) => pieces.push(piece(word, n === 0 ? space : ' ')));
    i = end;
  }
  return pieces;
}

/** RFC 5322 3.2.3 atext, plus UTF8-non-ascii (RFC 6532 3.2) when raw UTF-8 is allowed. */
const ATEXT = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+$/;
const ATEXT_UTF8 = /^(?:[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]|(?![\p{Cc}\p{Z}\p{Cf}])\P{ASCII})+$/u;

/** A display name (cleaned, non-empty) as phrase pieces. */
export function phrasePieces(name: string, mode: TextMode): HeaderPiece[] {
  const limit = rawLimit(mode);
  const representable = mode.utf8 || isAscii(name);
  if (representable && !name.includes('=?')) {
    const words = name.split(/ +/);
    const atom = mode.utf8 ? ATEXT_UTF8 : ATEXT;
    if (words.every((word) => atom.test(word) && utf8Length(word) <= limit)) {
      return words.map((word) => piece(word));
    }
    const quoted = `"${name.replace(/["\\]/g, '\\$&')}"`;
    if (utf8Length(quoted) <= limit) return [piece(quoted)];
  }
  return encodeWords(name).map((word) => piece(word));
}
