// The text of an HTML part that is not shown as HTML (html-fit.ts said it is too much for the browser): its
// characters, character references decoded, a line break for each block element, nothing of <style>, <script>
// and the like. parse5's tokenizer alone reads it, in one linear pass: no tree is built, so no nesting or
// formatting trick can make it slow. The result is shown as text (TextBody), never as HTML.

import { Tokenizer, TokenizerMode, type TokenHandler } from 'parse5';

/** Elements whose end (and start) is a line break in the text. */
const BLOCKS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'br',
  'dd',
  'div',
  'dl',
  'dt',
  'figcaption',
  'figure',
  'footer',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
]);
/** Elements whose content is not text to read; the tokenizer must be told, as the tree builder would tell it. */
const RAW_TEXT = new Map<string, (typeof TokenizerMode)[keyof typeof TokenizerMode]>([
  ['style', TokenizerMode.RAWTEXT],
  ['script', TokenizerMode.SCRIPT_DATA],
  ['xmp', TokenizerMode.RAWTEXT],
  ['iframe', TokenizerMode.RAWTEXT],
  ['noembed', TokenizerMode.RAWTEXT],
  ['noframes', TokenizerMode.RAWTEXT],
  ['title', TokenizerMode.RCDATA],
  ['textarea', TokenizerMode.RCDATA],
]);
/** Of those, the ones whose text is not shown (a title and a text area's text are). */
const HIDDEN = new Set(['style', 'script', 'xmp', 'iframe', 'noembed', 'noframes', 'title']);

/** The readable text of `html`. */
export function htmlText(html: string): string {
  const pieces: string[] = [];
  let hidden: string | null = null;
  const lineBreak = (): void => {
    if (pieces.length > 0 && pieces[pieces.length - 1] !== '\n') pieces.push('\n');
  };
  const handler: TokenHandler = {
    onStartTag(token) {
      const mode = RAW_TEXT.get(token.tagName);
      if (mode !== undefined && !token.selfClosing) {
        tokenizer.state = mode;
        if (HIDDEN.has(token.tagName)) hidden = token.tagName;
      }
      if (BLOCKS.has(token.tagName)) lineBreak();
    },
    onEndTag(token) {
      if (token.tagName === hidden) hidden = null;
      if (BLOCKS.has(token.tagName)) lineBreak();
    },
    onCharacter(token) {
      if (hidden === null) pieces.push(token.chars);
    },
    onWhitespaceCharacter(token) {
      if (hidden === null && pieces.length > 0 && !/\s$/.test(pieces[pieces.length - 1] ?? ''))
        pieces.push(' ');
      void token;
    },
    onNullCharacter() {},
    onComment() {},
    onDoctype() {},
    onEof() {},
  };
  const tokenizer = new Tokenizer({}, handler);
  tokenizer.write(html, true);
  return pieces
    .join('')
    .replace(/[ \t]+\n/g, '\n')
    .trim();
}
