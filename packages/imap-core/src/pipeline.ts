// The commands of one session, from queued to completed: tags, the order they go out in, and the rules of
// pipelining (RFC 9051 5.5): a state-changing command (Command.exclusive) goes out alone, and two commands whose
// untagged answers cannot be told apart (Command.collects) are never in flight together. The session decides
// when to send and applies the answers; this file only keeps the books.

import type { Command } from './commands/command.ts';
import { ErrorCodes, UsageError } from './errors.ts';
import { Outcome } from './outcome.ts';
import type { UntaggedResponse } from './wire/response.ts';

export interface Pending {
  readonly command: Command<unknown>;
  readonly tag: string;
  readonly outcome: Outcome<unknown>;
  /** Chunks still to send, each after a continuation request (synchronizing literals). */
  chunks: Uint8Array[];
}

export class CommandPipeline {
  readonly #tagPrefix: string;
  #tagCounter = 0;
  readonly #queue: Pending[] = [];
  readonly #inFlight = new Map<string, Pending>();
  /** Tags rejected by BYE whose tagged response may still arrive. */
  readonly #abandoned = new Set<string>();
  /** The in-flight command whose literal waits for a continuation request; nothing else may be written. */
  writing: Pending | null = null;

  constructor(tagPrefix: string) {
    if (!/^[A-Za-z][A-Za-z0-9]*$/.test(tagPrefix)) {
      throw new UsageError(ErrorCodes.INVALID_ARGUMENT, 'tagPrefix must be letters and digits');
    }
    this.#tagPrefix = tagPrefix;
  }

  /** Tags of the commands sent and not yet completed, oldest first. */
  get inFlightTags(): readonly string[] {
    return [...this.#inFlight.keys()];
  }

  /** Tags of commands queued behind others, not yet sent. */
  get queuedTags(): readonly string[] {
    return this.#queue.map((p) => p.tag);
  }

  /** The commands in flight, oldest first (a copy: routing a response must not see commands it starts). */
  get inFlight(): Pending[] {
    return [...this.#inFlight.values()];
  }

  /** Nothing is queued and no state-changing command is in flight: the connection state is what it will be. */
  get settled(): boolean {
    return this.#queue.length === 0 && !this.inFlight.some((p) => p.command.effect);
  }

  /** Whether the server owes a response: a command is in flight and not quietly idling (see awaitsResponse). */
  get awaitingResponse(): boolean {
    for (const pending of this.#inFlight.values()) {
      if (pending.command.awaitsResponse?.() ?? true) return true;
    }
    return false;
  }

  /** Queues a command under `tag` (default the next of ours); INVALID_ARGUMENT for a tag in use. */
  enqueue(command: Command<unknown>, tag: string = this.#nextTag()): Pending {
    if (this.#inFlight.has(tag) || this.#queue.some((p) => p.tag === tag)) {
      throw new UsageError(ErrorCodes.INVALID_ARGUMENT, `tag ${tag} is already in use`);
    }
    const pending: Pending = { command, tag, outcome: new Outcome(), chunks: [] };
    this.#queue.push(pending);
    return pending;
  }

  /** Takes the next queued command when the pipelining rules let it go out now; else null. */
  takeSendable(): Pending | null {
    const next = this.#queue[0];
    if (next === undefined || this.writing !== null) return null;
    const busy = this.inFlight.filter((ahead) => !followsOnTheWire(next.command, ahead.command));
    if (busy.some((p) => p.command.exclusive)) return null;
    if (next.command.exclusive && busy.length > 0) return null;
    const kinds = next.command.collects ?? [];
    if (busy.some((p) => p.command.collects?.some((k) => kinds.includes(k)))) return null;
    this.#queue.shift();
    return next;
  }

  /** The command's line is on the wire. */
  sent(pending: Pending): void {
    this.#inFlight.set(pending.tag, pending);
    if (pending.chunks.length > 0) this.writing = pending;
  }

  /** Whether a command in flight collects this kind of untagged response (Command.collects). */
  collecting(kind: UntaggedResponse['kind']): boolean {
    for (const pending of this.#inFlight.values()) if (pending.command.collects?.includes(kind)) return true;
    return false;
  }

  /**
   * The command a tagged response completes, taken out of flight; undefined for a tag we never sent or one
   * already completed. `abandoned` is true for a tag BYE rejected: its late answer is no surprise.
   */
  complete(tag: string): { pending: Pending | undefined; abandoned: boolean } {
    const pending = this.#inFlight.get(tag);
    if (pending === undefined) return { pending, abandoned: this.#abandoned.delete(tag) };
    this.#inFlight.delete(tag);
    if (this.writing === pending) this.writing = null;
    return { pending, abandoned: false };
  }

  /** BYE: every command but `keep` is rejected with `error` (in flight ones are remembered as abandoned). */
  abandonAll(error: unknown, keep: (pending: Pending) => boolean): Pending[] {
    const abandoned: Pending[] = [];
    for (const [tag, pending] of this.#inFlight) {
      if (keep(pending)) continue;
      pending.outcome.reject(error);
      this.#inFlight.delete(tag);
      this.#abandoned.add(tag);
      abandoned.push(pending);
    }
    for (const pending of this.#queue) pending.outcome.reject(error);
    this.#queue.length = 0;
    this.writing = null;
    return abandoned;
  }

  /** The connection is gone: every command settles, LOGOUT resolved when `logoutDone`, the rest rejected. */
  closeAll(reason: unknown, logoutDone: boolean): void {
    for (const pending of this.#inFlight.values()) {
      if (logoutDone && pending.command.effect?.kind === 'logout') pending.outcome.resolve(undefined);
      else pending.outcome.reject(reason);
    }
    for (const pending of this.#queue) pending.outcome.reject(reason);
    this.#inFlight.clear();
    this.#queue.length = 0;
    this.writing = null;
  }

  #nextTag(): string {
    this.#tagCounter++;
    return `${this.#tagPrefix}${this.#tagCounter}`;
  }
}

/** Extensions whose ENABLE changes how mailbox names are written (RFC 6855 3, RFC 9051 5.1): UTF-8 from then on. */
const ENCODING_EXTENSIONS: ReadonlySet<string> = new Set(['UTF8=ACCEPT', 'IMAP4REV2']);

/**
 * Whether `next` may go out while `ahead` is in flight although `ahead` is exclusive: anything behind an IDLE
 * whose DONE is sent (Command.letsFollow), and a SELECT or EXAMINE right behind an ENABLE. RFC 9051 6.3.1:
 * "There are no limitations on pipelining ENABLE. For example, it is possible to send ENABLE and then
 * immediately SELECT"; the server enables first, so a SELECT (QRESYNC ...) behind ENABLE QRESYNC is valid
 * (RFC 7162 3.2.5). Not behind an ENABLE of UTF-8 names: the SELECT's name was written for the state before it.
 */
function followsOnTheWire(next: Command<unknown>, ahead: Command<unknown>): boolean {
  // Not one that waits for a continuation request of its own: it would be taken for the one ahead's.
  if (ahead.letsFollow?.() === true) return next.onContinuation === undefined;
  const effect = ahead.effect;
  if (next.effect?.kind !== 'select' || effect?.kind !== 'enable') return false;
  return !effect.extensions.some((name) => ENCODING_EXTENSIONS.has(name.toUpperCase()));
}
