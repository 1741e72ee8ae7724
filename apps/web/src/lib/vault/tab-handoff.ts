// Tabs of one browser share a session the way a session cookie would: a new tab with nothing sealed in its own
// storage asks the others (a BroadcastChannel, which only pages of this origin can join), and a signed-in tab
// answers with its sealed session, ciphertext that opens only with the device key (credential-vault.ts). A
// sign-out is announced the same way: every other tab signs out too, as the key their copies opened with is gone.
//
// Messages: { type: 'ask', id } | { type: 'offer', id, sealed } | { type: 'signed-out' }.
//
// Whether any tab can answer is known without waiting: every tab that offers holds a shared Web Lock
// (navigator.locks, per origin like the channel). A new tab asks only when such a lock is held, and then waits
// as long as a busy tab may take to answer; with none held it shows the sign-in form at once. A fixed short
// wait instead showed the form in a second tab whenever the first was slow to answer (a loaded machine).

/** How long a new tab waits for another tab's answer, without Web Locks to say whether one is signed in. */
export const HANDOFF_WAIT_MS = 250;
/** How long a new tab waits when a signed-in tab holds the lock (it answers at once unless it is very busy). */
export const HANDOFF_HELD_WAIT_MS = 5_000;
export const HANDOFF_CHANNEL = 'webmail.session';
export const HANDOFF_LOCK = 'webmail.signed-in';

/** The part of navigator.locks this uses (absent where the browser has none; tests hand in fakes). */
export interface HandoffLocks {
  request(name: string, options: { mode: 'shared' }, held: () => Promise<void>): Promise<unknown>;
  query(): Promise<{ held?: readonly { name?: string }[] }>;
}

type HandoffMessage =
  | { readonly type: 'ask'; readonly id: string }
  | { readonly type: 'offer'; readonly id: string; readonly sealed: string }
  | { readonly type: 'signed-out' };

/** The part of BroadcastChannel this uses (tests hand in a pair of fakes). */
export interface HandoffChannel {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  close(): void;
}

export interface TabHandoffOptions {
  /** Default: a BroadcastChannel named HANDOFF_CHANNEL; null where the browser has none. */
  readonly channel?: HandoffChannel | null;
  /** Default: navigator.locks; null where the browser has none. */
  readonly locks?: HandoffLocks | null;
  readonly waitMs?: number;
  readonly heldWaitMs?: number;
}

export class TabHandoff {
  readonly #channel: HandoffChannel | null;
  readonly #locks: HandoffLocks | null;
  readonly #waitMs: number;
  readonly #heldWaitMs: number;
  #offer: (() => string | null) | null = null;
  /** Lets go of the lock this tab holds while it offers. */
  #release: (() => void) | null = null;
  #onSignedOut: (() => void) | null = null;
  readonly #listener = (event: MessageEvent): void => this.#receive(event.data);

  constructor(options: TabHandoffOptions = {}) {
    this.#channel = options.channel === undefined ? browserChannel() : options.channel;
    this.#locks = options.locks === undefined ? browserLocks() : options.locks;
    this.#waitMs = options.waitMs ?? HANDOFF_WAIT_MS;
    this.#heldWaitMs = options.heldWaitMs ?? HANDOFF_HELD_WAIT_MS;
    this.#channel?.addEventListener('message', this.#listener);
  }

  /** Answers other tabs' asks with `sealed()` while it returns one; null stops answering. */
  offer(sealed: (() => string | null) | null): void {
    this.#offer = sealed;
    if (sealed === null) {
      this.#release?.();
      this.#release = null;
    } else if (this.#release === null && this.#locks !== null && this.#channel !== null) {
      const held = new Promise<void>((resolve) => (this.#release = resolve));
      void this.#locks.request(HANDOFF_LOCK, { mode: 'shared' }, () => held).catch(() => undefined);
    }
  }

  /** Another tab signed out. */
  onSignedOut(listener: (() => void) | null): void {
    this.#onSignedOut = listener;
  }

  /** Asks the other tabs for a sealed session; the first answer, or null (at once when no tab can answer). */
  async ask(): Promise<string | null> {
    const channel = this.#channel;
    if (channel === null) return null;
    let waitMs = this.#waitMs;
    if (this.#locks !== null) {
      const state = await this.#locks.query().catch(() => null);
      if (state !== null) {
        if (!(state.held ?? []).some((lock) => lock.name === HANDOFF_LOCK)) return null;
        waitMs = this.#heldWaitMs;
      }
    }
    const id = crypto.getRandomValues(new Uint32Array(2)).join('-');
    return new Promise((resolve) => {
      const done = (sealed: string | null): void => {
        clearTimeout(timer);
        channel.removeEventListener('message', answer);
        resolve(sealed);
      };
      const answer = (event: MessageEvent): void => {
        const message = event.data as Partial<HandoffMessage> | null;
        if (message?.type === 'offer' && message.id === id && typeof message.sealed === 'string') {
          done(message.sealed);
        }
      };
      const timer = setTimeout(() => done(null), waitMs);
      channel.addEventListener('message', answer);
      channel.postMessage({ type: 'ask', id } satisfies HandoffMessage);
    });
  }

  announceSignOut(): void {
    this.#channel?.postMessage({ type: 'signed-out' } satisfies HandoffMessage);
  }

  close(): void {
    this.offer(null);
    this.#channel?.removeEventListener('message', this.#listener);
    this.#channel?.close();
  }

  #receive(data: unknown): void {
    const message = data as Partial<HandoffMessage> | null;
    if (message?.type === 'ask' && typeof message.id === 'string') {
      const sealed = this.#offer?.() ?? null;
      if (sealed !== null) this.#channel?.postMessage({ type: 'offer', id: message.id, sealed });
    } else if (message?.type === 'signed-out') {
      this.#onSignedOut?.();
    }
  }
}

function browserChannel(): HandoffChannel | null {
  if (typeof BroadcastChannel === 'undefined') return null;
  const channel = new BroadcastChannel(HANDOFF_CHANNEL);
  // Node (the tests' host) would otherwise stay alive for an open channel; browsers have no unref.
  (channel as { unref?: () => void }).unref?.();
  return channel;
}

function browserLocks(): HandoffLocks | null {
  const locks = (globalThis as { navigator?: { locks?: HandoffLocks } }).navigator?.locks;
  return locks ?? null;
}
