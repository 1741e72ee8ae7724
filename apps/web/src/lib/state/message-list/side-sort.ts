// The whole folder's order computed on a connection of its own. A first UID SORT of a large folder takes
// Dovecot seconds (3-4 s for 100,000 messages with cold caches), and one connection answers in order: on the
// list's connection, opening a message or switching folders meanwhile waited behind it (issue 14). Here the
// sort runs beside the list's connection, which stays free for what the user asks for now; Dovecot keeps what
// the sort learned in its index, so later sorts on any connection are quick.
//
// One side connection, opened when first needed and logged out after a minute unused (every connection
// counts against the server's per-user limit). A newer request drops an older one still running, since its
// answer is no longer wanted and the new sort would otherwise wait behind it. Any failure answers null: the
// caller then sorts on its own connection, as before.
//
// A server without SORT is ordered the same way here: every message's INTERNALDATE in one streamed UID FETCH
// (6.9 MB for 100,000 messages, 1 MB compressed; 0.3-0.9 s of Dovecot on this project's machine, warm to
// cold), ordered on the client.

import type { SecondaryClient } from '../all-folders-search.svelte.ts';
import { folderByInternalDate, sortedByDate } from './folder-order.ts';

type SideClient = Pick<SecondaryClient, 'capabilities' | 'examine' | 'sort' | 'fetch' | 'logout' | 'close'>;

/**
 * The folder's UIDs newest first (by Date with SORT, else by INTERNALDATE), or null when it could not be had on the side or is not worth it
 * (`messages`: how many the folder holds).
 */
export type SortOnSide = (path: string, uidValidity: number, messages: number) => Promise<Uint32Array | null>;

/**
 * Folders smaller than this are sorted on the list's own connection: Dovecot sorts them in a few milliseconds,
 * which is less than signing in on another connection costs.
 */
export const SIDE_SORT_MIN = 2_000;

/** An unused side connection is logged out after this long. */
export const SIDE_IDLE_MS = 60_000;
/** After the side connection could not be opened (e.g. the server's connection limit), wait this long. */
export const SIDE_RETRY_MS = 5 * 60_000;

export interface SideSorterOptions {
  /** Default SIDE_SORT_MIN. */
  readonly minMessages?: number;
  readonly idleMs?: number;
  readonly retryMs?: number;
  readonly now?: () => number;
}

export class SideSorter {
  readonly #openClient: () => Promise<SideClient>;
  readonly #minMessages: number;
  readonly #idleMs: number;
  readonly #retryMs: number;
  readonly #now: () => number;
  #client: Promise<SideClient> | null = null;
  /** Bumped by every request: a sort still running for an older one is dropped. */
  #generation = 0;
  #running = 0;
  #idleTimer: ReturnType<typeof setTimeout> | undefined;
  #unavailableUntil = 0;
  #disposed = false;

  constructor(openClient: () => Promise<SideClient>, options: SideSorterOptions = {}) {
    this.#openClient = openClient;
    this.#minMessages = options.minMessages ?? SIDE_SORT_MIN;
    this.#idleMs = options.idleMs ?? SIDE_IDLE_MS;
    this.#retryMs = options.retryMs ?? SIDE_RETRY_MS;
    this.#now = options.now ?? (() => Date.now());
  }

  /**
   * UID SORT (DATE) read newest first of every message of `path` (without SORT: by INTERNALDATE), if its UIDVALIDITY is
   * still `uidValidity`.
   */
  readonly sort: SortOnSide = async (path, uidValidity, messages) => {
    if (messages < this.#minMessages || this.#disposed || this.#now() < this.#unavailableUntil) return null;
    const generation = ++this.#generation;
    if (this.#running > 0) this.#drop();
    clearTimeout(this.#idleTimer);
    this.#running++;
    const pending = (this.#client ??= this.#openClient());
    let opened = false;
    try {
      const client = await pending;
      opened = true;
      const examined = await client.examine(path);
      // Recreated since the list read it: the side's UIDs would name other messages.
      if (examined.uidValidity !== uidValidity || generation !== this.#generation) return null;
      const order = client.capabilities.has('SORT')
        ? await sortedByDate(client, { all: true })
        : await folderByInternalDate(client, examined.exists, uidValidity);
      return generation === this.#generation ? order : null;
    } catch {
      // A sort dropped for a newer one lands here too, its connection already replaced: nothing to do.
      if (this.#client === pending) {
        if (opened) this.#drop();
        else {
          // Not signed in on the side (the server's connection limit, say): not asked again for a while.
          this.#client = null;
          this.#unavailableUntil = this.#now() + this.#retryMs;
        }
      }
      return null;
    } finally {
      this.#running--;
      if (this.#running === 0 && !this.#disposed) {
        this.#idleTimer = setTimeout(() => this.#logout(), this.#idleMs);
      }
    }
  };

  /** Sign-out: the side connection is logged out. */
  dispose(): void {
    this.#disposed = true;
    clearTimeout(this.#idleTimer);
    this.#logout();
  }

  /** Closes the connection (under a sort nobody waits for any more, or one that failed); the next opens anew. */
  #drop(): void {
    const pending = this.#client;
    this.#client = null;
    void pending?.then((client) => client.close()).catch(() => undefined);
  }

  #logout(): void {
    const pending = this.#client;
    this.#client = null;
    void pending
      ?.then(async (client) => {
        await client.logout().catch(() => undefined);
        client.close();
      })
      .catch(() => undefined);
  }
}
