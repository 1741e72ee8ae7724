// Byte stream -> complete responses. RFC 9051 2.2.2 / 4.3: a response is a line ending in CRLF, except that a line
// ending in a literal announcement "{n}" (or "~{n}" for literal8, RFC 3516 / RFC 9051 4.3.1) is followed by exactly
// n octets of data and then by the rest of the response, which may announce further literals.
//
// The framer knows nothing else of the grammar. It is an explicit state machine (LINE / LITERAL) fed by push() and
// drained by next(), so callers and tests control chunking completely. Every limit is checked before the bytes it
// would cost are stored: a literal's announced size is rejected on the announcing line, an unterminated line as
// soon as it exceeds its limit.

import { ErrorCodes, ProtocolError, UsageError } from '../errors.ts';
import type { ErrorCode } from '../errors.ts';
import { CLOSE_BRACE, CR, LF, OPEN_BRACE, PLUS, TILDE } from './chars.ts';
import { DEFAULT_FRAME_LIMITS, MAX_LITERAL_DIGITS_CAP } from './limits.ts';

export interface FrameLimits {
  /** Longest line (one segment between literals), CRLF excluded. Default 16 MiB. */
  maxLineLength: number;
  /** Largest single literal. Default 64 MiB. */
  maxLiteralSize: number;
  /** Largest whole response: every line and literal of it, CRLFs included. Default 128 MiB. */
  maxResponseSize: number;
  /** Most significant digits in a literal's announced size. Default 10, at most 15. */
  maxLiteralDigits: number;
  /** Most literals in one response. Default 100,000. */
  maxLiterals: number;
  /** Most values in one response, checked by the parser (ParseOptions.maxItems). Default 500,000. */
  maxItems: number;
}

/** Where one literal's data lies inside Frame.bytes. */
export interface LiteralSpan {
  /** Offset of the first data byte (just after the announcing CRLF). */
  readonly start: number;
  /** Number of data bytes. */
  readonly length: number;
  /** Announced as literal8 ("~{n}"): may contain NUL (RFC 3516). */
  readonly binary: boolean;
}

/**
 * One complete response. `bytes` is exactly what the server sent, from the first byte of the response through
 * its final CRLF, literal data included in place: the parser reads literals where they stand, so nothing is
 * copied or re-joined. When the response arrived inside one pushed chunk, `bytes` is a view of that chunk.
 */
export interface Frame {
  readonly bytes: Uint8Array;
  /** The literals in order of appearance; a shared empty array when there are none. */
  readonly literals: readonly LiteralSpan[];
}

const NUL = 0x00;
const MINUS = 0x2d;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;

const NO_LITERALS: readonly LiteralSpan[] = Object.freeze([]);
const EMPTY = new Uint8Array(0);

// Framing states: reading a line up to its CRLF, or waiting for the rest of an announced literal's data.
const State = { Line: 0, Literal: 1 } as const;
type State = (typeof State)[keyof typeof State];

export class Framer {
  readonly #limits: Readonly<FrameLimits>;
  /** Valid bytes are data[start, data.length); data is either a caller's chunk or a view of #store. */
  #data: Uint8Array = EMPTY;
  /** Our own buffer when responses straddle chunks; bytes past data.length are free capacity. */
  #store: Uint8Array | null = null;
  #start = 0;
  // State of the response being assembled, as offsets into #data.
  #state: State = State.Line;
  #lineStart = 0;
  #scanFrom = 0;
  #literalEnd = 0;
  #literals: LiteralSpan[] | null = null;
  /** Offset of the next NUL at or after some earlier line start, or -1 for none left in #data. */
  #nextNul = -2;
  #failure: ProtocolError | null = null;

  /** Limits left out (or undefined) take their defaults; UsageError(INVALID_ARGUMENT) for impossible values. */
  constructor(limits?: Partial<FrameLimits>) {
    const merged: FrameLimits = { ...DEFAULT_FRAME_LIMITS };
    for (const name of Object.keys(DEFAULT_FRAME_LIMITS) as (keyof FrameLimits)[]) {
      const value = limits?.[name] ?? DEFAULT_FRAME_LIMITS[name];
      if (!Number.isSafeInteger(value) || value < 1) {
        throw new UsageError(ErrorCodes.INVALID_ARGUMENT, `${name} must be a positive integer`);
      }
      merged[name] = value;
    }
    if (merged.maxLiteralDigits > MAX_LITERAL_DIGITS_CAP) {
      throw new UsageError(
        ErrorCodes.INVALID_ARGUMENT,
        `maxLiteralDigits must be at most ${MAX_LITERAL_DIGITS_CAP}`,
      );
    }
    this.#limits = Object.freeze(merged);
  }

  /** The limits in force, defaults filled in. */
  get limits(): Readonly<FrameLimits> {
    return this.#limits;
  }

  /** Bytes received but not yet returned in a frame (a partial response included). */
  get bufferedLength(): number {
    return this.#data.length - this.#start;
  }

  /**
   * Removes and returns the bytes buffered after the last complete frame: what followed a COMPRESS OK in the
   * same chunk is deflated and must be inflated before it is framed (RFC 4978 3). Call it only between frames.
   */
  takeBuffered(): Uint8Array {
    const rest = this.#data.slice(this.#start);
    this.#release();
    return rest;
  }

  /**
   * Adds received bytes. The framer may keep a view of `chunk` instead of copying it, so the caller must not
   * modify the chunk afterwards (transports hand over fresh buffers, which is what makes zero-copy safe).
   */
  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    if (this.#start === this.#data.length) {
      // Nothing pending: adopt the chunk as is. Offsets restart at 0.
      this.#data = chunk;
      this.#store = null;
      this.#rebase(this.#start);
      return;
    }
    const pending = this.#data.length - this.#start;
    const needed = pending + chunk.length;
    const store = this.#store;
    const used = this.#data.length;
    if (store !== null && this.#data.buffer === store.buffer && store.length - used >= chunk.length) {
      // Append into free capacity: bytes before `used` may belong to frames already returned and are never
      // written again.
      store.set(chunk, used);
      this.#data = store.subarray(0, used + chunk.length);
      if (this.#nextNul === -1) this.#nextNul = -2; // "no NUL left" no longer holds for the new bytes
      return;
    }
    const grown = new Uint8Array(Math.max(needed, pending * 2, 4096));
    grown.set(this.#data.subarray(this.#start), 0);
    grown.set(chunk, pending);
    const shift = this.#start;
    this.#store = grown;
    this.#data = grown.subarray(0, needed);
    this.#rebase(shift);
  }

  /**
   * Returns the next complete response, or null when more bytes are needed. Throws ProtocolError
   * (LINE_TOO_LONG, LITERAL_TOO_LARGE, RESPONSE_TOO_LARGE, BAD_LITERAL, PARSE) when the stream breaks a limit or
   * the line syntax; the framer then stays failed, since nothing after that point can be framed reliably.
   */
  next(): Frame | null {
    if (this.#failure !== null) throw this.#failure;
    try {
      return this.#advance();
    } catch (error) {
      if (error instanceof ProtocolError) this.#failure = error;
      throw error;
    }
  }

  #advance(): Frame | null {
    const data = this.#data;
    const limits = this.#limits;
    for (;;) {
      if (this.#state === State.Literal) {
        if (data.length < this.#literalEnd) return null;
        this.#state = State.Line;
        this.#lineStart = this.#scanFrom = this.#literalEnd;
        continue;
      }
      const lineStart = this.#lineStart;
      const lf = data.indexOf(LF, this.#scanFrom);
      if (lf === -1) {
        // CR may already be buffered, so the content is at least (buffered - 1) bytes long.
        if (data.length - lineStart - 1 > limits.maxLineLength) {
          this.#fail(ErrorCodes.LINE_TOO_LONG, `line longer than ${limits.maxLineLength} bytes`, lineStart);
        }
        this.#checkResponseSize(data.length);
        this.#scanFrom = data.length;
        return null;
      }
      const contentEnd = lf - 1;
      if (contentEnd - lineStart > limits.maxLineLength) {
        this.#fail(ErrorCodes.LINE_TOO_LONG, `line longer than ${limits.maxLineLength} bytes`, lineStart);
      }
      if (contentEnd < lineStart || data[contentEnd] !== CR) {
        this.#fail(ErrorCodes.PARSE, 'expected CRLF, got a bare LF', lf);
      }
      this.#checkNoNul(data, lineStart, contentEnd);
      this.#checkResponseSize(lf + 1);
      const literal = this.#literalAnnouncement(data, lineStart, contentEnd);
      if (literal !== null) {
        const dataStart = lf + 1;
        this.#literalEnd = dataStart + literal.length;
        this.#checkResponseSize(this.#literalEnd);
        const literals = (this.#literals ??= []);
        if (literals.length >= limits.maxLiterals) {
          this.#fail(ErrorCodes.RESPONSE_TOO_LARGE, `response with more than ${limits.maxLiterals} literals`);
        }
        literals.push({
          start: dataStart - this.#start,
          length: literal.length,
          binary: literal.binary,
        });
        this.#state = State.Literal;
        continue;
      }
      const frame: Frame = {
        bytes: data.subarray(this.#start, lf + 1),
        literals: this.#literals ?? NO_LITERALS,
      };
      this.#literals = null;
      this.#start = this.#lineStart = this.#scanFrom = lf + 1;
      if (this.#start === data.length) this.#release();
      return frame;
    }
  }

  /** RESPONSE_TOO_LARGE when the response being framed would run up to offset `end` of #data. */
  #checkResponseSize(end: number): void {
    const max = this.#limits.maxResponseSize;
    if (end - this.#start > max)
      this.#fail(ErrorCodes.RESPONSE_TOO_LARGE, `response larger than ${max} bytes`);
  }

  /** RFC 9051 9: CHAR8 excludes NUL, so NUL may appear only inside literal8 data (which lines never include). */
  #checkNoNul(data: Uint8Array, from: number, to: number): void {
    // One native search per buffer instead of one per line: the found position is remembered and the search
    // only repeats once the scan has passed it (a NUL inside skipped literal data).
    if (this.#nextNul !== -1 && this.#nextNul < from) this.#nextNul = data.indexOf(NUL, from);
    if (this.#nextNul !== -1 && this.#nextNul < to) {
      this.#fail(ErrorCodes.PARSE, 'NUL byte outside a literal', this.#nextNul);
    }
  }

  /**
   * Recognizes "{n}", "{n+}" and "~{n}" at the end of a line (RFC 9051 literal / literal8). Returns null when
   * the line does not end in a literal announcement. A line ending in "{...}" with a sign or too many digits is
   * a literal announcement we refuse (BAD_LITERAL), not text: treating it as text would desynchronize framing.
   */
  #literalAnnouncement(
    data: Uint8Array,
    lineStart: number,
    contentEnd: number,
  ): { length: number; binary: boolean } | null {
    let i = contentEnd - 1;
    if (i < lineStart || data[i] !== CLOSE_BRACE) return null;
    i--;
    if (i >= lineStart && data[i] === PLUS) i--;
    const digitsEnd = i + 1;
    while (i >= lineStart && (data[i] as number) >= DIGIT_0 && (data[i] as number) <= DIGIT_9) i--;
    const digitsStart = i + 1;
    if (i >= lineStart && (data[i] === MINUS || data[i] === PLUS)) {
      const negative = data[i] === MINUS;
      i--;
      if (i < lineStart || data[i] !== OPEN_BRACE) return null;
      this.#fail(ErrorCodes.BAD_LITERAL, negative ? 'negative literal size' : 'signed literal size', i);
    }
    if (i < lineStart || data[i] !== OPEN_BRACE) return null;
    if (digitsStart === digitsEnd) this.#fail(ErrorCodes.BAD_LITERAL, 'literal size without digits', i);
    const binary = i > lineStart && data[i - 1] === TILDE;
    let significant = digitsStart;
    while (significant < digitsEnd - 1 && data[significant] === DIGIT_0) significant++;
    if (digitsEnd - significant > this.#limits.maxLiteralDigits) {
      this.#fail(
        ErrorCodes.BAD_LITERAL,
        `literal size has more than ${this.#limits.maxLiteralDigits} digits`,
        i,
      );
    }
    let length = 0;
    for (let k = significant; k < digitsEnd; k++) length = length * 10 + ((data[k] as number) - DIGIT_0);
    if (length > this.#limits.maxLiteralSize) {
      this.#fail(
        ErrorCodes.LITERAL_TOO_LARGE,
        `literal of ${length} bytes exceeds the limit of ${this.#limits.maxLiteralSize}`,
        i,
      );
    }
    return { length, binary };
  }

  /** Shifts every stored offset after the bytes before `shift` were dropped from the buffer. */
  #rebase(shift: number): void {
    this.#start -= shift;
    this.#lineStart -= shift;
    this.#scanFrom -= shift;
    this.#literalEnd -= shift;
    this.#nextNul = -2;
  }

  /** Drops references to fully consumed buffers so that they can be collected while the connection idles. */
  #release(): void {
    this.#data = EMPTY;
    this.#store = null;
    this.#start = this.#lineStart = this.#scanFrom = this.#literalEnd = 0;
    this.#nextNul = -2;
  }

  #fail(code: ErrorCode, message: string, offsetInBuffer?: number): never {
    // Offsets in messages are relative to the response being framed, as the parser's are.
    const offset = offsetInBuffer === undefined ? undefined : Math.max(0, offsetInBuffer - this.#start);
    throw new ProtocolError(code, message, offset);
  }
}
