// Byte helpers shared by the writer's modules.

const encoder = new TextEncoder();

export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

export function utf8Length(text: string): number {
  let n = 0;
  for (const char of text) {
    const c = char.codePointAt(0) as number;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

export function isAscii(text: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /^[\u0000-\u007F]*$/.test(text);
}

export function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const chunk of chunks) total += chunk.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** Where `needle` (ASCII) first occurs in `haystack`, or -1. */
export function indexOfAscii(haystack: Uint8Array, needle: string): number {
  const first = needle.charCodeAt(0);
  outer: for (let i = haystack.indexOf(first); i >= 0 && i <= haystack.length - needle.length;) {
    for (let j = 1; j < needle.length; j++) {
      if (haystack[i + j] !== needle.charCodeAt(j)) {
        i = haystack.indexOf(first, i + 1);
        continue outer;
      }
    }
    return i;
  }
  return -1;
}

/** Random letters and digits from the platform's CSPRNG (boundaries, Message-IDs). */
export function randomToken(length: number): string {
  const alphabet = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let out = '';
  // 62 does not divide 256: the bias is under 0.4 bits over the whole token, irrelevant for uniqueness.
  for (const byte of bytes) out += alphabet[byte % alphabet.length];
  return out;
}
