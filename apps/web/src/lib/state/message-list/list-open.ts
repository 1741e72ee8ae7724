// One open of the listed folder (or one resync of it): the token that work carries from the moment it starts.
// The list model ends it when the next open begins (list-model.svelte.ts), and every model method that work
// finishing late would call takes the token and refuses an ended one, so an answer that arrives after the user
// moved on changes nothing. Work that would go on asking the server checks `current` itself.
//
// The token also knows which rows are being fetched under it, so that the FETCH responses our own row fetches
// bring are not mistaken for another client's flag changes (server-changes.ts).

export class ListOpen {
  #current = true;
  /** UIDs of the row fetches in flight, each counted once per fetch naming it. */
  readonly #fetching = new Map<number, number>();
  /** Lower bounds of the open-ended fetches in flight (UID n:*). */
  readonly #fetchingFrom: number[] = [];
  #showFirstRows!: () => void;
  #markSelected!: () => void;
  /** Settles when the first rows can be shown (or there are none, or opening failed). */
  readonly firstRows: Promise<void>;
  /** Settles when SELECT is answered (or failed): a search may be sent from then on. */
  readonly selected: Promise<void>;

  constructor() {
    this.firstRows = new Promise((resolve) => (this.#showFirstRows = resolve));
    this.selected = new Promise((resolve) => (this.#markSelected = resolve));
  }

  /** Whether this is still the list's open: false once another folder (or a resync) began. */
  get current(): boolean {
    return this.#current;
  }

  /** The list moved on (the list model calls this when the next open begins, or on sign-out). */
  end(): void {
    this.#current = false;
  }

  showFirstRows(): void {
    this.#showFirstRows();
  }

  markSelected(): void {
    this.#markSelected();
  }

  /** Rows of `uids` are being fetched until the returned function is called. */
  fetching(uids: readonly number[]): () => void {
    for (const uid of uids) this.#fetching.set(uid, (this.#fetching.get(uid) ?? 0) + 1);
    return () => {
      for (const uid of uids) {
        const left = (this.#fetching.get(uid) ?? 1) - 1;
        if (left > 0) this.#fetching.set(uid, left);
        else this.#fetching.delete(uid);
      }
    };
  }

  /** Rows of every UID from `from` on are being fetched until the returned function is called. */
  fetchingFrom(from: number): () => void {
    this.#fetchingFrom.push(from);
    return () => {
      const at = this.#fetchingFrom.indexOf(from);
      if (at >= 0) this.#fetchingFrom.splice(at, 1);
    };
  }

  /** Whether a row fetch in flight names `uid`: its answer brings the row with its flags. */
  isFetching(uid: number): boolean {
    return this.#fetching.has(uid) || this.#fetchingFrom.some((from) => uid >= from);
  }
}
