// Property tests for the framer: whatever the bytes and however they are chunked, it returns complete frames
// that respect the limits, keeps bounded memory, and fails only with the typed ProtocolError.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../../src/errors.ts';
import { Framer, type Frame, type FrameLimits } from '../../src/wire/framer.ts';

const SMALL_LIMITS: FrameLimits = {
  maxLineLength: 64,
  maxLiteralSize: 32,
  maxResponseSize: 160,
  maxLiteralDigits: 4,
  maxLiterals: 3,
  maxItems: 40,
};

/** Bytes that exercise framing: mostly IMAP-looking fragments, sometimes anything. */
const streamPiece = fc.oneof(
  fc.constantFrom(
    '* OK hi',
    '\r\n',
    '\r',
    '\n',
    '{',
    '}',
    '{3}',
    '{0}\r\n',
    '~{2}\r\n',
    '{-1}',
    '{99999}',
    ' ',
    'x',
    '\0',
  ),
  fc.stringMatching(/^\{[0-9]{1,6}\+?\}\r\n$/),
  fc.uint8Array({ maxLength: 24 }),
);
const encoder = new TextEncoder();
const streamBytes = fc.array(streamPiece, { maxLength: 40 }).map((pieces) => {
  const parts = pieces.map((p) => (typeof p === 'string' ? encoder.encode(p) : p));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
});

/** Cut points for a stream of `length` bytes, as chunk lengths (zero-length chunks included). */
function chunk(bytes: Uint8Array, sizes: readonly number[]): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  let at = 0;
  for (const size of sizes) {
    if (at >= bytes.length) break;
    chunks.push(bytes.slice(at, at + size));
    at += size;
  }
  if (at < bytes.length) chunks.push(bytes.slice(at));
  return chunks;
}

interface Outcome {
  frames: Frame[];
  error: ProtocolError | null;
  maxBuffered: number;
}

function run(chunks: readonly Uint8Array[], limits?: Partial<FrameLimits>): Outcome {
  const framer = new Framer(limits);
  const frames: Frame[] = [];
  let maxBuffered = 0;
  try {
    for (const c of chunks) {
      framer.push(c);
      let frame: Frame | null;
      while ((frame = framer.next()) !== null)
        frames.push({ bytes: frame.bytes.slice(), literals: frame.literals });
      maxBuffered = Math.max(maxBuffered, framer.bufferedLength);
    }
  } catch (error) {
    if (!(error instanceof ProtocolError)) throw error;
    return { frames, error, maxBuffered };
  }
  return { frames, error: null, maxBuffered };
}

const text = (frames: readonly Frame[]): string[] =>
  frames.map((f) => Buffer.from(f.bytes).toString('latin1'));

describe('Framer properties', () => {
  it('fails only with ProtocolError, and every frame is a prefix-consistent slice of the input', () => {
    fc.assert(
      fc.property(streamBytes, fc.array(fc.nat({ max: 20 }), { maxLength: 30 }), (bytes, sizes) => {
        const outcome = run(chunk(bytes, sizes));
        const joined = Buffer.concat(outcome.frames.map((f) => f.bytes));
        expect(Buffer.from(bytes.subarray(0, joined.length)).equals(joined)).toBe(true);
        for (const frame of outcome.frames) {
          expect(frame.bytes[frame.bytes.length - 2]).toBe(0x0d);
          expect(frame.bytes[frame.bytes.length - 1]).toBe(0x0a);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('frames identically whatever the chunking', () => {
    fc.assert(
      fc.property(streamBytes, fc.array(fc.nat({ max: 9 }), { maxLength: 40 }), (bytes, sizes) => {
        const whole = run([bytes]);
        const pieces = run(chunk(bytes, sizes));
        expect(text(pieces.frames)).toEqual(text(whole.frames));
        expect(pieces.frames.map((f) => f.literals)).toEqual(whole.frames.map((f) => f.literals));
        expect(pieces.error?.code).toBe(whole.error?.code);
      }),
      { numRuns: 2000 },
    );
  });

  it('never returns a frame beyond the limits and never buffers more than maxResponseSize', () => {
    fc.assert(
      fc.property(streamBytes, fc.array(fc.nat({ max: 64 }), { maxLength: 30 }), (bytes, sizes) => {
        const chunks = chunk(bytes, sizes);
        const outcome = run(chunks, SMALL_LIMITS);
        const largestChunk = Math.max(0, ...chunks.map((c) => c.length));
        expect(outcome.maxBuffered).toBeLessThanOrEqual(SMALL_LIMITS.maxResponseSize + largestChunk);
        for (const frame of outcome.frames) {
          expect(frame.bytes.length).toBeLessThanOrEqual(SMALL_LIMITS.maxResponseSize);
          for (const literal of frame.literals)
            expect(literal.length).toBeLessThanOrEqual(SMALL_LIMITS.maxLiteralSize);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('holds at most maxResponseSize bytes of an unfinished response between pushes', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ minLength: 1, maxLength: 50 }), { maxLength: 40 }), (chunks) => {
        const framer = new Framer(SMALL_LIMITS);
        try {
          for (const c of chunks) {
            framer.push(c);
            while (framer.next() !== null);
            expect(framer.bufferedLength).toBeLessThanOrEqual(SMALL_LIMITS.maxResponseSize);
          }
        } catch (error) {
          expect(error).toBeInstanceOf(ProtocolError);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
