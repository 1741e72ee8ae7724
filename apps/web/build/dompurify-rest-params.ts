// DOMPurify's ES build copies rest arguments with Babel's loop (`for (var _len = arguments.length, args = new
// Array(...), _key = n; ...) args[_key - n] = arguments[_key];`), which the app's minifier (oxc, for ES module
// output) turns into `[...arguments].slice(n)`. V8 runs that several times slower, and DOMPurify calls such a
// wrapper (unapply: every string and array helper it uses) about 35,000 times while sanitizing the 100 KB
// newsletter: sanitizing took 33.7 ms of an open in the app, 19.8 ms with the loops written as what they mean,
// rest parameters (bench/sanitize-newsletter.ts; an IIFE build, which the minifier leaves alone, is as fast).
// The same function, written as a rest parameter before the minifier sees it. A DOMPurify whose file no longer
// has the loop fails the build here, so that nobody loses this without knowing.

import type { Plugin } from 'vite';

const DOMPURIFY = /[\\/]dompurify[\\/]dist[\\/]purify\.es\.mjs$/;
/** `function name(a, b) {` followed by Babel's rest loop from argument `start` on. */
const REST_LOOP =
  /function( \w+)?\(([\w, ]*)\) \{\s*for \(var (_len\d*) = arguments\.length, (\w+) = new Array\([^;]*?\), (_key\d*) = (\d); \5 < \3; \5\+\+\) \4\[[^\]]*\] = arguments\[\5\];/g;

/** Rewrites each rest loop of `code` as a rest parameter; null when there is none. */
export function restParameters(code: string): { code: string; loops: number } | null {
  let loops = 0;
  const out = code.replace(
    REST_LOOP,
    (
      _loop,
      name: string | undefined,
      params: string,
      _len: string,
      args: string,
      _key: string,
      start: string,
    ) => {
      const fixed = params
        .split(',')
        .map((param) => param.trim())
        .filter(Boolean);
      // The loop starts copying after the named parameters: anything else is not the pattern this expects.
      if (fixed.length !== Number(start))
        throw new Error(`a rest loop from ${start} after ${fixed.length} parameters`);
      loops++;
      return `function${name ?? ''}(${[...fixed, `...${args}`].join(', ')}) {`;
    },
  );
  return loops === 0 ? null : { code: out, loops };
}

export function dompurifyRestParameters(): Plugin {
  return {
    name: 'webmail-dompurify-rest-parameters',
    transform(code, id) {
      if (!DOMPURIFY.test(id)) return null;
      const rewritten = restParameters(code);
      if (rewritten === null) {
        throw new Error(
          'build/dompurify-rest-params.ts found no rest-argument loop in DOMPurify: check what the minifier makes ' +
            'of its unapply() and update or remove this plugin',
        );
      }
      return { code: rewritten.code, map: null };
    },
  };
}
