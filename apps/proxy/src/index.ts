// The proxy's public API. `main.ts` is the command line; tests, the demo and benchmarks call
// `startProxy()` with the same configuration shape as the JSON file.
import { configWarnings, resolveConfig, type ProxyConfig, type ProxyConfigInput } from './config.ts';
import { createLogger, type LogSink } from './log.ts';
import { startCluster } from './cluster.ts';
import { proxyUrl, settledRss, type RunningProxy } from './running-proxy.ts';
import { ProxyServer } from './server.ts';

export { CloseCode } from '@webmail/relay-contract';
export {
  DEFAULT_LIMITS,
  DEFAULT_LISTEN,
  DEFAULT_TIMEOUTS,
  resolveConfig,
  type Endpoint,
  type Limits,
  type ProxyConfig,
  type ProxyConfigInput,
  type SmtpEndpoint,
  type SmtpInput,
  type Timeouts,
  type Upstream,
  type UpstreamInput,
  type UpstreamTls,
} from './config.ts';
export { ProxyError, ProxyErrorCode, isProxyError } from './errors.ts';
export { DEFAULT_CONTENT_SECURITY_POLICY, MAIL_FRAME_SCRIPT_HASH } from './security-headers.ts';
export { loadConfig, type LoadConfigOptions } from './load-config.ts';
export type { LogRecord, LogSink } from './log.ts';
export type { ProxyMemory, RunningProxy } from './running-proxy.ts';

export interface StartOptions {
  /** Where log records go. Default: one JSON line each on stdout. */
  log?: LogSink;
}

function isResolved(config: ProxyConfigInput | ProxyConfig): config is ProxyConfig {
  return config.allowedOrigins instanceof Set;
}

/** Validates the config (throws ProxyError with an ERR_CONFIG_* code), then listens. */
export async function startProxy(
  config: ProxyConfigInput | ProxyConfig,
  options: StartOptions = {},
): Promise<RunningProxy> {
  const resolved = isResolved(config) ? config : resolveConfig(config);
  const log = createLogger(options.log);
  for (const warning of configWarnings(resolved)) log.warn('config warning', { warning });
  if (resolved.workers > 1) return startCluster(resolved, log);
  const server = new ProxyServer(resolved, log);
  const port = await server.listen();
  server.startSweeping();
  const url = proxyUrl(resolved, port);
  log.info('listening', { url, upstreams: [...resolved.upstreams.keys()].join(',') });
  let closing: Promise<void> | null = null;
  return {
    port,
    url,
    get sessions() {
      return server.sessionCount;
    },
    // One process serves by itself: it has no supervisor to give up.
    failed: new Promise<never>(() => {}),
    memory() {
      const rss = settledRss();
      return Promise.resolve({ rssBytes: rss, processes: 1, rssBytesByProcess: [rss] });
    },
    close() {
      closing ??= server.shutdown().then(() => log.info('stopped'));
      return closing;
    },
  };
}
