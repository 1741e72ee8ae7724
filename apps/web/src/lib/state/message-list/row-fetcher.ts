// Which rows of the message list are fetched: only those in view plus a margin, by UID, in batches, at most
// PARALLEL_BATCHES in flight; when a batch ends the next one is chosen from where the view is then, so a fast
// scroll skips what it passed. Rows far from the view are dropped once the cache holds more than CACHE_LIMIT.

import type { MailClient } from '../mail-client.ts';
import type { ListModel } from './list-model.svelte.ts';
import type { ListOpen } from './list-open.ts';
import { fetchRowBatch } from './row-batch.ts';

/** UIDs per UID FETCH of rows. */
export const BATCH_SIZE = 50;
/** Rows fetched beyond each edge of the view. */
export const MARGIN = 40;
/** Row batches in flight at once. */
export const PARALLEL_BATCHES = 2;
/** Cached rows above which rows far from the view are dropped. */
export const CACHE_LIMIT = 1500;
/** Rows kept on each side of the view when the cache is trimmed. */
export const KEEP_AROUND = 300;

/** The batches of one open: a batch that ends after the folder changed counts only against its own. */
interface OpenBatches {
  readonly open: ListOpen;
  active: number;
  /** UIDs asked for and not returned (expunged meanwhile): not asked for again. */
  readonly missing: Set<number>;
}

export class RowFetcher {
  readonly #model: ListModel;
  readonly #client: Pick<MailClient, 'fetch' | 'capabilities'>;
  /** The rows the user sees (inclusive display indexes). */
  #view = { first: 0, last: -1 };
  #batches: OpenBatches | null = null;
  /** Callers of fetched(), told when no batch is in flight any more. */
  #waiting: (() => void)[] = [];

  constructor(model: ListModel, client: Pick<MailClient, 'fetch' | 'capabilities'>) {
    this.#model = model;
    this.#client = client;
  }

  /** The user now sees rows `first` to `last` (inclusive, within the list): rows around them are fetched. */
  setView(first: number, last: number): void {
    this.#view = { first, last };
    this.pump();
  }

  /** Another folder: nothing is in view until the list says so. */
  reset(): void {
    this.#view = { first: 0, last: -1 };
  }

  /** Starts batches until PARALLEL_BATCHES are in flight or nothing near the view is missing. */
  pump(): void {
    const open = this.#model.open;
    if (this.#batches?.open !== open) this.#batches = { open, active: 0, missing: new Set() };
    const batches = this.#batches;
    while (batches.active < PARALLEL_BATCHES) {
      const batch = this.#nextBatch(batches);
      if (batch.length === 0) return;
      batches.active++;
      void this.#fetchRows(batches, batch).finally(() => {
        batches.active--;
        if (open.current) this.pump();
        if (this.#batches?.active !== 0) return;
        for (const resolve of this.#waiting.splice(0)) resolve();
      });
    }
  }

  /** Settles once no batch is in flight (at once when none is): the rows near the view have come. */
  fetched(): Promise<void> {
    if ((this.#batches?.active ?? 0) === 0) return Promise.resolve();
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  /** Up to BATCH_SIZE UIDs to fetch: the view first, then the margin below it, then the margin above. */
  #nextBatch({ open, missing }: OpenBatches): number[] {
    const model = this.#model;
    const { first, last } = this.#view;
    const batch: number[] = [];
    const take = (from: number, to: number, step: 1 | -1): void => {
      for (let i = from; step > 0 ? i <= to : i >= to; i += step) {
        if (batch.length >= BATCH_SIZE) return;
        const uid = model.uidAt(i);
        if (uid === 0 || model.hasRow(uid) || open.isFetching(uid) || missing.has(uid)) continue;
        batch.push(uid);
      }
    };
    if (last < first) return batch;
    take(first, last, 1);
    take(last + 1, Math.min(model.count - 1, last + MARGIN), 1);
    take(first - 1, Math.max(0, first - MARGIN), -1);
    return batch;
  }

  async #fetchRows({ open, missing }: OpenBatches, uids: readonly number[]): Promise<void> {
    const model = this.#model;
    let rows: Awaited<ReturnType<typeof fetchRowBatch>> = [];
    try {
      rows = await fetchRowBatch(
        this.#client,
        { uids },
        {
          open,
          uidValidity: model.uidValidity,
          uidOf: (seq) => model.sequence.uidOf(seq),
          byInternalDate: !this.#client.capabilities.has('SORT'),
        },
      );
    } catch {
      // The connection's fate is the session's to report; a refused FETCH leaves these rows as placeholders
      // (marked missing, so the pump does not ask again at once; resync starts with a clean slate).
    }
    if (!model.keepRows(open, rows)) return;
    for (const uid of uids) if (!model.hasRow(uid)) missing.add(uid);
    if (model.cachedRows > CACHE_LIMIT) {
      model.trimRows(this.#view.first - KEEP_AROUND, this.#view.last + KEEP_AROUND);
    }
  }
}
