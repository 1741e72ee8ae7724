// The composer's two settings, kept in this browser (localStorage `webmail.compose`): how long Undo is offered
// after Send (UNDO_SECONDS_CHOICES, default 5 s; 0 sends at once) and whether new messages start as rich text
// or plain text (the last choice of a composer's Plain text box).

import type { IdentityStorage } from './identities.svelte.ts';
import type { BodyFormat } from './quote.ts';

export const UNDO_SECONDS_CHOICES = [0, 5, 10, 20, 30] as const;
export const DEFAULT_UNDO_SECONDS = 5;
const KEY = 'webmail.compose';

export class ComposeSettings {
  #undoSeconds = $state<number>(DEFAULT_UNDO_SECONDS);
  #format = $state<BodyFormat>('html');
  readonly #storage: IdentityStorage | null;

  constructor(storage: IdentityStorage | null = null) {
    this.#storage = storage;
    try {
      const stored = JSON.parse(storage?.getItem(KEY) ?? 'null') as {
        undoSeconds?: unknown;
        format?: unknown;
      } | null;
      if (
        typeof stored?.undoSeconds === 'number' &&
        (UNDO_SECONDS_CHOICES as readonly number[]).includes(stored.undoSeconds)
      )
        this.#undoSeconds = stored.undoSeconds;
      if (stored?.format === 'text' || stored?.format === 'html') this.#format = stored.format;
    } catch {
      // A broken entry: the defaults.
    }
  }

  get undoSeconds(): number {
    return this.#undoSeconds;
  }

  get format(): BodyFormat {
    return this.#format;
  }

  setUndoSeconds(seconds: number): void {
    if (!(UNDO_SECONDS_CHOICES as readonly number[]).includes(seconds)) return;
    this.#undoSeconds = seconds;
    this.#write();
  }

  setFormat(format: BodyFormat): void {
    this.#format = format;
    this.#write();
  }

  #write(): void {
    try {
      this.#storage?.setItem(KEY, JSON.stringify({ undoSeconds: this.#undoSeconds, format: this.#format }));
    } catch {
      // Storage refused: the choice holds for this session.
    }
  }
}
