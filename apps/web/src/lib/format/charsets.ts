// TextDecoder instances by charset label, shared by the header decoders. Labels come from mail (server-controlled
// strings), so they index a Map, and only labels the WHATWG Encoding Standard knows are cached: the cache cannot
// grow past the standard's ~220 labels.

const decoders = new Map<string, TextDecoder>();

/**
 * Encodings whose decoder must not be shared: Chromium keeps ISO-2022-JP state across non-streamed decode()
 * calls, so a cached decoder damages every Japanese header after the first (see mail/fresh-text-decoder.ts,
 * the worker's side of the same fix).
 */
const STATEFUL_ENCODINGS = new Set(['iso-2022-jp']);

/**
 * A decoder for `label` (case-insensitive, an RFC 2231 language suffix like `utf-8*en` ignored), or null when
 * no browser knows the charset. WHATWG maps legacy labels the way mail needs: `gb2312` reads as GBK, `ascii`
 * and `iso-8859-1` as windows-1252.
 */
export function decoderFor(label: string): TextDecoder | null {
  const key = label.split('*', 1)[0]?.trim().toLowerCase() ?? '';
  const cached = decoders.get(key);
  if (cached) return cached;
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(key);
  } catch {
    return null;
  }
  if (!STATEFUL_ENCODINGS.has(decoder.encoding)) decoders.set(key, decoder);
  return decoder;
}

/** Decodes `bytes` as `label`, falling back to UTF-8 for an unknown charset (invalid bytes become U+FFFD). */
export function decodeBytes(bytes: Uint8Array, label: string): string {
  return (decoderFor(label) ?? (decoderFor('utf-8') as TextDecoder)).decode(bytes);
}
