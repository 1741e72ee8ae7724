// Modified UTF-7 for mailbox names (RFC 3501 5.1.3, kept by RFC 9051 for servers without UTF8=ACCEPT).
//
// Printable US-ASCII (0x20-0x7e) stands for itself except '&', written '&-'. Everything else is UTF-16 in
// "modified BASE64" (',' instead of '/', no '=' padding) between '&' and '-'. The decoder is strict: the RFC
// forbids alternate forms (encoded printable ASCII, null shifts "-&"), and accepting them would let two different
// wire names decode to the same display name.

import { ErrorCodes, ProtocolError, UsageError } from './errors.ts';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,';

/** Byte value -> 6-bit value, or -1 for a character outside the modified BASE64 alphabet. */
const DECODE_TABLE: Int8Array = (() => {
  const table = new Int8Array(128).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) table[ALPHABET.charCodeAt(i)] = i;
  return table;
})();

const AMPERSAND = 0x26;
const HYPHEN = 0x2d;

const isPrintableAscii = (c: number): boolean => c >= 0x20 && c <= 0x7e;

/**
 * Encodes a mailbox name to modified UTF-7. Throws UsageError(INVALID_ARGUMENT) for a lone UTF-16 surrogate:
 * such a name has no Unicode spelling, so no server could store it faithfully.
 */
export function encodeModifiedUtf7(name: string): string {
  let out = '';
  let i = 0;
  const length = name.length;
  while (i < length) {
    const c = name.charCodeAt(i);
    if (isPrintableAscii(c)) {
      out += c === AMPERSAND ? '&-' : name[i];
      i++;
      continue;
    }
    // A run of characters that need encoding: base64 of their UTF-16BE code units, as one shifted sequence
    // (adjacent shifted sequences would be a forbidden null shift).
    let bits = 0;
    let bitCount = 0;
    out += '&';
    while (i < length) {
      const unit = name.charCodeAt(i);
      if (isPrintableAscii(unit)) break;
      checkSurrogate(name, i, unit);
      bits = ((bits << 16) | unit) & 0xffffff;
      bitCount += 16;
      while (bitCount >= 6) {
        bitCount -= 6;
        out += ALPHABET[(bits >> bitCount) & 0x3f];
      }
      i++;
    }
    if (bitCount > 0) out += ALPHABET[(bits << (6 - bitCount)) & 0x3f];
    out += '-';
  }
  return out;
}

function checkSurrogate(name: string, i: number, unit: number): void {
  if (unit >= 0xd800 && unit <= 0xdbff) {
    const next = name.charCodeAt(i + 1);
    if (next >= 0xdc00 && next <= 0xdfff) return;
  } else if (unit >= 0xdc00 && unit <= 0xdfff) {
    const previous = i > 0 ? name.charCodeAt(i - 1) : 0;
    if (previous >= 0xd800 && previous <= 0xdbff) return;
  } else {
    return;
  }
  throw new UsageError(ErrorCodes.INVALID_ARGUMENT, `mailbox name has a lone UTF-16 surrogate at index ${i}`);
}

/**
 * Decodes a modified UTF-7 mailbox name. Throws ProtocolError(BAD_UTF7) naming the offset of the first problem:
 * a character outside printable ASCII, an unterminated or invalid shifted sequence, leftover non-zero bits,
 * an encoded printable ASCII character, a null shift ("&...-&..."), or an unpaired surrogate.
 */
export function decodeModifiedUtf7(wire: string): string {
  const result = decode(wire);
  if (typeof result === 'string') return result;
  throw new ProtocolError(
    ErrorCodes.BAD_UTF7,
    `invalid modified UTF-7 mailbox name: ${result.reason}`,
    result.at,
  );
}

/** Like decodeModifiedUtf7, but returns null instead of throwing (the parsers' path: a bad name is not fatal). */
export function tryDecodeModifiedUtf7(wire: string): string | null {
  const result = decode(wire);
  return typeof result === 'string' ? result : null;
}

interface DecodeFailure {
  readonly reason: string;
  readonly at: number;
}

function decode(wire: string): string | DecodeFailure {
  // Fast path: most names are plain ASCII without '&'.
  let plain = true;
  for (let i = 0; i < wire.length; i++) {
    const c = wire.charCodeAt(i);
    if (c === AMPERSAND || !isPrintableAscii(c)) {
      plain = false;
      break;
    }
  }
  if (plain) return wire;

  // Decoded pieces are collected and joined once: a string grown one character at a time is a rope in V8, and
  // mailbox names live as long as the folder list.
  const pieces: string[] = [];
  let i = 0;
  let lastShiftEnd = -1;
  while (i < wire.length) {
    const c = wire.charCodeAt(i);
    if (!isPrintableAscii(c)) return { reason: 'character outside printable US-ASCII', at: i };
    if (c !== AMPERSAND) {
      let next = wire.indexOf('&', i);
      if (next === -1) next = wire.length;
      for (let k = i; k < next; k++) {
        if (!isPrintableAscii(wire.charCodeAt(k)))
          return { reason: 'character outside printable US-ASCII', at: k };
      }
      pieces.push(wire.slice(i, next));
      i = next;
      continue;
    }
    if (wire.charCodeAt(i + 1) === HYPHEN) {
      pieces.push('&');
      i += 2;
      continue;
    }
    if (lastShiftEnd === i) return { reason: 'null shift between two encoded sequences', at: i };
    const shifted = decodeShifted(wire, i + 1);
    if (typeof shifted !== 'string') return shifted;
    pieces.push(shifted);
    i = wire.indexOf('-', i + 1) + 1;
    lastShiftEnd = i;
  }
  return pieces.join('');
}

/** Decodes the base64 run starting at `start` up to its '-'; the caller has checked it is not empty. */
function decodeShifted(wire: string, start: number): string | DecodeFailure {
  let bits = 0;
  let bitCount = 0;
  const units: number[] = [];
  let highSurrogate = 0;
  let i = start;
  for (; i < wire.length; i++) {
    const c = wire.charCodeAt(i);
    if (c === HYPHEN) break;
    const value = c < 128 ? (DECODE_TABLE[c] ?? -1) : -1;
    if (value < 0) return { reason: 'character outside modified BASE64', at: i };
    bits = ((bits << 6) | value) & 0xffffff;
    bitCount += 6;
    if (bitCount < 16) continue;
    bitCount -= 16;
    const unit = (bits >> bitCount) & 0xffff;
    if (highSurrogate !== 0) {
      if (unit < 0xdc00 || unit > 0xdfff) return { reason: 'unpaired high surrogate', at: i };
      units.push(highSurrogate, unit);
      highSurrogate = 0;
    } else if (unit >= 0xd800 && unit <= 0xdbff) {
      highSurrogate = unit;
    } else if (unit >= 0xdc00 && unit <= 0xdfff) {
      return { reason: 'unpaired low surrogate', at: i };
    } else if (isPrintableAscii(unit)) {
      return { reason: 'printable US-ASCII must not be encoded', at: i };
    } else {
      units.push(unit);
    }
  }
  if (i >= wire.length) return { reason: "shifted sequence without closing '-'", at: start - 1 };
  if (highSurrogate !== 0) return { reason: 'unpaired high surrogate', at: i };
  // Padding: fewer than 6 leftover bits, all zero (RFC 2152's rule for a complete last 16-bit unit).
  if (bitCount >= 6 || (bits & ((1 << bitCount) - 1)) !== 0) {
    return { reason: 'incomplete or non-zero trailing bits', at: i };
  }
  if (units.length === 0) return { reason: 'empty shifted sequence', at: start - 1 };
  // In slices: one spread of a whole hostile 16 MB name would overflow the argument stack.
  let decoded = '';
  for (let k = 0; k < units.length; k += 4096) decoded += String.fromCharCode(...units.slice(k, k + 4096));
  return decoded;
}
