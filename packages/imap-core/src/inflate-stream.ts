// Server-to-client half of COMPRESS=DEFLATE (RFC 4978): the server's bytes are one raw DEFLATE stream (RFC
// 1951, no zlib header) for the rest of the connection, flushed after each response. The web-standard
// DecompressionStream('deflate-raw') (Chromium and Node alike; no library) keeps the inflater's state across
// chunks as that requires. Chunks go in in order and the stream hands its output back in order; a corrupt
// stream rejects the pending read, which becomes one typed ConnectionError (IMAP_COMPRESSION), never a hang.
//
// No DOM lib types: the few stream members used are declared here.

import { ConnectionError, ErrorCodes } from './errors.ts';

interface ReadResult {
  readonly done: boolean;
  readonly value?: Uint8Array;
}
interface StreamReader {
  read(): Promise<ReadResult>;
  cancel(): Promise<void>;
}
interface StreamWriter {
  write(chunk: Uint8Array): Promise<void>;
  close(): Promise<void>;
  abort(): Promise<void>;
}
interface DecompressionStreamLike {
  readonly readable: { getReader(): StreamReader };
  readonly writable: { getWriter(): StreamWriter };
}
type DecompressionStreamConstructor = new (format: 'deflate-raw') => DecompressionStreamLike;

function decompressionStream(): DecompressionStreamConstructor | undefined {
  return (globalThis as { DecompressionStream?: DecompressionStreamConstructor }).DecompressionStream;
}

/** Whether this host can inflate (every current browser and Node 18+): the client asks before COMPRESS. */
export function canInflate(): boolean {
  return decompressionStream() !== undefined;
}

export interface InflateHandlers {
  /** Inflated bytes, in the order the compressed ones were pushed. */
  data(bytes: Uint8Array): void;
  /** Once: after end(reason) with `reason`, or when the stream broke with IMAP_COMPRESSION. */
  close(error: ConnectionError | null): void;
}

const EMPTY = new Uint8Array(0);
/**
 * A final, empty stored block (RFC 1951 3.2.4: BFINAL=1, BTYPE=00, LEN=0, NLEN=0xffff). The server flushes
 * after each response, which leaves its stream at a byte boundary; this ends it there, so that closing the
 * inflater is not taken for a truncated stream (an error that would drop output not yet read).
 */
const END_OF_STREAM = Uint8Array.of(0x01, 0x00, 0x00, 0xff, 0xff);

export class InflateStream {
  readonly #handlers: InflateHandlers;
  readonly #writer: StreamWriter;
  readonly #reader: StreamReader;
  #state: 'open' | 'ending' | 'closed' = 'open';
  #endReason: ConnectionError | null = null;

  constructor(handlers: InflateHandlers) {
    const Decompression = decompressionStream();
    if (Decompression === undefined) {
      throw new ConnectionError(ErrorCodes.COMPRESSION, 'this host has no DecompressionStream');
    }
    const stream = new Decompression('deflate-raw');
    this.#handlers = handlers;
    this.#writer = stream.writable.getWriter();
    this.#reader = stream.readable.getReader();
    void this.#deliver();
  }

  /** Compressed bytes from the server, in order. A write that fails shows up as a failed read. */
  push(bytes: Uint8Array): void {
    if (this.#state !== 'open' || bytes.length === 0) return;
    this.#writer.write(bytes).catch(ignore);
  }

  /**
   * The connection ended: what was pushed is still inflated and delivered, then close(reason). An empty write
   * runs only once everything before it has been read out (the stream's readable side holds no chunks: its
   * high-water mark is 0), which matters because Chromium drops unread output when a stream ends in error.
   */
  end(reason: ConnectionError | null): void {
    if (this.#state !== 'open') return;
    this.#state = 'ending';
    this.#endReason = reason;
    const writer = this.#writer;
    writer
      .write(EMPTY)
      .then(() => writer.write(END_OF_STREAM))
      .then(() => writer.close())
      .catch(ignore);
  }

  /** Stops at once: nothing more is delivered and close() is not called (the session closed first). */
  abort(): void {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    this.#reader.cancel().catch(ignore);
    this.#writer.abort().catch(ignore);
  }

  async #deliver(): Promise<void> {
    try {
      for (;;) {
        const { done, value } = await this.#reader.read();
        if (this.#state === 'closed') return;
        if (done) break;
        if (value !== undefined && value.length > 0) this.#handlers.data(value);
      }
      this.#finish(null);
    } catch (cause) {
      this.#finish(cause);
    }
  }

  #finish(cause: unknown): void {
    if (this.#state === 'closed') return;
    const ending = this.#state === 'ending';
    this.#state = 'closed';
    // Once the connection is over, whatever the inflater thinks of the cut-off stream is no news.
    if (ending) return this.#handlers.close(this.#endReason);
    const why = cause === null ? 'the compressed stream ended' : `corrupt data: ${messageOf(cause)}`;
    this.#handlers.close(
      new ConnectionError(
        ErrorCodes.COMPRESSION,
        `could not inflate the server's bytes (${why})`,
        undefined,
        {
          cause,
        },
      ),
    );
  }
}

function ignore(): void {}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
