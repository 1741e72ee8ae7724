// Test helpers for the probe's COMPRESS=DEFLATE reading: real DEFLATE data from node:zlib, and a
// DecompressionStream that orders its output as the Compression Streams spec (and Chromium) does.

import { constants, createDeflateRaw, createInflateRaw } from 'node:zlib';
import { expect } from 'vitest';

export const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);
export const latin1 = (bytes: Uint8Array): string => new TextDecoder('latin1').decode(bytes);
export const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

/** Each response deflated into one raw stream with a sync flush after it: the compressed bytes per response. */
export async function deflatedResponses(responses: readonly string[]): Promise<Uint8Array[]> {
  const deflate = createDeflateRaw();
  const out: Uint8Array[] = [];
  let pending: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => pending.push(chunk));
  for (const response of responses) {
    deflate.write(ascii(response));
    await new Promise<void>((resolve) => deflate.flush(constants.Z_SYNC_FLUSH, () => resolve()));
    out.push(new Uint8Array(Buffer.concat(pending)));
    pending = [];
  }
  deflate.close();
  return out;
}

/**
 * DecompressionStream('deflate-raw') as the spec orders it: a chunk's output is enqueued by its own transform.
 * Node's DecompressionStream resolves a write before inflating it, so its output cannot be told apart by chunk.
 */
export class SpecOrderedDecompressionStream extends TransformStream<Uint8Array, Uint8Array> {
  constructor(format: string) {
    expect(format).toBe('deflate-raw');
    const inflate = createInflateRaw();
    let out: Buffer[] = [];
    inflate.on('data', (chunk: Buffer) => out.push(chunk));
    super({
      transform: (chunk, controller) =>
        new Promise<void>((resolve, reject) => {
          inflate.once('error', reject);
          inflate.write(chunk);
          inflate.flush(constants.Z_SYNC_FLUSH, () => {
            inflate.off('error', reject);
            if (out.length > 0) controller.enqueue(new Uint8Array(Buffer.concat(out)));
            out = [];
            resolve();
          });
        }),
    });
  }
}
