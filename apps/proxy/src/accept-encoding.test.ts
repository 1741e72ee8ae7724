import { describe, expect, it } from 'vitest';
import { preferredEncoding } from './accept-encoding.ts';

const BOTH = ['br', 'gzip'] as const;

describe('preferredEncoding', () => {
  it.each<[string | undefined, readonly string[], string | null]>([
    ['gzip, deflate, br, zstd', BOTH, 'br'], // Chromium
    ['gzip, deflate, br', BOTH, 'br'], // Firefox
    ['gzip, deflate', BOTH, 'gzip'],
    ['gzip, deflate, br', ['gzip'], 'gzip'],
    ['br;q=0.5, gzip', BOTH, 'gzip'],
    ['br;q=0, gzip;q=0', BOTH, null],
    ['BR', BOTH, 'br'],
    ['x-gzip', BOTH, 'gzip'],
    ['*', BOTH, 'br'],
    ['*;q=0.1, br;q=0', BOTH, 'gzip'],
    ['identity', BOTH, null],
    ['', BOTH, null],
    [undefined, BOTH, null],
    ['br', [], null],
    ['br;q=abc, gzip', BOTH, 'gzip'],
    ['br;q=1.5, gzip', BOTH, 'gzip'],
    [' gzip ; q=0.8 , br ; q=0.9', BOTH, 'br'],
  ])('picks from %j (having %j): %j', (header, available, expected) => {
    expect(preferredEncoding(header, available)).toBe(expected);
  });
});
