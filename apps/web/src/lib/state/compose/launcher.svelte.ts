// The composer's foot in the signed-in part of the app. The composer itself (its state, the editor, its
// components) is a chunk of its own, fetched the first time a message is written (compose-bundle.ts): nothing of
// it loads before. What must run from the start lives here: the log of fetched envelopes that address
// suggestions come from, and the requests (c, r, a, f, the buttons) that start the chunk.

import type { ComposeBundle, ComposeBundleDeps } from './compose-bundle.ts';
import type { ComposeRequest } from './desk.svelte.ts';
import { EnvelopeLog } from './envelope-log.ts';

export type ComposerStatus = 'idle' | 'loading' | 'ready' | 'failed';

export type LauncherDeps = Omit<ComposeBundleDeps, 'envelopes'> & {
  /** Default: the dynamic import of compose-bundle.ts. */
  readonly load?: (deps: ComposeBundleDeps) => Promise<ComposeBundle>;
};

export class ComposeLauncher {
  #bundle = $state.raw<ComposeBundle | null>(null);
  #status = $state<ComposerStatus>('idle');
  #loading: Promise<ComposeBundle> | null = null;
  #disposed = false;
  readonly #deps: LauncherDeps;
  readonly #envelopes: EnvelopeLog;

  constructor(deps: LauncherDeps) {
    this.#deps = deps;
    this.#envelopes = new EnvelopeLog(deps.client);
  }

  /** The composer's state and components, once loaded. */
  get bundle(): ComposeBundle | null {
    return this.#bundle;
  }

  get status(): ComposerStatus {
    return this.#status;
  }

  /** Drafts with changes not yet in Drafts, or a message being sent. */
  get unsaved(): boolean {
    return this.#bundle?.desk.unsaved ?? false;
  }

  /** Opens a composer (loading the composer's chunk the first time). */
  async open(request: ComposeRequest): Promise<void> {
    const bundle = await this.load().catch(() => null);
    if (bundle && !this.#disposed) await bundle.desk.open(request);
  }

  load(): Promise<ComposeBundle> {
    if (this.#loading) return this.#loading;
    this.#status = 'loading';
    const load =
      this.#deps.load ?? ((deps) => import('./compose-bundle.ts').then((m) => m.loadComposeBundle(deps)));
    this.#loading = load({ ...this.#deps, envelopes: this.#envelopes }).then(
      (bundle) => {
        if (this.#disposed) bundle.desk.dispose();
        else {
          this.#bundle = bundle;
          this.#status = 'ready';
        }
        return bundle;
      },
      (error: unknown) => {
        this.#status = 'failed';
        this.#loading = null;
        throw error;
      },
    );
    return this.#loading;
  }

  /** Before signing out: every changed draft is saved. */
  async saveAll(): Promise<void> {
    await this.#bundle?.desk.saveAll();
  }

  dispose(): void {
    this.#disposed = true;
    this.#envelopes.dispose();
    this.#bundle?.desk.dispose();
    this.#bundle = null;
  }
}
