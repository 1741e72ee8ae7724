// A composer desk for the address bar's tests (RouteSync) and the shell's (MailShell): compositions that open,
// show, go away and save, with no editor, IMAP or SMTP behind them. It records what it was asked to open and to
// put away.

import type { ComposeBundle } from '../compose/compose-bundle.ts';
import type { ComposeDesk, ComposeRequest, Composition } from '../compose/desk.svelte.ts';
import type { SavedDraft } from '../compose/draft-store.ts';

class FakeSaver {
  #saved = $state.raw<SavedDraft | null>(null);
  readonly #versions: SavedDraft[] = [];

  get saved(): SavedDraft | null {
    return this.#saved;
  }

  save(version: SavedDraft): void {
    this.#versions.push(version);
    this.#saved = version;
  }

  wasSaved(ref: SavedDraft): boolean {
    return this.#versions.some(
      (v) => v.mailbox === ref.mailbox && v.uidValidity === ref.uidValidity && v.uid === ref.uid,
    );
  }
}

let nextId = 1;

export class FakeDesk {
  readonly opened: ComposeRequest[] = [];
  readonly putAwayIds: number[] = [];
  #open = $state.raw<readonly Composition[]>([]);
  #shown = $state<number | null>(null);

  get compositions(): readonly Composition[] {
    return this.#open;
  }

  get shown(): Composition | null {
    return this.#open.find((c) => c.draft.id === this.#shown) ?? null;
  }

  async open(request: ComposeRequest): Promise<Composition> {
    this.opened.push(request);
    const saver = new FakeSaver();
    const message = 'message' in request ? request.message : null;
    if (request.kind === 'draft' && message) saver.save(message);
    const origin =
      message && request.kind !== 'draft'
        ? { kind: request.kind.startsWith('reply') ? 'reply' : 'forward', message }
        : null;
    const composition = {
      draft: { id: nextId++, mode: request.kind, origin, subject: '' },
      saver,
      sender: { busy: false },
    } as unknown as Composition;
    this.#open = [...this.#open, composition];
    this.#shown = composition.draft.id;
    return composition;
  }

  show(id: number): void {
    this.#shown = id;
  }

  putAway(id: number): void {
    this.putAwayIds.push(id);
    if (this.#shown === id) this.#shown = null;
  }

  /** The composer's draft saved to Drafts as `version`. */
  save(id: number, version: SavedDraft): void {
    const composition = this.#open.find((c) => c.draft.id === id);
    (composition?.saver as unknown as FakeSaver | undefined)?.save(version);
  }

  ended(): boolean {
    return false;
  }

  dispose(): void {}

  /** As the launcher loads the composer's chunk. */
  bundle(): ComposeBundle {
    return { desk: this as unknown as ComposeDesk, ComposeDock: (() => {}) as never };
  }
}
