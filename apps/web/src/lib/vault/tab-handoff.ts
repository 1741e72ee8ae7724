// Tabs of one browser share a session the way a session cookie would: a new tab with nothing sealed in its own
// storage asks the others (a BroadcastChannel, which only pages of this origin can join), and a signed-in tab
// answers with its sealed session, ciphertext that opens only with the device key (credential-vault.ts). A
// sign-out is announced the same way: every other tab signs out too, as the key their copies opened with is gone.
//
// Messages: { type: 'ask', id } | { type: 'wait', id } | { type: 'offer', id, sealed } | { type: 'signed-out' }.
//
// Sealing a session takes a moment after sign-in (the mirror's key is derived from the password first): a tab
// signed in but not yet sealed answers an ask with 'wait', and offers once it can. The asking tab then waits
// for that offer up to HANDOFF_HELD_WAIT_MS instead of giving up after the short wait and showing the
// sign-in form (a second tab opened right after sign-in did, now and then, on a loaded machine).

/** How long a new tab waits for another tab's first answer before it shows the sign-in form. */
export const HANDOFF_WAIT_MS = 250;
/** How long it waits for the offer of a tab that answered 'wait'. */
export const HANDOFF_HELD_WAIT_MS = 5_000;
export const HANDOFF_CHANNEL = 'webmail.session';

type HandoffMessage =
  | { readonly type: 'ask'; readonly id: string }
  | { readonly type: 'wait'; readonly id: string }
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
  readonly heldWaitMs?: number;
}

export class TabHandoff {
  readonly #channel: HandoffChannel | null;
  readonly #waitMs: number;
  readonly #heldWaitMs: number;
  #offer: (() => string | null) | null = null;
  /** Signed in, its session not yet sealed: asks are answered 'wait', then offered to. */
  #holding = false;
  /** Asks that came while this tab was holding. */
  #waiting: string[] = [];
  #onSignedOut: (() => void) | null = null;
  readonly #listener = (event: MessageEvent): void => this.#receive(event.data);

  constructor(options: TabHandoffOptions = {}) {
    this.#channel = options.channel === undefined ? browserChannel() : options.channel;
    this.#waitMs = options.waitMs ?? HANDOFF_WAIT_MS;
    this.#heldWaitMs = options.heldWaitMs ?? HANDOFF_HELD_WAIT_MS;
    this.#channel?.addEventListener('message', this.#listener);
  }

  /** This tab is signed in and will offer its session soon: asks meanwhile are told to wait for it. */
  hold(): void {
    this.#holding = true;
  }

  /** Answers other tabs' asks with `sealed()` while it returns one; null stops answering. */
  offer(sealed: (() => string | null) | null): void {
    this.#offer = sealed;
    this.#holding = false;
    const waiting = this.#waiting.splice(0);
    if (sealed !== null) for (const id of waiting) this.#answer(id);
  }

  /** Another tab signed out. */
  onSignedOut(listener: (() => void) | null): void {
    this.#onSignedOut = listener;
  }

  /** Asks the other tabs for a sealed session; the first offer, or null when none comes in time. */
  ask(): Promise<string | null> {
    const channel = this.#channel;
    if (channel === null) return Promise.resolve(null);
    const id = crypto.getRandomValues(new Uint32Array(2)).join('-');
    return new Promise((resolve) => {
      let timer = setTimeout(() => done(null), this.#waitMs);
      let extended = false;
      const done = (sealed: string | null): void => {
        clearTimeout(timer);
        channel.removeEventListener('message', answer);
        resolve(sealed);
      };
      const answer = (event: MessageEvent): void => {
        const message = event.data as { type?: unknown; id?: unknown; sealed?: unknown } | null;
        if (message?.id !== id) return;
        if (message.type === 'offer' && typeof message.sealed === 'string') done(message.sealed);
        else if (message.type === 'wait' && !extended) {
          extended = true;
          clearTimeout(timer);
          timer = setTimeout(() => done(null), this.#heldWaitMs);
        }
      };
      channel.addEventListener('message', answer);
      channel.postMessage({ type: 'ask', id } satisfies HandoffMessage);
    });
  }

  announceSignOut(): void {
    this.#channel?.postMessage({ type: 'signed-out' } satisfies HandoffMessage);
  }

  #answer(id: string): void {
    const sealed = this.#offer?.() ?? null;
    if (sealed !== null) this.#channel?.postMessage({ type: 'offer', id, sealed } satisfies HandoffMessage);
  }

  close(): void {
    this.offer(null);
    this.#channel?.removeEventListener('message', this.#listener);
    this.#channel?.close();
  }

  #receive(data: unknown): void {
    const message = data as Partial<HandoffMessage> | null;
    if (message?.type === 'ask' && typeof message.id === 'string') {
      if (this.#offer === null && this.#holding) {
        this.#waiting.push(message.id);
        this.#channel?.postMessage({ type: 'wait', id: message.id } satisfies HandoffMessage);
      } else this.#answer(message.id);
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
