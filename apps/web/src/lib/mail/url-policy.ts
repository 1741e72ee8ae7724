// Which URLs mail HTML may keep. One place decides for attributes and CSS alike:
//   links      http:, https:, mailto: (absolute only; a relative link would resolve against the app's URL)
//   images     data:image/*, cid: (rewritten to the message's own part), remote http(s) only after consent
//              (then upgraded to https:), never the app's own origin, never a relative URL
//   references '#fragment' inside SVG (gradients, filters, <use>) and in the CSS properties that point at them
// Everything else is blocked. "remote" in a decision means consent could load it (the count the user sees).

import type { UrlDecision } from './css-filter.ts';

export interface ResourcePolicyOptions {
  /** Inline parts of this message: normalized Content-ID (see normalizeContentId) -> data: URL. */
  readonly inlineImages: ReadonlyMap<string, string>;
  /** The user allowed remote content for this message. */
  readonly allowRemote: boolean;
  /** The app's own origin: nothing in a mail may point at it. */
  readonly appOrigin: string;
}

/** Resolves scheme-less URLs against a host that cannot exist, to tell relative from protocol-relative. */
const RELATIVE_BASE = 'https://relative.invalid/';

/** CSS properties whose url(#id) points at an element of the same document (SVG paint servers, filters...). */
export const REFERENCE_PROPERTIES: ReadonlySet<string> = new Set([
  'fill',
  'stroke',
  'filter',
  'clip-path',
  'marker',
  'marker-start',
  'marker-mid',
  'marker-end',
]);

const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):/;

/** What browsers do before parsing a URL attribute (WHATWG URL: strip C0/space, drop tabs and newlines). */
export function cleanUrl(raw: string): string {
  let start = 0;
  let end = raw.length;
  while (start < end && raw.charCodeAt(start) <= 0x20) start++;
  while (end > start && raw.charCodeAt(end - 1) <= 0x20) end--;
  return raw.slice(start, end).replace(/[\t\n\r]/g, '');
}

/** Content-ID without angle brackets, percent-decoded (RFC 2392 cid: URLs are %-encoded), lower-cased. */
export function normalizeContentId(id: string): string {
  let value = id.trim();
  if (value.toLowerCase().startsWith('cid:')) {
    value = value.slice(4);
    try {
      value = decodeURIComponent(value);
    } catch {
      // Keep the raw value: a malformed escape just fails to match.
    }
  }
  return value.replace(/^<|>$/g, '').trim().toLowerCase();
}

interface RemoteUrl {
  readonly url: URL;
}

/** Absolute or protocol-relative http(s) URL (also `\\host` tricks the URL parser accepts), else null. */
function remoteUrl(url: string): RemoteUrl | null {
  let parsed: URL;
  try {
    parsed = new URL(url, RELATIVE_BASE);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  if (parsed.host === 'relative.invalid' && !SCHEME.test(url)) return null;
  return { url: parsed };
}

export type ResourceKind = 'image' | 'media' | 'reference';

/** Decides a resource URL: an image (img src, background, poster, SVG image), media, or a same-document reference. */
export function decideResource(raw: string, kind: ResourceKind, options: ResourcePolicyOptions): UrlDecision {
  const url = cleanUrl(raw);
  if (url === '') return { action: 'block', remote: false };
  if (url.startsWith('#'))
    return kind === 'reference' ? { action: 'keep' } : { action: 'block', remote: false };
  const scheme = SCHEME.exec(url)?.[1]?.toLowerCase();
  if (scheme === 'cid') {
    const data = kind === 'reference' ? undefined : options.inlineImages.get(normalizeContentId(url));
    return data === undefined ? { action: 'block', remote: false } : { action: 'rewrite', url: data };
  }
  if (scheme === 'data') {
    return kind === 'image' && /^data:image\/[a-z0-9.+-]+[;,]/i.test(url)
      ? { action: 'keep' }
      : { action: 'block', remote: false };
  }
  const remote = remoteUrl(url);
  if (remote === null) return { action: 'block', remote: false };
  if (remote.url.origin === options.appOrigin) return { action: 'block', remote: false };
  if (kind !== 'image' || !options.allowRemote) return { action: 'block', remote: true };
  const upgraded = new URL(remote.url.href);
  upgraded.protocol = 'https:';
  // The frame's CSP after consent allows https: images only; plain-http tracking would leak on the wire anyway.
  return upgraded.href === url ? { action: 'keep' } : { action: 'rewrite', url: upgraded.href };
}

export type LinkDecision = { readonly action: 'keep'; readonly href: string } | { readonly action: 'block' };

/** Decides a link target: absolute http(s) and mailto only. */
export function decideLink(raw: string): LinkDecision {
  const url = cleanUrl(raw);
  const scheme = SCHEME.exec(url)?.[1]?.toLowerCase();
  if (scheme === 'mailto')
    return url.length > 'mailto:'.length ? { action: 'keep', href: url } : { action: 'block' };
  const remote = remoteUrl(url);
  if (remote === null) return { action: 'block' };
  return { action: 'keep', href: SCHEME.test(url) ? url : remote.url.href.replace(/^http:/, 'https:') };
}
