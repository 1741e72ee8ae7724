import { statSync } from 'node:fs';
import { validateHeaderValue } from 'node:http';
import { isIP } from 'node:net';
import { join, resolve as resolvePath } from 'node:path';
import {
  expectObject,
  integerIn,
  invalid,
  optionalBoolean,
  optionalString,
  rejectUnknownKeys,
  stringList,
} from './config-fields.ts';
import { resolveUpstream, type Upstream, type UpstreamInput } from './config-upstream.ts';
import { ProxyError, ProxyErrorCode } from './errors.ts';
import { DEFAULT_CONTENT_SECURITY_POLICY, securityHeaders } from './security-headers.ts';

export {
  isLoopbackHost,
  type Endpoint,
  type SmtpEndpoint,
  type SmtpInput,
  type Upstream,
  type UpstreamInput,
  type UpstreamTls,
} from './config-upstream.ts';

// The proxy's configuration: one JSON shape for the config file and for `startProxy()`, validated in one
// place so a typo or an unsafe setting stops the process at start with an error naming the field.

export interface Limits {
  /** Sessions open at once, all clients together. */
  maxSessions: number;
  /** Sessions open at once from one client address (IPv6 counted per /64). */
  maxSessionsPerIp: number;
  /** New sessions one client address may open per minute (token bucket). */
  newSessionsPerIpPerMinute: number;
  /** Largest WebSocket message accepted from the browser; larger closes with 1009. */
  maxPayloadBytes: number;
  /** Largest HTTP request head (request line and headers); larger is answered 431. */
  maxHeaderBytes: number;
  /** Bytes queued toward a slow peer before the other side is paused (backpressure). */
  highWaterMarkBytes: number;
}

export interface Timeouts {
  /** A request head (an upgrade's too) must arrive whole within this; checked every second (Node's own check runs every 30 s). */
  headersMs: number;
  /** TCP connect to the upstream. */
  connectMs: number;
  /** From TCP connect to a session ready for the browser: TLS handshake, greeting, STARTTLS. */
  setupMs: number;
  /** A session with no byte in either direction for this long is closed (4040). Above 30 min for IDLE. */
  idleMs: number;
  /** Ping interval; a browser that has not answered the previous ping is dropped. */
  heartbeatMs: number;
  /** On shutdown, how long sessions get to close cleanly before they are cut. */
  shutdownGraceMs: number;
}

export interface ProxyConfigInput {
  listen?: { host?: string; port?: number };
  /** Exact browser origins allowed to open sessions, e.g. `https://mail.example.com`. Required. */
  allowedOrigins: string[];
  upstreams: UpstreamInput[];
  /** Directory of the built web app. Default: none (only the API and `/healthz` are served). */
  staticDir?: string | null;
  /** Reverse proxies (IPs or CIDRs) whose `X-Forwarded-For` is believed. Default: none. */
  trustedProxies?: string[];
  limits?: Partial<Limits>;
  timeouts?: Partial<Timeouts>;
  /** Replaces the default Content-Security-Policy of the web app. */
  contentSecurityPolicy?: string;
  /**
   * Unknown upstream names and limits are refused, from an allowed origin, with a completed handshake
   * and an immediate close code (4001/4029/4030), because browsers hide the HTTP status of a failed
   * handshake; `false` answers HTTP 404/429/503 instead. Default true. Foreign origins always get 403.
   */
  refusalsAsCloseCodes?: boolean;
  /**
   * Processes serving sessions. Default 1 (this process). Above 1, this process becomes a supervisor
   * that forks that many workers sharing the listening socket and enforces the limits for all of them
   * (see cluster.ts): each process has its own file descriptor limit, and each session needs two.
   */
  workers?: number;
}

export interface ProxyConfig {
  readonly listen: { readonly host: string; readonly port: number };
  readonly allowedOrigins: ReadonlySet<string>;
  readonly upstreams: ReadonlyMap<string, Upstream>;
  readonly staticDir: string | null;
  readonly trustedProxies: readonly string[];
  readonly limits: Readonly<Limits>;
  readonly timeouts: Readonly<Timeouts>;
  readonly contentSecurityPolicy: string;
  readonly refusalsAsCloseCodes: boolean;
  readonly workers: number;
}

export const DEFAULT_LISTEN = Object.freeze({ host: '127.0.0.1', port: 8080 });

/** More workers than this buys nothing on any machine this proxy is meant for, and hides typos. */
export const MAX_WORKERS = 64;

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  maxSessions: 10_000,
  maxSessionsPerIp: 20,
  newSessionsPerIpPerMinute: 60,
  maxPayloadBytes: 2 * 1024 * 1024,
  maxHeaderBytes: 8 * 1024,
  highWaterMarkBytes: 1024 * 1024,
});

export const DEFAULT_TIMEOUTS: Readonly<Timeouts> = Object.freeze({
  headersMs: 10_000,
  connectMs: 10_000,
  setupMs: 20_000,
  // RFC 2177 §3: servers may log out an IDLE client after 30 minutes, so clients re-IDLE within 29;
  // the relay must outlast that.
  idleMs: 35 * 60_000,
  heartbeatMs: 30_000,
  shutdownGraceMs: 5_000,
});

/** Normalises an origin the way browsers serialise the Origin header, refusing anything else. */
function parseOrigin(text: string, path: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid(path, `is not an origin: ${JSON.stringify(text)}`);
  }
  const bare = url.pathname === '/' && url.search === '' && url.hash === '' && url.username === '';
  if (!bare || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw invalid(path, `must be scheme://host[:port] only, got ${JSON.stringify(text)}`);
  }
  return url.origin;
}

/** An IP, or an IP with a prefix length its family allows (IPv4 /0-32, IPv6 /0-128). */
function checkTrustedProxy(entry: string, path: string): void {
  const [address = '', bits, extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined || (bits !== undefined && !/^\d{1,3}$/.test(bits))) {
    throw invalid(path, `is not an IP or CIDR: ${entry}`);
  }
  const maxBits = family === 4 ? 32 : 128;
  if (bits !== undefined && Number(bits) > maxBits) {
    throw invalid(path, `has a prefix length above ${maxBits}: ${entry}`);
  }
}

/**
 * Every header the proxy sets from the config is checked here, at start: a value Node refuses (a line
 * break, a control character) would otherwise throw ERR_INVALID_CHAR on the first request and stop the
 * process.
 */
function checkHeaderValues(contentSecurityPolicy: string): void {
  for (const [name, value] of securityHeaders(contentSecurityPolicy)) {
    try {
      validateHeaderValue(name, value);
    } catch {
      throw invalid(
        name === 'Content-Security-Policy' ? 'contentSecurityPolicy' : name,
        'must be one line of visible characters (no line breaks or control characters)',
      );
    }
  }
}

/** The built app: a directory with an index.html, or the proxy would answer every page 404. */
function checkStaticDir(dir: string): string {
  const kind = (path: string): 'file' | 'directory' | 'missing' | 'other' => {
    try {
      const info = statSync(path);
      if (info.isFile()) return 'file';
      return info.isDirectory() ? 'directory' : 'other';
    } catch {
      return 'missing';
    }
  };
  const found = kind(dir);
  if (found === 'missing') throw invalid('staticDir', `does not exist: ${dir}`);
  if (found !== 'directory') throw invalid('staticDir', `is not a directory: ${dir}`);
  if (kind(join(dir, 'index.html')) !== 'file') {
    throw invalid('staticDir', `has no index.html (is it the built app, apps/web/dist?): ${dir}`);
  }
  return dir;
}

function resolveNumbers<T extends object>(
  value: unknown,
  path: string,
  defaults: Readonly<T>,
  max: number,
): T {
  if (value === undefined) return { ...defaults };
  const input = expectObject(value, path);
  rejectUnknownKeys(input, Object.keys(defaults), path);
  const result: Record<string, number> = {};
  for (const [key, fallback] of Object.entries(defaults)) {
    result[key] = integerIn(input[key], `${path}.${key}`, 1, max, fallback as number);
  }
  return result as T;
}

const TOP_KEYS = [
  'listen',
  'allowedOrigins',
  'upstreams',
  'staticDir',
  'trustedProxies',
  'limits',
  'timeouts',
  'contentSecurityPolicy',
  'refusalsAsCloseCodes',
  'workers',
] as const;

/** Validates a config (from a file, the environment or code) and fills every default. */
export function resolveConfig(value: unknown, env: NodeJS.ProcessEnv = process.env): ProxyConfig {
  // Node reads this variable only for connections that do not say otherwise; ours always verify, but an
  // operator who set it believes verification is off, so say no rather than surprise them.
  if (env['NODE_TLS_REJECT_UNAUTHORIZED'] === '0') {
    throw new ProxyError(
      ProxyErrorCode.configTlsVerifyDisabled,
      'NODE_TLS_REJECT_UNAUTHORIZED=0 is set; the proxy always verifies upstream certificates and refuses to start',
    );
  }
  const input = expectObject(value, 'config');
  rejectUnknownKeys(input, TOP_KEYS, 'config');

  const listenInput = input['listen'] === undefined ? {} : expectObject(input['listen'], 'listen');
  rejectUnknownKeys(listenInput, ['host', 'port'], 'listen');
  const listen = {
    host: optionalString(listenInput['host'], 'listen.host') ?? DEFAULT_LISTEN.host,
    port: integerIn(listenInput['port'], 'listen.port', 0, 65_535, DEFAULT_LISTEN.port),
  };

  const origins = stringList(input['allowedOrigins'] ?? [], 'allowedOrigins');
  if (origins.length === 0) throw invalid('allowedOrigins', 'must list at least one origin');
  const allowedOrigins = new Set(origins.map((origin, i) => parseOrigin(origin, `allowedOrigins[${i}]`)));

  if (!Array.isArray(input['upstreams']) || input['upstreams'].length === 0) {
    throw invalid('upstreams', 'must list at least one upstream');
  }
  const upstreams = new Map<string, Upstream>();
  input['upstreams'].forEach((item: unknown, i: number) => {
    const upstream = resolveUpstream(item, `upstreams[${i}]`);
    if (upstreams.has(upstream.name)) throw invalid(`upstreams[${i}].name`, `repeats ${upstream.name}`);
    upstreams.set(upstream.name, upstream);
  });

  const staticDir = input['staticDir'] === null ? undefined : optionalString(input['staticDir'], 'staticDir');
  const trustedProxies =
    input['trustedProxies'] === undefined ? [] : stringList(input['trustedProxies'], 'trustedProxies');
  trustedProxies.forEach((entry, i) => checkTrustedProxy(entry, `trustedProxies[${i}]`));
  const contentSecurityPolicy =
    optionalString(input['contentSecurityPolicy'], 'contentSecurityPolicy') ??
    DEFAULT_CONTENT_SECURITY_POLICY;
  checkHeaderValues(contentSecurityPolicy);

  return {
    listen,
    allowedOrigins,
    upstreams,
    staticDir: staticDir === undefined ? null : checkStaticDir(resolvePath(staticDir)),
    trustedProxies,
    limits: resolveNumbers(input['limits'], 'limits', DEFAULT_LIMITS, 2 ** 31 - 1),
    timeouts: resolveNumbers(input['timeouts'], 'timeouts', DEFAULT_TIMEOUTS, 2 ** 31 - 1),
    contentSecurityPolicy,
    refusalsAsCloseCodes: optionalBoolean(input['refusalsAsCloseCodes'], 'refusalsAsCloseCodes') ?? true,
    workers: integerIn(input['workers'], 'workers', 1, MAX_WORKERS, 1),
  };
}

/** RFC 2177 §3: a client re-IDLEs within 29 minutes, so a shorter idle timeout cuts sessions in IDLE. */
const IDLE_MINIMUM_MS = 30 * 60_000;

/** Settings that are valid but probably not meant; logged at start. */
export function configWarnings(config: ProxyConfig): string[] {
  const warnings: string[] = [];
  if (config.timeouts.idleMs < IDLE_MINIMUM_MS) {
    warnings.push(
      `timeouts.idleMs is ${config.timeouts.idleMs} ms, under the 30 minutes a client in IMAP IDLE may stay ` +
        'silent (RFC 2177): such sessions will be closed with 4040',
    );
  }
  return warnings;
}
