// Serves the built app (dist/) through the real proxy in front of a test Dovecot: for the browser suite's
// global setup, the benchmark and the README's screenshots.
import { resolve } from 'node:path';
import { startProxy, type RunningProxy, type StartOptions, type UpstreamInput } from '@webmail/proxy';
import { findFreePort, proxyUpstream, type DovecotServer } from '@webmail/testbed';

export const WEB_ROOT = resolve(import.meta.dirname, '..');

export interface ServedApp {
  appUrl: string;
  proxy: RunningProxy;
}

/**
 * Starts the proxy on a free loopback port, serving dist/ and relaying to `dovecot` as the one upstream (its
 * Postfix too, when it has one; `upstream` replaces that entry).
 */
export async function serveApp(
  dovecot: DovecotServer,
  options: StartOptions = {},
  upstream: UpstreamInput = proxyUpstream(dovecot),
): Promise<ServedApp> {
  // The app's origin must be on the proxy's allow list before it listens, so the port is chosen first.
  const port = await findFreePort();
  const appUrl = `http://127.0.0.1:${port}/`;
  const proxy = await startProxy(
    {
      listen: { host: '127.0.0.1', port },
      allowedOrigins: [new URL(appUrl).origin],
      staticDir: resolve(WEB_ROOT, 'dist'),
      upstreams: [upstream],
    },
    options,
  );
  return { appUrl, proxy };
}
