// Small presentation helpers shared by the reader components.

/** A file name safe to hand to the browser's download (no path, no control characters, not empty). */
export function safeFilename(name: string | null, fallback: string): string {
  const cleaned = [...(name ?? '')]
    .filter((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f)
    .join('')
    .replace(/[/\\]/g, '_')
    .replace(/^\.+/, '')
    .trim();
  return cleaned.slice(0, 200) || fallback;
}
