import { limitKey } from './client-ip.ts';
import type { Limits } from './config.ts';

// Admission control, decided before the WebSocket handshake so a refused client costs no upstream
// connection. Per-client state lives in a Map keyed by address (IPv6 by /64) and is dropped once the
// client has no session and a full bucket, so an address sweep cannot grow it without bound.

/** What the limits say to a new session; 'unavailable' when they could not be asked (workers only). */
export type Admission = 'ok' | 'client-sessions' | 'client-rate' | 'server-full' | 'unavailable';

/**
 * Where a server asks for and gives back session slots: `SessionLimits` in one process, or, with
 * workers, a client of the supervisor's limits (limits-broker.ts) that answers asynchronously.
 */
export interface Admissions {
  admit(address: string): Admission | Promise<Admission>;
  /**
   * Takes one new-session token from `address` without a session slot, for an upgrade that is refused
   * anyway (an unknown upstream): 'ok', or 'client-rate' once its bucket is empty.
   */
  charge(address: string): Admission | Promise<Admission>;
  release(address: string): void;
  sweep(now: number): void;
  /** Slots taken and not given back. */
  readonly openSessions: number;
}

interface ClientState {
  open: number;
  tokens: number;
  refilledAt: number;
}

const MINUTE_MS = 60_000;

export class SessionLimits implements Admissions {
  readonly #limits: Readonly<Limits>;
  readonly #clients = new Map<string, ClientState>();
  #open = 0;

  constructor(limits: Readonly<Limits>) {
    this.#limits = limits;
  }

  get openSessions(): number {
    return this.#open;
  }

  #refill(state: ClientState, now: number): void {
    const rate = this.#limits.newSessionsPerIpPerMinute;
    state.tokens = Math.min(rate, state.tokens + ((now - state.refilledAt) * rate) / MINUTE_MS);
    state.refilledAt = now;
  }

  #client(address: string, now: number): ClientState {
    const key = limitKey(address);
    let state = this.#clients.get(key);
    if (state === undefined) {
      state = { open: 0, tokens: this.#limits.newSessionsPerIpPerMinute, refilledAt: now };
      this.#clients.set(key, state);
    } else {
      this.#refill(state, now);
    }
    return state;
  }

  /** Takes a session slot for `address`, or says which limit refuses it. */
  admit(address: string, now = Date.now()): Admission {
    const state = this.#client(address, now);
    if (state.open >= this.#limits.maxSessionsPerIp) return 'client-sessions';
    if (state.tokens < 1) return 'client-rate';
    state.tokens -= 1;
    if (this.#open >= this.#limits.maxSessions) return 'server-full';
    state.open += 1;
    this.#open += 1;
    return 'ok';
  }

  charge(address: string, now = Date.now()): Admission {
    const state = this.#client(address, now);
    if (state.tokens < 1) return 'client-rate';
    state.tokens -= 1;
    return 'ok';
  }

  /** Gives back the slot of a session that `admit` accepted. */
  release(address: string): void {
    const state = this.#clients.get(limitKey(address));
    if (state === undefined || state.open === 0) return;
    state.open -= 1;
    this.#open -= 1;
  }

  /** Forgets clients with no session whose bucket has refilled; called from the periodic sweep. */
  sweep(now = Date.now()): void {
    for (const [key, state] of this.#clients) {
      if (state.open > 0) continue;
      this.#refill(state, now);
      if (state.tokens >= this.#limits.newSessionsPerIpPerMinute) this.#clients.delete(key);
    }
  }
}
