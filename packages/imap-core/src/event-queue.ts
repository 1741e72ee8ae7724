// Holds the session's events back until the response that caused them has been fully applied, then delivers
// them in order. Without it a listener runs in the middle of a response: a command it starts is already in
// flight while that response is still being routed, and collects data the server sent for someone else (a
// UID FETCH issued from a 'flags' listener returned the very FETCH that woke the listener). imap-next makes the
// same promise with its pull-based next(); we keep push events but deliver them late.
//
// Everything a listener causes (a command sent from it, bytes from the transport) is queued behind what is
// already waiting, so the order of events, and of the bytes we send, is the order in which they happened.

import type { Emitter } from './emitter.ts';

export class EventQueue<Events extends object> {
  readonly #emitter: Emitter<Events>;
  readonly #waiting: (() => void)[] = [];
  /** How many batches are running (they nest: a command started while a response is applied). */
  #depth = 0;
  #delivering = false;

  constructor(emitter: Emitter<Events>) {
    this.#emitter = emitter;
  }

  /** Emits now when nothing is being applied, else after it. */
  emit<K extends keyof Events>(name: K, event: Events[K]): void {
    if (this.#depth === 0 && !this.#delivering) this.#emitter.emit(name, event);
    else this.#waiting.push(() => this.#emitter.emit(name, event));
  }

  /**
   * Runs a caller's callback (a streamed FETCH message) at the point an event emitted now would be delivered.
   * What it throws goes to `onError` instead of unwinding the session.
   */
  defer(callback: () => void, onError: (error: unknown) => void): void {
    const guarded = (): void => {
      try {
        callback();
      } catch (error) {
        onError(error);
      }
    };
    if (this.#depth === 0 && !this.#delivering) guarded();
    else this.#waiting.push(guarded);
  }

  /** Runs `work` with events held back; the outermost batch delivers them (and whatever they cause) at its end. */
  batch<R>(work: () => R): R {
    this.#depth++;
    try {
      return work();
    } finally {
      this.#depth--;
      if (this.#depth === 0) this.#deliver();
    }
  }

  #deliver(): void {
    if (this.#delivering) return; // an outer delivery loop is running and will reach what was just queued
    this.#delivering = true;
    try {
      // By index: listeners may queue more while we walk the list.
      for (let i = 0; i < this.#waiting.length; i++) (this.#waiting[i] as () => void)();
    } finally {
      this.#waiting.length = 0;
      this.#delivering = false;
    }
  }
}
