// A small direct-mapped cache from exact response bytes to the immutable value parsed from them.
//
// A mailbox listing repeats itself: the same flag lists, the same senders, the same "charset utf-8" parameter
// lists, message after message. Parsing such a span again only to build an equal object wastes time and, worse,
// memory in a 100,000-message list. Values stored here are frozen and shared between responses; a value must
// depend on nothing but its bytes. The cache has a fixed number of slots and overwrites on collision, so a server
// cannot grow it or force a slow path; it can only cause misses.
//
// Kept after measuring it against its removal (pnpm bench, 100,000 summaries): without it a summary holds
// 1.78 KB instead of 1.20 KB, which counts wherever summaries are held (a FETCH result, the messages a streamed
// FETCH keeps until it completes, a caller's cache); parse speed was the same within the noise of a shared
// machine. (The lazy BODYSTRUCTURE decoding that once sat beside it was removed: the app reads every body
// structure at once, so it only cost a second parse.)

const DEFAULT_SLOTS = 1024;
/** Spans longer than this are not cached: long spans rarely repeat, and comparing them costs more. */
export const MAX_CACHED_SPAN = 256;

export class SpanCache<T> {
  readonly #keys: (Uint8Array | undefined)[];
  readonly #values: (T | undefined)[];
  /** Hash of the last span that missed in each slot: the doorkeeper for store(). */
  readonly #seen: Int32Array;
  readonly #mask: number;
  #slot = 0;
  #hash = 0;

  constructor(slots = DEFAULT_SLOTS) {
    this.#keys = new Array<Uint8Array | undefined>(slots).fill(undefined);
    this.#values = new Array<T | undefined>(slots).fill(undefined);
    this.#seen = new Int32Array(slots);
    this.#mask = slots - 1;
  }

  /** End offset of the span found by the last lookupBalanced(), or -1 when it is not cacheable. */
  spanEnd = -1;

  /** The value stored for exactly bytes[start, end), if any. Remembers the slot for a following store(). */
  lookup(bytes: Uint8Array, start: number, end: number): T | undefined {
    let hash = 0x811c9dc5;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ (bytes[i] as number), 0x01000193);
    return this.#probe(bytes, start, end, hash);
  }

  /**
   * Finds the parenthesized value starting at `start` (which holds "(") and looks it up, in one pass over the
   * bytes. Sets spanEnd to the offset just past its ")", or to -1 when the span is not worth caching: longer
   * than MAX_CACHED_SPAN, holding a literal, or malformed (the real parser then reports the error precisely).
   * Quoted strings are skipped whole, so a ")" inside one does not end the span.
   */
  lookupBalanced(bytes: Uint8Array, start: number, end: number): T | undefined {
    const limit = Math.min(end, start + MAX_CACHED_SPAN);
    let hash = 0x811c9dc5;
    let depth = 0;
    for (let i = start; i < limit; i++) {
      let c = bytes[i] as number;
      hash = Math.imul(hash ^ c, 0x01000193);
      if (c === 0x22) {
        // A quoted string: hash through to its closing quote, stepping over escaped characters.
        for (i++; i < limit; i++) {
          c = bytes[i] as number;
          hash = Math.imul(hash ^ c, 0x01000193);
          if (c === 0x22) break;
          if (c === 0x5c && i + 1 < limit) {
            i++;
            hash = Math.imul(hash ^ (bytes[i] as number), 0x01000193);
          } else if (c === 0x0d) {
            i = limit;
          }
        }
      } else if (c === 0x28) {
        depth++;
      } else if (c === 0x29) {
        if (--depth === 0) {
          this.spanEnd = i + 1;
          return this.#probe(bytes, start, i + 1, hash);
        }
      } else if (c === 0x7b || c === 0x0d) {
        break;
      }
    }
    this.spanEnd = -1;
    return undefined;
  }

  #probe(bytes: Uint8Array, start: number, end: number, hash: number): T | undefined {
    const slot = (hash ^ (hash >>> 13)) & this.#mask;
    this.#slot = slot;
    this.#hash = hash;
    const key = this.#keys[slot];
    if (key === undefined || key.length !== end - start) return undefined;
    for (let k = 0; k < key.length; k++) if (key[k] !== bytes[start + k]) return undefined;
    return this.#values[slot];
  }

  /**
   * Stores `value` for the span passed to the immediately preceding lookup() or lookupBalanced(), if that span
   * was seen before. No other lookup on the same cache may come in between.
   */
  store(bytes: Uint8Array, start: number, end: number, value: T): void {
    const slot = this.#slot;
    if (this.#seen[slot] !== this.#hash) {
      this.#seen[slot] = this.#hash;
      return;
    }
    this.#keys[slot] = bytes.slice(start, end);
    this.#values[slot] = value;
  }
}

/**
 * A copy of `items` whose storage is exactly its length. Arrays grown by push() keep spare capacity (V8 grows
 * them to 17 slots at the first push), which a result kept for the life of a mailbox view should not carry.
 */
export function exactCopy<T>(items: T[]): T[] {
  return items.length < 2 ? (items.length === 0 ? [] : [items[0] as T]) : items.slice();
}
