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
import { normalizeBody } from './differential.ts';
import { checkStructure } from './structure.ts';

/** Characters that have broken mail writers: MIME and RFC 5322 specials, encoded-word syntax, scripts. */
const PIECES = [
  'a',
  'Z',
  '0',
  ' ',
  ' ',
  '"',
  '\\',
  "'",
  '(',
  ')',
  '<',
  '>',
  ',',
  ';',
  ':',
  '@',
  '.',
  '[',
  ']',
  '=',
  '?',
  '_',
  '*',
  '%',
  '/',
  '#',
  '=?',
  '?=',
  '=?UTF-8?B?',
  '=?UTF-8?B?5bel5L2c?=',
  '=?utf-8?q?a_b?=',
  '~',
  '`',
  'é',
  'ß',
  'Ж',
  'ё',
  'щ',
  '中',
  '文',
  '𠮷',
  '😀',
  '👩‍👩‍👧',
  '🇷🇺',
  'e\u0301',
  'ا',
  'ש',
  '\u200f',
  'ｱ',
  '가',
  'x'.repeat(90),
  '我'.repeat(40),
];
const word = fc
  .array(fc.constantFrom(...PIECES), { minLength: 0, maxLength: 30 })
  .map((parts) => parts.join(''));
const lineText = word.filter((text) => text.trim() !== '');
const body = fc
  .array(fc.oneof(word, fc.constantFrom('\n', '\r\n', '\t', 'From ', '.', '-- ')), { maxLength: 40 })
  .map((parts) => parts.join(''));

const collapse = (text: string): string => text.replace(/ {2,}/g, ' ').trim();

describe('buildMessage over generated input, read back by mailparser', () => {
  it('gives back subject, names, file name and text, in a well-formed message', async () => {
    await fc.assert(
      fc.asyncProperty(
        lineText,
        lineText,
        lineText,
        body,
        fc.boolean(),
        async (subject, name, filename, text, html) => {
          const built = buildMessage(
            {
              from: { name, address: 'ann@example.org' },
              to: [{ name: `${name}2`, address: 'bob@example.org' }],
              cc: [],
              bcc: [],
              subject,
              date: new Date('2026-12-04T07:00:00Z'),
              messageId: '<p@example.org>',
              text,
              ...(html ? { html: `<p>${text}</p>` } : {}),
              attachments: [{ filename, contentType: 'application/pdf', content: new Uint8Array([1, 2, 3]) }],
            },
            { bcc: 'omit' },
          );
          expect(checkStructure(built.bytes, { eightBit: false, utf8Headers: false })).toEqual([]);
          const mail = await simpleParser(Buffer.from(built.bytes), { keepCidLinks: true });
          expect(mail.subject).toBe(subject.trim());
          expect(mail.from?.value[0]).toEqual({ name: collapse(name), address: 'ann@example.org' });
          expect(mail.to && !Array.isArray(mail.to) ? mail.to.value[0]?.name : null).toBe(
            collapse(`${name}2`),
          );
          expect(mail.attachments[0]?.filename).toBe(filename.trim());
          expect(normalizeBody(mail.text)).toBe(normalizeBody(text));
        },
      ),
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
