// Byte values and character classes of the IMAP grammar (RFC 9051 9, Formal Syntax), shared by the reader and
// the parsers so that each byte is classified by one table lookup.

// Character classes (RFC 9051 9), one table lookup per byte.
export const ATOM = 1; // ATOM-CHAR
export const ASTRING = 2; // ASTRING-CHAR = ATOM-CHAR / resp-specials
export const TAG = 4; // any ASTRING-CHAR except "+"
export const LIST = 8; // list-char = ATOM-CHAR / list-wildcards / resp-specials
export const CHAR_CLASS: Uint8Array = (() => {
  const table = new Uint8Array(256);
  for (let c = 0x21; c <= 0x7e; c++) {
    const special =
      c === 0x28 || c === 0x29 || c === 0x7b || c === 0x25 || c === 0x2a || c === 0x22 || c === 0x5c;
    if (c === 0x5d) table[c] = ASTRING | TAG | LIST;
    else if (c === 0x25 || c === 0x2a) table[c] = LIST;
    else if (!special) table[c] = ATOM | ASTRING | LIST | (c === 0x2b ? 0 : TAG);
  }
  return table;
})();

// Bytes that end the fast scan of a quoted string: NUL, LF, CR, DQUOTE, backslash; and 8-bit bytes (flag 2).
export const QUOTED_STOP: Uint8Array = (() => {
  const table = new Uint8Array(256);
  for (const c of [0x00, 0x0a, 0x0d, 0x22, 0x5c]) table[c] = 1;
  for (let c = 0x80; c < 256; c++) table[c] = 2;
  return table;
})();

export const SP = 0x20;
export const DQUOTE = 0x22;
export const OPEN_PAREN = 0x28;
export const CLOSE_PAREN = 0x29;
export const OPEN_BRACKET = 0x5b;
export const CLOSE_BRACKET = 0x5d;
export const BACKSLASH = 0x5c;
export const CR = 0x0d;
export const LF = 0x0a;
export const OPEN_BRACE = 0x7b;
export const CLOSE_BRACE = 0x7d;
export const TILDE = 0x7e;
export const PLUS = 0x2b;
export const STAR = 0x2a;
export const COLON = 0x3a;
export const COMMA = 0x2c;
