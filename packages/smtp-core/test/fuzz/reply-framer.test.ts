// Property tests for the reply framer and the session above it: whatever the bytes and however they are cut,
// they fail only with SmtpError(SMTP_PROTOCOL), frame the same way, never hold more than one line's worth of
// unread bytes between reads, and a session fed them never throws and never leaves a command unsettled.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ehloCommand } from '../../src/commands/ehlo.ts';
import { sendMessage } from '../../src/commands/send.ts';
import { SmtpError, SmtpErrorCodes } from '../../src/errors.ts';
import { SmtpSession } from '../../src/session.ts';
import { ReplyFramer } from '../../src/wire/reply-framer.ts';
import type { ReplyFrame, ReplyLimits } from '../../src/wire/reply-framer.ts';

const LIMITS: ReplyLimits = { maxLineLength: 40, maxLines: 5 };
const encoder = new TextEncoder();

/** Bytes that look like SMTP replies most of the time, and like anything some of the time. */
const piece = fc.oneof(
  fc.constantFrom(
    '250',
    '250 ',
    '250-',
    '354 go',
    '550-',
    '5.1.1 ',
    '\r\n',
    '\r',
    '\n',
    ' ',
    '-',
    'x',
    '\0',
    '2',
    '99',
  ),
  fc.stringMatching(/^[2-5][0-5][0-9][ -][ -~]{0,12}\r\n$/),
  fc.uint8Array({ maxLength: 16 }),
);
const stream = fc.array(piece, { maxLength: 40 }).map((pieces) => {
  const parts = pieces.map((p) => (typeof p === 'string' ? encoder.encode(p) : p));
  return Uint8Array.from(parts.flatMap((p) => [...p]));
});
const cutSizes = fc.array(fc.nat({ max: 12 }), { maxLength: 40 });

function cut(bytes: Uint8Array, sizes: readonly number[]): Uint8Array[] {
  const pieces: Uint8Array[] = [];
  let at = 0;
  for (const size of sizes) {
    if (at >= bytes.length) break;
    pieces.push(bytes.slice(at, at + size));
    at += size;
  }
  if (at < bytes.length) pieces.push(bytes.slice(at));
  return pieces;
}

function frameAll(chunks: readonly Uint8Array[], limits?: Partial<ReplyLimits>) {
  const framer = new ReplyFramer(limits);
  const frames: ReplyFrame[] = [];
  let maxBuffered = 0;
  try {
    for (const chunk of chunks) {
      framer.push(chunk);
      for (let f = framer.next(); f !== null; f = framer.next())
        frames.push({ code: f.code, lines: [...f.lines] });
      maxBuffered = Math.max(maxBuffered, framer.bufferedLength);
    }
  } catch (error) {
    if (!(error instanceof SmtpError) || error.code !== SmtpErrorCodes.PROTOCOL) throw error;
    return { frames, error, maxBuffered };
  }
  return { frames, error: null, maxBuffered };
}

describe('ReplyFramer properties', () => {
  it('fails only with SMTP_PROTOCOL, and frames the same whatever the cut', () => {
    fc.assert(
      fc.property(stream, cutSizes, (bytes, sizes) => {
        const whole = frameAll([bytes], LIMITS);
        const pieces = frameAll(cut(bytes, sizes), LIMITS);
        expect(pieces.frames).toEqual(whole.frames);
        expect(pieces.error?.code).toBe(whole.error?.code);
      }),
      { numRuns: 3000 },
    );
  });

  it('returns only replies within the limits, with one code and a valid class', () => {
    fc.assert(
      fc.property(stream, cutSizes, (bytes, sizes) => {
        for (const frame of frameAll(cut(bytes, sizes), LIMITS).frames) {
          expect(frame.code).toBeGreaterThanOrEqual(200);
          expect(frame.code).toBeLessThan(600);
          expect(frame.lines.length).toBeLessThanOrEqual(LIMITS.maxLines);
          // Each byte decodes to at most one UTF-16 unit (an invalid one to U+FFFD), after the 4 of the code.
          for (const line of frame.lines) expect(line.length).toBeLessThanOrEqual(LIMITS.maxLineLength - 4);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('holds at most one unfinished line (plus CR) of unread bytes between pushes', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ minLength: 1, maxLength: 30 }), { maxLength: 60 }), (chunks) => {
        const framer = new ReplyFramer(LIMITS);
        try {
          for (const chunk of chunks) {
            framer.push(chunk);
            while (framer.next() !== null);
            expect(framer.bufferedLength).toBeLessThanOrEqual(LIMITS.maxLineLength + 1);
          }
        } catch (error) {
          expect(error).toBeInstanceOf(SmtpError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('SmtpSession fed arbitrary bytes', () => {
  it('never throws, and every command settles once the session closes', async () => {
    await fc.assert(
      fc.asyncProperty(stream, cutSizes, async (bytes, sizes) => {
        const session = new SmtpSession({ replyLimits: LIMITS });
        session.events.on('output', () => undefined);
        session.receive(encoder.encode('220 mx\r\n'));
        const ehlo = session.execute(ehloCommand('[127.0.0.1]')).result;
        session.receive(encoder.encode('250-mx\r\n250 PIPELINING\r\n'));
        await ehlo;
        const sending = sendMessage(
          session,
          { from: 'a@x.org', recipients: ['b@x.org', 'c@x.org'] },
          encoder.encode('hi\r\n'),
        );
        let outcome: 'pending' | 'settled' = 'pending';
        sending.then(
          () => (outcome = 'settled'),
          () => (outcome = 'settled'),
        );
        for (const chunk of cut(bytes, sizes)) {
          expect(() => session.receive(chunk)).not.toThrow();
          await Promise.resolve();
        }
        session.close();
        for (let i = 0; i < 10 && outcome === 'pending'; i++) await new Promise((r) => setImmediate(r));
        expect(outcome).toBe('settled');
      }),
      { numRuns: 500 },
    );
  });
});
