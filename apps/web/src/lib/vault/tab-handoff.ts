// Tabs of one browser share a session the way a session cookie would: a new tab with nothing sealed in its own
// storage asks the others (a BroadcastChannel, which only pages of this origin can join), and a signed-in tab
// answers with its sealed session, ciphertext that opens only with the device key (credential-vault.ts). A
// sign-out is announced the same way: every other tab signs out too, as the key their copies opened with is gone.
//
// Messages: { type: 'ask', id } | { type: 'offer', id, sealed } | { type: 'signed-out' }.

/** How long a new tab waits for another tab's answer before it shows the sign-in form. */
export const HANDOFF_WAIT_MS = 250;
export const HANDOFF_CHANNEL = 'webmail.session';

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
  readonly waitMs?: number;
}

export class TabHandoff {
  readonly #channel: HandoffChannel | null;
  readonly #waitMs: number;
  #offer: (() => string | null) | null = null;
  #onSignedOut: (() => void) | null = null;
  readonly #listener = (event: MessageEvent): void => this.#receive(event.data);

  constructor(options: TabHandoffOptions = {}) {
    this.#channel = options.channel === undefined ? browserChannel() : options.channel;
    this.#waitMs = options.waitMs ?? HANDOFF_WAIT_MS;
    this.#channel?.addEventListener('message', this.#listener);
  }

  /** Answers other tabs' asks with `sealed()` while it returns one; null stops answering. */
  offer(sealed: (() => string | null) | null): void {
    this.#offer = sealed;
  }

  /** Another tab signed out. */
  onSignedOut(listener: (() => void) | null): void {
    this.#onSignedOut = listener;
  }

  /** Asks the other tabs for a sealed session; the first answer, or null after the wait. */
  ask(): Promise<string | null> {
    const channel = this.#channel;
    if (channel === null) return Promise.resolve(null);
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
      const timer = setTimeout(() => done(null), this.#waitMs);
      channel.addEventListener('message', answer);
      channel.postMessage({ type: 'ask', id } satisfies HandoffMessage);
    });
  }

  announceSignOut(): void {
    this.#channel?.postMessage({ type: 'signed-out' } satisfies HandoffMessage);
  }

  close(): void {
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
