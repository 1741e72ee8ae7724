// What the reader shows of a message's body parts: every HTML part sanitized on its own (one sanitizeMailHtml
// call each, never a joined string) for a frame of its own; text as text; an inline message's header as data.
// The composer quotes the same way: one HTML part at a time.

import type { BodyPart } from './body-parts.ts';
import { sanitizeMailHtml, type SanitizedMail, type SanitizeOptions } from './sanitize.ts';

export type ShownPart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'frame'; readonly sanitized: SanitizedMail }
  | Extract<BodyPart, { kind: 'message' | 'html-as-text' }>;

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
  const parts = body.map((part): ShownPart => {
    if (part.kind !== 'html') return part;
    const sanitized = sanitizeMailHtml(part.html, options);
    blockedRemote += sanitized.blockedRemote;
    frames++;
    return { kind: 'frame', sanitized };
  });
  return { parts, blockedRemote, frames };
}
