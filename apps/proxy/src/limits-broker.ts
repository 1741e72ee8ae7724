import type { Limits } from './config.ts';
import { SessionLimits, type Admission, type Admissions } from './session-limits.ts';

// With workers, the per-client and global limits must count every process's sessions, so they live in
// the supervisor: `LimitsBroker` there, one `BrokerClient` per worker asking it over IPC before each
// WebSocket handshake completes. A question that gets no answer in time is refused ('unavailable'): the
// limits fail closed.

/** How long a worker waits for the supervisor's answer before refusing the session. */
const BROKER_TIMEOUT_MS = 2_000;

export type BrokerRequest =
  | { readonly type: 'admit' | 'charge'; readonly id: number; readonly address: string }
  | { readonly type: 'release'; readonly address: string };

export interface BrokerAnswer {
  readonly type: 'admission';
  readonly id: number;
  readonly admission: Admission;
}

/** The supervisor's side: one set of limits, and which worker holds which slots. */
export class LimitsBroker {
  readonly #limits: SessionLimits;
  /** Per worker: open slots by client address, so a worker that dies gives its slots back. */
  readonly #held = new Map<number, Map<string, number>>();

  constructor(limits: Readonly<Limits>) {
    this.#limits = new SessionLimits(limits);
  }

  get openSessions(): number {
    return this.#limits.openSessions;
  }

  /** Answers one request from `worker`; returns the answer to send back, if the request wants one. */
  handle(worker: number, request: BrokerRequest, now = Date.now()): BrokerAnswer | null {
    if (request.type === 'release') {
      this.#release(worker, request.address);
      return null;
    }
    if (request.type === 'charge') {
      return { type: 'admission', id: request.id, admission: this.#limits.charge(request.address, now) };
    }
    const admission = this.#limits.admit(request.address, now);
    if (admission === 'ok') {
      const held = this.#held.get(worker) ?? new Map<string, number>();
      held.set(request.address, (held.get(request.address) ?? 0) + 1);
      this.#held.set(worker, held);
    }
    return { type: 'admission', id: request.id, admission };
  }

  #release(worker: number, address: string): void {
    const held = this.#held.get(worker);
    const count = held?.get(address) ?? 0;
    // A worker can only give back what it was given.
    if (held === undefined || count === 0) return;
    if (count === 1) held.delete(address);
    else held.set(address, count - 1);
    this.#limits.release(address);
  }

  /** Gives back every slot of a worker that exited. */
  forgetWorker(worker: number): void {
    const held = this.#held.get(worker);
    this.#held.delete(worker);
    for (const [address, count] of held ?? []) {
      for (let i = 0; i < count; i++) this.#limits.release(address);
    }
  }

  sweep(now = Date.now()): void {
    this.#limits.sweep(now);
  }
}

interface Pending {
  readonly address: string;
  /** A slot was asked for (admit), not only a token (charge). */
  readonly slot: boolean;
  readonly resolve: (admission: Admission) => void;
  readonly timer: NodeJS.Timeout;
}

/**
 * A worker's side: asks the broker through `send` (the IPC channel; it throws when the channel is
 * closed), and the answers arrive through `onAnswer`.
 */
export class BrokerClient implements Admissions {
  readonly #send: (request: BrokerRequest) => void;
  readonly #timeoutMs: number;
  readonly #pending = new Map<number, Pending>();
  /** Questions given up on, by id: a late 'ok' for one of them is given straight back. */
  readonly #abandoned = new Map<number, string>();
  #nextId = 0;
  #open = 0;

  constructor(send: (request: BrokerRequest) => void, timeoutMs = BROKER_TIMEOUT_MS) {
    this.#send = send;
    this.#timeoutMs = timeoutMs;
  }

  /** Slots this worker holds. */
  get openSessions(): number {
    return this.#open;
  }

  admit(address: string): Promise<Admission> {
    return this.#ask('admit', address);
  }

  charge(address: string): Promise<Admission> {
    return this.#ask('charge', address);
  }

  #ask(type: 'admit' | 'charge', address: string): Promise<Admission> {
    const id = this.#nextId++;
    const slot = type === 'admit';
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        if (slot) this.#abandoned.set(id, address);
        resolve('unavailable');
      }, this.#timeoutMs);
      this.#pending.set(id, { address, slot, resolve, timer });
      try {
        this.#send({ type, id, address });
      } catch {
        clearTimeout(timer);
        this.#pending.delete(id);
        resolve('unavailable');
      }
    });
  }

  onAnswer(answer: BrokerAnswer): void {
    const pending = this.#pending.get(answer.id);
    if (pending === undefined) {
      const address = this.#abandoned.get(answer.id);
      this.#abandoned.delete(answer.id);
      if (address !== undefined && answer.admission === 'ok') this.#sendRelease(address);
      return;
    }
    this.#pending.delete(answer.id);
    clearTimeout(pending.timer);
    if (answer.admission === 'ok' && pending.slot) this.#open += 1;
    pending.resolve(answer.admission);
  }

  release(address: string): void {
    if (this.#open === 0) return;
    this.#open -= 1;
    this.#sendRelease(address);
  }

  #sendRelease(address: string): void {
    try {
      this.#send({ type: 'release', address });
    } catch {
      // The supervisor is gone; it has forgotten this worker's slots with it.
    }
  }

  /** The broker sweeps its own limits; nothing is kept here. */
  sweep(): void {}
}
