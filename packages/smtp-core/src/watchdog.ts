// The client's guard against a server (or a path to it) that stops answering, after imap-core's. SMTP has no
// way to abandon a command, so a silent server can only be handled by dropping the connection. The watchdog
// does that when something is owed (a reply, the TLS handshake, progress on our upload) and a whole period
// passed with no byte from the server and no progress sending ours. It counts activity instead of re-arming
// a timer for every chunk, so the connection is dropped after one to two periods of silence. The period is
// asked for each time it is armed: the final dot's reply gets a longer one.

import type { Timers } from '@webmail/imap-core';

export interface WatchdogHooks {
  /** Whether the server owes us something right now. */
  owed(): boolean;
  /** The period for what is owed now, in ms; 0 turns the watchdog off for it. */
  periodMs(): number;
  /** Bytes handed to the transport and not yet sent; undefined when the transport cannot tell. */
  buffered(): number | undefined;
  /** Called once, when the server stayed silent for a whole period while owing something. */
  expired(periodMs: number): void;
}

export class ReplyWatchdog {
  readonly #timers: Timers;
  readonly #hooks: WatchdogHooks;
  #timer: unknown = null;
  #periodMs = 0;
  #heard = false;
  #lastBuffered = 0;
  #stopped = false;

  constructor(timers: Timers, hooks: WatchdogHooks) {
    this.#timers = timers;
    this.#hooks = hooks;
  }

  /** Bytes arrived from the server. */
  heard(): void {
    this.#heard = true;
  }

  /** Bytes went to the server: start watching if something is now owed, with the period that now applies. */
  sent(): void {
    if (this.#stopped || !this.#hooks.owed()) return;
    const periodMs = this.#hooks.periodMs();
    if (this.#timer !== null) {
      if (periodMs === this.#periodMs) return;
      this.#timers.clearTimeout(this.#timer);
      this.#timer = null;
    }
    if (periodMs > 0) this.#start(periodMs);
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer !== null) this.#timers.clearTimeout(this.#timer);
    this.#timer = null;
  }

  #start(periodMs: number): void {
    this.#periodMs = periodMs;
    this.#heard = false;
    this.#lastBuffered = this.#hooks.buffered() ?? 0;
    this.#timer = this.#timers.setTimeout(() => this.#tick(), periodMs);
  }

  #tick(): void {
    this.#timer = null;
    if (this.#stopped || !this.#hooks.owed()) return;
    const buffered = this.#hooks.buffered() ?? 0;
    const uploading = buffered > 0 && buffered < this.#lastBuffered;
    if (this.#heard || uploading) {
      const periodMs = this.#hooks.periodMs();
      if (periodMs > 0) this.#start(periodMs);
      return;
    }
    this.#stopped = true;
    this.#hooks.expired(this.#periodMs);
  }
}
