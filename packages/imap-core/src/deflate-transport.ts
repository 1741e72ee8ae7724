// The client's byte path between the session and the transport, swapped once COMPRESS DEFLATE succeeds
// (RFC 4978). Before: bytes pass as they are. After: what the session sends is framed as stored DEFLATE blocks
// (deflate-stored-blocks.ts) and what the transport delivers is inflated (inflate-stream.ts) before the
// session sees it. The relay in between only ever carries bytes: it neither knows nor cares.

import type { ConnectionError } from './errors.ts';
import { deflateStoredBlocks } from './deflate-stored-blocks.ts';
import { InflateStream } from './inflate-stream.ts';
import type { Transport, TransportHandlers } from './transport.ts';

export interface ByteLink {
  /** Bytes from the transport. */
  receive(bytes: Uint8Array): void;
  /** Bytes from the session. */
  send(bytes: Uint8Array): void;
  /** The transport closed: deliver what is still on its way, then `session.close`. */
  end(error: ConnectionError | null): void;
  /** The session closed first: drop whatever is still on its way. */
  abort(): void;
}

/** The uncompressed path. */
export function plainLink(transport: Transport, session: TransportHandlers): ByteLink {
  return {
    receive: (bytes) => session.data(bytes),
    send: (bytes) => transport.send(bytes),
    end: (error) => session.close(error),
    abort: () => undefined,
  };
}

/** The COMPRESS=DEFLATE path. `following`: the compressed bytes that came behind the tagged OK. */
export class DeflateLink implements ByteLink {
  readonly #transport: Transport;
  readonly #inflater: InflateStream;

  constructor(transport: Transport, session: TransportHandlers, following: Uint8Array) {
    this.#transport = transport;
    this.#inflater = new InflateStream(session);
    this.#inflater.push(following);
  }

  receive(bytes: Uint8Array): void {
    this.#inflater.push(bytes);
  }

  send(bytes: Uint8Array): void {
    this.#transport.send(deflateStoredBlocks(bytes));
  }

  end(error: ConnectionError | null): void {
    this.#inflater.end(error);
  }

  abort(): void {
    this.#inflater.abort();
  }
}
