// Where the relay listens, as both sides spell it. The browser builds WebSocket URLs from its page's origin and
// an upstream name it got from the upstream list; the relay routes by the same prefixes. A name is never a host:
// the relay maps it to a server the operator configured, so the browser cannot pick a destination.

export const RELAY_PATHS = {
  /** WebSocket carrying IMAP bytes: `/imap/<upstream-name>`. */
  imap: '/imap/',
  /** WebSocket carrying SMTP submission bytes: `/smtp/<upstream-name>`. */
  smtp: '/smtp/',
  /** GET: the JSON list of upstreams (see upstream-list.ts). */
  upstreams: '/api/upstreams',
} as const;

/** The protocols the relay carries, each on its own WebSocket path. */
export type RelayProtocol = 'imap' | 'smtp';

/** Upstream names: what `/imap/<name>` and `/smtp/<name>` may hold, so a name never needs escaping. */
export const UPSTREAM_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export function isUpstreamName(value: unknown): value is string {
  return typeof value === 'string' && UPSTREAM_NAME_PATTERN.test(value);
}

const WEB_SCHEMES = new Map([
  ['http:', 'ws:'],
  ['https:', 'wss:'],
  ['ws:', 'ws:'],
  ['wss:', 'wss:'],
]);

/**
 * The WebSocket URL of `protocol` for `upstreamName`, from the page's origin (`https://mail.example.com` ->
 * `wss://mail.example.com/smtp/main`). A path after the origin is kept (trailing slashes dropped), so an app
 * served under a prefix can pass its base URL. Throws a TypeError for any scheme but http(s)/ws(s).
 */
export function relayWebSocketUrl(origin: string, protocol: RelayProtocol, upstreamName: string): string {
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:/.exec(origin)?.[0].toLowerCase() ?? '';
  const wsScheme = WEB_SCHEMES.get(scheme);
  if (wsScheme === undefined) throw new TypeError(`not an http(s) origin: ${JSON.stringify(origin)}`);
  const rest = origin.slice(scheme.length).replace(/\/+$/, '');
  return `${wsScheme}${rest}${RELAY_PATHS[protocol]}${encodeURIComponent(upstreamName)}`;
}

/** `wss://host/imap/<name>` from the page's origin (`https://host`). */
export function imapWebSocketUrl(origin: string, upstreamName: string): string {
  return relayWebSocketUrl(origin, 'imap', upstreamName);
}

/** `wss://host/smtp/<name>` from the page's origin (`https://host`). */
export function smtpWebSocketUrl(origin: string, upstreamName: string): string {
  return relayWebSocketUrl(origin, 'smtp', upstreamName);
}

export interface RelayTarget {
  readonly protocol: RelayProtocol;
  /** As written in the path; may name no configured upstream (the relay checks). */
  readonly upstreamName: string;
}

/**
 * What a request path (no query) asks the relay for: `/smtp/main` -> smtp of `main`. Null for any other
 * shape (another prefix, an empty name, a further `/`).
 */
export function relayTarget(path: string): RelayTarget | null {
  for (const protocol of ['imap', 'smtp'] as const) {
    const prefix = RELAY_PATHS[protocol];
    if (!path.startsWith(prefix)) continue;
    const upstreamName = path.slice(prefix.length);
    return upstreamName.length > 0 && !upstreamName.includes('/') ? { protocol, upstreamName } : null;
  }
  return null;
}
