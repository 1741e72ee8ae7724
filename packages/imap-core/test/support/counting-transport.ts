// A Transport wrapper that counts the bytes crossing it, as they cross the wire (compressed when the session
// is). For the COMPRESS integration test and bench/compress-bytes.ts.

import type { Transport, TransportHandlers } from '../../src/transport.ts';

export class CountingTransport implements Transport {
  readonly #inner: Transport;
  /** Bytes received from the server / sent to it so far. */
  received = 0;
  sent = 0;

  constructor(inner: Transport) {
    this.#inner = inner;
  }

  get secure(): boolean {
    return this.#inner.secure;
  }

  get requiresTls(): boolean {
    return this.#inner.requiresTls ?? false;
  }

  get bufferedAmount(): number {
    return this.#inner.bufferedAmount ?? 0;
  }

  open(handlers: TransportHandlers): void {
    this.#inner.open({
      data: (bytes) => {
        this.received += bytes.length;
        handlers.data(bytes);
      },
      close: (error) => handlers.close(error),
    });
  }

  send(bytes: Uint8Array): void {
    this.sent += bytes.length;
    this.#inner.send(bytes);
  }

  close(): void {
    this.#inner.close();
  }

  /** Bytes each way since `since` (a copy of an earlier reading). */
  delta(since: { readonly received: number; readonly sent: number }): { received: number; sent: number } {
    return { received: this.received - since.received, sent: this.sent - since.sent };
  }
}
