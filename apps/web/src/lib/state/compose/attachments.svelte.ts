// The files attached to one message: picked, dropped or pasted files (read into memory with progress), and parts
// of an original (a forward's attachments, a continued draft's) fetched from the server by part number, so that
// forwarding never makes the user download and upload them again. Names keep whatever script they are in; the
// builder encodes them (RFC 2231).

import type { OutgoingAttachment } from './mime.ts';

export type AttachmentStatus = 'reading' | 'fetching' | 'ready' | 'failed';

export interface ComposeAttachment {
  readonly id: number;
  readonly filename: string;
  readonly contentType: string;
  /** Bytes (an estimate while a part is being fetched). */
  readonly size: number;
  readonly status: AttachmentStatus;
  /** 0..1 while a file is read; null when unknown. */
  readonly progress: number | null;
  /** Why it could not be read or fetched. */
  readonly error: string | null;
}

export interface AttachmentMeta {
  readonly filename: string;
  readonly contentType: string;
  readonly size: number;
}

/** One file this large is refused before it is read: a message with it would not get through anyway. */
export const MAX_ATTACHMENT_BYTES = 64 * 1024 * 1024;

let nextId = 1;

export class AttachmentSet {
  #items = $state.raw<readonly ComposeAttachment[]>([]);
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bytes by attachment id, never rendered
  readonly #contents = new Map<number, Uint8Array>();
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- reads under way, never rendered
  readonly #pending = new Map<number, Promise<void>>();
  readonly #onChange: () => void;

  constructor(onChange: () => void = () => undefined) {
    this.#onChange = onChange;
  }

  get items(): readonly ComposeAttachment[] {
    return this.#items;
  }

  get totalSize(): number {
    return this.#items.reduce((sum, item) => sum + item.size, 0);
  }

  /** Every attachment's bytes are here. */
  get ready(): boolean {
    return this.#items.every((item) => item.status === 'ready');
  }

  get failed(): readonly ComposeAttachment[] {
    return this.#items.filter((item) => item.status === 'failed');
  }

  /** A file from the picker, a drop or a paste. */
  addFile(file: File): number {
    const meta = {
      filename: file.name || 'attachment',
      contentType: file.type || 'application/octet-stream',
      size: file.size,
    };
    if (file.size > MAX_ATTACHMENT_BYTES) {
      return this.#insert({ ...meta, status: 'failed', progress: null, error: 'too-large' });
    }
    const id = this.#insert({ ...meta, status: 'reading', progress: 0, error: null });
    this.#track(
      id,
      readFile(file, (progress) => this.#update(id, { progress })),
      true,
    );
    return id;
  }

  /**
   * A part of an original that is fetched meanwhile (`load` resolves with its bytes). Its arrival is not a
   * change of the user's: it does not make the draft need saving (a save waits for it: see `settled`).
   */
  addLoading(meta: AttachmentMeta, load: () => Promise<Uint8Array>): number {
    const id = this.#insert({ ...meta, status: 'fetching', progress: null, error: null });
    this.#track(id, load(), false);
    return id;
  }

  addBytes(meta: AttachmentMeta, content: Uint8Array): number {
    const id = this.#insert({ ...meta, size: content.length, status: 'ready', progress: 1, error: null });
    this.#contents.set(id, content);
    return id;
  }

  remove(id: number): void {
    this.#items = this.#items.filter((item) => item.id !== id);
    this.#contents.delete(id);
    this.#pending.delete(id);
    this.#onChange();
  }

  /** Resolves once nothing is being read or fetched. */
  async settled(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all(this.#pending.values());
  }

  /** The attachments whose bytes are here, for the message. */
  contents(): OutgoingAttachment[] {
    const out: OutgoingAttachment[] = [];
    for (const item of this.#items) {
      const content = this.#contents.get(item.id);
      if (item.status === 'ready' && content)
        out.push({ filename: item.filename, contentType: item.contentType, content });
    }
    return out;
  }

  #insert(item: Omit<ComposeAttachment, 'id'>): number {
    const id = nextId++;
    this.#items = [...this.#items, { id, ...item }];
    this.#onChange();
    return id;
  }

  #update(id: number, change: Partial<ComposeAttachment>): void {
    this.#items = this.#items.map((item) => (item.id === id ? { ...item, ...change } : item));
  }

  #track(id: number, loading: Promise<Uint8Array>, notify: boolean): void {
    const done = loading.then(
      (content) => {
        if (!this.#pending.has(id)) return;
        this.#contents.set(id, content);
        this.#update(id, { status: 'ready', progress: 1, size: content.length });
        if (notify) this.#onChange();
      },
      (error: unknown) => {
        if (!this.#pending.has(id)) return;
        this.#update(id, { status: 'failed', error: error instanceof Error ? error.message : String(error) });
      },
    );
    this.#pending.set(
      id,
      done.finally(() => this.#pending.delete(id)),
    );
  }
}

function readFile(file: File, onProgress: (fraction: number) => void): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error ?? new Error(`${file.name} could not be read`));
    reader.readAsArrayBuffer(file);
  });
}
