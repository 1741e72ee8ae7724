// HTML <-> text for the composer: the text alternative of what the rich editor holds, an HTML original quoted
// in a plain-text reply, and plain text shown in the rich editor. HTML is read with DOMParser, whose documents
// are inert (no script runs, nothing loads); text goes into HTML only escaped.

const BLOCKS = new Set([
  'div',
  'section',
  'article',
  'header',
  'footer',
  'table',
  'tr',
  'ul',
  'ol',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'pre',
  'hr',
  'center',
  'address',
]);
const SKIPPED = new Set(['style', 'script', 'head', 'title', 'template', 'noscript']);

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** `html` as the browser serializes it (entities, attribute quotes): what the editor's own output looks like. */
export function normalizeHtml(html: string): string {
  return new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html').body.innerHTML;
}

/** Plain text as HTML paragraphs: one per run of lines, lines kept with <br>. */
export function textToHtml(text: string): string {
  const paragraphs = text.replace(/\r\n?/g, '\n').split(/\n{2,}/);
  return paragraphs.map((p) => `<p>${p.split('\n').map(escapeHtml).join('<br>')}</p>`).join('');
}

/** Plain text where lines starting with '>' are quotes: those become (nested) blockquotes. */
export function quotedTextToHtml(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let html = '';
  let depth = 0;
  let paragraph: string[] = [];
  const flush = (): void => {
    if (paragraph.length > 0) html += `<p>${paragraph.map(escapeHtml).join('<br>')}</p>`;
    paragraph = [];
  };
  for (const line of lines) {
    const marks = /^((?:> ?)*)/.exec(line)?.[1] ?? '';
    const level = (marks.match(/>/g) ?? []).length;
    const content = line.slice(marks.length);
    if (level !== depth) {
      flush();
      html += level > depth ? '<blockquote>'.repeat(level - depth) : '</blockquote>'.repeat(depth - level);
      depth = level;
    }
    if (content === '') flush();
    else paragraph.push(content);
  }
  flush();
  return html + '</blockquote>'.repeat(depth);
}

/**
 * The text of an HTML fragment: blocks on lines of their own, list items with '- ' or their number, quotes
 * with '> ', links followed by their address when it differs from their text, images by their alt text.
 */
export function htmlToText(html: string): string {
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
  const out: string[] = [];
  walk(doc.body, out, '');
  return out
    .join('')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\n+|\n+$/g, '');
}

function walk(node: Node, out: string[], prefix: string): void {
  for (const child of Array.from(node.childNodes)) {
    if (child.nodeType === 3) {
      const text = (child.textContent ?? '').replace(/\s+/g, ' ');
      if (text !== ' ' || !atLineStart(out)) out.push(text);
      continue;
    }
    if (!(child instanceof Element)) continue;
    const tag = child.localName;
    if (SKIPPED.has(tag)) continue;
    if (tag === 'br') {
      out.push(`\n${prefix}`);
    } else if (tag === 'blockquote') {
      const inner: string[] = [];
      walk(child, inner, '');
      const quoted = inner
        .join('')
        .replace(/^\n+|\n+$/g, '')
        .split('\n')
        .map((line) => (line.startsWith('>') ? `>${line}` : line === '' ? '>' : `> ${line}`))
        .join(`\n${prefix}`);
      newline(out, prefix);
      out.push(quoted);
      newline(out, prefix);
    } else if (tag === 'li') {
      newline(out, prefix);
      const parent = child.parentElement;
      const index = parent ? Array.from(parent.children).indexOf(child) + 1 : 1;
      out.push(parent?.localName === 'ol' ? `${index}. ` : '- ');
      walk(child, out, prefix);
    } else if (tag === 'img') {
      const alt = child.getAttribute('alt')?.trim();
      if (alt) out.push(alt);
    } else if (tag === 'a') {
      const before = out.length;
      walk(child, out, prefix);
      const text = out.slice(before).join('').trim();
      const href = child.getAttribute('href') ?? '';
      const shown = href.replace(/^mailto:/i, '');
      if (/^(https?|mailto):/i.test(href) && text !== shown && text !== href) out.push(` <${shown}>`);
    } else if (tag === 'p') {
      // One line per paragraph, an empty paragraph an empty line: what the user typed with Enter.
      newline(out, prefix);
      walk(child, out, prefix);
      out.push(`\n${prefix}`);
    } else if (tag === 'td' || tag === 'th') {
      walk(child, out, prefix);
      out.push(' ');
    } else if (BLOCKS.has(tag) || tag === 'li') {
      newline(out, prefix);
      if (tag === 'hr') out.push('----');
      else walk(child, out, prefix);
      newline(out, prefix);
    } else {
      walk(child, out, prefix);
    }
  }
}

/** Nothing yet on this line but a list item's marker (its first paragraph goes right after it). */
function atLineStart(out: readonly string[]): boolean {
  const last = out.at(-1);
  return last === undefined || last.endsWith('\n') || LIST_MARKER.test(last);
}

const LIST_MARKER = /^(?:- |\d+\. )$/;

function newline(out: string[], prefix: string): void {
  if (!atLineStart(out)) out.push(`\n${prefix}`);
}
