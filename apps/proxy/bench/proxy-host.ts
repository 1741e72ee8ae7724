// Bench child: runs the proxy alone in its process (and, with `workers`, its worker processes) so its
// memory can be measured apart from the clients.
import { startProxy, type ProxyConfigInput } from '../src/index.ts';

const config = JSON.parse(process.env['BENCH_PROXY_CONFIG'] ?? '{}') as ProxyConfigInput;
const proxy = await startProxy(config, { log: () => {} });

process.on('message', (message: { type: string }) => {
  if (message.type === 'rss') {
    // RSS summed over the proxy's processes, after full collections (the bench runs with --expose-gc),
    // so it reflects what sessions hold rather than garbage not yet collected.
    void proxy.memory().then((memory) => {
      process.send?.({
        type: 'rss',
        rss: memory.rssBytes,
        processes: memory.processes,
        byProcess: memory.rssBytesByProcess,
        sessions: proxy.sessions,
      });
    });
  }
  if (message.type === 'close') void proxy.close().then(() => process.exit(0));
});
process.send?.({ type: 'ready', url: proxy.url });
process.on('disconnect', () => void proxy.close().then(() => process.exit(0)));
