// Holds the session's events back until the response that caused them has been fully applied, then delivers
// them in order. Without it a listener runs in the middle of a response: a command it starts is already in
// flight while that response is still being routed, and collects data the server sent for someone else (a
// UID FETCH issued from a 'flags' listener returned the very FETCH that woke the listener). imap-next makes the
// same promise with its pull-based next(); we keep push events but deliver them late.
//
// Everything a listener causes (a command sent from it, bytes from the transport) is queued behind what is
// already waiting, so the order of events, and of the bytes we send, is the order in which they happened.

import type { Emitter } from './emitter.ts';

/**
 * One held-back delivery: an event (`name` set) or a deferred callback (`name` undefined). Records rather than
 * closures: a streamed 100,000-message FETCH queues two per message, and a closure each cost more than the
 * parsing of its response.
 */
interface Waiting {
  readonly name: PropertyKey | undefined;
  readonly event: unknown;
  readonly onError: ((error: unknown) => void) | undefined;
}

export class EventQueue<Events extends object> {
  readonly #emitter: Emitter<Events>;
  readonly #waiting: Waiting[] = [];
  /** How many batches are running (they nest: a command started while a response is applied). */
  #depth = 0;
  #delivering = false;

  constructor(emitter: Emitter<Events>) {
    this.#emitter = emitter;
  }

  /** Emits now when nothing is being applied, else after it. */
  emit<K extends keyof Events>(name: K, event: Events[K]): void {
    if (this.#depth === 0 && !this.#delivering) this.#emitter.emit(name, event);
    else this.#waiting.push({ name, event, onError: undefined });
  }

  /**
   * Runs a caller's callback (a streamed FETCH message) at the point an event emitted now would be delivered.
   * What it throws goes to `onError` instead of unwinding the session.
   */
  defer(callback: () => void, onError: (error: unknown) => void): void {
    if (this.#depth === 0 && !this.#delivering) runGuarded(callback, onError);
    else this.#waiting.push({ name: undefined, event: callback, onError });
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
      for (let i = 0; i < this.#waiting.length; i++) {
        const { name, event, onError } = this.#waiting[i] as Waiting;
        if (name === undefined) runGuarded(event as () => void, onError as (error: unknown) => void);
        else this.#emitter.emit(name as keyof Events, event as Events[keyof Events]);
      }
    } finally {
      this.#waiting.length = 0;
      this.#delivering = false;
    }
  }
}

function runGuarded(callback: () => void, onError: (error: unknown) => void): void {
  try {
    callback();
  } catch (error) {
    onError(error);
  }
}
