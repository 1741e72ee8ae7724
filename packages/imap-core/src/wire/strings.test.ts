import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asciiString, internLowerCase, internString, isValidUtf8, utf8String } from './strings.ts';

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);
const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('strings', () => {
  it.each([
    ['ASCII', ascii('hello'), true],
    ['2-byte UTF-8', ascii('é'), true],
    ['4-byte UTF-8', ascii('📬'), true],
    ['GBK "会议"', bytes(0xbb, 0xe1, 0xd2, 0xe9), false],
    ['a truncated sequence', bytes(0xe6, 0x96), false],
    ['an overlong "/"', bytes(0xc0, 0xaf), false],
    ['an overlong 3-byte NUL', bytes(0xe0, 0x80, 0x80), false],
    ['a UTF-16 surrogate', bytes(0xed, 0xa0, 0x80), false],
    ['a code point above U+10FFFF', bytes(0xf4, 0x90, 0x80, 0x80), false],
    ['a lone continuation byte', bytes(0x80), false],
  ])('judges %s valid UTF-8: %s', (_name, value, valid) => {
    expect(isValidUtf8(value, 0, value.length)).toBe(valid);
  });

  it('agrees with a fatal TextDecoder on any bytes', () => {
    const fatal = new TextDecoder('utf-8', { fatal: true });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 12 }), (value) => {
        let valid = true;
        try {
          fatal.decode(value);
        } catch {
          valid = false;
        }
        expect(isValidUtf8(value, 0, value.length)).toBe(valid);
      }),
      { numRuns: 5000 },
    );
  });

  it('keeps a leading U+FEFF, in short and long strings (TextDecoder drops it unless told not to)', () => {
    for (const text of ['\ufeff', '\ufeffSubject', '\ufeffa subject longer than the short-span threshold']) {
      const value = ascii(text);
      expect(utf8String(value, 0, value.length)).toBe(text);
    }
  });

  it('decodes short and long spans alike', () => {
    const text = 'a somewhat longer ASCII string, over the short-span threshold';
    const value = ascii(`xx${text}yy`);
    expect(asciiString(value, 2, 2 + text.length)).toBe(text);
    expect(asciiString(value, 2, 5)).toBe('a s');
    expect(utf8String(ascii('Grüße, 世界'), 0, 15)).toBe('Grüße, 世界');
  });

  it('returns the same string object for the same bytes once interned', () => {
    const first = internString(ascii('example.com'), 0, 11);
    const second = internString(ascii('(example.com)'), 1, 12);
    expect(second).toBe('example.com');
    expect(second).toBe(first);
  });

  it('never returns a cached string for different bytes, whatever collides', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 8 }), { minLength: 1, maxLength: 50 }), (words) => {
        for (const word of words) expect(internString(ascii(word), 0, ascii(word).length)).toBe(word);
      }),
      { numRuns: 500 },
    );
  });

  it('lower-cases while interning, and keeps non-ASCII intact', () => {
    expect(internLowerCase(ascii('TEXT'), 0, 4)).toBe('text');
    expect(internLowerCase(ascii('Text'), 0, 4)).toBe(internLowerCase(ascii('tEXT'), 0, 4));
    expect(internLowerCase(ascii('ÄB'), 0, 3)).toBe('äb');
  });
});
