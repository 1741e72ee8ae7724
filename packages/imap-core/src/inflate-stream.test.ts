// The inflating half of COMPRESS=DEFLATE, fed what a server's zlib sends (raw deflate, sync-flushed after each
// response) in every split a network could make, and fed garbage.

import { constants, createDeflateRaw } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ConnectionError, ErrorCodes } from './errors.ts';
import { InflateStream } from './inflate-stream.ts';

const encoder = new TextEncoder();

/** Each response deflated and sync-flushed, as Dovecot's imap_zlib does; one stream for all of them. */
async function serverStream(responses: readonly (string | Uint8Array)[]): Promise<Uint8Array> {
  const deflate = createDeflateRaw();
  const out: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => out.push(chunk));
  for (const response of responses) {
    deflate.write(typeof response === 'string' ? encoder.encode(response) : response);
    await new Promise<void>((resolve) => deflate.flush(constants.Z_SYNC_FLUSH, () => resolve()));
  }
  return new Uint8Array(Buffer.concat(out));
}

interface Outcome {
  readonly bytes: Uint8Array;
  readonly error: ConnectionError | null;
}

/** Runs an InflateStream over `chunks`, then end(reason); resolves with everything delivered and how it closed. */
function inflate(chunks: readonly Uint8Array[], reason: ConnectionError | null = null): Promise<Outcome> {
  return new Promise((resolve) => {
    const received: Uint8Array[] = [];
    let closes = 0;
    const stream = new InflateStream({
      data: (bytes) => {
        expect(closes).toBe(0);
        received.push(bytes);
      },
      close: (error) => {
        closes++;
        resolve({ bytes: concat(received), error });
      },
    });
    for (const chunk of chunks) stream.push(chunk);
    stream.end(reason);
  });
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return all;
}

const RESPONSES = [
  '* 3 EXISTS\r\n',
  '* OK [UIDVALIDITY 7] UIDs valid\r\n',
  '* SORT 12 11 10\r\nA4 OK sorted\r\n',
  '* 1 FETCH (UID 10 BODY[] {12}\r\nHello world!)\r\nA5 OK\r\n',
];
const PLAIN = encoder.encode(RESPONSES.join(''));

describe('InflateStream', () => {
  it('delivers every byte in order whatever the chunking: one byte at a time', async () => {
    const stream = await serverStream(RESPONSES);
    const bytes = Array.from(stream, (b) => Uint8Array.of(b));
    expect(await inflate(bytes)).toEqual({ bytes: PLAIN, error: null });
  });

  it('delivers every byte in order when the stream is split in two at every byte', async () => {
    const stream = await serverStream(RESPONSES);
    for (let at = 0; at <= stream.length; at++) {
      const outcome = await inflate([stream.slice(0, at), stream.slice(at)]);
      expect(outcome, `split at ${at}`).toEqual({ bytes: PLAIN, error: null });
    }
  });

  it('delivers a large response (several output chunks) whole before closing with the given reason', async () => {
    const big = Uint8Array.from({ length: 3_000_000 }, (_, i) => (i % 251 === 0 ? (i >> 8) & 0xff : 0x61));
    const stream = await serverStream([big, '* BYE bye\r\n']);
    const reason = new ConnectionError(ErrorCodes.CONNECTION_CLOSED, 'connection closed');
    const pieces: Uint8Array[] = [];
    for (let at = 0; at < stream.length; at += 1400) pieces.push(stream.slice(at, at + 1400));
    const outcome = await inflate(pieces, reason);
    expect(outcome.error).toBe(reason);
    const expected = concat([big, encoder.encode('* BYE bye\r\n')]);
    expect(outcome.bytes.length).toBe(expected.length);
    // Buffer.equals: a deep toEqual over 3 MB takes the test runner half a minute.
    expect(Buffer.from(outcome.bytes).equals(expected)).toBe(true);
  });

  it('closes with the given reason, not a truncation error, when the connection ends mid-response', async () => {
    const stream = await serverStream(RESPONSES);
    const outcome = await inflate([stream.slice(0, stream.length - 3)]);
    expect(outcome.error).toBeNull();
  });

  it.each([
    ['a reserved block type', Uint8Array.of(0x07, 0x00, 0x00)],
    ['a stored block whose NLEN is not the complement of LEN', Uint8Array.of(0x00, 0x05, 0x00, 0x00, 0x00)],
    ['plain text where deflate was due', encoder.encode('* OK not compressed\r\n')],
  ])('closes with IMAP_COMPRESSION on %s, delivering nothing after it', async (_name, garbage) => {
    const good = await serverStream(['* 1 EXISTS\r\n']);
    const errors: ConnectionError[] = [];
    const received: Uint8Array[] = [];
    await new Promise<void>((resolve) => {
      const stream = new InflateStream({
        data: (bytes) => received.push(bytes),
        close: (error) => {
          if (error) errors.push(error);
          resolve();
        },
      });
      stream.push(good);
      stream.push(garbage);
      stream.push(good);
    });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(ConnectionError);
    expect(errors[0]?.code).toBe(ErrorCodes.COMPRESSION);
    expect(new TextDecoder().decode(concat(received))).toMatch(/^(\* 1 EXISTS\r\n)?$/);
  });

  it('delivers nothing and never closes after abort()', async () => {
    const stream = await serverStream(RESPONSES);
    const calls: string[] = [];
    const inflater = new InflateStream({
      data: () => calls.push('data'),
      close: () => calls.push('close'),
    });
    inflater.abort();
    inflater.push(stream);
    inflater.end(null);
    // A full round through the stream machinery: a fresh inflater finishing proves the old one had its chance.
    expect(await inflate([stream])).toEqual({ bytes: PLAIN, error: null });
    expect(calls).toEqual([]);
  });
});
