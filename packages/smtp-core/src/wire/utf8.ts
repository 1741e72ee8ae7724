// UTF-8 both ways. TextEncoder and TextDecoder exist in every browser and in Node, but not in the ES2022 lib
// this package compiles against (no DOM types on purpose), so they are looked up on globalThis.

interface Codecs {
  TextEncoder: new () => { encode(text: string): Uint8Array };
  TextDecoder: new (label: string) => { decode(bytes: Uint8Array): string };
}

const codecs = globalThis as unknown as Codecs;
const encoder = new codecs.TextEncoder();
/** Lenient: invalid sequences become U+FFFD (WHATWG decoding), so a server's stray byte cannot throw. */
const decoder = new codecs.TextDecoder('utf-8');

export function utf8Encode(text: string): Uint8Array {
  return encoder.encode(text);
}

export function utf8Decode(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

export function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x80) return false;
  return true;
}
