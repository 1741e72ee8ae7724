// The mail HTML sanitizer: a private DOMPurify instance with one frozen configuration and hooks that
//   - rewrite cid: URLs to the message's own inline parts (data: URLs),
//   - block every remote resource (img src, background, poster, video/audio, SVG image/feImage/use href, every
//     CSS url()/src()/image-set(), @import and @font-face, in style attributes, <style> blocks and SVG
//     presentation attributes) unless the user allowed remote images for this message, and count them,
//   - keep only http/https/mailto links and make them open in a new tab with noopener noreferrer.
// Everything happens in hooks while DOMPurify walks the tree: the string DOMPurify returns is the result, never
// edited afterwards (a string edit after sanitizing is how mutation XSS gets back in).
//
// The output goes into the sandboxed frame (frame-document.ts), whose own CSP is the second layer: even a bypass
// of this module cannot run script there (no allow-scripts) or load anything but data:/blob: before consent.

import DOMPurify, {
  type Config,
  type UponSanitizeAttributeHookEvent,
  type UponSanitizeElementHookEvent,
} from 'dompurify';
import { filterDeclarations, filterStylesheet, type CssUrlPolicy, type FilteredCss } from './css-filter.ts';
import {
  REFERENCE_PROPERTIES,
  decideLink,
  decideResource,
  normalizeContentId,
  type ResourceKind,
  type ResourcePolicyOptions,
} from './url-policy.ts';

export type SanitizeOptions = ResourcePolicyOptions;

export interface MailLink {
  readonly href: string;
}

export interface SanitizedMail {
  /** Body markup for the frame (FORCE_BODY: what would be the <body>'s content). */
  readonly html: string;
  /** Remote resources removed; "load remote content" would bring the images among them back. */
  readonly blockedRemote: number;
  /** Content-IDs (normalized) this HTML references and that resolved to an inline part. */
  readonly cids: readonly string[];
  /** Links kept, in document order. */
  readonly links: readonly MailLink[];
}

const SVG_NAMESPACE = 'http://www.w3.org/2000/svg';
const HTML_NAMESPACE = 'http://www.w3.org/1999/xhtml';

/** Elements removed with their content kept: forms and every control (phishing), and what loads or navigates. */
const FORBIDDEN_TAGS = Object.freeze([
  'form',
  'input',
  'button',
  'select',
  'option',
  'optgroup',
  'textarea',
  'datalist',
  'fieldset',
  'legend',
  'output',
  'keygen',
  'meter',
  'progress',
  'template',
  'dialog',
  'base',
  'link',
  'meta',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'portal',
  'noscript',
  'source',
  'track',
]);

/** FORBIDDEN_TAGS for the element hook, which asks for every element. */
const FORBIDDEN_TAG_SET: ReadonlySet<string> = new Set(FORBIDDEN_TAGS);

const FORBIDDEN_ATTRIBUTES = Object.freeze([
  'srcset',
  'imagesrcset',
  'sizes',
  'ping',
  'action',
  'formaction',
  'form',
  'autofocus',
  'download',
  'target',
  'popover',
  'popovertarget',
  'contenteditable',
]);

/** The mail configuration: frozen, so no call can widen it. */
export const MAIL_SANITIZE_CONFIG: Readonly<Config> = Object.freeze({
  // Leading <style> blocks (mail puts them in <head>) must stay: parse everything as body content.
  FORCE_BODY: true,
  // HTML and SVG; no MathML, the richest source of namespace-confusion mXSS, and mail does not use it.
  USE_PROFILES: Object.freeze({ html: true, svg: true, svgFilters: true }) as Config['USE_PROFILES'],
  FORBID_TAGS: FORBIDDEN_TAGS as string[],
  FORBID_ATTR: FORBIDDEN_ATTRIBUTES as string[],
  ALLOW_DATA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  // A first filter only (no tel:, sms:, ftp:, data:...); the hooks decide precisely per attribute.
  ALLOWED_URI_REGEXP: /^(?:(?:https?|mailto|cid):|[^a-z]|[a-z+.-]+(?:[^a-z+.:-]|$))/i,
  KEEP_CONTENT: true,
  SAFE_FOR_XML: true,
  SANITIZE_DOM: true,
  WHOLE_DOCUMENT: false,
  RETURN_DOM: false,
  RETURN_DOM_FRAGMENT: false,
  RETURN_TRUSTED_TYPE: false,
  // No Trusted Types policy: the app's CSP does not require them (apps/proxy/src/security-headers.ts), the
  // result is a string for the frame, and DOMPurify's own policy made it ask Chromium the type of every
  // attribute it kept (2 ms of the 100 KB newsletter's 18, bench/sanitize-newsletter.ts).
  TRUSTED_TYPES_POLICY: null,
});

/** Per-call state the hooks write into; sanitizeMailHtml is synchronous, so one slot is enough. */
interface Run {
  readonly options: SanitizeOptions;
  blockedRemote: number;
  readonly cids: Set<string>;
  readonly links: MailLink[];
  /** Each distinct style attribute filtered once (filteredStyle). */
  readonly styles: Map<string, FilteredCss>;
}

let current: Run | null = null;
let instance: ReturnType<typeof DOMPurify> | null = null;

function purifier(): ReturnType<typeof DOMPurify> {
  if (instance) return instance;
  // A private instance: hooks added here never affect another user of DOMPurify in the app.
  const purify = DOMPurify(window);
  purify.addHook('uponSanitizeElement', countRemovedElementResources);
  purify.addHook('uponSanitizeElement', sanitizeStyleElement);
  purify.addHook('uponSanitizeAttribute', countRemovedAttributeResources);
  purify.addHook('afterSanitizeAttributes', sanitizeAttributes);
  instance = purify;
  return purify;
}

/** Sanitizes one message's HTML for the sandboxed frame. */
export function sanitizeMailHtml(html: string, options: SanitizeOptions): SanitizedMail {
  const purify = purifier();
  const run: Run = { options, blockedRemote: 0, cids: new Set(), links: [], styles: new Map() };
  current = run;
  try {
    const clean = purify.sanitize(html, MAIL_SANITIZE_CONFIG as Config);
    return { html: String(clean), blockedRemote: run.blockedRemote, cids: [...run.cids], links: run.links };
  } finally {
    current = null;
  }
}

function cssPolicy(run: Run): CssUrlPolicy {
  return (url, { property }) => {
    const kind: ResourceKind =
      property !== null && REFERENCE_PROPERTIES.has(property) ? 'reference' : 'image';
    const decision = decideResource(url, kind, run.options);
    if (decision.action === 'rewrite' && url.trim().toLowerCase().startsWith('cid:')) {
      run.cids.add(normalizeContentId(url));
    }
    return decision;
  };
}

/** Attributes through which an element DOMPurify removes whole would have loaded something. */
const LOADING_ATTRIBUTES = ['src', 'href', 'data', 'srcset', 'poster', 'background', 'action', 'formaction'];

function isRemote(value: string, run: Run): boolean {
  return value
    .split(',')
    .map((candidate) => candidate.trim().split(/\s+/)[0] ?? '')
    .some((url) => {
      const decision = decideResource(url, 'media', run.options);
      return decision.action === 'block' && decision.remote;
    });
}

/** Counts what removed elements (<link>, <object>, <embed>, <input type=image>, <source>...) would have loaded. */
function countRemovedElementResources(node: Node, data: UponSanitizeElementHookEvent): void {
  const run = current;
  if (!run || !(node instanceof Element)) return;
  const removed = !data.allowedTags[data.tagName] || FORBIDDEN_TAG_SET.has(data.tagName);
  if (!removed) return;
  for (const name of LOADING_ATTRIBUTES) {
    const value = node.getAttribute(name);
    if (value !== null && isRemote(value, run)) run.blockedRemote++;
  }
}

/** Counts remote candidates of attributes the configuration forbids outright (srcset, imagesrcset). */
function countRemovedAttributeResources(_node: Element, data: UponSanitizeAttributeHookEvent): void {
  const run = current;
  if (!run || (data.attrName !== 'srcset' && data.attrName !== 'imagesrcset')) return;
  if (isRemote(data.attrValue, run)) run.blockedRemote++;
}

function sanitizeStyleElement(node: Node, data: UponSanitizeElementHookEvent): void {
  const run = current;
  if (!run || data.tagName !== 'style' || !(node instanceof Element)) return;
  // A <style> with element children is namespace confusion (<svg><style><img ...>): never keep it.
  if (node.firstElementChild !== null) {
    node.remove();
    return;
  }
  const filtered = filterStylesheet(node.textContent ?? '', cssPolicy(run));
  run.blockedRemote += filtered.blockedRemote;
  node.textContent = filtered.css;
}

/** The attributes through which an element other than a link points at something. */
const REFERENCE_ATTRIBUTES = Object.freeze(['href', 'xlink:href']);

function sanitizeAttributes(node: Element): void {
  const run = current;
  // Many elements of a template (tr, tbody, a bare p) have no attribute left to look at.
  if (!run || !(node instanceof Element) || !node.hasAttributes()) return;
  const tag = node.localName.toLowerCase();
  const svg = node.namespaceURI === SVG_NAMESPACE;
  const html = node.namespaceURI === HTML_NAMESPACE;

  const style = node.getAttribute('style');
  if (style !== null) {
    const filtered = filteredStyle(style, run);
    run.blockedRemote += filtered.blockedRemote;
    // Written back only when the filter changed it: most values of a template pass as they are.
    if (filtered.css !== style) node.setAttribute('style', filtered.css);
  }

  if (html && (tag === 'a' || tag === 'area')) {
    sanitizeLink(node, run);
  } else {
    for (const name of REFERENCE_ATTRIBUTES) {
      const value = node.getAttribute(name);
      if (value === null) continue;
      // SVG <a> links are dropped (rare in mail, and they escape the target/rel handling below).
      const kind: ResourceKind | null =
        !svg || tag === 'a' ? null : tag === 'image' || tag === 'feimage' ? 'image' : 'reference';
      resourceAttribute(node, name, value, kind, run);
    }
  }
  const src = node.getAttribute('src');
  if (src !== null) {
    const kind: ResourceKind | null =
      tag === 'img' ? 'image' : tag === 'video' || tag === 'audio' ? 'media' : null;
    resourceAttribute(node, 'src', src, kind, run);
  }
  const background = node.getAttribute('background');
  if (background !== null) resourceAttribute(node, 'background', background, 'image', run);
  const poster = node.getAttribute('poster');
  if (poster !== null) resourceAttribute(node, 'poster', poster, tag === 'video' ? 'image' : null, run);

  if (svg) {
    // Presentation attributes are CSS values: fill="url(https://...)" must not load anything either, and
    // height="100vh" is a viewport length like any other (css-filter.ts).
    for (const attribute of [...node.attributes]) {
      // Only values that could hold a URL (a function, an escape) or a viewport unit need the CSS filter.
      if (!/[(\\]|v[a-z]/i.test(attribute.value)) continue;
      if (attribute.name === 'href' || attribute.name === 'xlink:href' || attribute.name === 'style')
        continue;
      const filtered = filterDeclarations(attribute.value, cssPolicy(run), attribute.name.toLowerCase());
      run.blockedRemote += filtered.blockedRemote;
      if (filtered.css !== attribute.value) node.setAttribute(attribute.name, filtered.css);
    }
  }
}

/**
 * A style attribute's value filtered by the CSS filter. Mail built from templates repeats a few values hundreds
 * of times (the 100 KB newsletter: 659 style attributes, 9 distinct), so each distinct value is filtered once
 * per sanitizeMailHtml call: the filter is a function of the value and the call's options alone (the policy's
 * one side effect, noting a cid: it rewrote, is the same every time), and the count of what it blocked is
 * added for every occurrence.
 */
function filteredStyle(value: string, run: Run): FilteredCss {
  let filtered = run.styles.get(value);
  if (filtered === undefined) {
    filtered = filterDeclarations(value, cssPolicy(run));
    run.styles.set(value, filtered);
  }
  return filtered;
}

/** Applies the resource policy to one attribute; kind null means the attribute never loads anything we allow. */
function resourceAttribute(
  node: Element,
  name: string,
  value: string,
  kind: ResourceKind | null,
  run: Run,
): void {
  const decision = decideResource(value, kind ?? 'media', run.options);
  if (kind === null || decision.action === 'block') {
    if (decision.action === 'block' && decision.remote) run.blockedRemote++;
    node.removeAttribute(name);
    return;
  }
  if (decision.action === 'rewrite') {
    if (value.trim().toLowerCase().startsWith('cid:')) run.cids.add(normalizeContentId(value));
    node.setAttribute(name, decision.url);
  }
}

function sanitizeLink(node: Element, run: Run): void {
  node.removeAttribute('xlink:href');
  const href = node.getAttribute('href');
  if (href === null) return;
  const decision = decideLink(href);
  if (decision.action === 'block') {
    node.removeAttribute('href');
    return;
  }
  node.setAttribute('href', decision.href);
  // A new top-level tab with no opener and no Referer: the mail cannot reach back into the app.
  node.setAttribute('target', '_blank');
  node.setAttribute('rel', 'noopener noreferrer');
  run.links.push({ href: decision.href });
}
