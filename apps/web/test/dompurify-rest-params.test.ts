import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { restParameters } from '../build/dompurify-rest-params.ts';

const dompurifyEs = resolve(import.meta.dirname, '../node_modules/dompurify/dist/purify.es.mjs');

describe('restParameters (build/dompurify-rest-params.ts)', () => {
  it("writes DOMPurify's helpers' rest-argument loops as rest parameters: apply, construct, unapply, unconstruct", () => {
    const source = readFileSync(dompurifyEs, 'utf8');
    const rewritten = restParameters(source);
    expect(rewritten?.loops).toBe(4);
    expect(rewritten?.code).toContain('function apply(func, thisArg, ...args) {');
    expect(rewritten?.code).toContain('function construct(Func, ...args) {');
    expect(rewritten?.code).toContain('function(thisArg, ...args) {');
    expect(rewritten?.code).toContain('function(...args) {');
    // Left as it is: one inside a branch of a rarely called check (custom element names), not a helper.
    expect(rewritten?.code.match(/= arguments\[_key\d*\]/g)).toHaveLength(1);
  });

  it('keeps what the functions do: the same arguments reach the same calls', () => {
    const source = `
      function apply(func, thisArg) {
        for (var _len = arguments.length, args = new Array(_len > 2 ? _len - 2 : 0), _key = 2; _key < _len; _key++) args[_key - 2] = arguments[_key];
        return func.apply(thisArg, args);
      }
      const unapply = (func) => function(thisArg) {
        for (var _len3 = arguments.length, args = new Array(_len3 > 1 ? _len3 - 1 : 0), _key3 = 1; _key3 < _len3; _key3++) args[_key3 - 1] = arguments[_key3];
        return apply(func, thisArg, ...args);
      };
      return unapply(String.prototype.replace)('a-b-c', /-/g, '+');`;
    const rewritten = restParameters(source);
    expect(rewritten?.loops).toBe(2);
    const run = (code: string) => new Function(code)() as string;
    expect(run(rewritten!.code)).toBe(run(source));
    expect(run(rewritten!.code)).toBe('a+b+c');
  });

  it('finds nothing in code without the loop, and refuses a loop that does not start after the parameters', () => {
    expect(restParameters('function f(a, ...rest) { return rest; }')).toBeNull();
    const odd =
      'function f(a) { for (var _len = arguments.length, args = new Array(_len), _key = 0; _key < _len; _key++) args[_key] = arguments[_key]; }';
    expect(() => restParameters(odd)).toThrow(/rest loop from 0 after 1/);
  });
});
