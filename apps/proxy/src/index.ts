// The proxy's public API. `main.ts` is the command line; tests, the demo and benchmarks call
// `startProxy()` with the same configuration shape as the JSON file.
import { resolveConfig, type ProxyConfig, type ProxyConfigInput } from './config.ts';
import { ProxyError, ProxyErrorCode } from './errors.ts';
import { createLogger, type LogSink } from './log.ts';
import { ProxyServer } from './server.ts';

export { CloseCode } from './close-codes.ts';
export {
  DEFAULT_LIMITS,
  DEFAULT_LISTEN,
  DEFAULT_TIMEOUTS,
  resolveConfig,
  type Limits,
  type ProxyConfig,
  type ProxyConfigInput,
  type Timeouts,
  type Upstream,
  type UpstreamInput,
  type UpstreamTls,
} from './config.ts';
export { ProxyError, ProxyErrorCode, isProxyError } from './errors.ts';
export { loadConfig, type LoadConfigOptions } from './load-config.ts';
export type { LogRecord, LogSink } from './log.ts';

export interface StartOptions {
  /** Where log records go. Default: one JSON line each on stdout. */
  log?: LogSink;
}

export interface RunningProxy {
  /** The port listened on (the real one when `listen.port` was 0). */
  readonly port: number;
  /** `http://host:port` of the listener; the WebSocket is `ws://host:port/imap/<name>`. */
  readonly url: string;
  /** Sessions open right now. */
  readonly sessions: number;
  /** Stops accepting, closes sessions with 1001, resolves when everything is closed. */
  close(): Promise<void>;
}

function isResolved(config: ProxyConfigInput | ProxyConfig): config is ProxyConfig {
  return config.allowedOrigins instanceof Set;
}

function hostForUrl(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

/** Validates the config (throws ProxyError with an ERR_CONFIG_* code), then listens. */
export async function startProxy(
  config: ProxyConfigInput | ProxyConfig,
  options: StartOptions = {},
): Promise<RunningProxy> {
  const resolved = isResolved(config) ? config : resolveConfig(config);
  const log = createLogger(options.log);
  const server = new ProxyServer(resolved, log);
  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error): void => {
      reject(
        new ProxyError(
          ProxyErrorCode.listen,
          `cannot listen on ${resolved.listen.host}:${resolved.listen.port}: ${error.message}`,
          { cause: error },
        ),
      );
    };
    server.http.once('error', onError);
    server.http.listen(resolved.listen.port, resolved.listen.host, () => {
      server.http.removeListener('error', onError);
      resolve();
    });
  });
  server.startSweeping();
  const address = server.http.address();
  const port = typeof address === 'object' && address !== null ? address.port : resolved.listen.port;
  const url = `http://${hostForUrl(resolved.listen.host)}:${port}`;
  log.info('listening', { url, upstreams: [...resolved.upstreams.keys()].join(',') });
  let closing: Promise<void> | null = null;
  return {
    port,
    url,
    get sessions() {
      return server.sessionCount;
    },
    close() {
      closing ??= server.shutdown().then(() => log.info('stopped'));
      return closing;
    },
  };
}
