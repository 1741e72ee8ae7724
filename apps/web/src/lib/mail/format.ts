// Small presentation helpers shared by the reader components.

import { removeHidden } from '../format/hidden-characters.ts';

/**
 * A file name safe to hand to the browser's download: no path, no leading dots, and none of the characters
 * that change how a name looks (hidden-characters.ts): "invoice\u202Etxt.exe" is saved as "invoicetxt.exe",
 * its real extension last, where the user's file manager shows it.
 */
export function safeFilename(name: string | null, fallback: string): string {
  const cleaned = removeHidden(name ?? '')
    .replace(/[/\\]/g, '_')
    .replace(/^\.+/, '')
    .trim();
  return [...cleaned].slice(0, 200).join('') || fallback;
}

/** The extension a file will be saved with (after the last dot of safeFilename's name), lower-case, or null. */
export function fileExtension(safeName: string): string | null {
  const dot = safeName.lastIndexOf('.');
  if (dot <= 0 || dot === safeName.length - 1) return null;
  return safeName.slice(dot + 1).toLowerCase();
}
