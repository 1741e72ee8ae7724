// A grammar cursor over one framed response (RFC 9051 9, Formal Syntax). Methods are named after the ABNF rules
// they read and either return the value or throw ProtocolError(PARSE) naming what was expected and the byte
// offset. There is no token tree: each parser asks for exactly the rule that comes next.
//
// Literals are read in place: the framer leaves "{n}\r\n" plus the n data bytes inside Frame.bytes, so literal()
// only has to re-read the announcement and step over the data (re-checking n against the bytes really present,
// which costs nothing and keeps the reader safe on frames that did not come from the framer).

import { ErrorCodes, ProtocolError } from '../errors.ts';
import type { NumberRange } from '../types.ts';
import { DEFAULT_FRAME_LIMITS, MAX_NESTING_DEPTH } from './limits.ts';
import { asciiString, internLowerCase, internString, utf8String } from './strings.ts';

import {
  ASTRING,
  ATOM,
  BACKSLASH,
  CHAR_CLASS,
  CLOSE_BRACE,
  CLOSE_BRACKET,
  CLOSE_PAREN,
  COLON,
  COMMA,
  CR,
  DQUOTE,
  LF,
  LIST,
  OPEN_BRACE,
  OPEN_BRACKET,
  OPEN_PAREN,
  PLUS,
  QUOTED_STOP,
  SP,
  STAR,
  TAG,
  TILDE,
} from './chars.ts';

export { BACKSLASH, CLOSE_BRACKET, CLOSE_PAREN, DQUOTE, OPEN_BRACKET, OPEN_PAREN, SP };

const MAX_UINT32 = 0xffff_ffff;

/** How a string token was written; the span is in Reader.spanStart / spanEnd. */
export const StringForm = {
  Nil: 0,
  /** Quoted without escapes, or a literal: the span is the value. */
  Plain: 1,
  /** Quoted with backslash escapes: the span still contains them. */
  Escaped: 2,
} as const;
export type StringForm = (typeof StringForm)[keyof typeof StringForm];

let scratch = new Uint8Array(256);

export class Reader {
  readonly bytes: Uint8Array;
  pos: number;
  /** Offset of the final CRLF: the response's content is bytes[0, end). */
  readonly end: number;
  /** Current nesting depth of parenthesized values, limited to MAX_NESTING_DEPTH. */
  depth = 0;
  /** Result of the last stringToken(): the value's span, and whether it held 8-bit bytes. */
  spanStart = 0;
  spanEnd = 0;
  spanHighBytes = false;

  /** Values read so far (atoms, strings, NILs, lists, ranges), against the response's budget. */
  #items = 0;
  readonly #maxItems: number;

  constructor(bytes: Uint8Array, maxItems: number = DEFAULT_FRAME_LIMITS.maxItems) {
    this.bytes = bytes;
    this.#maxItems = maxItems;
    this.pos = 0;
    const length = bytes.length;
    if (length < 2 || bytes[length - 2] !== CR || bytes[length - 1] !== LF) {
      throw new ProtocolError(ErrorCodes.PARSE, 'expected CRLF at the end of the response', length);
    }
    this.end = length - 2;
  }

  // ---- errors and single bytes ----

  /** Throws ProtocolError(PARSE): "expected <what> at byte <pos>". */
  fail(what: string, at: number = this.pos): never {
    throw new ProtocolError(ErrorCodes.PARSE, `expected ${what}`, at);
  }

  peek(): number {
    return this.pos < this.end ? (this.bytes[this.pos] as number) : -1;
  }

  atEnd(): boolean {
    return this.pos >= this.end;
  }

  /** Consumes `byte` or fails with "expected <what>". */
  expect(byte: number, what: string): void {
    if (this.pos < this.end && this.bytes[this.pos] === byte) this.pos++;
    else this.fail(what);
  }

  /** Consumes `byte` if it is next. */
  accept(byte: number): boolean {
    if (this.pos < this.end && this.bytes[this.pos] === byte) {
      this.pos++;
      return true;
    }
    return false;
  }

  sp(what = 'SP'): void {
    this.expect(SP, what);
  }

  /** The whole response must have been consumed (RFC 9051: every response ends in CRLF). */
  finish(what = 'end of response'): void {
    if (this.pos !== this.end) this.fail(what);
  }

  /**
   * Counts one value against the budget: what a response makes us hold is bounded by how many values it has,
   * not only by its bytes (limits.ts, maxItems).
   */
  #item(): void {
    if (++this.#items > this.#maxItems) {
      throw new ProtocolError(
        ErrorCodes.RESPONSE_TOO_LARGE,
        `response holding more than ${this.#maxItems} values`,
        this.pos,
      );
    }
  }

  // ---- nesting ----

  /** Consumes "(" and counts a nesting level; NESTING_TOO_DEEP past MAX_NESTING_DEPTH. */
  open(what: string): void {
    this.expect(OPEN_PAREN, what);
    this.#item();
    if (++this.depth > MAX_NESTING_DEPTH) {
      throw new ProtocolError(
        ErrorCodes.NESTING_TOO_DEEP,
        `parentheses nested deeper than ${MAX_NESTING_DEPTH} levels`,
        this.pos - 1,
      );
    }
  }

  close(what: string): void {
    this.expect(CLOSE_PAREN, what);
    this.depth--;
  }

  // ---- atoms and keywords ----

  /** Consumes 1*ATOM-CHAR and returns the end offset; the atom is bytes[start, returned). */
  atomSpan(what = 'atom', classMask = ATOM): number {
    const bytes = this.bytes;
    const end = this.end;
    const start = this.pos;
    let i = start;
    while (i < end && ((CHAR_CLASS[bytes[i] as number] as number) & classMask) !== 0) i++;
    if (i === start) this.fail(what);
    this.#item();
    this.pos = i;
    return i;
  }

  /** atom (RFC 9051 9), interned: atoms recur (flags, capabilities, keywords). */
  atom(what = 'atom'): string {
    const start = this.pos;
    return internString(this.bytes, start, this.atomSpan(what));
  }

  /** tag = 1*<any ASTRING-CHAR except "+"> */
  tag(): string {
    const start = this.pos;
    return asciiString(this.bytes, start, this.atomSpan('tag', TAG));
  }

  /** Whether bytes[start, end) equals `keyword` (upper-case ASCII) case-insensitively (RFC 9051 9 note 1). */
  isKeyword(start: number, end: number, keyword: string): boolean {
    if (end - start !== keyword.length) return false;
    const bytes = this.bytes;
    for (let k = 0; k < keyword.length; k++) {
      let b = bytes[start + k] as number;
      if (b >= 0x61 && b <= 0x7a) b -= 0x20;
      if (b !== keyword.charCodeAt(k)) return false;
    }
    return true;
  }

  /** Consumes an atom that must be `keyword` (upper-case ASCII), matched case-insensitively. */
  keyword(keyword: string): void {
    const start = this.pos;
    if (!this.isKeyword(start, this.atomSpan(keyword), keyword)) this.fail(keyword, start);
  }

  /** Upper-cased atom bytes [start, end) as a string (response names, unknown codes). */
  upperAscii(start: number, end: number): string {
    return internString(this.bytes, start, end).toUpperCase();
  }

  /** Consumes NIL if it is next (case-insensitive, not followed by another atom char). */
  nil(): boolean {
    const bytes = this.bytes;
    const p = this.pos;
    if (
      p + 3 <= this.end &&
      ((bytes[p] as number) | 0x20) === 0x6e &&
      ((bytes[p + 1] as number) | 0x20) === 0x69 &&
      ((bytes[p + 2] as number) | 0x20) === 0x6c &&
      (p + 3 === this.end || ((CHAR_CLASS[bytes[p + 3] as number] as number) & ASTRING) === 0)
    ) {
      this.#item();
      this.pos = p + 3;
      return true;
    }
    return false;
  }

  // ---- numbers ----

  /** number = 1*DIGIT, an unsigned 32-bit integer (RFC 9051 9). */
  number(what = 'number'): number {
    return this.#digits(what, MAX_UINT32, '2^32');
  }

  /** nz-number: a number other than 0 (UIDs, sequence numbers, UIDVALIDITY). */
  nzNumber(what = 'nz-number'): number {
    const start = this.pos;
    const value = this.number(what);
    if (value === 0) this.fail(what, start);
    return value;
  }

  /**
   * number64 (RFC 9051 9) as a JS number, for sizes: exact up to 2^53 - 1, which no real size reaches;
   * a larger value is a parse error rather than a silently rounded number.
   */
  number64AsNumber(what = 'number64'): number {
    return this.#digits(what, Number.MAX_SAFE_INTEGER, '2^53');
  }

  /** 1*DIGIT as a number no larger than `max`; `bound` names the limit in the error. */
  #digits(what: string, max: number, bound: string): number {
    const bytes = this.bytes;
    let i = this.pos;
    const start = i;
    let value = 0;
    let c: number;
    while (i < this.end && (c = (bytes[i] as number) - 0x30) >= 0 && c <= 9) {
      value = value * 10 + c;
      i++;
      if (value > max) this.fail(`${what} below ${bound}`, start);
    }
    if (i === start) this.fail(what);
    this.pos = i;
    return value;
  }

  /**
   * number64 as bigint: mod-sequence values (RFC 7162) use the full 63-bit range, beyond 2^53. Values up to
   * 2^64 - 1 are accepted: RFC 4551, which RFC 7162 replaced, allowed 64-bit mod-sequences and older servers
   * still send them.
   */
  number64(what = 'number64'): bigint {
    const bytes = this.bytes;
    const start = this.pos;
    let i = start;
    while (i < this.end && (bytes[i] as number) >= 0x30 && (bytes[i] as number) <= 0x39) i++;
    if (i === start) this.fail(what);
    if (i - start > 20) this.fail(`${what} below 2^64`, start);
    this.pos = i;
    if (i - start <= 15) {
      let small = 0;
      for (let k = start; k < i; k++) small = small * 10 + ((bytes[k] as number) - 0x30);
      return BigInt(small);
    }
    const value = BigInt(asciiString(bytes, start, i));
    if (value > 0xffff_ffff_ffff_ffffn) this.fail(`${what} below 2^64`, start);
    return value;
  }

  // ---- strings ----

  /**
   * Reads a quoted string, a literal, or NIL when `nilAllowed`, and records its span in spanStart/spanEnd.
   * Nothing is decoded here, so callers pick the decoding the field needs (interned, UTF-8, raw bytes).
   */
  stringToken(what: string, nilAllowed: boolean): StringForm {
    const c = this.peek();
    if (c === DQUOTE) return this.#quoted(what);
    if (c === OPEN_BRACE) {
      this.#literal(what, false);
      return StringForm.Plain;
    }
    if (nilAllowed && this.nil()) return StringForm.Nil;
    return this.fail(nilAllowed ? `${what} (quoted, literal or NIL)` : `${what} (quoted or literal)`);
  }

  #quoted(what: string): StringForm {
    this.#item();
    const bytes = this.bytes;
    const end = this.end;
    const start = this.pos + 1;
    let i = start;
    let high = false;
    let escaped = false;
    for (;;) {
      while (i < end && QUOTED_STOP[bytes[i] as number] === 0) i++;
      if (i >= end) this.fail(`closing DQUOTE of ${what}`, i);
      const c = bytes[i] as number;
      if (c === DQUOTE) break;
      if (c === BACKSLASH) {
        const next = bytes[i + 1];
        // RFC 9051 9: only quoted-specials may be escaped.
        if (i + 1 >= end || (next !== DQUOTE && next !== BACKSLASH))
          this.fail(`'"' or '\\' after '\\' in ${what}`, i + 1);
        escaped = true;
        i += 2;
      } else if (c >= 0x80) {
        high = true;
        i++;
      } else {
        this.fail(`closing DQUOTE of ${what}`, i); // CR, LF or NUL inside a quoted string
      }
    }
    this.spanStart = start;
    this.spanEnd = i;
    this.spanHighBytes = high;
    this.pos = i + 1;
    return escaped ? StringForm.Escaped : StringForm.Plain;
  }

  /** literal = "{" number64 ["+"] "}" CRLF *CHAR8 ; literal8 = "~{" number64 "}" CRLF *OCTET (RFC 3516). */
  #literal(what: string, binaryAllowed: boolean): void {
    this.#item();
    const bytes = this.bytes;
    if (this.peek() === TILDE) {
      if (!binaryAllowed) this.fail(what);
      this.pos++;
    }
    this.expect(OPEN_BRACE, `'{' of literal ${what}`);
    const size = this.number64AsNumber('literal size');
    this.accept(PLUS);
    this.expect(CLOSE_BRACE, "'}' of literal");
    if (bytes[this.pos] !== CR || bytes[this.pos + 1] !== LF) this.fail('CRLF after literal size');
    const start = this.pos + 2;
    if (size > this.end - start) this.fail(`${size} literal bytes`, start);
    this.spanStart = start;
    this.spanEnd = start + size;
    this.spanHighBytes = true; // not scanned: decode as UTF-8 in the general way
    this.pos = start + size;
  }

  /** literal8 or literal (BINARY[] data may be either, RFC 3516 / RFC 9051 7.5.2). */
  literalOrLiteral8(what: string): void {
    this.#literal(what, true);
  }

  /** Decodes the span of the last stringToken() as UTF-8 (RFC 9051 allows UTF-8 in quoted and literal). */
  spanString(form: StringForm): string {
    if (form === StringForm.Escaped) return this.#unescaped();
    return this.spanHighBytes
      ? utf8String(this.bytes, this.spanStart, this.spanEnd)
      : asciiString(this.bytes, this.spanStart, this.spanEnd);
  }

  /** Like spanString, interned (values that recur across responses). */
  spanInterned(form: StringForm): string {
    if (form === StringForm.Escaped) return this.#unescaped();
    return internString(this.bytes, this.spanStart, this.spanEnd);
  }

  /** The span's bytes as a copy (never a view: the frame's buffer must not stay alive through the result). */
  spanBytes(form: StringForm): Uint8Array {
    if (form === StringForm.Escaped) {
      const length = this.#unescapeToScratch();
      return scratch.slice(0, length);
    }
    return this.bytes.slice(this.spanStart, this.spanEnd);
  }

  #unescapeToScratch(): number {
    const bytes = this.bytes;
    const length = this.spanEnd - this.spanStart;
    if (scratch.length < length) scratch = new Uint8Array(length * 2);
    let n = 0;
    for (let i = this.spanStart; i < this.spanEnd; i++) {
      let c = bytes[i] as number;
      if (c === BACKSLASH) c = bytes[++i] as number;
      scratch[n++] = c;
    }
    return n;
  }

  #unescaped(): string {
    const length = this.#unescapeToScratch();
    return utf8String(scratch, 0, length);
  }

  /** string = quoted / literal */
  string(what = 'string'): string {
    return this.spanString(this.stringToken(what, false));
  }

  /** nstring = string / nil */
  nstring(what = 'nstring'): string | null {
    const form = this.stringToken(what, true);
    return form === StringForm.Nil ? null : this.spanString(form);
  }

  /** string with ASCII letters lower-cased, interned (MIME types, parameter names, dispositions). */
  stringLowerCase(what = 'string'): string {
    const form = this.stringToken(what, false);
    if (form === StringForm.Escaped) return this.#unescaped().toLowerCase();
    return internLowerCase(this.bytes, this.spanStart, this.spanEnd);
  }

  /** nstring, interned. */
  nstringInterned(what = 'nstring'): string | null {
    const form = this.stringToken(what, true);
    return form === StringForm.Nil ? null : this.spanInterned(form);
  }

  /** astring = 1*ASTRING-CHAR / string */
  astring(what = 'astring'): string {
    const c = this.peek();
    if (c === DQUOTE || c === OPEN_BRACE) return this.string(what);
    const start = this.pos;
    return internString(this.bytes, start, this.atomSpan(what, ASTRING));
  }

  /**
   * The raw bytes of an astring or list-mailbox as it would be decoded (RFC 9051 mailbox / list-mailbox):
   * a quoted or literal string, or 1*list-char (which admits "%", "*" and "]" as LIST responses may echo).
   * Sets spanStart/spanEnd and returns the form.
   */
  mailboxToken(what: string): StringForm {
    const c = this.peek();
    if (c === DQUOTE || c === OPEN_BRACE) return this.stringToken(what, false);
    this.spanStart = this.pos;
    this.spanEnd = this.atomSpan(what, LIST);
    this.spanHighBytes = false;
    return StringForm.Plain;
  }

  /** text = 1*TEXT-CHAR, up to the CR that ends the current line; may be empty where the caller allows. */
  text(): string {
    const bytes = this.bytes;
    const start = this.pos;
    let i = start;
    let high = false;
    while (i < this.end) {
      const c = bytes[i] as number;
      if (c === CR || c === LF) break;
      if (c >= 0x80) high = true;
      i++;
    }
    this.pos = i;
    return high ? utf8String(bytes, start, i) : asciiString(bytes, start, i);
  }

  // ---- sets ----

  /**
   * sequence-set (RFC 9051 9) or uid-set (RFC 4315: no "*"), read as ranges without expanding them.
   * "*" becomes Infinity, as NumberRange documents.
   */
  /**
   * A sequence-set. Each range comes low to high, unless `asWritten`: then `5:3` stays start 5, end 3, for the
   * sets whose order means something (ESORT's ALL lists UIDs in sort order, RFC 5267 3.2).
   */
  sequenceSet(starAllowed: boolean, what = 'sequence-set', asWritten = false): NumberRange[] {
    const ranges: NumberRange[] = [];
    for (;;) {
      const first = this.#seqNumber(starAllowed, what);
      let second = first;
      if (this.accept(COLON)) second = this.#seqNumber(starAllowed, what);
      this.#item();
      ranges.push(
        first <= second || asWritten ? { start: first, end: second } : { start: second, end: first },
      );
      if (!this.accept(COMMA)) return ranges;
    }
  }

  #seqNumber(starAllowed: boolean, what: string): number {
    if (starAllowed && this.accept(STAR)) return Infinity;
    return this.nzNumber(what);
  }

  // ---- generic values ----

  /**
   * Steps over one value of any shape: a parenthesized list (depth-limited), a quoted string, a literal or
   * literal8, or a run of other non-space bytes (atoms, numbers, NIL, flags). Used to keep unknown data raw.
   */
  skipValue(what = 'value'): void {
    const c = this.peek();
    if (c === OPEN_PAREN) {
      this.open(what);
      if (!this.accept(CLOSE_PAREN)) {
        for (;;) {
          this.skipValue(what);
          if (this.accept(CLOSE_PAREN)) break;
          this.sp(`SP or ')' in ${what}`);
        }
      }
      this.depth--;
      return;
    }
    if (c === DQUOTE || c === OPEN_BRACE) {
      this.stringToken(what, false);
      return;
    }
    if (c === TILDE) {
      this.#literal(what, true);
      return;
    }
    const bytes = this.bytes;
    const start = this.pos;
    let i = start;
    while (i < this.end) {
      const b = bytes[i] as number;
      if (b === SP || b === OPEN_PAREN || b === CLOSE_PAREN || b === CR || b === DQUOTE || b === OPEN_BRACE)
        break;
      // A bracketed section may hold spaces: "X-FOO[1 2]" is one value.
      if (b === OPEN_BRACKET) {
        const close = bytes.indexOf(CLOSE_BRACKET, i);
        if (close === -1 || close >= this.end) this.fail("']'", i);
        i = close + 1;
        continue;
      }
      i++;
    }
    if (i === start) this.fail(what);
    this.#item();
    this.pos = i;
  }
}
