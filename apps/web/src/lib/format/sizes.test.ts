import { describe, expect, it } from 'vitest';
import { formatSize } from './sizes.ts';

describe('formatSize', () => {
  it.each([
    [512, 'en-US', '1 kB'],
    [0, 'en-US', '1 kB'],
    [1536, 'en-US', '2 kB'],
    [5 * 1024 * 1024 + 300_000, 'en-US', '5.3 MB'],
    [42 * 1024 * 1024, 'en-US', '42 MB'],
    [1536, 'ru-RU', '2 кБ'],
  ])('%d bytes in %s is %s', (bytes, locale, expected) => {
    expect(formatSize(bytes, locale)).toBe(expected);
  });

  it.each([
    [512, '512 bytes'],
    [1536, '2 kB'],
    [3 * 1024 * 1024 * 1024, '3 GB'],
  ])('in the reader (bytes allowed) %d bytes is %s', (bytes, expected) => {
    expect(formatSize(bytes, 'en-US', 'byte')).toBe(expected);
  });

  it('is empty for a missing size', () => {
    expect(formatSize(NaN)).toBe('');
  });
});
