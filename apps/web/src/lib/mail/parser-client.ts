// The UI side of the parser worker. The worker is started on first use (the reader pane is loaded after
// sign-in) and lives as long as the MessageReader that owns it.

import type { ParsedMessage } from './parse-message.ts';
import type { ParserReply, ParserRequest } from './parser-protocol.ts';

/** What MessageReader needs from a parser; tests substitute an in-thread implementation. */
export interface MessageParser {
  parse(raw: Uint8Array, charset: string | null): Promise<ParsedMessage>;
  decodePart(body: Uint8Array, transferEncoding: string): Promise<ArrayBuffer>;
  dispose(): void;
}

type Pending = { resolve: (reply: ParserReply) => void; reject: (error: Error) => void };

export class WorkerMessageParser implements MessageParser {
  #worker: Worker | null = null;
  #nextId = 1;
  readonly #pending = new Map<number, Pending>();

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
    this.#worker?.terminate();
    this.#worker = null;
    for (const pending of this.#pending.values()) pending.reject(new Error('the parser was stopped'));
    this.#pending.clear();
  }

  #request(request: ParserRequest): Promise<ParserReply> {
    const worker = this.#start();
    return new Promise<ParserReply>((resolve, reject) => {
      this.#pending.set(request.id, { resolve, reject });
      // The bytes are copied, not transferred: the reader keeps the raw message for "re-decode as".
      worker.postMessage(request);
    }).then((reply) => {
      if (!reply.ok) throw new Error(`the message could not be parsed: ${reply.error}`);
      return reply;
    });
  }

  #start(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(new URL('./parse.worker.ts', import.meta.url), {
      type: 'module',
      name: 'mime-parser',
    });
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
