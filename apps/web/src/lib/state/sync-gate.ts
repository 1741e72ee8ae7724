// Whether the mailbox shown is in step with the server: open while it is, closed from a dropped connection (or
// a start from what the device kept) until the resync after the reconnect is done. What must reach the server
// against the state the user saw, an action's UIDs, waits at the gate: it is applied once the list is in line
// again (and its UIDVALIDITY known), or refused by then (list-resync.ts drops UIDs of an old UIDVALIDITY).

export class SyncGate {
  #open: boolean;
  #waiters: (() => void)[] = [];

  constructor(open = true) {
    this.#open = open;
  }

  get isOpen(): boolean {
    return this.#open;
  }

  close(): void {
    this.#open = false;
  }

  open(): void {
    this.#open = true;
    for (const waiter of this.#waiters.splice(0)) waiter();
  }

  /** Settles at once while open, else when it opens. */
  wait(): Promise<void> {
    return this.#open ? Promise.resolve() : new Promise((resolve) => this.#waiters.push(resolve));
  }
}
