// Bytes -> strings for the parsers, tuned for the FETCH hot path.
//
// Measured on Node 20: one TextDecoder.decode call costs about 80 ns whatever the length (its SIMD loop is
// cheap, the call is not), while building a short ASCII string by char codes costs about 5 ns per byte. So short
// spans are built in JS, long spans go to TextDecoder, and non-ASCII always goes to TextDecoder. "Short" is at
// most 12 bytes on purpose: from 13 characters on, V8 makes `a + b` a rope (ConsString), and a 30-character
// string built one char at a time would then hold 18 rope nodes, about 600 bytes instead of 48.
//
// Short strings that recur across responses (flags, MIME types, charsets, hosts, mailbox names of addresses,
// part numbers) are interned in a small direct-mapped cache: a 100,000-message listing then shares one copy of
// "example.com" instead of holding 100,000. The cache has a fixed size and overwrites on collision, so a server
// cannot make it grow or degrade into a slow path.

interface Utf8Decoder {
  decode(bytes: Uint8Array): string;
}
type Utf8DecoderConstructor = new (
  label: string,
  options?: { fatal?: boolean; ignoreBOM?: boolean },
) => Utf8Decoder;

// TextDecoder exists in every browser and in Node, but not in the ES2022 lib this package compiles against
// (no DOM types on purpose), so it is looked up on globalThis with a minimal type.
const TextDecoderImpl = (globalThis as unknown as { TextDecoder: Utf8DecoderConstructor }).TextDecoder;
// ignoreBOM: a string the server sends that starts with U+FEFF keeps it (by default TextDecoder drops a leading
// BOM, as for a whole document: a subject or address starting with one came out without it).
const lenientDecoder = new TextDecoderImpl('utf-8', { ignoreBOM: true });

/** Spans at most this long are built by char codes; longer ones by TextDecoder. */
const SHORT_SPAN = 12;

/** Builds a string from ASCII bytes [start, end). The caller guarantees every byte is below 0x80. */
export function asciiString(bytes: Uint8Array, start: number, end: number): string {
  const length = end - start;
  if (length > SHORT_SPAN) return lenientDecoder.decode(bytes.subarray(start, end));
  let out = '';
  for (let i = start; i < end; i++) out += String.fromCharCode(bytes[i] as number);
  return out;
}

/** Decodes UTF-8 bytes [start, end); invalid sequences become U+FFFD (WHATWG decoding). */
export function utf8String(bytes: Uint8Array, start: number, end: number): string {
  if (end - start <= SHORT_SPAN && isAscii(bytes, start, end)) return asciiString(bytes, start, end);
  return lenientDecoder.decode(bytes.subarray(start, end));
}

/**
 * Bytes [start, end) as a string of one char per byte (U+0000-U+00FF), which V8 stores one byte per char: a
 * compact, lossless way to keep raw bytes on the JS heap. binaryStringBytes() gives the bytes back.
 */
export function binaryString(bytes: Uint8Array, start: number, end: number): string {
  if (isAscii(bytes, start, end)) return lenientDecoder.decode(bytes.subarray(start, end));
  let out = '';
  // fromCharCode takes its arguments on the stack: feed it bounded pieces.
  for (let at = start; at < end; at += 4096) {
    out += String.fromCharCode(...bytes.subarray(at, Math.min(at + 4096, end)));
  }
  return out;
}

export function binaryStringBytes(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

function isAscii(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if ((bytes[i] as number) >= 0x80) return false;
  return true;
}

/** Whether [start, end) is well-formed UTF-8 (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF). */
export function isValidUtf8(bytes: Uint8Array, start: number, end: number): boolean {
  let i = start;
  while (i < end) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else {
      return false;
    }
    if (i + need >= end) return false;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k] as number;
      if ((c & 0xc0) !== 0x80) return false;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += need + 1;
  }
  return true;
}

// ---- interning ----

const INTERN_SLOTS = 4096; // power of two
const INTERN_MAX_LENGTH = 40;
const internTable: (string | undefined)[] = new Array<string | undefined>(INTERN_SLOTS).fill(undefined);

/**
 * Returns the string for bytes [start, end), shared with earlier identical spans when the cache still holds
 * one. Only for spans the caller expects to recur; long or non-ASCII spans are decoded without caching.
 */
export function internString(bytes: Uint8Array, start: number, end: number): string {
  return intern(bytes, start, end, 0);
}

/** Like internString, with ASCII letters lower-cased (MIME types, parameter names, encodings). */
export function internLowerCase(bytes: Uint8Array, start: number, end: number): string {
  return intern(bytes, start, end, 0x20);
}

/** `fold` is 0x20 to lower-case ASCII letters, 0 to keep bytes as they are. */
function intern(bytes: Uint8Array, start: number, end: number, fold: number): string {
  const length = end - start;
  if (length > INTERN_MAX_LENGTH)
    return fold ? utf8String(bytes, start, end).toLowerCase() : utf8String(bytes, start, end);
  // FNV-1a over the (folded) bytes; a non-ASCII byte sends the span to the UTF-8 decoder uncached.
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) {
    let b = bytes[i] as number;
    if (b >= 0x80) {
      const decoded = lenientDecoder.decode(bytes.subarray(start, end));
      return fold ? decoded.toLowerCase() : decoded;
    }
    if (b >= 0x41 && b <= 0x5a) b |= fold;
    hash = Math.imul(hash ^ b, 0x01000193);
  }
  const slot = (hash ^ (hash >>> 15)) & (INTERN_SLOTS - 1);
  const cached = internTable[slot];
  if (cached !== undefined && cached.length === length) {
    let k = 0;
    for (; k < length; k++) {
      let b = bytes[start + k] as number;
      if (b >= 0x41 && b <= 0x5a) b |= fold;
      if (cached.charCodeAt(k) !== b) break;
    }
    if (k === length) return cached;
  }
  let fresh = '';
  if (length > SHORT_SPAN) {
    fresh = lenientDecoder.decode(bytes.subarray(start, end));
    if (fold) fresh = fresh.toLowerCase();
  } else {
    for (let i = start; i < end; i++) {
      let b = bytes[i] as number;
      if (b >= 0x41 && b <= 0x5a) b |= fold;
      fresh += String.fromCharCode(b);
    }
  }
  internTable[slot] = fresh;
  return fresh;
}
