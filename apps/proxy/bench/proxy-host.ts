// Bench child: runs the proxy alone in its process so its RSS can be measured apart from the clients.
import { startProxy, type ProxyConfigInput } from '../src/index.ts';

const config = JSON.parse(process.env['BENCH_PROXY_CONFIG'] ?? '{}') as ProxyConfigInput;
const proxy = await startProxy(config, { log: () => {} });

function settledRss(): number {
  // Two collections let weak/finalizable garbage go too, so RSS reflects what sessions really hold.
  globalThis.gc?.();
  globalThis.gc?.();
  return process.memoryUsage().rss;
}

process.on('message', (message: { type: string }) => {
  if (message.type === 'rss') process.send?.({ type: 'rss', rss: settledRss(), sessions: proxy.sessions });
  if (message.type === 'close') void proxy.close().then(() => process.exit(0));
});
process.send?.({ type: 'ready', url: proxy.url });
process.on('disconnect', () => process.exit(0));
