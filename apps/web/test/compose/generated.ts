// Generators of what a user may type, for the property tests in Node (compose-properties.test.ts) and in
// Chromium (e2e/compose-mime.e2e.ts).
import fc from 'fast-check';
import type { OutgoingMessage } from '../../src/lib/compose/index.ts';

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
export const word = fc
  .array(fc.constantFrom(...PIECES), { minLength: 0, maxLength: 30 })
  .map((parts) => parts.join(''));
export const lineText = word.filter((text) => text.trim() !== '');
export const body = fc
  .array(fc.oneof(word, fc.constantFrom('\n', '\r\n', '\t', 'From ', '.', '-- ')), { maxLength: 40 })
  .map((parts) => parts.join(''));

export const collapse = (text: string): string => text.replace(/ {2,}/g, ' ').trim();

export interface GeneratedInput {
  subject: string;
  name: string;
  filename: string;
  text: string;
  html: boolean;
  /** Built with utf8Headers (RFC 6532). */
  utf8: boolean;
}

export const generatedInput: fc.Arbitrary<GeneratedInput> = fc.record({
  subject: lineText,
  name: lineText,
  filename: lineText,
  text: body,
  html: fc.boolean(),
  utf8: fc.boolean(),
});

/** The message a generated input composes: the name on From and (with "2") on To, one attachment. */
export function generatedMessage(input: GeneratedInput): OutgoingMessage {
  return {
    from: { name: input.name, address: 'ann@example.org' },
    to: [{ name: `${input.name}2`, address: 'bob@example.org' }],
    cc: [],
    bcc: [],
    subject: input.subject,
    date: new Date('2026-12-04T07:00:00Z'),
    messageId: '<p@example.org>',
    text: input.text,
    ...(input.html ? { html: `<p>${input.text}</p>` } : {}),
    attachments: [
      { filename: input.filename, contentType: 'application/pdf', content: new Uint8Array([1, 2, 3]) },
    ],
  };
}
