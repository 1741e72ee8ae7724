// The client's guard against a server (or a path to it) that stops answering. IMAP has no way to abandon one
// command: its tagged response could still arrive and every later command waits behind it, so a hung server
// can only be handled by dropping the connection. The watchdog does that when a response is owed and a whole
// period passed with no byte from the server and no progress sending ours (a slow upload is not a hang).
// It counts activity instead of re-arming a timer for every chunk: the connection is dropped after one to two
// periods of silence.

import type { Timers } from './transport.ts';

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
  readonly #periodMs: number;
  readonly #hooks: WatchdogHooks;
  #timer: unknown = null;
  #heard = false;
  #lastBuffered = 0;
  #stopped = false;

  /** A period of 0 turns the watchdog off. */
  constructor(timers: Timers, periodMs: number, hooks: WatchdogHooks) {
    this.#timers = timers;
    this.#periodMs = periodMs;
    this.#hooks = hooks;
  }

  /** Bytes arrived from the server. */
  heard(): void {
    this.#heard = true;
  }

  /** Bytes went to the server (a command, a literal, DONE): start watching if a response is now owed. */
  sent(): void {
    if (this.#timer === null && !this.#stopped && this.#periodMs > 0 && this.#hooks.owed()) this.#start();
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer !== null) this.#timers.clearTimeout(this.#timer);
    this.#timer = null;
  }

  #start(): void {
    this.#heard = false;
    this.#lastBuffered = this.#hooks.buffered() ?? 0;
    this.#timer = this.#timers.setTimeout(() => this.#tick(), this.#periodMs);
  }

  #tick(): void {
    this.#timer = null;
    if (this.#stopped || !this.#hooks.owed()) return;
    const buffered = this.#hooks.buffered() ?? 0;
    const uploading = buffered > 0 && buffered < this.#lastBuffered;
    if (this.#heard || uploading) {
      this.#start();
      return;
    }
    this.#stopped = true;
    this.#hooks.expired();
  }
}
