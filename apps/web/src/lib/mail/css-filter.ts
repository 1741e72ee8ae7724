// Removes every way mail CSS can load something: @import and @font-face rules go, and each url(), src() and
// image-set() is either kept (a data: image, a cid: image rewritten to the message's own part, a remote image
// after consent) or replaced by the keyword `none`, which makes the declaration inert or invalid. Lengths in
// units of the viewport's height (vh, vb, vmin, vmax and their s/l/d forms) become pixels of a fixed
// VIEWPORT_HEIGHT_PX: the frame is as tall as its content, so content sized by the frame's height would grow
// the frame with every resize (`height: 1000vh`). Everything else is kept byte for byte, so the browser that
// renders the mail parses what it would have parsed, minus the URLs.
// Used by the sanitizer's hooks for <style> blocks, style attributes and SVG presentation attributes. Linear in
// the size of the CSS: it runs on the app's main thread for every style sheet of a message.

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

/** The height a mail's viewport units are taken against: a laptop screen's browser window. */
export const VIEWPORT_HEIGHT_PX = 800;
/** Units of the viewport's height (CSS Values 4, 6.1.2); vw and vi follow the frame's width, which the app sets. */
const HEIGHT_UNITS = new Set(['vh', 'svh', 'lvh', 'dvh', 'vb', 'svb', 'lvb', 'dvb']);
/** Units of the smaller or larger viewport side: the width stays, the height becomes pixels. */
const SIDE_UNITS = new Map([
  ['vmin', 'min'],
  ['svmin', 'min'],
  ['lvmin', 'min'],
  ['dvmin', 'min'],
  ['vmax', 'max'],
  ['svmax', 'max'],
  ['lvmax', 'max'],
  ['dvmax', 'max'],
]);

/**
 * What CSS must hold for the filter to change it or ask the policy anything: a url( or a function (`(`), an
 * escape (`\`), an at-rule (`@`), a unit of the viewport right after a number's last digit (every unit in
 * HEIGHT_UNITS and SIDE_UNITS is `v`, `sv`, `lv` or `dv` and more letters), or a character preprocessCss
 * rewrites (CR, FF, NUL). CSS without any of them is returned as it is, untokenized: most style attributes of
 * mail whose editor wrote a style per element (`padding:8px;color:#333`).
 */
const MAY_CHANGE = /[(\\@\r\f\0]|\d[sld]?v/i;

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
  if (!MAY_CHANGE.test(source)) return { css: source, blockedRemote: 0 };
  const css = preprocessCss(source);
  const tokens = tokenizeCss(css);
  // The output is the source with some token ranges replaced: `copied` is how far the source is in `out`.
  const out: string[] = [];
  let copied = 0;
  const replace = (from: number, to: number, text: string): void => {
    out.push(css.slice(copied, from), text);
    copied = to;
  };
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
    const type = token.type;
    if (type === 'whitespace' || type === 'comment') continue;
    if (type === 'number') {
      const length = viewportLength(token);
      if (length !== null) replace(token.start, token.end, length);
      expectProperty = false;
      continue;
    }
    const name =
      type === 'at-keyword' || type === 'function' || type === 'ident' ? token.value.toLowerCase() : '';
    if (type === 'at-keyword' && REMOVED_AT_RULES.has(name)) {
      const end = atRuleEnd(tokens, i);
      // The rule goes whatever its URLs are; asking the policy counts the remote ones (`@import "x"` included).
      for (let j = i + 1; j < end; j++) {
        for (const url of urlsOf(tokens, j, true)) decide(url);
        if ((tokens[j] as CssToken).type === 'function') j = blockEnd(tokens, j) - 1;
      }
      replace(token.start, end > i ? (tokens[end - 1] as CssToken).end : token.end, '');
      i = end - 1;
      continue;
    }
    if (type === 'url') {
      const decision = decide(token.value);
      if (decision.action !== 'keep') replace(token.start, token.end, render(decision));
      continue;
    }
    if (type === 'bad-url') {
      replace(token.start, token.end, ' none ');
      continue;
    }
    if (type === 'function' && (URL_FUNCTIONS.has(name) || DEAD_FUNCTIONS.has(name))) {
      const end = blockEnd(tokens, i);
      const blockEndOffset = (tokens[end - 1] as CssToken).end;
      const inner = tokens
        .slice(i + 1, end - 1)
        .filter((t) => t.type !== 'whitespace' && t.type !== 'comment');
      const only = inner[0];
      if (DEAD_FUNCTIONS.has(name) || inner.length !== 1 || only?.type !== 'string') {
        replace(token.start, blockEndOffset, ' none ');
      } else {
        const decision = decide(only.value);
        if (decision.action !== 'keep') replace(token.start, blockEndOffset, render(decision));
      }
      i = end - 1;
      continue;
    }
    if (type === 'function' && IMAGE_SET_FUNCTIONS.has(name)) {
      const end = blockEnd(tokens, i);
      let keep = true;
      for (let j = i + 1; j < end; j++) {
        const nested = tokens[j] as CssToken;
        const urls = urlsOf(tokens, j, false);
        if (urls.length === 0 && nested.type === 'string') urls.push(nested.value);
        for (const url of urls) if (decide(url).action !== 'keep') keep = false;
        if (nested.type === 'function') j = blockEnd(tokens, j) - 1;
      }
      if (!keep) replace(token.start, (tokens[end - 1] as CssToken).end, ' none ');
      i = end - 1;
      continue;
    }
    if (fixedProperty === null) {
      if (type === '{' || type === ';' || type === '}') {
        expectProperty = true;
        property = null;
      } else if (expectProperty && type === 'ident') {
        property = name;
        expectProperty = false;
      } else {
        expectProperty = false;
      }
    }
  }
  if (copied === 0) return { css, blockedRemote };
  out.push(css.slice(copied));
  return { css: out.join(''), blockedRemote };
}

/** A length in viewport-height units as pixels of VIEWPORT_HEIGHT_PX, or null for any other number. */
function viewportLength(token: CssToken): string | null {
  const unit = token.unit?.toLowerCase() ?? '';
  if (unit === '' || unit === '%' || token.amount === undefined || !Number.isFinite(token.amount))
    return null;
  const pixels = `${round((token.amount * VIEWPORT_HEIGHT_PX) / 100)}px`;
  if (HEIGHT_UNITS.has(unit)) return pixels;
  const side = SIDE_UNITS.get(unit);
  return side === undefined ? null : `${side}(${round(token.amount)}vw, ${pixels})`;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** What replaces a URL that is not kept as it is. */
function render(decision: Exclude<UrlDecision, { action: 'keep' }>): string {
  return decision.action === 'rewrite' ? cssUrl(decision.url) : ' none ';
}

/** URLs carried by the token at `index`: a url token, or a url()/src() function's string. */
function urlsOf(tokens: readonly CssToken[], index: number, includeStrings: boolean): string[] {
  const token = tokens[index] as CssToken;
  if (token.type === 'url') return [token.value];
  if (token.type === 'string' && includeStrings) return [token.value];
  if (token.type === 'function' && URL_FUNCTIONS.has(token.value.toLowerCase())) {
    // An index walk, not a slice of the rest: a sheet of many src() would otherwise cost its length squared.
    for (let j = index + 1; j < tokens.length; j++) {
      const next = tokens[j] as CssToken;
      if (next.type !== 'whitespace' && next.type !== 'comment')
        return next.type === 'string' ? [next.value] : [];
    }
    return [];
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
