// A worker process of `workers: N` (see cluster.ts): started by the supervisor, it waits for the config,
// serves sessions on the shared listening socket exactly as a single process does, and asks the
// supervisor for every session slot. Its log records go to the supervisor, which writes them.
import { isProxyError } from './errors.ts';
import type { ToSupervisor, ToWorker } from './cluster.ts';
import { BrokerClient } from './limits-broker.ts';
import { createLogger, writeJsonLine } from './log.ts';
import { settledRss } from './running-proxy.ts';
import { ProxyServer } from './server.ts';

function toSupervisor(message: ToSupervisor): void {
  if (!process.connected || process.send === undefined) throw new Error('supervisor gone');
  process.send(message);
}

const broker = new BrokerClient(toSupervisor);
// Records reach the supervisor in order; once it is gone, this worker writes its last ones itself.
const log = createLogger((record) => {
  if (process.connected) toSupervisor({ type: 'log', record });
  else writeJsonLine(record);
});
let server: ProxyServer | null = null;
let stopping = false;

async function start(message: Extract<ToWorker, { type: 'start' }>): Promise<void> {
  if (server !== null) return;
  server = new ProxyServer(message.config, log, broker);
  try {
    const port = await server.listen();
    server.startSweeping();
    toSupervisor({ type: 'listening', port });
  } catch (error) {
    const code = isProxyError(error) ? error.code : 'ERR_UNEXPECTED';
    toSupervisor({ type: 'failed', code, message: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  }
}

/** Drains (sessions get 1001), tells the supervisor, exits. From the supervisor, a signal, or orphaned. */
function stop(): void {
  if (stopping) return;
  stopping = true;
  void (server?.shutdown() ?? Promise.resolve()).then(() => {
    if (!process.connected || process.send === undefined) process.exit(0);
    // Exit once 'stopped' (and so every log record before it) is on its way.
    process.send({ type: 'stopped' } satisfies ToSupervisor, () => process.exit(0));
  });
}

process.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'start':
      void start(message);
      return;
    case 'admission':
      broker.onAnswer(message);
      return;
    case 'shutdown':
      stop();
      return;
    case 'memory':
      toSupervisor({ type: 'memory', id: message.id, rssBytes: settledRss() });
      return;
  }
});
// A supervisor (systemd, a container) may signal the whole process group.
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// Without the supervisor there are no limits to ask: drain and go.
process.on('disconnect', stop);
toSupervisor({ type: 'ready' });
