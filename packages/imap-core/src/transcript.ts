// The transcript analyzer: replays a captured conversation ("C: " / "S: " lines, RFC 9051's own notation)
// through a Session, and reports each command (tag, status, lines), state transitions, mailbox state after each
// command, and every place where the transcript contradicts itself or the protocol.
//
// Format: one line per protocol line. Literal data follows its "{n}" line as further lines of the same side,
// joined by CRLF, and the response goes on in the line where the n bytes end. Blank lines and "#" lines are
// comments. In lenient mode (the default) the analyzer repairs what hand-written transcripts commonly get wrong
// (literal lengths, wrapped lines, "..." elisions, mistyped tags, trailing spaces) and says what it repaired; in
// strict mode the first problem is fatal.

import type { Command, CommandChannel, CommandEffect } from './commands/command.ts';
import { ALL_STATES, AUTHENTICATED_STATES, SELECTED_STATE } from './commands/command.ts';
import { ImapError } from './errors.ts';
import type { MailboxSnapshot } from './mailbox.ts';
import { Session } from './session.ts';
import type { ConnectionState } from './types.ts';
import { tryDecodeModifiedUtf7 } from './utf7.ts';
import { concatBytes, utf8Encode } from './wire/encoder.ts';
import type { RawResult } from './commands/raw.ts';
import { scanServerResponse } from './transcript-scan.ts';
import type { TranscriptLine } from './transcript-scan.ts';

export interface TranscriptOptions {
  /** Stop at the first inconsistency instead of repairing it. Default false. */
  readonly strict?: boolean;
  /** Feed server bytes in chunks of this size instead of a line at a time (tests: 1 = every byte boundary). */
  readonly serverChunkSize?: number;
}

export type TranscriptEvent =
  | { readonly type: 'greeting'; readonly line: number; readonly status: string; readonly text: string }
  | {
      readonly type: 'command';
      readonly tag: string;
      readonly name: string;
      readonly status: 'OK' | 'NO' | 'BAD' | 'ABORTED';
      readonly startLine: number;
      readonly endLine: number;
      readonly text: string;
    }
  | {
      readonly type: 'state';
      readonly line: number;
      readonly from: ConnectionState;
      readonly to: ConnectionState;
    }
  | ({ readonly type: 'mailbox'; readonly line: number } & MailboxSnapshot)
  | {
      readonly type: 'inconsistency';
      readonly line: number;
      readonly message: string;
      readonly repair?: string;
    }
  | { readonly type: 'error'; readonly line: number; readonly code: string; readonly message: string }
  | {
      readonly type: 'end';
      readonly line: number;
      readonly state: ConnectionState;
      readonly pending: readonly string[];
    };

/** Valid states per command verb (RFC 9051 6.1-6.4 and the extensions' RFCs). */
const VERB_STATES = new Map<string, readonly ConnectionState[]>([
  ['CAPABILITY', ALL_STATES],
  ['NOOP', ALL_STATES],
  ['LOGOUT', ALL_STATES],
  ['ID', ALL_STATES],
  ['STARTTLS', ['not-authenticated']],
  ['LOGIN', ['not-authenticated']],
  ['AUTHENTICATE', ['not-authenticated']],
  ['CHECK', SELECTED_STATE],
  ['CLOSE', SELECTED_STATE],
  ['UNSELECT', SELECTED_STATE],
  ['EXPUNGE', SELECTED_STATE],
  ['SEARCH', SELECTED_STATE],
  ['FETCH', SELECTED_STATE],
  ['STORE', SELECTED_STATE],
  ['COPY', SELECTED_STATE],
  ['MOVE', SELECTED_STATE],
  ['SORT', SELECTED_STATE],
  ['THREAD', SELECTED_STATE],
  ['UID', SELECTED_STATE],
]);

function effectOf(verb: string, args: string): CommandEffect | undefined {
  switch (verb) {
    case 'LOGIN':
    case 'AUTHENTICATE':
      return { kind: 'authenticate' };
    case 'SELECT':
    case 'EXAMINE':
      return { kind: 'select', mailbox: mailboxArgument(args), readOnly: verb === 'EXAMINE' };
    case 'CLOSE':
    case 'UNSELECT':
      return { kind: 'deselect' };
    case 'LOGOUT':
      return { kind: 'logout' };
    case 'STARTTLS':
      return { kind: 'starttls' };
    case 'ENABLE':
      return { kind: 'enable', extensions: args.split(' ').filter((name) => name !== '') };
    default:
      return undefined;
  }
}

/** The first argument as a mailbox name: an atom or a quoted string, decoded from modified UTF-7 when valid. */
function mailboxArgument(args: string): string {
  const quoted = /^"((?:[^"\\]|\\.)*)"/.exec(args);
  const wire = quoted ? (quoted[1] as string).replace(/\\(.)/g, '$1') : (args.split(' ')[0] ?? '');
  return tryDecodeModifiedUtf7(wire) ?? wire;
}

interface ReplayCommand extends Command<RawResult> {
  supply(line: string): void;
}

/** A captured command line, replayed as it is; AUTHENTICATE and IDLE take their further client lines. */
function replayCommand(
  verb: string,
  parts: readonly (string | Uint8Array)[],
  strict: boolean,
): ReplayCommand {
  const args = typeof parts[0] === 'string' ? parts[0].slice(verb.length + 1) : '';
  const effect = effectOf(verb, args);
  const takesLines = verb === 'AUTHENTICATE' || verb === 'IDLE';
  let channel: CommandChannel | null = null;
  const waiting: string[] = [];
  const flush = (): void => {
    if (channel === null) return;
    for (const line of waiting.splice(0)) channel.send(utf8Encode(line + '\r\n'), line);
  };
  const firstWord = verb.startsWith('UID') ? 'UID' : verb;
  const states = strict ? (VERB_STATES.get(firstWord) ?? AUTHENTICATED_STATES) : ALL_STATES;
  return {
    name: verb,
    states,
    exclusive: effect !== undefined || takesLines,
    ...(effect ? { effect } : {}),
    encode(w) {
      for (const part of parts) {
        if (typeof part === 'string') w.verbatim(part);
        else w.literal(part);
      }
    },
    ...(takesLines
      ? {
          onContinuation(_request: unknown, ch: CommandChannel) {
            channel = ch;
            flush();
          },
        }
      : {}),
    supply(line) {
      waiting.push(line);
      flush();
    },
    onOk: (response) => ({ code: response.code, text: response.text, untagged: [] }),
  };
}

export function analyzeTranscript(text: string, options: TranscriptOptions = {}): TranscriptEvent[] {
  return new TranscriptReplay(text, options.strict ?? false, options.serverChunkSize).run();
}

class TranscriptReplay {
  private readonly events: TranscriptEvent[] = [];
  private readonly lines: TranscriptLine[] = [];
  private readonly session = new Session();
  private readonly startLines = new Map<string, number>();
  private readonly commands = new Map<string, ReplayCommand>();
  private readonly consumed = new Set<number>();
  private currentLine = 0;
  private fatal = false;
  /** The replay itself closes the session at the end; that close is not an error of the transcript. */
  private finishing = false;

  constructor(
    text: string,
    private readonly strict: boolean,
    private readonly chunkSize: number | undefined,
  ) {
    const raw = text.split('\n');
    raw.forEach((content, index) => {
      const line = index + 1;
      const body = content.endsWith('\r') ? content.slice(0, -1) : content;
      if (body.trim() === '' || body.startsWith('#')) return;
      const match = /^([CS]):(?: (.*))?$/.exec(body);
      if (!match) {
        this.error(
          line,
          'TRANSCRIPT_FORMAT',
          `line ${line}: expected "C: " or "S: " at the start, got ${JSON.stringify(body.slice(0, 20))}`,
        );
        return;
      }
      this.lines.push({ line, side: match[1] as 'C' | 'S', text: match[2] ?? '' });
    });
    this.subscribe();
  }

  run(): TranscriptEvent[] {
    let index = 0;
    while (index < this.lines.length && !this.fatal) {
      const entry = this.lines[index] as TranscriptLine;
      if (this.consumed.has(index)) {
        index++;
        continue;
      }
      this.currentLine = entry.line;
      index = entry.side === 'C' ? this.client(index) : this.server(index);
    }
    if (!this.fatal) this.finish();
    return this.events;
  }

  private subscribe(): void {
    const s = this.session.events;
    s.on('greeting', (g) =>
      this.push({ type: 'greeting', line: this.currentLine, status: g.status, text: g.text }),
    );
    s.on('state', ({ from, to }) => this.push({ type: 'state', line: this.currentLine, from, to }));
    s.on('warning', ({ message }) => this.inconsistency(this.currentLine, message, 'response ignored'));
    s.on('untagged', (response) => {
      if (response.kind !== 'unreadable') return;
      const message = `FETCH of message ${response.seq} does not parse: ${response.error.message}`;
      this.inconsistency(this.currentLine, message, 'message unreadable');
    });
    s.on('completed', (c) => {
      const startLine = this.startLines.get(c.tag) ?? this.currentLine;
      this.push({
        type: 'command',
        tag: c.tag,
        name: c.name,
        status: c.status,
        startLine,
        endLine: this.currentLine,
        text: c.text,
      });
      const mailbox = this.session.mailbox;
      if (mailbox) this.push({ type: 'mailbox', line: this.currentLine, ...mailbox.snapshot() });
    });
    // A transcript has no TLS handshake to show: take it as done at once.
    s.on('starttls', () => this.session.tlsEstablished());
    s.on('close', ({ error }) => {
      if (error && !this.finishing)
        this.error(this.currentLine, error.code, `line ${this.currentLine}: ${error.message}`);
    });
  }

  private client(index: number): number {
    const entry = this.lines[index] as TranscriptLine;
    let text = entry.text;
    if (text !== text.trimEnd()) {
      if (this.strict) return this.stop(entry.line, 'trailing whitespace after the command');
      this.inconsistency(entry.line, `line ${entry.line}: trailing whitespace after the command`, 'trimmed');
      text = text.trimEnd();
    }
    const match = /^(\S+)(?: (\S+)(?: (\S+))?)?/.exec(text);
    const tag = match?.[1] ?? '';
    const inFlight = this.session.inFlightTags
      .map((t) => this.commands.get(t))
      .find((c) => c?.exclusive && (c.name === 'IDLE' || c.name === 'AUTHENTICATE'));
    if (match?.[2] === undefined) {
      if (inFlight) {
        inFlight.supply(text);
        return index + 1;
      }
      return this.stop(
        entry.line,
        `line ${entry.line}: client line ${JSON.stringify(text)} is not "tag SP command"`,
      );
    }
    let verb = (match[2] ?? '').toUpperCase();
    if (verb === 'UID' && match[3]) verb = `UID ${match[3].toUpperCase()}`;
    const parts = this.clientParts(index, text.slice(tag.length + 1));
    if (parts === null) return index + 1;
    const command = replayCommand(verb, parts, this.strict);
    try {
      this.session.execute(command, { tag });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (this.strict || !(error instanceof ImapError) || error.code !== 'IMAP_WRONG_STATE') {
        return this.stop(entry.line, `line ${entry.line}: ${message}`);
      }
      this.inconsistency(entry.line, `line ${entry.line}: ${message}`, 'replayed anyway');
      this.session.execute({ ...command, states: ALL_STATES }, { tag });
    }
    this.startLines.set(tag, entry.line);
    this.commands.set(tag, command);
    return index + 1;
  }

  /** The command after its tag, split at client literals; the literal's lines are marked consumed. */
  private clientParts(index: number, first: string): (string | Uint8Array)[] | null {
    const parts: (string | Uint8Array)[] = [];
    let text = first;
    let cursor = index;
    for (;;) {
      const marker = /\{(\d+)\+?\}$/.exec(text);
      if (!marker) {
        parts.push(text);
        return parts;
      }
      parts.push(text.slice(0, marker.index));
      let need = Number(marker[1]);
      const chunks: Uint8Array[] = [];
      let rest: string | null = null;
      let k = cursor + 1;
      for (; k < this.lines.length; k++) {
        const next = this.lines[k] as TranscriptLine;
        if (next.side !== 'C') continue;
        this.consumed.add(k);
        const bytes = utf8Encode(next.text);
        if (need <= bytes.length) {
          chunks.push(bytes.subarray(0, need));
          rest = decodeUtf8(bytes.subarray(need));
          break;
        }
        chunks.push(bytes, CRLF);
        need -= bytes.length + 2;
        if (need < 0) break;
      }
      const startLine = (this.lines[index] as TranscriptLine).line;
      if (rest === null) {
        this.stop(startLine, `line ${startLine}: client literal {${marker[1]}} runs past the client's lines`);
        return null;
      }
      parts.push(concatBytes(chunks));
      text = rest;
      cursor = k;
    }
  }

  private server(index: number): number {
    const scan = scanServerResponse(this.lines, index, {
      strict: this.strict,
      pendingTags: [...this.session.inFlightTags, ...this.session.queuedTags],
      exists: this.session.mailbox?.exists ?? null,
    });
    for (const note of scan.notes) {
      if (this.strict) return this.stop(note.line, note.message);
      this.inconsistency(note.line, note.message, note.repair);
    }
    if (scan.error) return this.stop(scan.error.line, scan.error.message);
    for (const piece of scan.pieces) {
      if (this.fatal) break;
      this.currentLine = piece.line;
      const bytes = utf8Encode(piece.text);
      const size = this.chunkSize ?? bytes.length;
      for (let at = 0; at < bytes.length && !this.fatal; at += size)
        this.session.receive(bytes.slice(at, at + size));
    }
    return scan.next;
  }

  private finish(): void {
    const last = this.lines[this.lines.length - 1]?.line ?? 0;
    this.currentLine = last;
    const pending = [...this.session.inFlightTags, ...this.session.queuedTags];
    for (const tag of pending) {
      this.inconsistency(last, `command ${tag} from line ${this.startLines.get(tag)} never completed`);
    }
    const state = this.session.state;
    this.finishing = true;
    this.session.close();
    this.push({ type: 'end', line: last, state, pending });
  }

  private push(event: TranscriptEvent): void {
    this.events.push(event);
  }

  private inconsistency(line: number, message: string, repair?: string): void {
    this.push(
      repair === undefined
        ? { type: 'inconsistency', line, message }
        : { type: 'inconsistency', line, message, repair },
    );
  }

  private error(line: number, code: string, message: string): void {
    if (this.fatal) return;
    this.fatal = true;
    this.push({ type: 'error', line, code, message });
  }

  private stop(line: number, message: string): number {
    this.error(line, 'TRANSCRIPT_INCONSISTENT', message);
    return Number.MAX_SAFE_INTEGER;
  }
}

const CRLF = Uint8Array.of(0x0d, 0x0a);

/** TextDecoder is in every browser and in Node, but not in the ES2022 lib (no DOM types on purpose). */
const textDecoder = new (
  globalThis as unknown as { TextDecoder: new () => { decode(b: Uint8Array): string } }
).TextDecoder();

function decodeUtf8(bytes: Uint8Array): string {
  return textDecoder.decode(bytes);
}
