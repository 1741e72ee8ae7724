// Property tests for the parsers: on any framed input, parseResponse returns a Response or throws the typed
// ProtocolError; nothing else escapes (no TypeError, no RangeError from a blown stack), and it terminates.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ErrorCodes, ProtocolError } from '../../src/errors.ts';
import { Framer, type Frame } from '../../src/wire/framer.ts';
import { parseResponse } from '../../src/wire/parse-response.ts';
import type { Response } from '../../src/wire/response.ts';
import {
  DOVECOT_APPENDUID,
  DOVECOT_COPYUID,
  DOVECOT_ESEARCH,
  DOVECOT_FETCH,
  DOVECOT_HIGHESTMODSEQ,
  DOVECOT_LIST,
  DOVECOT_VANISHED,
} from '../support/wire-fixtures.ts';

const encoder = new TextEncoder();

/**
 * Frames `bytes` and parses every frame; returns how many parsed, or the first ProtocolError. A FETCH's body
 * structure is decoded on first read, outside the try: once a response parsed, reading it must never throw.
 */
function frameAndParse(bytes: Uint8Array, utf8Accept = false): number | ProtocolError {
  const framer = new Framer({ maxLineLength: 4096, maxLiteralSize: 1024, maxResponseSize: 8192 });
  const responses: Response[] = [];
  let failure: ProtocolError | null = null;
  try {
    framer.push(bytes);
    let frame: Frame | null;
    while ((frame = framer.next()) !== null) responses.push(parseResponse(frame, { utf8Accept }));
  } catch (error) {
    if (!(error instanceof ProtocolError)) throw error;
    failure = error;
  }
  for (const response of responses) if (response.kind === 'fetch') void response.attributes.bodyStructure;
  return failure ?? responses.length;
}

const TOKENS = [
  '(',
  ')',
  ' ',
  ' ',
  ' ',
  '"',
  '"x"',
  '"a\\"b"',
  '\\',
  'NIL',
  'nil',
  '{3}\r\nabc',
  '{0}\r\n',
  '~{2}\r\n\0\0',
  '1',
  '42',
  '4294967296',
  '99999999999999999999',
  '*',
  ':',
  ',',
  '[',
  ']',
  '<',
  '>',
  'UID',
  'FLAGS',
  '\\Seen',
  'ENVELOPE',
  'BODYSTRUCTURE',
  'BODY',
  'BODY[]',
  'BODY[1.2]',
  'BINARY[1]',
  'MODSEQ',
  'INTERNALDATE',
  '"17-Jul-1996 02:44:25 -0700"',
  'RFC822.SIZE',
  '"text"',
  '"plain"',
  '"message"',
  '"rfc822"',
  '"mixed"',
  '("charset" "utf-8")',
  '"7bit"',
  '&U,BTFw-',
  '&',
  '-',
  'caf\u00e9',
  '\u00ff',
];
const HEADS = [
  '* 1 FETCH (',
  '* 1 FETCH ',
  '* ',
  'A1 OK ',
  'A1 NO [',
  '* OK [',
  '+ ',
  '* LIST (',
  '* LIST () "/" ',
  '* STATUS x (',
  '* SEARCH ',
  '* ESEARCH ',
  '* ESEARCH (TAG "a") ',
  '* NAMESPACE ',
  '* ID (',
  '* VANISHED ',
  '* FLAGS (',
  '* CAPABILITY ',
  '* OK [COPYUID ',
  '* OK [PERMANENTFLAGS (',
  '* 3 ',
  '* SORT ',
  '* ENABLED ',
  '* LSUB ',
];
const tokenLine = fc
  .tuple(fc.constantFrom(...HEADS), fc.array(fc.constantFrom(...TOKENS), { maxLength: 30 }))
  .map(([head, tokens]) => encoder.encode(`${head}${tokens.join('')}\r\n`));

const FIXTURES = [
  DOVECOT_FETCH,
  DOVECOT_LIST,
  DOVECOT_ESEARCH,
  DOVECOT_VANISHED,
  DOVECOT_COPYUID,
  DOVECOT_APPENDUID,
  DOVECOT_HIGHESTMODSEQ,
].map((f) => encoder.encode(f));

/** A known-good response with a few bytes deleted, replaced or inserted. */
const mutated = fc
  .tuple(
    fc.constantFrom(...FIXTURES),
    fc.array(
      fc.tuple(fc.constantFrom('delete', 'replace', 'insert'), fc.nat(), fc.integer({ min: 0, max: 255 })),
      {
        minLength: 1,
        maxLength: 4,
      },
    ),
  )
  .map(([fixture, edits]) => {
    const bytes = Array.from(fixture);
    for (const [kind, where, value] of edits) {
      const at = where % Math.max(1, bytes.length - 2);
      if (kind === 'delete') bytes.splice(at, 1);
      else if (kind === 'replace') bytes[at] = value;
      else bytes.splice(at, 0, value);
    }
    return Uint8Array.from(bytes);
  });

describe('parser properties', () => {
  it('throws nothing but ProtocolError on lines built from IMAP tokens', () => {
    fc.assert(
      fc.property(tokenLine, fc.boolean(), (bytes, utf8Accept) => {
        frameAndParse(bytes, utf8Accept);
      }),
      { numRuns: 5000 },
    );
  });

  it('throws nothing but ProtocolError on mutated real responses', () => {
    fc.assert(
      fc.property(mutated, (bytes) => {
        frameAndParse(bytes);
      }),
      { numRuns: 5000 },
    );
  });

  it('throws nothing but ProtocolError on arbitrary bytes after a valid head', () => {
    fc.assert(
      fc.property(fc.constantFrom(...HEADS), fc.uint8Array({ maxLength: 200 }), (head, tail) => {
        const bytes = new Uint8Array([...encoder.encode(head), ...tail, 0x0d, 0x0a]);
        frameAndParse(bytes);
      }),
      { numRuns: 3000 },
    );
  });

  it('reports deep nesting as NESTING_TOO_DEEP (an unreadable message) at any depth, never as a stack overflow', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 65, max: 20000 }),
        fc.constantFrom('BODYSTRUCTURE ', 'X-UNKNOWN ', 'BODY '),
        (depth, item) => {
          const line = `* 1 FETCH (${item}${'('.repeat(depth)}${')'.repeat(depth)})\r\n`;
          const framer = new Framer();
          framer.push(encoder.encode(line));
          const frame = framer.next() as Frame;
          expect(parseResponse(frame)).toMatchObject({
            kind: 'unreadable',
            error: { code: ErrorCodes.NESTING_TOO_DEEP },
          });
        },
      ),
      { numRuns: 50 },
    );
  });
});
