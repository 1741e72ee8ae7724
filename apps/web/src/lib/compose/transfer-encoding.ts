// Content-Transfer-Encoding (RFC 2045 6) per part: 7bit when the text already is clean short ASCII lines,
// quoted-printable for mostly-ASCII text, base64 for the rest and for every attachment (byte-exact: no
// reader re-joins its lines). Encoded lines are at most 76 characters (RFC 2045 6.7 (5), 6.8).

/** RFC 2045 6.7 (5) and 6.8: encoded lines are no more than 76 characters. */
export const MAX_ENCODED_LINE = 76;
const BASE64_LINE_BYTES = (MAX_ENCODED_LINE / 4) * 3;
const BASE64_ALPHABET = new TextEncoder().encode(
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/',
);

export type TextTransferEncoding = '7bit' | 'quoted-printable' | 'base64';

/**
 * Base64 in 76-character lines joined by CRLF (no CRLF after the last), written straight into bytes: an
 * attachment of tens of megabytes never becomes a string (btoa and string joins cost seconds there).
 */
export function encodeBase64(bytes: Uint8Array): Uint8Array {
  const chars = Math.ceil(bytes.length / 3) * 4;
  const lines = Math.max(1, Math.ceil(chars / MAX_ENCODED_LINE));
  const out = new Uint8Array(chars + 2 * (lines - 1));
  const table = BASE64_ALPHABET;
  let n = 0;
  for (let start = 0; start < bytes.length; start += BASE64_LINE_BYTES) {
    if (start > 0) {
      out[n++] = 0x0d;
      out[n++] = 0x0a;
    }
    const end = Math.min(start + BASE64_LINE_BYTES, bytes.length);
    let i = start;
    for (; i + 2 < end; i += 3) {
      const triple =
        ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
      out[n++] = table[triple >> 18] as number;
      out[n++] = table[(triple >> 12) & 63] as number;
      out[n++] = table[(triple >> 6) & 63] as number;
      out[n++] = table[triple & 63] as number;
    }
    if (i < end) {
      const first = bytes[i] as number;
      const second = i + 1 < end ? (bytes[i + 1] as number) : 0;
      out[n++] = table[first >> 2] as number;
      out[n++] = table[((first & 3) << 4) | (second >> 4)] as number;
      out[n++] = i + 1 < end ? (table[(second & 15) << 2] as number) : 0x3d;
      out[n++] = 0x3d;
    }
  }
  return out;
}

/** The lines of CRLF text, as byte ranges without their CRLF. */
function lineRanges(bytes: Uint8Array): [number, number][] {
  const ranges: [number, number][] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x0a && i > 0 && bytes[i - 1] === 0x0d) {
      ranges.push([start, i - 1]);
      start = i + 1;
    }
  }
  ranges.push([start, bytes.length]);
  return ranges;
}

const hex = (byte: number): string => '=' + byte.toString(16).toUpperCase().padStart(2, '0');

/**
 * Quoted-printable (RFC 2045 6.7) of CRLF text: line breaks stay real line breaks, other bytes are literal
 * when printable. Also encoded, for transports that mangle them: a line's first "F" of "From " (mbox
 * readers add ">"), a line's leading "." (non-dot-stuffing relays), and whitespace at a line's end (rule 3).
 */
export function encodeQuotedPrintable(bytes: Uint8Array): string {
  const out: string[] = [];
  for (const [start, end] of lineRanges(bytes)) {
    let line = '';
    for (let i = start; i < end; i++) {
      const byte = bytes[i] as number;
      let token: string;
      if (byte === 0x3d || byte < 0x20 || byte > 0x7e)
        token = byte === 0x09 && i < end - 1 ? '\t' : hex(byte);
      else if (byte === 0x20 && i === end - 1) token = '=20';
      else if (i === start && byte === 0x2e) token = '=2E';
      else if (i === start && byte === 0x46 && isFromLine(bytes, i, end)) token = '=46';
      else token = String.fromCharCode(byte);
      // A soft break "=" ends a line that would otherwise pass 76 characters (rule 5).
      if (line.length + token.length > MAX_ENCODED_LINE - 1) {
        out.push(line + '=');
        line = '';
      }
      line += token;
    }
    out.push(line);
  }
  return out.join('\r\n');
}

function isFromLine(bytes: Uint8Array, at: number, end: number): boolean {
  const from = [0x46, 0x72, 0x6f, 0x6d, 0x20];
  return end - at >= from.length && from.every((byte, i) => bytes[at + i] === byte);
}

/** Whether CRLF text can go as it is: ASCII, no bare CR/LF, short lines, nothing a transport would touch. */
function isCleanSevenBit(bytes: Uint8Array): boolean {
  for (const [start, end] of lineRanges(bytes)) {
    if (end - start > MAX_ENCODED_LINE) return false;
    for (let i = start; i < end; i++) {
      const byte = bytes[i] as number;
      if (byte > 0x7e || (byte < 0x20 && byte !== 0x09) || byte === 0x0d) return false;
    }
    if (end > start && (bytes[end - 1] === 0x20 || bytes[end - 1] === 0x09)) return false;
    if (bytes[start] === 0x2e || isFromLine(bytes, start, end)) return false;
  }
  return true;
}

/** The text encoding for a UTF-8 text part: the smaller of QP and base64 when it cannot go as 7bit. */
export function chooseTextEncoding(bytes: Uint8Array): TextTransferEncoding {
  if (isCleanSevenBit(bytes)) return '7bit';
  let escaped = 0;
  for (const byte of bytes) if (byte > 0x7e || byte === 0x3d) escaped++;
  // QP costs about 3 characters per escaped byte, base64 4/3 per byte: QP wins under about one in six.
  return bytes.length + 2 * escaped <= Math.ceil(bytes.length / 3) * 4 ? 'quoted-printable' : 'base64';
}
