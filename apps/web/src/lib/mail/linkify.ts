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

// Everything here is linear in the text: mail is hostile, and a line of 100,000 letters made the old pattern for
// addresses (`[local]+@…`, retried from every letter) take 20 s on the app's main thread.

/** A URL with a scheme or starting with www.: anchored at its start, so each is matched once. */
const URL_CANDIDATE = /\b(?:https?:\/\/|www\.)[^\s<>"'\u3000-\u303f\uff08\uff09\uff0c\uff1a\uff1b]+/gi;
/** Characters of an address's local part (RFC 5322 atext and dots) and of a domain label. */
const LOCAL = /[a-z0-9.!#$%&'*+/=?^_`{|}~-]/i;
const LABEL = /[a-z0-9-]/i;
const TRAILING = '.,;:!?\'")]}>';

interface Candidate {
  readonly start: number;
  readonly text: string;
}

/** Addresses around each @: the local part back to where the previous match ended, the domain forward. */
function addressCandidates(line: string): Candidate[] {
  const found: Candidate[] = [];
  let floor = 0;
  for (let at = line.indexOf('@'); at >= 0; at = line.indexOf('@', at + 1)) {
    let start = at;
    while (start > floor && LOCAL.test(line[start - 1] ?? '')) start--;
    let end = at + 1;
    let labels = 0;
    let labelStart = end;
    for (;;) {
      while (end < line.length && LABEL.test(line[end] ?? '')) end++;
      if (end === labelStart) break;
      labels++;
      if (line[end] !== '.' || !LABEL.test(line[end + 1] ?? '')) break;
      end++;
      labelStart = end;
    }
    // Scanning back stops here for the next @, so no character is read twice.
    floor = at + 1;
    if (start === at || labels < 2) continue;
    found.push({ start, text: line.slice(start, end) });
    floor = end;
  }
  return found;
}

function trimUrl(candidate: string): string {
  let end = candidate.length;
  while (end > 0 && TRAILING.includes(candidate[end - 1] ?? '')) end--;
  let url = candidate.slice(0, end);
  // Keep closing parentheses that close ones inside the URL (Wikipedia-style links).
  let open = 0;
  for (const c of url) open += c === '(' ? 1 : c === ')' ? -1 : 0;
  while (open > 0 && candidate[url.length] === ')') {
    url += ')';
    open--;
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
  const candidates: Candidate[] = [
    ...[...line.matchAll(URL_CANDIDATE)].map((match) => ({ start: match.index, text: trimUrl(match[0]) })),
    ...addressCandidates(line),
  ].sort((a, b) => a.start - b.start);
  const pieces: TextPiece[] = [];
  let last = 0;
  for (const { start, text } of candidates) {
    if (start < last) continue;
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
