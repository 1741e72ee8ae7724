import { limitKey } from './client-ip.ts';
import type { Logger, LogValue } from './log.ts';

// Refused upgrades and bad requests are logged, but a flood of them must not flood the log (3,000 refused
// upgrades once wrote 3,000 lines): a client's first few refusals of one kind in a minute are logged in
// full, the rest are counted and summed up in one line per sweep. A client not refused for a minute is
// forgotten.

/** Full lines per client and reason before the rest are only counted. */
export const FULL_LINES = 10;
/** How long a client's tally is kept after its last refusal. */
const WINDOW_MS = 60_000;
/** Tallies kept at most (an attacker may use many addresses); past it, refusals count under client '*'. */
const MAX_TALLIES = 10_000;

interface Tally {
  readonly msg: string;
  readonly client: string;
  readonly reason: string;
  logged: number;
  suppressed: number;
  lastSeen: number;
}

export class RefusalLog {
  readonly #log: Logger;
  readonly #tallies = new Map<string, Tally>();

  constructor(log: Logger) {
    this.#log = log;
  }

  /**
   * Logs `msg` with `fields` (plus `client`) at level warn, unless this client had FULL_LINES of this
   * `msg` and `reason` in the last minute: then it is only counted.
   */
  note(
    msg: string,
    client: string,
    reason: string,
    fields: Record<string, LogValue>,
    now = Date.now(),
  ): void {
    let key = `${msg} ${limitKey(client)} ${reason}`;
    let tallied = client;
    if (!this.#tallies.has(key) && this.#tallies.size >= MAX_TALLIES) {
      key = `${msg} * ${reason}`;
      tallied = '*';
    }
    let tally = this.#tallies.get(key);
    if (tally === undefined) {
      tally = { msg, client: tallied, reason, logged: 0, suppressed: 0, lastSeen: now };
      this.#tallies.set(key, tally);
    }
    tally.lastSeen = now;
    if (tally.logged >= FULL_LINES || tallied === '*') {
      tally.suppressed += 1;
      return;
    }
    tally.logged += 1;
    this.#log.warn(msg, { client, ...fields });
  }

  /** Writes one line per tally with refusals counted since the last sweep; forgets quiet clients. */
  sweep(now = Date.now()): void {
    for (const [key, tally] of this.#tallies) {
      if (tally.suppressed > 0) {
        this.#log.warn(`${tally.msg}: more not logged`, {
          client: tally.client,
          reason: tally.reason,
          count: tally.suppressed,
        });
        tally.suppressed = 0;
      } else if (now - tally.lastSeen >= WINDOW_MS) {
        this.#tallies.delete(key);
      }
    }
  }
}
