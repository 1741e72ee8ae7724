import type { LogRecord, ProxyConfigInput, RunningProxy, UpstreamInput } from '../../src/index.ts';
import { startProxy } from '../../src/index.ts';
import type { RelayProtocol } from '@webmail/relay-contract';
import { relayWsUrl, TEST_ORIGIN } from './browser.ts';

// Starts a proxy on a free loopback port with test-sized timeouts and captures its log records.

export interface TestProxy {
  readonly proxy: RunningProxy;
  readonly logs: LogRecord[];
  /** `ws://127.0.0.1:<port>/<protocol>/<name>`; by default `/imap/test`. */
  wsUrl(name?: string, protocol?: RelayProtocol): string;
}

export async function startTestProxy(
  upstreams: UpstreamInput[],
  overrides: Partial<ProxyConfigInput> = {},
): Promise<TestProxy> {
  const logs: LogRecord[] = [];
  const config: ProxyConfigInput = {
    listen: { host: '127.0.0.1', port: 0 },
    allowedOrigins: [TEST_ORIGIN],
    upstreams,
    ...overrides,
    timeouts: { connectMs: 2_000, setupMs: 3_000, shutdownGraceMs: 500, ...overrides.timeouts },
  };
  const proxy = await startProxy(config, { log: (record) => logs.push(record) });
  return {
    proxy,
    logs,
    wsUrl: (name, protocol = 'imap') => relayWsUrl(proxy.url, protocol, name),
  };
}

export function plainUpstream(port: number, extra: Partial<UpstreamInput> = {}): UpstreamInput {
  return { name: 'test', label: 'Test mail', host: '127.0.0.1', port, tls: 'none', ...extra };
}
