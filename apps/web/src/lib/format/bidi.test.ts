import { describe, expect, it } from 'vitest';
import { isolate } from './bidi.ts';

describe('isolate', () => {
  it('wraps text in FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE', () => {
    expect(isolate('محمد')).toBe('\u2068محمد\u2069');
    expect([...isolate('a')].map((c) => c.codePointAt(0))).toEqual([0x2068, 0x61, 0x2069]);
  });
});
