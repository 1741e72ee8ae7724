// Removes every way mail CSS can load something: @import and @font-face rules go, and each url(), src() and
// image-set() is either kept (a data: image, a cid: image rewritten to the message's own part, a remote image
// after consent) or replaced by the keyword `none`, which makes the declaration inert or invalid. Everything else
// is kept byte for byte, so the browser that renders the mail parses what it would have parsed, minus the URLs.
// Used by the sanitizer's hooks for <style> blocks, style attributes and SVG presentation attributes.

import { preprocessCss, tokenizeCss, type CssToken } from './css-tokens.ts';

/** What the sanitizer decides for one URL found in CSS. */
export type UrlDecision =
  | { readonly action: 'keep' }
  | { readonly action: 'rewrite'; readonly url: string }
  | { readonly action: 'block'; readonly remote: boolean };

export interface CssUrlContext {
  /** The declaration's property, lower-cased, or null when it could not be told (then nothing is a reference). */
  readonly property: string | null;
}

export type CssUrlPolicy = (url: string, context: CssUrlContext) => UrlDecision;

export interface FilteredCss {
  readonly css: string;
  /** Remote resources removed (remote: absolute or protocol-relative http(s)). */
  readonly blockedRemote: number;
}

/** At-rules that load resources whatever their URLs say: removed whole. */
const REMOVED_AT_RULES = new Set(['import', 'font-face', 'property']);
/** Functions whose string argument is a URL. */
const URL_FUNCTIONS = new Set(['url', 'src']);
/** Functions whose bare strings are URLs too (CSS Images 4, 2.2). */
const IMAGE_SET_FUNCTIONS = new Set(['image-set', '-webkit-image-set']);
/** IE's script-in-CSS; long dead, neutralised anyway. */
const DEAD_FUNCTIONS = new Set(['expression']);

const OPENERS = new Set(['(', '[', '{', 'function']);
const CLOSERS = new Set([')', ']', '}']);

/** Filters a style sheet (the text of a <style> element). */
export function filterStylesheet(source: string, policy: CssUrlPolicy): FilteredCss {
  return filterCss(source, policy, false);
}

/** Filters a declaration list (a style attribute) or a single value (an SVG presentation attribute). */
export function filterDeclarations(
  source: string,
  policy: CssUrlPolicy,
  property: string | null = null,
): FilteredCss {
  return filterCss(source, policy, true, property);
}

/** CSS string syntax for a URL we produced; `<` is escaped so no text can close a <style> element. */
export function cssUrl(url: string): string {
  let escaped = '';
  for (const c of url) {
    const code = c.charCodeAt(0);
    escaped +=
      c === '\\' || c === '"' || c === '<' || code < 0x20 || code === 0x7f ? `\\${code.toString(16)} ` : c;
  }
  return `url("${escaped}")`;
}

function filterCss(
  source: string,
  policy: CssUrlPolicy,
  declarations: boolean,
  fixedProperty: string | null = null,
): FilteredCss {
  const css = preprocessCss(source);
  const tokens = tokenizeCss(css);
  const out: string[] = [];
  let blockedRemote = 0;
  // Property tracking: the first ident after `{` or `;` (or at the start of a declaration list) names it.
  let expectProperty = declarations && fixedProperty === null;
  let property: string | null = fixedProperty;

  const decide = (url: string): UrlDecision => {
    const decision = policy(url, { property });
    if (decision.action === 'block' && decision.remote) blockedRemote++;
    return decision;
  };

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as CssToken;
    const name = token.value.toLowerCase();
    if (token.type === 'at-keyword' && REMOVED_AT_RULES.has(name)) {
      const end = atRuleEnd(tokens, i);
      // The rule goes whatever its URLs are; asking the policy counts the remote ones (`@import "x"` included).
      for (let j = i + 1; j < end; j++) {
        for (const url of urlsOf(tokens, j, true)) decide(url);
        if ((tokens[j] as CssToken).type === 'function') j = blockEnd(tokens, j) - 1;
      }
      i = end - 1;
      continue;
    }
    if (token.type === 'url') {
      out.push(render(decide(token.value), css.slice(token.start, token.end)));
      continue;
    }
    if (token.type === 'bad-url') {
      out.push(' none ');
      continue;
    }
    if (token.type === 'function' && (URL_FUNCTIONS.has(name) || DEAD_FUNCTIONS.has(name))) {
      const end = blockEnd(tokens, i);
      const inner = tokens
        .slice(i + 1, end - 1)
        .filter((t) => t.type !== 'whitespace' && t.type !== 'comment');
      const only = inner[0];
      if (DEAD_FUNCTIONS.has(name) || inner.length !== 1 || only?.type !== 'string') {
        out.push(' none ');
      } else {
        out.push(render(decide(only.value), css.slice(token.start, (tokens[end - 1] as CssToken).end)));
      }
      i = end - 1;
      continue;
    }
    if (token.type === 'function' && IMAGE_SET_FUNCTIONS.has(name)) {
      const end = blockEnd(tokens, i);
      let keep = true;
      for (let j = i + 1; j < end; j++) {
        const nested = tokens[j] as CssToken;
        const urls = urlsOf(tokens, j, false);
        if (urls.length === 0 && nested.type === 'string') urls.push(nested.value);
        for (const url of urls) if (decide(url).action !== 'keep') keep = false;
        if (nested.type === 'function') j = blockEnd(tokens, j) - 1;
      }
      out.push(keep ? css.slice(token.start, (tokens[end - 1] as CssToken).end) : ' none ');
      i = end - 1;
      continue;
    }
    if (fixedProperty === null) {
      if (token.type === '{' || token.type === ';' || token.type === '}') {
        expectProperty = true;
        property = null;
      } else if (expectProperty && token.type === 'ident') {
        property = name;
        expectProperty = false;
      } else if (token.type !== 'whitespace' && token.type !== 'comment') {
        expectProperty = false;
      }
    }
    out.push(css.slice(token.start, token.end));
  }
  return { css: out.join(''), blockedRemote };
}

function render(decision: UrlDecision, original: string): string {
  if (decision.action === 'keep') return original;
  if (decision.action === 'rewrite') return cssUrl(decision.url);
  return ' none ';
}

/** URLs carried by the token at `index`: a url token, or a url()/src() function's string. */
function urlsOf(tokens: readonly CssToken[], index: number, includeStrings: boolean): string[] {
  const token = tokens[index] as CssToken;
  if (token.type === 'url') return [token.value];
  if (token.type === 'string' && includeStrings) return [token.value];
  if (token.type === 'function' && URL_FUNCTIONS.has(token.value.toLowerCase())) {
    const next = tokens.slice(index + 1).find((t) => t.type !== 'whitespace' && t.type !== 'comment');
    return next?.type === 'string' ? [next.value] : [];
  }
  return [];
}

/** Index after the token closing the block opened at `index` (a function, `(`, `[` or `{`). */
function blockEnd(tokens: readonly CssToken[], index: number): number {
  let depth = 0;
  for (let j = index; j < tokens.length; j++) {
    const type = (tokens[j] as CssToken).type;
    if (OPENERS.has(type)) depth++;
    else if (CLOSERS.has(type) && --depth === 0) return j + 1;
  }
  return tokens.length;
}

/** Index after an at-rule starting at `index`: its `;`, the end of its `{}` block, or where its parent closes. */
function atRuleEnd(tokens: readonly CssToken[], index: number): number {
  let depth = 0;
  for (let j = index + 1; j < tokens.length; j++) {
    const type = (tokens[j] as CssToken).type;
    if (OPENERS.has(type)) depth++;
    else if (CLOSERS.has(type)) {
      depth--;
      if (depth < 0) return j;
      if (depth === 0 && type === '}') return j + 1;
    } else if (type === ';' && depth === 0) return j + 1;
  }
  return tokens.length;
}
