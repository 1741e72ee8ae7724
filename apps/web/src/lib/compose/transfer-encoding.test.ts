import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseTextEncoding, encodeBase64, encodeQuotedPrintable } from './transfer-encoding.ts';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

/** A reference decoder written from RFC 2045 6.7, to check the encoder against. */
function decodeQuotedPrintable(encoded: string): Uint8Array {
  const out: number[] = [];
  const text = encoded.replace(/=\r\n/g, '');
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '=') {
      out.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else out.push(text.charCodeAt(i));
  }
  return Uint8Array.from(out);
}

describe('encodeQuotedPrintable', () => {
  it.each([
    ['plain text stays', 'hello world', 'hello world'],
    ['= is escaped', 'a=b', 'a=3Db'],
    ['UTF-8 bytes are escaped', 'é', '=C3=A9'],
    ['a trailing space is escaped', 'a \r\nb ', 'a=20\r\nb=20'],
    ['a trailing tab is escaped, an inner one is not', 'a\tb\t', 'a\tb=09'],
    ['"From " at a line start', 'From x\r\nFrom', '=46rom x\r\nFrom'],
    ['a dot at a line start', '.\r\n..x', '=2E\r\n=2E.x'],
    ['a long line gets soft breaks', 'a'.repeat(80), `${'a'.repeat(75)}=\r\n${'a'.repeat(5)}`],
    ['an escape is never split by a soft break', `${'a'.repeat(74)}é`, `${'a'.repeat(74)}=\r\n=C3=A9`],
  ])('%s', (_name, input, expected) => {
    expect(encodeQuotedPrintable(bytes(input))).toBe(expected);
  });

  it('writes printable lines of at most 76 characters that decode to the same bytes', () => {
    const textBytes = fc
      .array(fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constant(-1)), { maxLength: 600 })
      // -1 stands for a CRLF line break: the encoder takes canonical text.
      .map((list) =>
        Uint8Array.from(list.flatMap((n) => (n === -1 ? [13, 10] : n === 13 || n === 10 ? [0x41] : [n]))),
      );
    fc.assert(
      fc.property(textBytes, (input) => {
        const encoded = encodeQuotedPrintable(input);
        for (const line of encoded.split('\r\n')) {
          expect(line.length).toBeLessThanOrEqual(76);
          expect(line).toMatch(/^[\t -~]*$/);
          expect(line).not.toMatch(/[ \t]$/);
        }
        expect(decodeQuotedPrintable(encoded)).toEqual(input);
      }),
      { numRuns: 300, seed: 20261204 },
    );
  });
});

describe('encodeBase64', () => {
  it('writes 76-character lines that decode to the same bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), (input) => {
        const encoded = new TextDecoder().decode(encodeBase64(input));
        const lines = encoded.split('\r\n');
        lines.slice(0, -1).forEach((line) => expect(line).toHaveLength(76));
        expect(Uint8Array.from(atob(lines.join('')), (c) => c.charCodeAt(0))).toEqual(input);
      }),
      { numRuns: 200, seed: 20261204 },
    );
  });

  it('agrees with btoa on a large input', () => {
    const input = Uint8Array.from({ length: 57 * 1024 * 2 + 5 }, (_, i) => (i * 31) & 0xff);
    const encoded = new TextDecoder().decode(encodeBase64(input)).replace(/\r\n/g, '');
    expect(encoded).toBe(btoa(String.fromCharCode(...input)));
  });

  it('writes nothing for nothing', () => {
    expect(encodeBase64(new Uint8Array(0))).toEqual(new Uint8Array(0));
  });
});

describe('chooseTextEncoding', () => {
  it.each([
    ['', '7bit'],
    ['short ASCII', '7bit'],
    ['x'.repeat(77), 'quoted-printable'],
    ['mostly ASCII with one é', 'quoted-printable'],
    ['Привет, мир', 'base64'],
    ['中文', 'base64'],
  ])('%j -> %s', (text, expected) => {
    expect(chooseTextEncoding(bytes(text))).toBe(expected);
  });
});
