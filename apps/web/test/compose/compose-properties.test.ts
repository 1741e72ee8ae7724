// @vitest-environment node
// Properties over generated input: whatever a user types (any script, quotes, backslashes, encoded-word
// look-alikes, specials, emoji, combining marks, long runs without spaces), buildMessage writes a well-formed
// message and mailparser reads back the subject, display names, file name and text that were composed.
// The seed is fixed so a run is deterministic; PROPERTY_SEED and PROPERTY_RUNS explore further by hand.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildMessage } from '../../src/lib/compose/index.ts';
import { decodeEncodedWords } from '../../src/lib/format/rfc2047.ts';
import { encodeWords } from '../../src/lib/compose/encoded-words.ts';
import { simpleParser } from '../differential/mailparser.ts';
import { collapse, generatedInput, generatedMessage, word } from './generated.ts';
import { normalizeBody } from './differential.ts';
import { checkStructure } from './structure.ts';

describe('buildMessage over generated input, read back by mailparser', () => {
  it('gives back subject, names, file name and text, in a well-formed message', async () => {
    await fc.assert(
      fc.asyncProperty(generatedInput, async (input) => {
        const built = buildMessage(generatedMessage(input), { bcc: 'omit', utf8Headers: input.utf8 });
        expect(checkStructure(built.bytes, { eightBit: false, utf8Headers: input.utf8 })).toEqual([]);
        const mail = await simpleParser(Buffer.from(built.bytes), { keepCidLinks: true });
        expect(mail.subject).toBe(input.subject.trim());
        expect(mail.from?.value[0]).toEqual({ name: collapse(input.name), address: 'ann@example.org' });
        const to = mail.to && !Array.isArray(mail.to) ? mail.to.value[0]?.name : null;
        expect(to).toBe(collapse(`${input.name}2`));
        expect(mail.attachments[0]?.filename).toBe(input.filename.trim());
        expect(normalizeBody(mail.text)).toBe(normalizeBody(input.text));
      }),
      {
        numRuns: Number(process.env.PROPERTY_RUNS ?? 150),
        seed: Number(process.env.PROPERTY_SEED ?? 20261204),
      },
    );
  }, 120_000);
});

describe('encodeWords', () => {
  it('writes words of at most 75 characters that decode, each alone, to whole characters of the text', () => {
    fc.assert(
      fc.property(fc.oneof(word, fc.string({ unit: 'grapheme', maxLength: 200 })), (text) => {
        const words = encodeWords(text);
        for (const encoded of words) {
          expect(encoded.length).toBeLessThanOrEqual(75);
          expect(encoded).toMatch(/^=\?UTF-8\?[BQ]\?[A-Za-z0-9!*+\-/=_]*\?=$/);
          expect(decodeEncodedWords(encoded)).not.toContain('\uFFFD');
        }
        expect(decodeEncodedWords(words.join(' '))).toBe(text);
      }),
      { numRuns: 300, seed: 20261204 },
    );
  });
});
