import { describe, expect, it } from 'vitest';
import { MAX_CACHED_SPAN, SpanCache } from './span-cache.ts';

const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('SpanCache', () => {
  it('stores a span the second time it is seen and finds it from then on', () => {
    const cache = new SpanCache<string>(16);
    const value = ascii('x ("a" "b") y');
    expect(cache.lookupBalanced(value, 2, value.length)).toBeUndefined();
    expect(cache.spanEnd).toBe(11);
    cache.store(value, 2, 11, 'first');
    expect(cache.lookupBalanced(value, 2, value.length)).toBeUndefined();
    cache.store(value, 2, 11, 'second');
    expect(cache.lookupBalanced(value, 2, value.length)).toBe('second');
  });

  it('ends a span at its own closing parenthesis, not one inside a quoted string', () => {
    const cache = new SpanCache<string>(16);
    const value = ascii('("a)" "\\")" (x)) tail');
    cache.lookupBalanced(value, 0, value.length);
    expect(cache.spanEnd).toBe(16);
  });

  it.each([
    ['a literal inside', '("a" {1}\r\nb)'],
    ['no closing parenthesis', '("a" "b"'],
    ['a span longer than the cache takes', `("${'a'.repeat(MAX_CACHED_SPAN)}")`],
  ])('does not cache a span with %s', (_name, text) => {
    const cache = new SpanCache<string>(16);
    const value = ascii(text);
    expect(cache.lookupBalanced(value, 0, value.length)).toBeUndefined();
    expect(cache.spanEnd).toBe(-1);
  });

  it('never answers for different bytes, even when every span shares one slot', () => {
    const cache = new SpanCache<string>(1);
    const spans = ['(a)', '(b)', '(ab)', '(a)', '(b)'];
    for (const text of spans) {
      for (let round = 0; round < 2; round++) {
        const value = ascii(text);
        const found = cache.lookupBalanced(value, 0, value.length);
        if (found !== undefined) expect(found).toBe(text);
        else cache.store(value, 0, value.length, text);
      }
    }
  });
});
