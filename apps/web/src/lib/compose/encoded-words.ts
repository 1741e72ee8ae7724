// RFC 2047 encoded words for header text that cannot be written as it is: UTF-8, B or Q chosen per word by
// whichever is shorter, each word within the 75 characters of RFC 2047 2, and never a character split across two
// words (RFC 2047 5: "each 'encoded-word' MUST represent an integral number of characters"). Split surrogate
// pairs would be worse: an emoji's code point is always kept in one word.

import { utf8 } from './bytes.ts';

/** RFC 2047 2: an encoded-word may not be more than 75 characters long, including its delimiters. */
export const MAX_ENCODED_WORD = 75;
/**
 * The length we write: short enough that a word still fits a 78-character line after the longest prefix
 * it can follow on a line of its own or the header name's line ("Reply-To: ", ` name="` and a closing quote).
 */
export const ENCODED_WORD_TARGET = 66;
const OVERHEAD = '=?UTF-8?B??='.length;
const MAX_PAYLOAD = ENCODED_WORD_TARGET - OVERHEAD;

/**
 * RFC 2047 5 (3): in a phrase an encoded Q word may contain only letters, digits and "!*+-/=_". Keeping to
 * that set everywhere makes one encoder right for Subject and display names alike.
 */
function qSafe(byte: number): boolean {
  return (
    (byte >= 0x30 && byte <= 0x39) ||
    (byte >= 0x41 && byte <= 0x5a) ||
    (byte >= 0x61 && byte <= 0x7a) ||
    byte === 0x21 ||
    byte === 0x2a ||
    byte === 0x2b ||
    byte === 0x2d ||
    byte === 0x2f
  );
}

function qLength(bytes: Uint8Array): number {
  let n = 0;
  for (const byte of bytes) n += qSafe(byte) || byte === 0x20 ? 1 : 3;
  return n;
}

const base64Length = (bytes: number): number => Math.ceil(bytes / 3) * 4;

function qEncode(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) {
    if (byte === 0x20) out += '_';
    else if (qSafe(byte)) out += String.fromCharCode(byte);
    else out += '=' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

function bEncode(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}

/** The shorter encoding of `bytes` as one word, or null when neither fits in ENCODED_WORD_TARGET. */
function encodeOne(bytes: Uint8Array): string | null {
  const q = qLength(bytes);
  const b = base64Length(bytes.length);
  if (Math.min(q, b) > MAX_PAYLOAD) return null;
  return q <= b ? `=?UTF-8?Q?${qEncode(bytes)}?=` : `=?UTF-8?B?${bEncode(bytes)}?=`;
}

/**
 * `text` as encoded words, in order; decoders join adjacent words and drop the whitespace between them
 * (RFC 2047 6.2), so spaces inside `text` are encoded, never left between words.
 */
export function encodeWords(text: string): string[] {
  const words: string[] = [];
  let chars: string[] = [];
  let current: string | null = null;
  for (const char of text) {
    const candidate = encodeOne(utf8(chars.join('') + char));
    if (candidate !== null) {
      chars.push(char);
      current = candidate;
      continue;
    }
    if (current !== null) words.push(current);
    chars = [char];
    current = encodeOne(utf8(char));
  }
  if (current !== null) words.push(current);
  return words;
}
