// What one response can make us hold is bounded by what it holds, not only by its bytes: a response of millions
// of one-byte literals stayed under the byte cap and grew the heap past 300 MB. The count of literals (framer)
// and of values (parser) per response is bounded too, and the memory held while such a response arrives stays
// within a small multiple of the byte cap. Measured on the real heap after a full collection (no timings).

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { noopCommand } from '../../src/commands/noop.ts';
import { uidFetchCommand } from '../../src/commands/fetch.ts';
import { ErrorCodes } from '../../src/errors.ts';
import type { ErrorCode } from '../../src/errors.ts';
import { Framer } from '../../src/wire/framer.ts';
import { parseResponse } from '../../src/wire/parse-response.ts';
import { selectedHarness } from '../fixtures/harness.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const CAP = 16 * 1024 * 1024;
const CHUNK = 64 * 1024;
const encoder = new TextEncoder();

/** The live heap and array buffers after a full collection. */
function held(): number {
  gc();
  gc();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

/** A response just under CAP bytes: `head`, then `item` repeated, then `tail`. */
function response(head: string, item: string, tail: string): Uint8Array {
  const count = Math.floor((CAP - head.length - tail.length - 16) / item.length);
  return encoder.encode(head + item.repeat(count).trimEnd() + tail);
}

/**
 * Feeds `bytes` to a session in network-sized chunks and returns the most memory held at any point, above
 * what was held before (the input itself excluded), with the error the session closed with, if any.
 */
async function peakWhileFeeding(bytes: Uint8Array): Promise<{ peak: number; closed: ErrorCode | undefined }> {
  const h = await selectedHarness({ frameLimits: { maxResponseSize: CAP, maxLineLength: CAP } });
  const noop = h.run(noopCommand()).catch(() => undefined);
  const before = held();
  let peak = 0;
  for (let at = 0, n = 0; at < bytes.length; at += CHUNK, n++) {
    h.session.receive(bytes.slice(at, at + CHUNK));
    if (n % 32 === 0) peak = Math.max(peak, held() - before);
  }
  peak = Math.max(peak, held() - before);
  await noop;
  return { peak, closed: h.closeError()?.code };
}

describe('the memory one response can cost', () => {
  it('refuses a response of one-byte literals at 100,000 literals, holding under 3x its byte cap', async () => {
    const bytes = response('* 1 FETCH (', 'X {1}\r\nx ', ')\r\n');
    expect(bytes.length).toBeLessThan(CAP);
    const { peak, closed } = await peakWhileFeeding(bytes);
    expect(closed).toBe(ErrorCodes.RESPONSE_TOO_LARGE);
    expect(peak).toBeLessThan(3 * CAP);
  });

  it('makes a FETCH of millions of flags one unreadable message, holding under 3x the byte cap', async () => {
    const bytes = response('* 1 FETCH (UID 10 FLAGS (', '\\a ', '))\r\n* 2 FETCH (UID 11 FLAGS ())\r\n');
    const h = await selectedHarness({ frameLimits: { maxResponseSize: CAP, maxLineLength: CAP } });
    const fetch = h.run(uidFetchCommand([{ start: 10, end: 11 }], { flags: true }));
    const before = held();
    h.server(bytes, CHUNK);
    const during = held() - before;
    h.server('A4 OK\r\n');
    const result = await fetch;
    expect(result.unreadable).toMatchObject([{ uid: 10, error: { code: ErrorCodes.RESPONSE_TOO_LARGE } }]);
    expect(result.messages.map((m) => m.uid)).toEqual([11]);
    expect(during).toBeLessThan(3 * CAP);
    expect(h.closeError()).toBeUndefined();
  });

  it.each([
    ['mailbox FLAGS with millions of flags', '* FLAGS (', '\\a ', ')\r\n'],
    ['a CAPABILITY of millions of atoms', '* CAPABILITY', ' A', '\r\n'],
    ['an ESEARCH ALL of millions of ranges', '* ESEARCH UID ALL ', '1,', '1\r\n'],
    ['a VANISHED of millions of ranges', '* VANISHED ', '1,', '1\r\n'],
    ['a LIST with millions of attributes', '* LIST (', '\\a ', ') "/" x\r\n'],
  ])('closes the session on %s, holding under 3x the byte cap', async (_name, head, item, tail) => {
    const { peak, closed } = await peakWhileFeeding(response(head, item, tail));
    expect(closed).toBe(ErrorCodes.RESPONSE_TOO_LARGE);
    expect(peak).toBeLessThan(3 * CAP);
  });

  it('still reads a SEARCH of 1.5 million UIDs: its numbers are not values of the budget', () => {
    const uids = Array.from({ length: 1_500_000 }, (_, i) => i + 1);
    const framer = new Framer();
    framer.push(encoder.encode(`* SEARCH ${uids.join(' ')}\r\n`));
    const parsed = parseResponse(framer.next()!, {});
    expect(parsed.kind === 'search' && parsed.numbers.length).toBe(1_500_000);
  });

  it('counts values, not bytes: a response within the budget parses, one value more does not', () => {
    const line = (n: number) => encoder.encode(`* CAPABILITY${' A'.repeat(n)}\r\n`);
    const parse = (n: number) => {
      const framer = new Framer();
      framer.push(line(n));
      return parseResponse(framer.next()!, { maxItems: 11 });
    };
    // "CAPABILITY" itself is one of the values.
    expect(parse(10)).toMatchObject({ kind: 'capability' });
    expect(() => parse(11)).toThrow(expect.objectContaining({ code: ErrorCodes.RESPONSE_TOO_LARGE }));
  });
});
