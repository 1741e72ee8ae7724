// Command encoder (client -> server). Every argument goes through a method that picks its wire form from the
// grammar (RFC 9051 9): atom, quoted string or literal. CR, LF and NUL can never land inside a quoted string:
// a string holding CR or LF becomes a literal, and NUL (forbidden in every IMAP string but literal8) is a
// UsageError. So no caller-supplied value can end a command line early (CRLF injection is impossible by
// construction), and the only way to write unchecked syntax is `syntax()`, which itself refuses CR, LF and NUL.

import { ErrorCodes, UsageError } from '../errors.ts';
import type { MailboxName, NumberRange } from '../types.ts';
import { formatSequenceSet } from '../seqset.ts';
import { isVerbatimMailboxName, mailboxDisplayName, mailboxWireBytes } from '../mailbox-names.ts';
import { encodeModifiedUtf7 } from '../utf7.ts';
import { ASTRING, ATOM, CHAR_CLASS, CR, LF, LIST } from './chars.ts';
import { utf8ByteLength, utf8Encode } from './utf8.ts';

export { utf8ByteLength, utf8Encode };

export interface EncoderOptions {
  /** LITERAL+ (RFC 7888): every literal may be non-synchronizing ("{n+}"). */
  readonly literalPlus?: boolean;
  /** LITERAL- (RFC 7888), implied by IMAP4rev2 (RFC 9051 4.3): non-synchronizing only up to 4096 bytes. */
  readonly literalMinus?: boolean;
  /** UTF8=ACCEPT (RFC 6855) or IMAP4rev2 enabled: quoted strings may carry UTF-8; mailbox names go as UTF-8. */
  readonly utf8?: boolean;
}

/** RFC 7888 3: the largest literal LITERAL- lets the client send without waiting. */
export const LITERAL_MINUS_MAX = 4096;

/** Strings longer than this go as literals even when they could be quoted: servers cap their line length. */
export const QUOTED_MAX = 1024;

export interface EncodedCommand {
  /** Bytes to send; between two chunks the client waits for a continuation request (synchronizing literal). */
  readonly chunks: readonly Uint8Array[];
  /** The command as text for traces and errors: secrets are '***', literal contents are elided. */
  readonly redacted: string;
}

export interface StringOptions {
  /** The value is a secret (password, token): it is replaced by '***' in the redacted text. */
  readonly secret?: boolean;
}

/** Whether UTF-16 unit `c` is in CHAR_CLASS class `mask` (ATOM-CHAR, ASTRING-CHAR, list-char; RFC 9051 9). */
const inClass = (c: number, mask: number): boolean => c < 0x80 && ((CHAR_CLASS[c] as number) & mask) !== 0;
const isAtomChar = (c: number): boolean => inClass(c, ATOM);
const isAstringChar = (c: number): boolean => inClass(c, ASTRING);
const isListChar = (c: number): boolean => inClass(c, LIST);

function allChars(text: string, test: (c: number) => boolean): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) if (!test(text.charCodeAt(i))) return false;
  return true;
}

function refuseNul(text: string, what: string): void {
  if (text.includes('\0')) {
    throw new UsageError(
      ErrorCodes.INVALID_ARGUMENT,
      `${what} contains a NUL character, which IMAP cannot carry`,
    );
  }
}

/**
 * Builds one command line (after the tag) argument by argument. The session prepends the tag and calls
 * finish(). Methods append their own leading space when `sp()` is not called: callers call sp() explicitly, so
 * the command files read like the grammar.
 */
export class CommandWriter {
  readonly options: EncoderOptions;
  private readonly chunks: Uint8Array[] = [];
  /** Pieces of the chunk being built: small writes collect in `current`, big literals are kept as they are. */
  private pending: Uint8Array[] = [];
  private current: number[] = [];
  private redactedText = '';

  constructor(options: EncoderOptions = {}) {
    this.options = options;
  }

  /** Trusted syntax written by our own command files ('UID FETCH', 'BODY.PEEK[1]', '(', ...). */
  syntax(text: string): this {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0 || c === CR || c === LF || c >= 0x80) {
        throw new UsageError(
          ErrorCodes.INVALID_ARGUMENT,
          `command syntax may not contain byte 0x${c.toString(16)}`,
        );
      }
      this.current.push(c);
    }
    this.redactedText += text;
    return this;
  }

  /**
   * Text taken as it is, UTF-8 included (the transcript analyzer replays captured command lines with it). Still
   * refuses CR, LF and NUL, so it cannot end the line or smuggle a second command.
   */
  verbatim(text: string): this {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0 || c === CR || c === LF) {
        throw new UsageError(
          ErrorCodes.INVALID_ARGUMENT,
          `command text may not contain byte 0x${c.toString(16)}`,
        );
      }
    }
    return this.append(utf8Encode(text), text);
  }

  sp(): this {
    return this.syntax(' ');
  }

  /** An atom (a keyword, flag or capability name supplied by the caller): validated, never quoted. */
  atom(text: string, what = 'atom'): this {
    if (!allChars(text, isAtomChar)) {
      throw new UsageError(
        ErrorCodes.INVALID_ARGUMENT,
        `${what} ${JSON.stringify(text)} is not a valid IMAP atom`,
      );
    }
    return this.syntax(text);
  }

  /** A flag: "\" atom for system flags, or a keyword atom (RFC 9051 9: flag). */
  flag(flag: string): this {
    if (flag.startsWith('\\')) {
      this.syntax('\\');
      return this.atom(flag.slice(1), 'flag');
    }
    return this.atom(flag, 'flag');
  }

  flagList(flags: readonly string[]): this {
    this.syntax('(');
    flags.forEach((flag, i) => {
      if (i > 0) this.sp();
      this.flag(flag);
    });
    return this.syntax(')');
  }

  number(n: number | bigint): this {
    const valid = typeof n === 'bigint' ? n >= 0n : Number.isSafeInteger(n) && n >= 0;
    if (!valid) throw new UsageError(ErrorCodes.INVALID_ARGUMENT, `${String(n)} is not a valid IMAP number`);
    return this.syntax(String(n));
  }

  sequenceSet(ranges: readonly NumberRange[]): this {
    return this.syntax(formatSequenceSet(ranges));
  }

  /** astring: an atom when every character allows it, else a quoted string, else a literal. */
  astring(value: string, options: StringOptions = {}): this {
    refuseNul(value, 'string');
    if (allChars(value, isAstringChar)) return this.append(utf8Encode(value), options.secret ? '***' : value);
    return this.string(value, options);
  }

  /** string: a quoted string, or a literal when the value cannot be quoted (never an atom). */
  string(value: string, options: StringOptions = {}): this {
    refuseNul(value, 'string');
    if (this.canQuote(value)) {
      const quoted = '"' + value.replace(/[\\"]/g, (c) => '\\' + c) + '"';
      return this.append(utf8Encode(quoted), options.secret ? '***' : quoted);
    }
    return this.literal(utf8Encode(value), options);
  }

  /** nstring: NIL for null. */
  nstring(value: string | null, options: StringOptions = {}): this {
    return value === null ? this.syntax('NIL') : this.string(value, options);
  }

  /**
   * mailbox (RFC 9051 9): modified UTF-7 (RFC 3501 5.1.3) unless UTF-8 names are enabled (RFC 6855 3); a
   * verbatim name (one the server listed that did not decode, mailbox-names.ts) goes back as its exact bytes.
   */
  mailbox(name: MailboxName): this {
    if (isVerbatimMailboxName(name))
      return this.astringBytes(mailboxWireBytes(name), mailboxDisplayName(name));
    return this.astring(this.options.utf8 ? name : encodeModifiedUtf7(name));
  }

  /** list-mailbox: like a mailbox, but '%' and '*' stay bare wildcards. */
  listMailbox(pattern: string): this {
    if (isVerbatimMailboxName(pattern)) {
      return this.astringBytes(mailboxWireBytes(pattern), mailboxDisplayName(pattern));
    }
    const wire = this.options.utf8 ? pattern : encodeModifiedUtf7(pattern);
    refuseNul(wire, 'mailbox pattern');
    if (allChars(wire, isListChar)) return this.syntax(wire);
    return this.string(wire);
  }

  /**
   * An astring of exact bytes (a verbatim mailbox name): an atom when every byte allows it, a quoted string
   * when the bytes can be quoted (8-bit only under UTF-8), else a literal. `redacted` is what traces show.
   */
  astringBytes(bytes: Uint8Array, redacted: string): this {
    if (bytes.length > 0 && bytes.every((b) => isAstringChar(b))) return this.append(bytes, redacted);
    const quotable =
      bytes.length <= QUOTED_MAX &&
      bytes.every((b) => b >= 0x20 && b !== 0x7f && (b < 0x80 ? true : this.options.utf8 === true));
    if (quotable) {
      const escaped: number[] = [0x22];
      for (const b of bytes) {
        if (b === 0x22 || b === 0x5c) escaped.push(0x5c);
        escaped.push(b);
      }
      escaped.push(0x22);
      return this.append(Uint8Array.from(escaped), `"${redacted}"`);
    }
    return this.literal(bytes);
  }

  /**
   * A literal of raw bytes. Non-synchronizing ("{n+}") when LITERAL+ is advertised, or LITERAL- and n <= 4096
   * (RFC 7888 4); otherwise synchronizing: the rest of the command goes in a new chunk sent after the server's
   * continuation request. `binary` writes literal8 ("~{n}", RFC 3516 4.3), the only form that may carry NUL.
   */
  literal(bytes: Uint8Array, options: StringOptions & { readonly binary?: boolean } = {}): this {
    if (!options.binary && bytes.includes(0)) {
      throw new UsageError(
        ErrorCodes.INVALID_ARGUMENT,
        'literal contains a NUL byte; only literal8 may carry NUL',
      );
    }
    const n = bytes.length;
    const nonSync = this.options.literalPlus || (this.options.literalMinus && n <= LITERAL_MINUS_MAX);
    this.syntax(`${options.binary ? '~' : ''}{${n}${nonSync ? '+' : ''}}`);
    this.pushBytes([CR, LF]);
    if (!nonSync) this.cut();
    this.pushBytes(bytes);
    this.redactedText += options.secret ? '<***>' : `<${n} bytes>`;
    return this;
  }

  /** Ends the command with CRLF. */
  finish(): EncodedCommand {
    this.pushBytes([CR, LF]);
    this.cut();
    return { chunks: this.chunks, redacted: this.redactedText };
  }

  /** Quoted strings hold TEXT-CHAR only (no CR/LF; we also keep other controls out for picky servers), and no
   *  8-bit unless UTF-8 is on (RFC 6855 3 extends QUOTED-CHAR with UTF8-2/3/4). */
  private canQuote(value: string): boolean {
    if (value.length > QUOTED_MAX) return false;
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      if (c < 0x20 || c === 0x7f) return false;
      if (c >= 0x80 && !this.options.utf8) return false;
    }
    return true;
  }

  private append(bytes: Uint8Array, redacted: string): this {
    this.pushBytes(bytes);
    this.redactedText += redacted;
    return this;
  }

  private pushBytes(bytes: ArrayLike<number>): void {
    if (bytes.length > 256) {
      this.flushCurrent();
      this.pending.push(bytes instanceof Uint8Array ? bytes : Uint8Array.from(bytes));
      return;
    }
    for (let i = 0; i < bytes.length; i++) this.current.push(bytes[i] as number);
  }

  private flushCurrent(): void {
    if (this.current.length > 0) {
      this.pending.push(Uint8Array.from(this.current));
      this.current = [];
    }
  }

  private cut(): void {
    this.flushCurrent();
    this.chunks.push(concatBytes(this.pending));
    this.pending = [];
  }
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0] as Uint8Array;
  let total = 0;
  for (const part of parts) total += part.length;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad2 = (n: number): string => String(n).padStart(2, '0');

/** date (RFC 9051 9): "1-Feb-2024", in UTC (SEARCH dates are day granularity; the server's zone applies). */
export function formatSearchDate(date: Date): string {
  return `${date.getUTCDate()}-${MONTHS[date.getUTCMonth()]}-${date.getUTCFullYear()}`;
}

/** date-time (RFC 9051 9): "01-Feb-2024 13:05:09 +0000", for APPEND; always in UTC. */
export function formatDateTime(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new UsageError(ErrorCodes.INVALID_ARGUMENT, 'invalid date');
  const day = pad2(date.getUTCDate());
  const time = `${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())}:${pad2(date.getUTCSeconds())}`;
  return `${day}-${MONTHS[date.getUTCMonth()]}-${date.getUTCFullYear()} ${time} +0000`;
}
