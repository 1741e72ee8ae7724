// New mail in the listed folder: every UID from UIDNEXT on (RFC 9051 2.3.1.1), one fetch at a time (an EXISTS
// heard meanwhile asks for one more round once it ends), placed by date in the folder's order by the list model
// (new mail on top; a message copied in with an old date where its date puts it, or, when the rows fetched so far
// cannot tell where that is, by a re-order of the folder: list-reorder.ts), then matched against the search
// shown.

import type { MailClient } from '../mail-client.ts';
import type { ListModel } from './list-model.svelte.ts';
import type { ListOpen } from './list-open.ts';
import type { ListReorder } from './list-reorder.ts';
import type { ListSearch } from './list-search.ts';
import { fetchRowBatch } from './row-batch.ts';

/** The arrival fetches of one open. */
interface Round {
  readonly open: ListOpen;
  done: Promise<void>;
  /** Another EXISTS came while fetching: fetch again once this fetch ends. */
  again: boolean;
}

export class ListArrivals {
  readonly #model: ListModel;
  readonly #client: MailClient;
  readonly #search: ListSearch;
  readonly #reorder: ListReorder;
  #round: Round | null = null;

  constructor(model: ListModel, client: MailClient, search: ListSearch, reorder: ListReorder) {
    this.#model = model;
    this.#client = client;
    this.#search = search;
    this.#reorder = reorder;
  }

  /** Fetches and lists the messages from UIDNEXT on; settles when they are listed (or the fetch failed). */
  fetch(open: ListOpen): Promise<void> {
    const running = this.#round;
    if (running?.open === open) {
      running.again = true;
      return running.done;
    }
    const round: Round = { open, done: Promise.resolve(), again: false };
    this.#round = round;
    round.done = this.#rounds(round);
    return round.done;
  }

  async #rounds(round: Round): Promise<void> {
    const model = this.#model;
    const open = round.open;
    try {
      do {
        round.again = false;
        const rows = await fetchRowBatch(
          this.#client,
          { from: Math.max(1, model.uidNext) },
          {
            open,
            uidValidity: model.uidValidity,
            uidOf: (seq) => model.sequence.uidOf(seq),
            byInternalDate: !this.#client.capabilities.has('SORT'),
          },
        );
        if (!open.current) return;
        // Without SORT the folder is ordered by INTERNALDATE (folder-order.ts), and arrivals with it.
        const byInternalDate = !this.#client.capabilities.has('SORT');
        model.arrived(open, rows, byInternalDate);
      } while (round.again);
      // Once per burst (a bulk copy's EXISTS come while the first fetch runs), and after a resync too.
      if (model.awaitsReorder) this.#reorder.schedule(open);
      model.checkSequence(open, this.#client.mailbox?.exists);
      if (model.resultsQuery !== null) await this.#search.matchArrivals(open);
    } catch {
      // The connection's fate is the session's to report; the next EXISTS (or the resync) fetches again.
    } finally {
      if (this.#round === round) this.#round = null;
    }
  }
}
