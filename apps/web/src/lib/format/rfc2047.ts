// RFC 2047 encoded words (`=?charset?B?...?=`, `=?charset?Q?...?=`) in header text, decoded for display.
//
// Lenient where real mail needs it, and the corpus has each case: adjacent words are joined as bytes before
// decoding, so a multi-byte character split across two words (RFC 2047 6.3 forbids it; Outlook does it) comes
// out whole; whitespace between encoded words is dropped (RFC 2047 6.2); lower-case `b`/`q`; words inside quoted
// strings and glued to other text (RFC 2047 5 forbids both; many mailers do it); RFC 2231 language suffixes
// (`=?utf-8*en?Q?...?=`). An unknown charset decodes as UTF-8. Nothing here produces markup: the result is text.

import { decodeBytes } from './charsets.ts';

/** RFC 2047 2: encoded-word = "=?" charset "?" encoding "?" encoded-text "?=". */
const ENCODED_WORD = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;
const ONLY_WHITESPACE = /^[ \t\r\n]*$/;
/** RFC 5322 2.2.3 folding: CRLF followed by whitespace is removed when unfolding. */
const FOLD = /\r?\n(?=[ \t])/g;

interface EncodedRun {
  charset: string;
  chunks: Uint8Array[];
}

/** Decodes every encoded word in `text`; text without any is returned unchanged (after unfolding). */
export function decodeEncodedWords(text: string): string {
  const unfolded = text.includes('\n') ? text.replace(FOLD, '') : text;
  if (!unfolded.includes('=?')) return unfolded;
  let out = '';
  let run: EncodedRun | null = null;
  let last = 0;
  for (const match of unfolded.matchAll(ENCODED_WORD)) {
    const [word, charset = '', encoding = '', payload = ''] = match;
    const between = unfolded.slice(last, match.index);
    const bytes = encoding.toUpperCase() === 'B' ? decodeBase64(payload) : decodeQ(payload);
    if (run !== null && ONLY_WHITESPACE.test(between) && sameCharset(run.charset, charset)) {
      run.chunks.push(bytes);
    } else {
      if (run !== null) out += flush(run);
      // Whitespace between two encoded words is dropped even when their charsets differ (RFC 2047 6.2).
      if (!(run !== null && ONLY_WHITESPACE.test(between))) out += between;
      run = { charset, chunks: [bytes] };
    }
    last = match.index + word.length;
  }
  if (run !== null) out += flush(run);
  return out + unfolded.slice(last);
}

function sameCharset(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function flush(run: EncodedRun): string {
  const total = run.chunks.reduce((n, chunk) => n + chunk.length, 0);
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of run.chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return decodeBytes(bytes, run.charset);
}

/** RFC 2047 4.2: "_" is a space, "=XX" a byte; anything else stands for itself (a stray "=" is kept). */
function decodeQ(payload: string): Uint8Array {
  const bytes = new Uint8Array(payload.length);
  let n = 0;
  for (let i = 0; i < payload.length; i++) {
    const c = payload.charCodeAt(i);
    if (c === 0x5f) bytes[n++] = 0x20;
    else if (c === 0x3d && i + 2 < payload.length && isHex(payload, i + 1) && isHex(payload, i + 2)) {
      bytes[n++] = parseInt(payload.slice(i + 1, i + 3), 16);
      i += 2;
    } else bytes[n++] = c & 0xff;
  }
  return bytes.subarray(0, n);
}

function isHex(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

const BASE64_VALUES = (() => {
  const table = new Int8Array(128).fill(-1);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = i;
  return table;
})();

/** Base64 without the strictness of atob: missing padding and stray characters are tolerated. */
export function decodeBase64(payload: string): Uint8Array {
  const bytes = new Uint8Array(Math.ceil((payload.length * 3) / 4));
  let n = 0;
  let buffer = 0;
  let bits = 0;
  for (let i = 0; i < payload.length; i++) {
    const c = payload.charCodeAt(i);
    if (c === 0x3d) break;
    const value = c < 128 ? (BASE64_VALUES[c] as number) : -1;
    if (value < 0) continue;
    buffer = ((buffer << 6) | value) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[n++] = (buffer >> bits) & 0xff;
    }
  }
  return bytes.subarray(0, n);
}
