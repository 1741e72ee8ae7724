// Finds where one server response of a transcript ends, following its literals by byte count, and checks that
// the count agrees with the text. When it does not, it measures what the author meant (the literal runs up to the
// closing ")" or the next response) and, in lenient mode, repairs the count. Also repairs, in lenient mode, the
// slips hand-written transcripts make: lines wrapped in the middle of a response, "..." elisions, trailing
// spaces, a mistyped tag, and FETCH for messages beyond EXISTS (a trimmed listing).

import { utf8ByteLength } from './wire/encoder.ts';

export interface TranscriptLine {
  /** 1-based line number in the file. */
  readonly line: number;
  readonly side: 'C' | 'S';
  /** The text after "C: " / "S: ". */
  readonly text: string;
}

export interface ScanNote {
  readonly line: number;
  readonly message: string;
  readonly repair?: string;
}

export interface ScanResult {
  /** Bytes to feed, each attributed to its transcript line (CRLF included). */
  readonly pieces: readonly { readonly line: number; readonly text: string }[];
  readonly notes: readonly ScanNote[];
  readonly error?: { readonly line: number; readonly message: string };
  /** Index of the first line after this response. */
  readonly next: number;
}

export interface ScanContext {
  readonly strict: boolean;
  /** Tags of commands in flight or queued, oldest first. */
  readonly pendingTags: readonly string[];
  /** EXISTS of the selected mailbox, or null. */
  readonly exists: number | null;
}

const LITERAL_MARKER = /(~?)\{(\d+)(\+?)\}$/;
const TAGGED = /^([A-Za-z0-9.]+) (OK|NO|BAD)(?: |$)/i;

/** Nesting depth left open by a line, ignoring quoted strings. */
function openParens(text: string): number {
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
  }
  return depth;
}

/** String index of the character boundary `bytes` UTF-8 bytes into `text`, or -1 inside a character. */
function charIndexAtByte(text: string, bytes: number): number {
  let count = 0;
  let i = 0;
  while (count < bytes && i < text.length) {
    const c = text.codePointAt(i) as number;
    count += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    i += c >= 0x10000 ? 2 : 1;
  }
  return count === bytes ? i : -1;
}

export function scanServerResponse(
  lines: readonly TranscriptLine[],
  start: number,
  ctx: ScanContext,
): ScanResult {
  const notes: ScanNote[] = [];
  const texts = new Map<number, string>();
  const get = (i: number): string => texts.get(i) ?? (lines[i] as TranscriptLine).text;
  const lineOf = (i: number): number => (lines[i] as TranscriptLine).line;
  const isServer = (i: number): boolean => i < lines.length && (lines[i] as TranscriptLine).side === 'S';
  const isCompletion = (text: string): boolean => {
    const tag = TAGGED.exec(text)?.[1];
    return tag !== undefined && (ctx.pendingTags.includes(tag) || /^[A-Za-z]+\d+$/.test(tag));
  };
  const startsResponse = (text: string): boolean => /^[*+] /.test(text) || text === '+' || isCompletion(text);
  const first = lineOf(start);

  if (/^(\.\.\.|…)$/.test(get(start).trim())) {
    notes.push({
      line: first,
      message: `line ${first}: "..." stands for elided server output`,
      repair: 'skipped',
    });
    return { pieces: [], notes, next: start + 1 };
  }
  // "+ " is a complete continuation request (resp-text may be empty); elsewhere trailing spaces are a slip.
  if (get(start) !== get(start).trimEnd() && get(start) !== '+ ') {
    notes.push({
      line: first,
      message: `line ${first}: trailing whitespace after the response`,
      repair: 'trimmed',
    });
    texts.set(start, get(start).trimEnd());
  }

  const pieces: { line: number; text: string }[] = [];
  repairTag();
  repairFetchBeyondExists();

  const merged = new Set<number>();
  // A response broken over two lines by a text editor (the Cyrus seed's FLAGS list): join while parentheses
  // stay open and the next line does not start a response of its own.
  while (!LITERAL_MARKER.test(get(start)) && openParens(get(start)) > 0) {
    const next = start + 1 + merged.size;
    if (!isServer(next) || startsResponse(get(next))) break;
    notes.push({
      line: first,
      message: `line ${first}: the response continues on line ${lineOf(next)} (a wrapped line)`,
      repair: 'joined',
    });
    texts.set(start, `${get(start)} ${get(next).trim()}`);
    merged.add(next);
  }

  let i = start + merged.size;
  let offset = 0;
  for (let guard = 0; guard < 10_000; guard++) {
    const marker = LITERAL_MARKER.exec(get(i === start + merged.size ? start : i).slice(offset));
    const here = i === start + merged.size ? start : i;
    if (!marker) {
      for (let k = start; k <= i; k++)
        if (!merged.has(k)) pieces.push({ line: lineOf(k), text: get(k) + '\r\n' });
      return { pieces, notes, next: i + 1 };
    }
    const announced = Number(marker[2]);
    let remaining = announced;
    let k = i + 1;
    let end: { line: number; offset: number } | null = null;
    while (isServer(k) && !isCompletion(get(k))) {
      const size = utf8ByteLength(get(k));
      if (remaining <= size) {
        const at = charIndexAtByte(get(k), remaining);
        if (at >= 0) end = { line: k, offset: at };
        break;
      }
      remaining -= size + 2;
      if (remaining < 0) break;
      k++;
      if (remaining === 0) {
        if (isServer(k) && !isCompletion(get(k))) end = { line: k, offset: 0 };
        break;
      }
    }
    if (end !== null) {
      i = end.line;
      offset = end.offset;
      continue;
    }
    const problem = measureLiteral(here, announced);
    if (ctx.strict || problem.error) {
      return {
        pieces: [],
        notes,
        error: { line: lineOf(here), message: problem.message },
        next: lines.length,
      };
    }
    notes.push({ line: lineOf(here), message: problem.message, repair: problem.repair });
    i = here;
    offset = 0;
  }
  return {
    pieces: [],
    notes,
    error: { line: first, message: `line ${first}: response too complex` },
    next: lines.length,
  };

  function measureLiteral(
    here: number,
    announced: number,
  ): { message: string; repair: string; error?: boolean } {
    const body: number[] = [];
    let k = here + 1;
    while (isServer(k) && !isCompletion(get(k))) body.push(k++);
    const where =
      k >= lines.length
        ? 'the end of the transcript'
        : isServer(k)
          ? `the tagged response on line ${lineOf(k)}`
          : `the client line ${lineOf(k)}`;
    const line = lineOf(here);
    if (body.length === 0) {
      return {
        message: `line ${line}: literal announces ${announced} bytes but none follow before ${where}`,
        repair: '',
        error: true,
      };
    }
    const lastIndex = body[body.length - 1] as number;
    const last = get(lastIndex);
    let literal: string;
    let closing: string;
    let unclosed = false;
    if (last.trim() === ')') {
      literal = body
        .slice(0, -1)
        .map((b) => get(b) + '\r\n')
        .join('');
      closing = `")" on line ${lineOf(lastIndex)}`;
    } else if (last.endsWith(')')) {
      literal = body.map(get).join('\r\n').slice(0, -1);
      closing = `")" on line ${lineOf(lastIndex)}`;
    } else {
      literal = body.map(get).join('\r\n');
      closing = where;
      unclosed = true;
    }
    const measured = utf8ByteLength(literal);
    const headText = get(here);
    const marker = LITERAL_MARKER.exec(headText) as RegExpExecArray;
    texts.set(here, `${headText.slice(0, marker.index)}${marker[1]}{${measured}${marker[3]}}`);
    if (unclosed) texts.set(lastIndex, last + ')');
    return {
      message: `line ${line}: literal announces ${announced} bytes but ${measured} bytes follow before ${closing}`,
      repair:
        `literal length set to ${measured}` +
        (unclosed ? `; the missing ")" added on line ${lineOf(lastIndex)}` : ''),
    };
  }

  function repairTag(): void {
    const tagged = TAGGED.exec(get(start));
    if (!tagged || ctx.strict) return;
    const tag = tagged[1] as string;
    if (ctx.pendingTags.includes(tag) || ctx.pendingTags.length !== 1) return;
    const only = ctx.pendingTags[0] as string;
    notes.push({
      line: first,
      message: `line ${first}: tagged response ${tag} matches no command in flight (in flight: ${only})`,
      repair: `taken as the completion of ${only}`,
    });
    texts.set(start, only + get(start).slice(tag.length));
  }

  function repairFetchBeyondExists(): void {
    const fetch = /^\* (\d+) FETCH /.exec(get(start));
    if (!fetch || ctx.strict || ctx.exists === null) return;
    const seq = Number(fetch[1]);
    if (seq <= ctx.exists) return;
    notes.push({
      line: first,
      message: `line ${first}: FETCH for message ${seq} but EXISTS is ${ctx.exists}`,
      repair: `assumed "* ${seq} EXISTS" before it`,
    });
    pieces.push({ line: first, text: `* ${seq} EXISTS\r\n` });
  }
}
