// Property tests for the message data: whatever the bytes and however they are cut into writes, what the
// server reads back (RFC 5321 4.5.2: a line of "." ends the data, a leading dot of any other line is dropped)
// is the message with every line end as CRLF, the data ends exactly once and only at the end, and SIZE= is
// the length the server stores.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DotStuffer, scanMessage } from '../../src/wire/dot-stuffing.ts';

const latin1 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('latin1');

/** Message bytes rich in what matters: dots, CR, LF, line starts. */
const message = fc
  .array(
    fc.oneof(
      fc.constantFrom('.', '..', '\r', '\n', '\r\n', '\r\n.', '\r\n.\r\n', 'a', ' ', '\u00e9'),
      fc.uint8Array({ maxLength: 8 }).map(latin1),
    ),
    { maxLength: 50 },
  )
  .map((pieces) => Uint8Array.from(Buffer.from(pieces.join(''), 'latin1')));

/** The message as a conforming server stores it: every line end CRLF (a last unterminated line too). */
function normalized(bytes: Uint8Array): string {
  const text = latin1(bytes).replace(/\r\n|\r|\n/g, '\r\n');
  return text === '' || text.endsWith('\r\n') ? text : `${text}\r\n`;
}

/** RFC 5321 4.5.2, the receiver's side: lines up to the lone dot, a leading dot dropped from the others. */
function unstuff(wire: string): { data: string; rest: string } {
  const lines: string[] = [];
  let at = 0;
  for (;;) {
    const end = wire.indexOf('\r\n', at);
    if (end === -1) throw new Error(`the data never ended: ${JSON.stringify(wire.slice(at))}`);
    const line = wire.slice(at, end);
    at = end + 2;
    if (line === '.') return { data: lines.map((l) => `${l}\r\n`).join(''), rest: wire.slice(at) };
    lines.push(line.startsWith('.') ? line.slice(1) : line);
  }
}

function stuffInPieces(bytes: Uint8Array, sizes: readonly number[]): string {
  const stuffer = new DotStuffer();
  let out = '';
  let at = 0;
  for (const size of [...sizes, bytes.length]) {
    if (at >= bytes.length) break;
    out += latin1(stuffer.write(bytes.subarray(at, at + size)));
    at += size;
  }
  return out + latin1(stuffer.end());
}

describe('DotStuffer properties', () => {
  it('the server reads back the message with CRLF line ends, and the data ends exactly at the end', () => {
    fc.assert(
      fc.property(message, fc.array(fc.integer({ min: 1, max: 9 }), { maxLength: 30 }), (bytes, sizes) => {
        const wire = stuffInPieces(bytes, sizes);
        const { data, rest } = unstuff(wire);
        expect(rest).toBe('');
        expect(data).toBe(normalized(bytes));
      }),
      { numRuns: 5000 },
    );
  });

  it('sends no bare CR or LF, whatever came in', () => {
    fc.assert(
      fc.property(message, fc.array(fc.integer({ min: 1, max: 9 }), { maxLength: 30 }), (bytes, sizes) => {
        expect(stuffInPieces(bytes, sizes)).not.toMatch(/\r(?!\n)|(?<!\r)\n/);
      }),
      { numRuns: 5000 },
    );
  });

  it('declares as SIZE the length the server stores', () => {
    fc.assert(
      fc.property(message, (bytes) => {
        const text = latin1(bytes).replace(/\r\n|\r|\n/g, '\r\n');
        expect(scanMessage(bytes).size).toBe(text.length);
      }),
      { numRuns: 5000 },
    );
  });

  it('leaves a message with CRLF lines unchanged, apart from the stuffed dots', () => {
    const crlfMessage = fc
      .array(fc.stringMatching(/^[.a-z ]{0,6}$/), { maxLength: 20 })
      .map((lines) => lines.map((l) => `${l}\r\n`).join(''));
    fc.assert(
      fc.property(crlfMessage, (text) => {
        expect(unstuff(stuffInPieces(Buffer.from(text, 'latin1'), [])).data).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });
});
