import type { ProxyConfig } from './config.ts';
import type { ProxyError } from './errors.ts';

// What `startProxy()` hands back, the same whether sessions are served here or by workers.

export interface RunningProxy {
  /** The port listened on (the real one when `listen.port` was 0). */
  readonly port: number;
  /** `http://host:port` of the listener; the WebSocket is `ws://host:port/imap/<name>`. */
  readonly url: string;
  /** Sessions open right now. */
  readonly sessions: number;
  /** Resident memory summed over the proxy's processes (see `ProxyMemory`). */
  memory(): Promise<ProxyMemory>;
  /**
   * Resolves if the proxy stopped serving by itself: with workers, when they kept dying and the supervisor
   * gave up (ERR_WORKERS_FAILING; everything is closed by then). Never resolves otherwise.
   */
  readonly failed: Promise<ProxyError>;
  /** Stops accepting, closes sessions with 1001, resolves when everything is closed. */
  close(): Promise<void>;
}

export interface ProxyMemory {
  /** RSS of every process serving sessions (this one, or the workers and their supervisor), summed. */
  readonly rssBytes: number;
  readonly processes: number;
  /** Each process's RSS: this one first, then the workers. */
  readonly rssBytesByProcess: readonly number[];
}

/** This process's RSS, after two full collections when Node runs with `--expose-gc` (benchmarks). */
export function settledRss(): number {
  globalThis.gc?.();
  globalThis.gc?.();
  return process.memoryUsage().rss;
}

function hostForUrl(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

/** `http://host:port` of the listener, with a wildcard address shown as loopback. */
export function proxyUrl(config: ProxyConfig, port: number): string {
  return `http://${hostForUrl(config.listen.host)}:${port}`;
}
