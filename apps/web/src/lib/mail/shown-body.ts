// What the reader shows of a message's body parts: every HTML part sanitized on its own (one sanitizeMailHtml
// call each, never a joined string) for a frame of its own; text as text; an inline message's header as data.
// The composer quotes the same way: one HTML part at a time.
// Text is laid out in the app's own document, and Chromium takes about a second per million characters to lay
// out text: a message shows at most MAX_SHOWN_TEXT_CHARS of text (its parts together), cut at a line break, and
// says so; View source has all of it.

import type { BodyPart } from './body-parts.ts';
import { sanitizeMailHtml, type SanitizedMail, type SanitizeOptions } from './sanitize.ts';

/** Characters of text a message shows at most. */
export const MAX_SHOWN_TEXT_CHARS = 100_000;

export type ShownPart =
  | { readonly kind: 'text'; readonly text: string; readonly truncated: boolean }
  | { readonly kind: 'frame'; readonly sanitized: SanitizedMail }
  | (Extract<BodyPart, { kind: 'html-as-text' }> & { readonly truncated: boolean })
  | Extract<BodyPart, { kind: 'message' }>;

export interface ShownBody {
  readonly parts: readonly ShownPart[];
  /** Remote resources blocked, over all HTML parts. */
  readonly blockedRemote: number;
  /** How many frames the body has (a title says "part 2 of 3" when there is more than one). */
  readonly frames: number;
}

/** Sanitizes each HTML part of `body` on its own. */
export function showBody(body: readonly BodyPart[], options: SanitizeOptions): ShownBody {
  let blockedRemote = 0;
  let frames = 0;
  let textLeft = MAX_SHOWN_TEXT_CHARS;
  // The part where the text is cut says so; parts after it show nothing.
  const cut = (text: string): { text: string; truncated: boolean } => {
    if (textLeft === 0) return { text: '', truncated: false };
    if (text.length <= textLeft) {
      textLeft -= text.length;
      return { text, truncated: false };
    }
    const end = text.lastIndexOf('\n', textLeft);
    const shown = text.slice(0, end > textLeft / 2 ? end : textLeft);
    textLeft = 0;
    return { text: shown, truncated: true };
  };
  const parts = body.map((part): ShownPart => {
    if (part.kind === 'text' || part.kind === 'html-as-text') return { ...part, ...cut(part.text) };
    if (part.kind !== 'html') return part;
    const sanitized = sanitizePart(part.html, options);
    blockedRemote += sanitized.blockedRemote;
    frames++;
    return { kind: 'frame', sanitized };
  });
  return { parts, blockedRemote, frames };
}

/** Parts kept per message (see sanitizePart); a message has a few HTML parts, each under one or two options. */
const KEPT_PER_MESSAGE = 8;

/**
 * Sanitized parts by message: keyed by the message's own map of inline images (one per parsed message, so its
 * entries go when the message does), then by the part's HTML and the options.
 */
const sanitizedParts = new WeakMap<ReadonlyMap<string, string>, Map<string, SanitizedMail>>();

/**
 * sanitizeMailHtml, once per part and options: the composer quoting the message the reader shows gets the
 * reader's result instead of sanitizing it again (34 ms of a reply's 110 to a 100 KB newsletter, bench/compose.ts).
 * Sanitizing is a function of exactly these inputs, so the result is the one a second run would give.
 */
export function sanitizePart(html: string, options: SanitizeOptions): SanitizedMail {
  let parts = sanitizedParts.get(options.inlineImages);
  if (!parts) {
    parts = new Map();
    sanitizedParts.set(options.inlineImages, parts);
  }
  // One copy and one hash of the HTML per call: well under a millisecond for 100 KB, against tens to sanitize.
  const key = `${options.allowRemote ? 'remote' : 'blocked'} ${options.appOrigin}\u0000${html}`;
  const kept = parts.get(key);
  if (kept) return kept;
  const sanitized = Object.freeze(sanitizeMailHtml(html, options));
  if (parts.size >= KEPT_PER_MESSAGE) parts.delete(parts.keys().next().value!);
  parts.set(key, sanitized);
  return sanitized;
}
