// Labels are IMAP keywords (RFC 9051 2.3.2): the server's keyword is the truth, the label is how it is shown.
// A keyword is an atom: ASCII without spaces or atom-specials. Like Thunderbird (nsMsgTagService::AddTag), a
// label name becomes a keyword by replacing those characters with '_' and writing the rest in modified UTF-7
// (RFC 3501 5.1.3), so "Работа" is "&BCAEMAQxBD4EQgQw-". Thunderbird then lower-cases the key, which breaks the
// base64 of non-ASCII names; we keep the case so that every keyword we make reads back as its label.

import { decodeModifiedUtf7, encodeModifiedUtf7 } from '@webmail/imap-core';
import { t } from '../i18n/i18n.svelte.ts';
import type { MessageKey } from '../i18n/i18n.svelte.ts';

/**
 * RFC 9051 9: atom-specials that modified UTF-7 leaves as they are: SP "(" ")" "{" "%" "*" DQUOTE "\" "]".
 * (Control characters and non-ASCII are shifted into base64 by the encoding.) '\' also keeps a label from
 * becoming a system flag.
 */
const NOT_IN_ATOM = /[ (){%*"\\\]]/g;

/** Thunderbird's five default tags, named by the user's language. */
const THUNDERBIRD_LABELS = new Map<string, MessageKey>([
  ['$label1', 'labels.important'],
  ['$label2', 'labels.work'],
  ['$label3', 'labels.personal'],
  ['$label4', 'labels.todo'],
  ['$label5', 'labels.later'],
]);

/** The keyword for a label name; null when the name is blank or cannot be written (a lone UTF-16 surrogate). */
export function labelToKeyword(name: string): string | null {
  const trimmed = name.trim();
  if (trimmed === '') return null;
  try {
    return encodeModifiedUtf7(trimmed.replace(NOT_IN_ATOM, '_'));
  } catch {
    return null;
  }
}

/** The label a keyword is shown as: Thunderbird's defaults by name, else the decoded keyword with '_' as space. */
export function keywordToLabel(keyword: string): string {
  const known = THUNDERBIRD_LABELS.get(keyword.toLowerCase());
  if (known !== undefined) return t(known);
  let decoded = keyword;
  try {
    decoded = decodeModifiedUtf7(keyword);
  } catch {
    // Not modified UTF-7 ("R&D" from another client): the keyword as it is.
  }
  return decoded.replace(/_/g, ' ');
}

/**
 * Colors for label chips, each dark enough for white text (contrast 4.5:1 or more, WCAG AA). The first five
 * are given to Thunderbird's default tags in their usual hues (red, orange, green, blue, purple).
 */
export const LABEL_PALETTE: readonly string[] = Object.freeze([
  '#b91c1c',
  '#c2410c',
  '#15803d',
  '#1d4ed8',
  '#7e22ce',
  '#0f766e',
  '#a16207',
  '#be185d',
  '#4338ca',
  '#155e75',
  '#4d7c0f',
  '#475569',
]);

/** The same keyword always gets the same color, in every session and on every device. */
export function labelColor(keyword: string): string {
  const lower = keyword.toLowerCase();
  const index = /^\$label[1-5]$/.test(lower) ? Number(lower.slice(6)) - 1 : fnv1a(lower);
  return LABEL_PALETTE[index % LABEL_PALETTE.length] as string;
}

/** FNV-1a, 32 bits: a stable, well-spread hash of the UTF-16 code units. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
