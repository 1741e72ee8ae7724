// The client's guard against a server (or a path to it) that stops answering. IMAP has no way to abandon one
// command: its tagged response could still arrive and every later command waits behind it, so a hung server
// can only be handled by dropping the connection. The watchdog does that when a response is owed and no byte
// came from the server, and no progress was made sending ours (a slow upload is not a hang), for a whole
// period.
//
// It counts activity instead of re-arming a timer for every chunk: it looks every sixth of a period, and drops
// the connection once six looks in a row saw nothing, so the silence it tolerates is one period, and it acts
// at most a sixth of a period later (30 to 35 s by default). It once looked only once a period, which let
// a command sent just after other traffic (an IDLE whose "+ idling" never came, a literal that stalled) hang
// for up to two periods.

import type { Timers } from './transport.ts';

/** How many times per period the watchdog looks for activity. */
export const WATCHDOG_LOOKS_PER_PERIOD = 6;

export interface WatchdogHooks {
  /** Whether the server owes a response right now (a command in flight that is not a quiet IDLE). */
  owed(): boolean;
  /** Bytes handed to the transport and not yet sent; undefined when the transport cannot tell. */
  buffered(): number | undefined;
  /** Called once, when the server stayed silent for a whole period while owing a response. */
  expired(): void;
}

export class ResponseWatchdog {
  readonly #timers: Timers;
  readonly #lookMs: number;
  readonly #hooks: WatchdogHooks;
  #timer: unknown = null;
  #heard = false;
  #quietLooks = 0;
  #lastBuffered = 0;
  #stopped = false;

  /** A period of 0 turns the watchdog off. */
  constructor(timers: Timers, periodMs: number, hooks: WatchdogHooks) {
    this.#timers = timers;
    this.#lookMs = periodMs / WATCHDOG_LOOKS_PER_PERIOD;
    this.#hooks = hooks;
  }

  /** Bytes arrived from the server. */
  heard(): void {
    this.#heard = true;
  }

  /** Bytes went to the server (a command, a literal, DONE): start watching if a response is now owed. */
  sent(): void {
    if (this.#timer === null && !this.#stopped && this.#lookMs > 0 && this.#hooks.owed()) this.#start();
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer !== null) this.#timers.clearTimeout(this.#timer);
    this.#timer = null;
  }

  #start(): void {
    this.#heard = false;
    this.#quietLooks = 0;
    this.#lastBuffered = this.#hooks.buffered() ?? 0;
    this.#schedule();
  }

  #schedule(): void {
    this.#timer = this.#timers.setTimeout(() => this.#look(), this.#lookMs);
  }

  #look(): void {
    this.#timer = null;
    if (this.#stopped || !this.#hooks.owed()) return; // nothing owed: sent() starts watching again
    const buffered = this.#hooks.buffered() ?? 0;
    const uploading = buffered > 0 && buffered < this.#lastBuffered;
    this.#quietLooks = this.#heard || uploading ? 0 : this.#quietLooks + 1;
    this.#heard = false;
    this.#lastBuffered = buffered;
    if (this.#quietLooks < WATCHDOG_LOOKS_PER_PERIOD) {
      this.#schedule();
      return;
    }
    this.#stopped = true;
    this.#hooks.expired();
  }
}
