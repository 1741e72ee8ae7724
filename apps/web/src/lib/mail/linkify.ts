// Plain-text bodies become text and links, never markup: the component renders each piece as a text node or an
// <a> whose href was built here from an allowed scheme (http, https, mailto). Quote levels ('>' prefixes) are
// grouped so the view can indent them.

export type TextPiece =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'link'; readonly text: string; readonly href: string };

export interface TextBlock {
  /** Number of leading '>' marks. */
  readonly depth: number;
  readonly pieces: readonly TextPiece[];
}

// A URL with a scheme or starting with www., or an e-mail address. Trailing punctuation is trimmed below.
const CANDIDATE =
  /\b(?:https?:\/\/|www\.)[^\s<>"'\u3000-\u303f\uff08\uff09\uff0c\uff1a\uff1b]+|[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+/gi;
const TRAILING = /[.,;:!?'")\]}>]+$/;

function trimUrl(candidate: string): string {
  let url = candidate.replace(TRAILING, '');
  // Keep a closing parenthesis that closes one inside the URL (Wikipedia-style links).
  while (candidate.length > url.length && candidate[url.length] === ')') {
    const opens = url.split('(').length - 1;
    const closes = url.split(')').length - 1;
    if (opens <= closes) break;
    url += ')';
  }
  return url;
}

/** The href for a candidate, or null when it is not a URL we link. */
export function hrefFor(text: string): string | null {
  const isEmail = !/^(?:https?:\/\/|www\.)/i.test(text) && text.includes('@');
  const raw = isEmail ? `mailto:${text}` : /^www\./i.test(text) ? `https://${text}` : text;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol === 'mailto:') return isEmail ? url.href : null;
  if ((url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.includes('.')) return url.href;
  return null;
}

/** Splits one line of text into text and link pieces. */
export function linkify(line: string): TextPiece[] {
  const pieces: TextPiece[] = [];
  let last = 0;
  for (const match of line.matchAll(CANDIDATE)) {
    const start = match.index;
    const text = trimUrl(match[0]);
    const href = text ? hrefFor(text) : null;
    if (href === null) continue;
    if (start > last) pieces.push({ kind: 'text', text: line.slice(last, start) });
    pieces.push({ kind: 'link', text, href });
    last = start + text.length;
  }
  if (last < line.length) pieces.push({ kind: 'text', text: line.slice(last) });
  return pieces;
}

/** Splits a text body into runs of lines with the same quote depth, each linkified. */
export function textBlocks(text: string): TextBlock[] {
  const blocks: { depth: number; lines: string[] }[] = [];
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    const depth = /^(?:> ?)*/.exec(line)?.[0].replace(/ /g, '').length ?? 0;
    const content = depth > 0 ? line.replace(/^(?:> ?)+/, '') : line;
    const previous = blocks[blocks.length - 1];
    if (previous && previous.depth === depth) previous.lines.push(content);
    else blocks.push({ depth, lines: [content] });
  }
  return blocks.map(({ depth, lines }) => ({ depth, pieces: linkify(lines.join('\n')) }));
}
