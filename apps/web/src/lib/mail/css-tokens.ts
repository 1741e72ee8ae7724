// A CSS tokenizer that follows CSS Syntax Level 3, section 4 (https://www.w3.org/TR/css-syntax-3/#tokenization)
// closely enough that what it calls a url, a function or an at-keyword is exactly what Chromium will: escapes
// (`u\72l(`, `@\69mport`), comments between tokens and unquoted urls all count. The CSS filter (css-filter.ts)
// works on these tokens and keeps every other byte of the source as it was.

export type CssTokenType =
  | 'whitespace'
  | 'comment'
  | 'string'
  | 'bad-string'
  | 'url'
  | 'bad-url'
  | 'function'
  | 'at-keyword'
  | 'ident'
  | 'hash'
  | 'number'
  | 'delim'
  | '('
  | ')'
  | '['
  | ']'
  | '{'
  | '}'
  | ';'
  | ':'
  | ','
  | 'CDO'
  | 'CDC';

export interface CssToken {
  readonly type: CssTokenType;
  /** Offsets into the preprocessed source (see preprocessCss). */
  readonly start: number;
  readonly end: number;
  /**
   * Unescaped value: the name of an ident, function, at-keyword or hash; the text of a string or url. A number
   * (CSS's number, percentage and dimension tokens) has its source text here.
   */
  readonly value: string;
  /** A number's unit, unescaped ('px', '%'; '' for none), and the number itself. */
  readonly unit?: string;
  readonly amount?: number;
}

/** CSS Syntax 3.3: newlines normalised, NUL replaced. Token offsets refer to this string. */
export function preprocessCss(source: string): string {
  return source.replace(/\r\n?|\f/g, '\n').replace(/\0/g, '\uFFFD');
}

// Character classes by code unit: these run for every character of every style sheet a message has, and a
// regular expression per character made the tokenizer the sanitizer's slowest part (about 0.5 µs a byte).
const isDigitCode = (code: number): boolean => code >= 0x30 && code <= 0x39;
const isNameStartCode = (code: number): boolean =>
  (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || code === 0x5f || code >= 0x80;
const isNameCode = (code: number): boolean => isNameStartCode(code) || isDigitCode(code) || code === 0x2d;
const isHexCode = (code: number): boolean =>
  isDigitCode(code) || (code >= 0x61 && code <= 0x66) || (code >= 0x41 && code <= 0x46);

const isDigit = (c: string | undefined): boolean => c !== undefined && isDigitCode(c.charCodeAt(0));
const isHex = (c: string | undefined): boolean => c !== undefined && isHexCode(c.charCodeAt(0));
const isWhitespace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n';
const isNameStart = (c: string | undefined): boolean => c !== undefined && isNameStartCode(c.charCodeAt(0));
const isName = (c: string | undefined): boolean => c !== undefined && isNameCode(c.charCodeAt(0));
const isNonPrintable = (c: string | undefined): boolean => {
  if (c === undefined) return false;
  const code = c.charCodeAt(0);
  return code <= 0x08 || code === 0x0b || (code >= 0x0e && code <= 0x1f) || code === 0x7f;
};
const validEscape = (a: string | undefined, b: string | undefined): boolean => a === '\\' && b !== '\n';

/** Splits preprocessed CSS into tokens. Never throws: bad input yields bad-string / bad-url / delim tokens. */
export function tokenizeCss(css: string): CssToken[] {
  const tokens: CssToken[] = [];
  let pos = 0;
  const at = (offset = 0): string | undefined => css[pos + offset];

  const startsIdentifier = (a = at(), b = at(1), c = at(2)): boolean => {
    if (a === '-') return isNameStart(b) || b === '-' || validEscape(b, c);
    if (isNameStart(a)) return true;
    return validEscape(a, b);
  };
  const startsNumber = (a = at(), b = at(1), c = at(2)): boolean => {
    if (a === '+' || a === '-') return isDigit(b) || (b === '.' && isDigit(c));
    if (a === '.') return isDigit(b);
    return isDigit(a);
  };

  // 4.3.7: called with pos just after the backslash.
  const consumeEscape = (): string => {
    const c = css[pos];
    if (c === undefined) return '\uFFFD';
    if (isHex(c)) {
      let hex = '';
      while (hex.length < 6 && isHex(css[pos])) hex += css[pos++];
      if (isWhitespace(css[pos])) pos++;
      const code = parseInt(hex, 16);
      return code === 0 || (code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff
        ? '\uFFFD'
        : String.fromCodePoint(code);
    }
    pos++;
    return c;
  };
  const consumeName = (): string => {
    // The common case, a name without escapes, is one slice.
    const start = pos;
    while (pos < css.length && isNameCode(css.charCodeAt(pos))) pos++;
    let name = css.slice(start, pos);
    for (;;) {
      const c = css[pos];
      if (isName(c)) {
        name += c;
        pos++;
      } else if (validEscape(c, css[pos + 1])) {
        pos++;
        name += consumeEscape();
      } else return name;
    }
  };
  const consumeNumber = (): void => {
    if (at() === '+' || at() === '-') pos++;
    while (isDigit(at())) pos++;
    if (at() === '.' && isDigit(at(1))) {
      pos++;
      while (isDigit(at())) pos++;
    }
    if (
      (at() === 'e' || at() === 'E') &&
      (isDigit(at(1)) || ((at(1) === '+' || at(1) === '-') && isDigit(at(2))))
    ) {
      pos += 2;
      while (isDigit(at())) pos++;
    }
  };
  const consumeBadUrlRemnants = (): void => {
    for (;;) {
      const c = css[pos];
      if (c === undefined) return;
      if (c === ')') {
        pos++;
        return;
      }
      if (validEscape(c, css[pos + 1])) {
        pos++;
        consumeEscape();
      } else pos++;
    }
  };
  // 4.3.6: pos just after "url(" and any whitespace.
  const consumeUrl = (start: number): CssToken => {
    let value = '';
    while (isWhitespace(at())) pos++;
    for (;;) {
      const c = css[pos];
      if (c === undefined) return { type: 'url', start, end: pos, value };
      if (c === ')') {
        pos++;
        return { type: 'url', start, end: pos, value };
      }
      if (isWhitespace(c)) {
        while (isWhitespace(at())) pos++;
        if (at() === ')' || at() === undefined) {
          if (at() === ')') pos++;
          return { type: 'url', start, end: pos, value };
        }
        consumeBadUrlRemnants();
        return { type: 'bad-url', start, end: pos, value };
      }
      if (c === '"' || c === "'" || c === '(' || isNonPrintable(c)) {
        consumeBadUrlRemnants();
        return { type: 'bad-url', start, end: pos, value };
      }
      if (c === '\\') {
        if (validEscape(c, css[pos + 1])) {
          pos++;
          value += consumeEscape();
        } else {
          consumeBadUrlRemnants();
          return { type: 'bad-url', start, end: pos, value };
        }
      } else {
        value += c;
        pos++;
      }
    }
  };
  const consumeString = (quote: string, start: number): CssToken => {
    let value = '';
    for (;;) {
      const c = css[pos];
      if (c === undefined) return { type: 'string', start, end: pos, value };
      if (c === quote) {
        pos++;
        return { type: 'string', start, end: pos, value };
      }
      if (c === '\n') return { type: 'bad-string', start, end: pos, value };
      if (c === '\\') {
        if (css[pos + 1] === undefined) pos++;
        else if (css[pos + 1] === '\n') pos += 2;
        else {
          pos++;
          value += consumeEscape();
        }
      } else {
        value += c;
        pos++;
      }
    }
  };
  // 4.3.4
  const consumeIdentLike = (start: number): CssToken => {
    const name = consumeName();
    if (name.toLowerCase() === 'url' && at() === '(') {
      pos++;
      while (isWhitespace(at()) && isWhitespace(at(1))) pos++;
      const next = isWhitespace(at()) ? at(1) : at();
      if (next === '"' || next === "'") return { type: 'function', start, end: pos, value: name };
      return consumeUrl(start);
    }
    if (at() === '(') {
      pos++;
      return { type: 'function', start, end: pos, value: name };
    }
    return { type: 'ident', start, end: pos, value: name };
  };

  const simple = (type: CssTokenType, start: number, length = 1): void => {
    pos += length;
    tokens.push({ type, start, end: pos, value: '' });
  };

  while (pos < css.length) {
    const start = pos;
    const c = css[pos] as string;
    if (c === '/' && at(1) === '*') {
      const close = css.indexOf('*/', pos + 2);
      pos = close < 0 ? css.length : close + 2;
      tokens.push({ type: 'comment', start, end: pos, value: '' });
    } else if (isWhitespace(c)) {
      while (isWhitespace(at())) pos++;
      tokens.push({ type: 'whitespace', start, end: pos, value: '' });
    } else if (c === '"' || c === "'") {
      pos++;
      tokens.push(consumeString(c, start));
    } else if (c === '#' && (isName(at(1)) || validEscape(at(1), at(2)))) {
      pos++;
      const value = consumeName();
      tokens.push({ type: 'hash', start, end: pos, value });
    } else if ('()[]{};:,'.includes(c)) {
      simple(c as CssTokenType, start);
    } else if (c === '<' && css.startsWith('<!--', pos)) {
      simple('CDO', start, 4);
    } else if (c === '-' && css.startsWith('-->', pos)) {
      simple('CDC', start, 3);
    } else if (startsNumber(c, at(1), at(2))) {
      consumeNumber();
      const amount = Number(css.slice(start, pos));
      let unit = '';
      if (startsIdentifier()) unit = consumeName();
      else if (at() === '%') {
        pos++;
        unit = '%';
      }
      tokens.push({ type: 'number', start, end: pos, value: css.slice(start, pos), unit, amount });
    } else if (c === '@' && startsIdentifier(at(1), at(2), at(3))) {
      pos++;
      const value = consumeName();
      tokens.push({ type: 'at-keyword', start, end: pos, value });
    } else if (startsIdentifier(c, at(1), at(2))) {
      tokens.push(consumeIdentLike(start));
    } else {
      simple('delim', start);
    }
  }
  return tokens;
}
