// The folder's order asked for again after arrivals the list could not place from the dates it holds
// (arrival-places.ts: a message copied in with an old date, below the rows fetched so far). Debounced: a bulk
// copy arrives as a burst of EXISTS, and the re-order waits until REORDER_DELAY_MS have passed since the last
// of them, so the burst costs one sort. One re-order at a time: one asked for meanwhile runs once it ends.
//
// The order comes from the side connection when the folder is large enough for one (side-sort.ts), else from
// this connection (UID SORT (DATE) read newest first; without SORT every INTERNALDATE, ordered on the client). The list
// model adopts it with the cursor, the open message and the selection on their messages (ListModel.reordered).

import type { MailClient } from '../mail-client.ts';
import { orderByInternalDate, sortedByDate } from './folder-order.ts';
import type { ListModel } from './list-model.svelte.ts';
import type { ListOpen } from './list-open.ts';
import type { RowFetcher } from './row-fetcher.ts';
import type { SortOnSide } from './side-sort.ts';

/** How long after the last arrival that needs it the folder is ordered again. */
export const REORDER_DELAY_MS = 1_500;
/**
 * Re-orders in a row whose answer lacked a message the list holds (it arrived, or was expunged unheard, while
 * the order was computed) before the list stops asking until the next arrival.
 */
const REORDER_ATTEMPTS = 3;

/** Runs `run` after `ms` milliseconds; returns what cancels it. Tests pass a clock of their own. */
export type ReorderTimer = (run: () => void, ms: number) => () => void;

const realTimer: ReorderTimer = (run, ms) => {
  const timer = setTimeout(run, ms);
  return () => clearTimeout(timer);
};

export interface ListReorderOptions {
  /** Sorts a large folder on another connection (side-sort.ts). */
  readonly sortOnSide?: SortOnSide | null;
  /** Default REORDER_DELAY_MS. */
  readonly delayMs?: number;
  /** Default: setTimeout. */
  readonly timer?: ReorderTimer;
}

export class ListReorder {
  readonly #model: ListModel;
  readonly #client: MailClient;
  readonly #rowFetcher: RowFetcher;
  readonly #sortOnSide: SortOnSide | null;
  readonly #delayMs: number;
  readonly #timer: ReorderTimer;
  #cancelTimer: (() => void) | null = null;
  #running = false;
  /** Asked for while one ran: run for this open once it ends. */
  #next: ListOpen | null = null;
  #failedAttempts = 0;

  constructor(
    model: ListModel,
    client: MailClient,
    rowFetcher: RowFetcher,
    options: ListReorderOptions = {},
  ) {
    this.#model = model;
    this.#client = client;
    this.#rowFetcher = rowFetcher;
    this.#sortOnSide = options.sortOnSide ?? null;
    this.#delayMs = options.delayMs ?? REORDER_DELAY_MS;
    this.#timer = options.timer ?? realTimer;
  }

  /** Arrivals need their places: the folder is ordered again once no more have come for a while. */
  schedule(open: ListOpen): void {
    this.#failedAttempts = 0;
    this.#later(open);
  }

  /** Sign-out: nothing more is asked for. */
  dispose(): void {
    this.#cancelTimer?.();
    this.#cancelTimer = null;
    this.#next = null;
  }

  #later(open: ListOpen): void {
    this.#cancelTimer?.();
    this.#cancelTimer = this.#timer(() => {
      this.#cancelTimer = null;
      void this.#start(open);
    }, this.#delayMs);
  }

  async #start(open: ListOpen): Promise<void> {
    if (this.#running) {
      this.#next = open;
      return;
    }
    this.#running = true;
    let adopted = true;
    try {
      adopted = await this.#reorder(open);
    } catch {
      // The connection's fate is the session's to report; a resync orders the folder anew.
    } finally {
      this.#running = false;
    }
    const next = this.#next;
    this.#next = null;
    if (next !== null) void this.#start(next);
    else if (!adopted && open.current && ++this.#failedAttempts < REORDER_ATTEMPTS) this.#later(open);
  }

  /** Asks for the folder's order and hands it to the model; false when it did not match the list. */
  async #reorder(open: ListOpen): Promise<boolean> {
    const model = this.#model;
    const client = this.#client;
    const path = model.path;
    if (!open.current || model.ordering || path === null) return true;
    const side =
      this.#sortOnSide === null
        ? null
        : await this.#sortOnSide(path, model.uidValidity, client.mailbox?.exists ?? 0);
    // The folder is being ordered anew meanwhile (its side sort dropped this one): that order places them.
    if (!open.current || model.ordering) return true;
    const order =
      side ??
      (client.capabilities.has('SORT')
        ? await sortedByDate(client, { all: true })
        : await orderByInternalDate(client, model.folderUids().sort(), {
            ...(model.uidValidity === 0 ? {} : { expectedUidValidity: model.uidValidity }),
            wholeFolder: true,
          }));
    if (!open.current) return true;
    const adopted = model.reordered(open, order);
    if (adopted) this.#rowFetcher.pump();
    return adopted;
  }
}
