// Byte stream -> complete SMTP replies. RFC 5321 4.2:
//   Reply-line = *( Reply-code "-" [ textstring ] CRLF ) Reply-code [ SP textstring ] CRLF
//   Reply-code = %x32-35 %x30-35 %x30-39
// Every line of a multiline reply carries the same code; '-' after it means more lines follow.
//
// An explicit state machine fed by push() and drained by next(), so callers and tests control chunking. Every
// limit is checked before the bytes it would cost are kept: an unterminated line as soon as it passes the line
// limit, a multiline reply at the line that would pass the line count. Only the line being read is buffered as
// bytes; finished lines of an unfinished reply are kept as their decoded text.

import { SmtpError, SmtpErrorCodes } from '../errors.ts';
import { utf8Decode } from './utf8.ts';

export interface ReplyLimits {
  /** Longest reply line, code and text, CRLF excluded. Default 4096. */
  maxLineLength: number;
  /** Most lines in one reply. Default 128. */
  maxLines: number;
}

/**
 * RFC 5321 4.5.3.1.5 caps a reply line at 512 octets with its CRLF; real servers exceed it now and then
 * (long policy texts and URLs), so we allow 8 times that. The longest real multiline replies are EHLO
 * responses of about 20 lines; 128 leaves room while bounding one reply to about 512 KiB.
 */
export const DEFAULT_REPLY_LIMITS: Readonly<ReplyLimits> = Object.freeze({
  maxLineLength: 4096,
  maxLines: 128,
});

export interface ReplyFrame {
  readonly code: number;
  /** The text of each line: what follows the code and its separator ('' when nothing does). */
  readonly lines: readonly string[];
}

const CR = 0x0d;
const LF = 0x0a;
const NUL = 0x00;
const SP = 0x20;
const HYPHEN = 0x2d;
const DIGIT_0 = 0x30;
const EMPTY = new Uint8Array(0);
const EXCERPT_LENGTH = 40;

export class ReplyFramer {
  readonly #limits: Readonly<ReplyLimits>;
  /** Unread bytes are #data[#start, #end): the caller's last chunk, or our own store when a line straddles. */
  #data: Uint8Array = EMPTY;
  #owned = false;
  #start = 0;
  #end = 0;
  /** Where the search for the next LF resumes (bytes before it hold none). */
  #scanFrom = 0;
  /** The reply being assembled: its code and the text of the lines read so far. */
  #code = 0;
  #lines: string[] = [];
  #failure: SmtpError | null = null;

  constructor(limits: Partial<ReplyLimits> = {}) {
    this.#limits = { ...DEFAULT_REPLY_LIMITS, ...definedOnly(limits) };
  }

  /** Bytes received and not yet part of a returned reply or a finished line. */
  get bufferedLength(): number {
    return this.#end - this.#start;
  }

  /** Lines of a reply have arrived and its last line has not. */
  get inReply(): boolean {
    return this.#lines.length > 0;
  }

  push(bytes: Uint8Array): void {
    if (this.#failure !== null || bytes.length === 0) return;
    const pending = this.#end - this.#start;
    if (pending === 0) {
      this.#data = bytes;
      this.#owned = false;
      this.#start = this.#scanFrom = 0;
      this.#end = bytes.length;
      return;
    }
    if (this.#owned && this.#end + bytes.length <= this.#data.length) {
      this.#data.set(bytes, this.#end);
      this.#end += bytes.length;
      return;
    }
    const store = new Uint8Array(Math.max(256, 2 * (pending + bytes.length)));
    store.set(this.#data.subarray(this.#start, this.#end));
    store.set(bytes, pending);
    this.#scanFrom -= this.#start;
    this.#data = store;
    this.#owned = true;
    this.#start = 0;
    this.#end = pending + bytes.length;
  }

  /**
   * The next complete reply, or null when more bytes are needed. Throws SmtpError(PROTOCOL) when the stream
   * breaks the grammar or a limit; the framer then stays failed, since nothing after that can be trusted.
   */
  next(): ReplyFrame | null {
    if (this.#failure !== null) throw this.#failure;
    try {
      return this.#advance();
    } catch (error) {
      if (error instanceof SmtpError) this.#failure = error;
      throw error;
    }
  }

  #advance(): ReplyFrame | null {
    const max = this.#limits.maxLineLength;
    for (;;) {
      const data = this.#data;
      const start = this.#start;
      const found = data.subarray(this.#scanFrom, this.#end).indexOf(LF);
      if (found === -1) {
        // A CR may already be buffered, so the line's content is at least (buffered - 1) bytes long.
        if (this.#end - start - 1 > max) this.#fail(`a reply line is longer than ${max} bytes`);
        this.#scanFrom = this.#end;
        return null;
      }
      const lf = this.#scanFrom + found;
      if (lf === start || data[lf - 1] !== CR) this.#fail('a reply line ends in a bare LF instead of CRLF');
      if (lf - 1 - start > max) this.#fail(`a reply line is longer than ${max} bytes`);
      const line = data.subarray(start, lf - 1);
      this.#start = this.#scanFrom = lf + 1;
      if (this.#start === this.#end) this.#release();
      const frame = this.#line(line);
      if (frame !== null) return frame;
    }
  }

  #line(line: Uint8Array): ReplyFrame | null {
    for (const byte of line) {
      if (byte === NUL || byte === CR) this.#fail(`a reply line holds a NUL or a bare CR: ${excerpt(line)}`);
    }
    const code = replyCode(line);
    if (code === null) this.#fail(`a reply line does not start with a valid reply code: ${excerpt(line)}`);
    const separator = line[3];
    if (separator !== undefined && separator !== SP && separator !== HYPHEN) {
      this.#fail(`a reply code is followed by neither a space nor '-': ${excerpt(line)}`);
    }
    if (this.#lines.length > 0 && code !== this.#code) {
      this.#fail(`a multiline reply changes its code from ${this.#code} to ${code}`);
    }
    if (this.#lines.length >= this.#limits.maxLines) {
      this.#fail(`a reply has more than ${this.#limits.maxLines} lines`);
    }
    this.#code = code;
    this.#lines.push(line.length > 4 ? utf8Decode(line.subarray(4)) : '');
    if (separator === HYPHEN) return null;
    const frame: ReplyFrame = { code, lines: this.#lines };
    this.#lines = [];
    return frame;
  }

  /** Drops the reference to a fully read chunk so that it can be collected while the connection waits. */
  #release(): void {
    this.#data = EMPTY;
    this.#owned = false;
    this.#start = this.#end = this.#scanFrom = 0;
  }

  #fail(message: string): never {
    throw new SmtpError(SmtpErrorCodes.PROTOCOL, `the server sent a malformed reply: ${message}`);
  }
}

/** Reply-code = %x32-35 %x30-35 %x30-39 (RFC 5321 4.2), or null. */
function replyCode(line: Uint8Array): number | null {
  if (line.length < 3) return null;
  const [a, b, c] = [line[0] as number, line[1] as number, line[2] as number];
  const first = a - DIGIT_0;
  const second = b - DIGIT_0;
  const third = c - DIGIT_0;
  if (first < 2 || first > 5 || second < 0 || second > 5 || third < 0 || third > 9) return null;
  return first * 100 + second * 10 + third;
}

/** The start of a line, printable: for messages a person reads, never longer than EXCERPT_LENGTH. */
function excerpt(line: Uint8Array): string {
  let out = '';
  for (const byte of line.subarray(0, EXCERPT_LENGTH)) {
    const printable = byte >= 0x20 && byte < 0x7f && byte !== 0x22 && byte !== 0x5c;
    out += printable ? String.fromCharCode(byte) : `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return `"${out}${line.length > EXCERPT_LENGTH ? '...' : ''}"`;
}

function definedOnly(limits: Partial<ReplyLimits>): Partial<ReplyLimits> {
  const out: Partial<ReplyLimits> = {};
  for (const name of ['maxLineLength', 'maxLines'] as const) {
    const value = limits[name];
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new SmtpError(SmtpErrorCodes.INVALID_ARGUMENT, `${name} must be a positive integer`);
    }
    out[name] = value;
  }
  return out;
}
