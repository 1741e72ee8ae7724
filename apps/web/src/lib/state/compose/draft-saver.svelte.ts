// Keeps one draft saved in the Drafts folder: AUTOSAVE_DELAY_MS after the last change, when the composer closes,
// and before it is sent. One save at a time; a change during a save is saved after it. Each save appends a new
// version and then removes the one before (draft-store.ts): when the APPEND is refused, the version before stays
// where it was and the user is told, in the server's words. A draft nobody has written anything in is not saved.

import { describeError, type UserMessage } from '../user-message.ts';
import type { DraftState } from './draft.svelte.ts';
import type { DraftStore, SavedDraft } from './draft-store.ts';

/** "A few seconds after typing stops." */
export const AUTOSAVE_DELAY_MS = 3000;
/** A save that failed (the connection was down, the server refused) is tried again after this long. */
export const RETRY_DELAY_MS = 20_000;

/** Drafts this large show how far their upload has gone. */
export const PROGRESS_FROM_BYTES = 256 * 1024;

export type SaveStatus = 'unsaved' | 'saving' | 'saved' | 'failed';

export interface DraftSaverOptions {
  readonly store: Pick<DraftStore, 'save' | 'remove'>;
  /** The draft's bytes now (Bcc kept), built from the editor's content. */
  readonly build: (draft: DraftState) => Uint8Array;
  readonly delayMs?: number;
  /** The Drafts folder had to be created: the user is told once. */
  readonly onFolderCreated?: (path: string) => void;
  /** The version already on the server (a continued draft). */
  readonly saved?: SavedDraft | null;
  /** Default describeError. */
  readonly describe?: (error: unknown) => UserMessage;
  /** Default RETRY_DELAY_MS. */
  readonly retryMs?: number;
}

export class DraftSaver {
  #status = $state<SaveStatus>('unsaved');
  #error = $state.raw<UserMessage | null>(null);
  #savedAt = $state<number | null>(null);
  #progress = $state<number | null>(null);
  #saved = $state.raw<SavedDraft | null>(null);
  /** Every version this saver has had in Drafts (an address written before the last save names one). */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- read on demand, never rendered
  readonly #versions = new Set<string>();
  #savedRevision: number;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #running: Promise<void> | null = null;
  #disposed = false;
  readonly #draft: DraftState;
  readonly #options: DraftSaverOptions;
  readonly #stop: () => void;

  constructor(draft: DraftState, options: DraftSaverOptions) {
    this.#draft = draft;
    this.#options = options;
    this.#saved = options.saved ?? null;
    if (this.#saved) this.#versions.add(versionKey(this.#saved));
    this.#savedRevision = draft.revision;
    if (this.#saved) this.#status = 'saved';
    this.#stop = draft.onChange(() => this.#schedule());
  }

  get status(): SaveStatus {
    return this.#status;
  }

  /** Why the last save failed (the version before, if any, is still in Drafts). */
  get error(): UserMessage | null {
    return this.#error;
  }

  get savedAt(): number | null {
    return this.#savedAt;
  }

  /** While a large draft (its attachments) is on its way to the server: the fraction sent. */
  get progress(): number | null {
    return this.#progress;
  }

  /** The version in Drafts now. */
  get saved(): SavedDraft | null {
    return this.#saved;
  }

  /** `ref` is one of the versions of this draft saved in this session (or the one it was continued from). */
  wasSaved(ref: SavedDraft): boolean {
    return this.#versions.has(versionKey(ref));
  }

  /** Changed since the last save. */
  get dirty(): boolean {
    return this.#draft.revision !== this.#savedRevision;
  }

  /**
   * Saves now if anything changed (after a save under way); `force` saves an untouched new draft too (before
   * sending it). Resolves true when Drafts holds the content as it is now, false when there was nothing to
   * save (never changed, or empty, and never saved); rejects with the reason a save failed.
   */
  async saveNow(options: { force?: boolean } = {}): Promise<boolean> {
    this.#cancelTimer();
    while (this.#running) await this.#running.catch(() => undefined);
    const onServer = this.#saved !== null || this.#status === 'saved';
    if (!this.dirty && (onServer || !options.force)) return onServer;
    if (!onServer && !options.force && this.#draft.isEmpty) return false;
    const running = this.#save();
    this.#running = running;
    try {
      await running;
    } finally {
      if (this.#running === running) this.#running = null;
    }
    return true;
  }

  /** Removes the version in Drafts (the message was sent, or the user discarded it). */
  async removeSaved(): Promise<'expunged' | 'flagged' | 'none'> {
    this.#cancelTimer();
    while (this.#running) await this.#running.catch(() => undefined);
    const saved = this.#saved;
    if (!saved) return 'none';
    const outcome = await this.#options.store.remove(saved);
    this.#saved = null;
    this.#status = 'unsaved';
    return outcome;
  }

  dispose(): void {
    this.#disposed = true;
    this.#cancelTimer();
    this.#stop();
  }

  #schedule(delayMs = this.#options.delayMs ?? AUTOSAVE_DELAY_MS): void {
    if (this.#disposed) return;
    this.#cancelTimer();
    this.#timer = setTimeout(() => {
      this.#timer = null;
      // A failed save says so and is tried again later, while the changes are still not in Drafts.
      this.saveNow().catch(() => {
        if (this.dirty) this.#schedule(this.#options.retryMs ?? RETRY_DELAY_MS);
      });
    }, delayMs);
  }

  #cancelTimer(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }

  async #save(): Promise<void> {
    const revision = this.#draft.revision;
    this.#status = 'saving';
    try {
      // A version without the attachments still on their way would lose them at the next reload.
      await this.#draft.attachments.settled();
      const bytes = this.#options.build(this.#draft);
      const report =
        bytes.length >= PROGRESS_FROM_BYTES ? (fraction: number) => (this.#progress = fraction) : undefined;
      const outcome = await this.#options.store
        .save(bytes, this.#draft.messageId, this.#saved, report)
        .finally(() => (this.#progress = null));
      // Without APPENDUID and not found by Message-ID: keep pointing at the version before rather than at nothing.
      if (outcome.saved) {
        this.#saved = outcome.saved;
        this.#versions.add(versionKey(outcome.saved));
      }
      this.#savedRevision = revision;
      this.#status = 'saved';
      this.#error = null;
      this.#savedAt = Date.now();
      if (outcome.createdFolder) this.#options.onFolderCreated?.(outcome.createdFolder);
    } catch (error) {
      this.#status = 'failed';
      this.#error = (this.#options.describe ?? describeError)(error);
      throw error;
    }
    // Changed while saving: that is saved too, after the usual pause.
    if (this.dirty && !this.#disposed) this.#schedule();
  }
}

function versionKey(saved: SavedDraft): string {
  return `${saved.uidValidity}:${saved.uid}:${saved.mailbox}`;
}
