// The UI side of the parser worker. The worker is started on first use (the reader pane is loaded after
// sign-in) and lives as long as the MessageReader that owns it. A request the worker has not answered after
// PARSE_TIMEOUT_MS fails, and the worker is stopped and started afresh for the next one: whatever a message
// does to the parser, the reader never waits for ever and the next message opens.

import type { ParsedMessage } from './parse-message.ts';
import type { ParserReply, ParserRequest } from './parser-protocol.ts';

/** What MessageReader needs from a parser; tests substitute an in-thread implementation. */
export interface MessageParser {
  parse(raw: Uint8Array, charset: string | null): Promise<ParsedMessage>;
  decodePart(body: Uint8Array, transferEncoding: string): Promise<ArrayBuffer>;
  dispose(): void;
}

type Pending = { resolve: (reply: ParserReply) => void; reject: (error: Error) => void };

/** How long one request may take before the worker is given up on. */
export const PARSE_TIMEOUT_MS = 30_000;

/** What the parser needs of a worker (tests substitute a fake). */
export type ParserWorker = Pick<Worker, 'postMessage' | 'terminate' | 'onmessage' | 'onerror'>;

export interface WorkerMessageParserOptions {
  /** Default: the bundled parse.worker.ts as a module worker. */
  readonly createWorker?: () => ParserWorker;
  /** Default PARSE_TIMEOUT_MS. */
  readonly timeoutMs?: number;
}

function startParserWorker(): ParserWorker {
  return new Worker(new URL('./parse.worker.ts', import.meta.url), { type: 'module', name: 'mime-parser' });
}

export class WorkerMessageParser implements MessageParser {
  #worker: ParserWorker | null = null;
  #nextId = 1;
  readonly #pending = new Map<number, Pending>();
  readonly #createWorker: () => ParserWorker;
  readonly #timeoutMs: number;

  constructor(options: WorkerMessageParserOptions = {}) {
    this.#createWorker = options.createWorker ?? startParserWorker;
    this.#timeoutMs = options.timeoutMs ?? PARSE_TIMEOUT_MS;
  }

  parse(raw: Uint8Array, charset: string | null): Promise<ParsedMessage> {
    return this.#request({ id: this.#nextId++, kind: 'parse', raw, charset }).then((reply) => {
      if (reply.ok && reply.kind === 'parse') return reply.message;
      throw new Error('the parser answered a different request');
    });
  }

  decodePart(body: Uint8Array, transferEncoding: string): Promise<ArrayBuffer> {
    return this.#request({ id: this.#nextId++, kind: 'part', body, transferEncoding }).then((reply) => {
      if (reply.ok && reply.kind === 'part') return reply.content;
      throw new Error('the parser answered a different request');
    });
  }

  dispose(): void {
    this.#stop(new Error('the parser was stopped'));
  }

  /** Stops the worker and fails what it had not answered; the next request starts a new one. */
  #stop(error: Error): void {
    this.#worker?.terminate();
    this.#worker = null;
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
  }

  #request(request: ParserRequest): Promise<ParserReply> {
    const worker = this.#start();
    let timer: ReturnType<typeof setTimeout> | undefined;
    return new Promise<ParserReply>((resolve, reject) => {
      this.#pending.set(request.id, { resolve, reject });
      timer = setTimeout(() => {
        if (this.#worker === worker && this.#pending.has(request.id)) {
          this.#stop(new Error(`the parser did not finish within ${this.#timeoutMs / 1000} s`));
        }
      }, this.#timeoutMs);
      // The bytes are copied, not transferred: the reader keeps the raw message for "re-decode as".
      worker.postMessage(request);
    })
      .finally(() => clearTimeout(timer))
      .then((reply) => {
        if (!reply.ok) throw new Error(`the message could not be parsed: ${reply.error}`);
        return reply;
      });
  }

  #start(): ParserWorker {
    if (this.#worker) return this.#worker;
    const worker = this.#createWorker();
    const pending = this.#pending;
    worker.onmessage = function settleParserReply(event: MessageEvent<ParserReply>): void {
      const entry = pending.get(event.data.id);
      pending.delete(event.data.id);
      entry?.resolve(event.data);
    };
    worker.onerror = function failPendingParses(event: ErrorEvent): void {
      event.preventDefault();
      for (const entry of pending.values()) entry.reject(new Error(`the parser failed: ${event.message}`));
      pending.clear();
    };
    this.#worker = worker;
    return worker;
  }
}
