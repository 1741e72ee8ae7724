import cluster, { type Worker } from 'node:cluster';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProxyConfig } from './config.ts';
import { ProxyError, ProxyErrorCode } from './errors.ts';
import type { Logger, LogRecord } from './log.ts';
import { LimitsBroker, type BrokerAnswer, type BrokerRequest } from './limits-broker.ts';
import { proxyUrl, settledRss, type ProxyMemory, type RunningProxy } from './running-proxy.ts';

// `workers: N` (N > 1): this process becomes the supervisor. It forks N workers (cluster-worker.ts) that
// share the listening socket (Node's cluster hands each new connection to the next worker in turn) and
// serve sessions exactly as a single process does. The supervisor serves nothing itself; it holds the
// session limits for all of them (limits-broker.ts), writes their log records, replaces a worker that
// dies, and on shutdown tells every worker to drain. Each process has its own file descriptor limit,
// which is what lets one proxy hold more than (limit / 2) sessions.

/** Supervisor to worker. */
export type ToWorker =
  | { readonly type: 'start'; readonly config: ProxyConfig }
  | BrokerAnswer
  | { readonly type: 'shutdown' }
  | { readonly type: 'memory'; readonly id: number };

/** Worker to supervisor. */
export type ToSupervisor =
  | { readonly type: 'ready' }
  | { readonly type: 'listening'; readonly port: number }
  | { readonly type: 'failed'; readonly code: string; readonly message: string }
  | BrokerRequest
  | { readonly type: 'log'; readonly record: LogRecord }
  | { readonly type: 'memory'; readonly id: number; readonly rssBytes: number }
  | { readonly type: 'stopped' };

/**
 * A worker that dies is replaced after RESTART_DELAY_MS, doubled for each other death in the last
 * DEATH_WINDOW_MS, at most MAX_RESTART_DELAY_MS, so a worker that keeps dying does not spin. At
 * MAX_DEATHS_IN_WINDOW deaths within the window the supervisor gives up: it stops and says why, and
 * `RunningProxy.failed` resolves (main.ts exits 1 so systemd's Restart=on-failure takes over).
 */
const RESTART_DELAY_MS = 1_000;
const MAX_RESTART_DELAY_MS = 30_000;
const DEATH_WINDOW_MS = 60_000;
const MAX_DEATHS_IN_WINDOW = 5;
/** Beyond the sessions' grace period, how long workers get to exit before they are killed. */
const EXIT_GRACE_MS = 5_000;
const MEMORY_TIMEOUT_MS = 5_000;

/**
 * V8's young generation per worker, in MiB per semi-space (V8's default grows to 16). A burst of
 * handshakes grows it, and it stays grown until the worker has been idle a while: with the default, 10,000
 * sessions opened in 3 s left 17.6 KB of RSS per session just after, about 12 KB with this, and no measurable
 * difference in relay CPU per byte or per round trip (see README, Performance). An operator's own
 * `--max-semi-space-size` (command line or NODE_OPTIONS) wins.
 */
const WORKER_SEMI_SPACE_MIB = 2;
const SEMI_SPACE_FLAG = '--max-semi-space-size';

function workerExecArgv(): string[] {
  const chosen = [...process.execArgv, process.env['NODE_OPTIONS'] ?? ''].some((arg) =>
    arg.includes(SEMI_SPACE_FLAG),
  );
  return chosen ? process.execArgv : [...process.execArgv, `${SEMI_SPACE_FLAG}=${WORKER_SEMI_SPACE_MIB}`];
}

function workerScript(): string {
  // `.ts` when run from source (tsx, tests), `.js` from dist.
  const self = fileURLToPath(import.meta.url);
  return fileURLToPath(new URL(`./cluster-worker${extname(self)}`, import.meta.url));
}

function send(worker: Worker, message: ToWorker): void {
  if (worker.isConnected()) worker.send(message);
}

function isProxyErrorCode(code: string): code is ProxyErrorCode {
  return (Object.values(ProxyErrorCode) as string[]).includes(code);
}

export async function startCluster(config: ProxyConfig, log: Logger): Promise<RunningProxy> {
  const broker = new LimitsBroker(config.limits);
  const workers = new Set<Worker>();
  const memoryAnswers = new Map<number, (rssBytes: number) => void>();
  let nextMemoryId = 0;
  let draining = false;
  /** What workers are started with: after start-up, with the port actually listened on. */
  let workerConfig = config;
  /** Set once every first worker listens; a death before that fails the start instead. */
  let started = false;
  const sweepTimer = setInterval(() => broker.sweep(), config.timeouts.heartbeatMs);
  sweepTimer.unref();
  /** When workers died, for the back-off and the give-up rule. */
  let deaths: number[] = [];
  const restartTimers = new Set<NodeJS.Timeout>();
  let giveUp: (error: ProxyError) => void = () => {};
  const failed = new Promise<ProxyError>((resolve) => (giveUp = resolve));
  // Structured clone keeps the config's Sets and Maps intact on the way to the workers.
  cluster.setupPrimary({ exec: workerScript(), execArgv: workerExecArgv(), serialization: 'advanced' });

  const onMessage = (worker: Worker, message: ToSupervisor): void => {
    switch (message.type) {
      case 'admit':
      case 'charge':
      case 'release': {
        const answer = broker.handle(worker.id, message);
        if (answer !== null) send(worker, answer);
        return;
      }
      case 'log':
        log.forward(message.record);
        return;
      case 'memory':
        memoryAnswers.get(message.id)?.(message.rssBytes);
        return;
      default:
        return;
    }
  };

  const fork = (): Promise<number> =>
    new Promise((resolve, reject) => {
      const worker = cluster.fork();
      workers.add(worker);
      worker.on('error', () => {});
      worker.on('message', (message: ToSupervisor) => {
        // Messages sent before the worker listens for them would be lost, so it asks for its config.
        if (message.type === 'ready') send(worker, { type: 'start', config: workerConfig });
        else if (message.type === 'listening') {
          log.info('worker started', { worker: worker.id, pid: worker.process.pid ?? null });
          resolve(message.port);
        } else if (message.type === 'failed') {
          const code = isProxyErrorCode(message.code) ? message.code : ProxyErrorCode.listen;
          reject(new ProxyError(code, message.message));
        } else onMessage(worker, message);
      });
      worker.once('exit', (code: number | null, signal: string | null) => {
        workers.delete(worker);
        broker.forgetWorker(worker.id);
        reject(new ProxyError(ProxyErrorCode.listen, `worker exited (${code ?? signal}) before listening`));
        if (started && !draining) onWorkerDeath(worker.id, code, signal);
      });
    });

  const allExited = async (deadline: number): Promise<void> => {
    while (workers.size > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  const close = async (): Promise<void> => {
    draining = true;
    clearInterval(sweepTimer);
    for (const timer of restartTimers) clearTimeout(timer);
    restartTimers.clear();
    for (const worker of workers) send(worker, { type: 'shutdown' });
    await allExited(Date.now() + config.timeouts.shutdownGraceMs + EXIT_GRACE_MS);
    for (const worker of workers) worker.process.kill('SIGKILL');
    await allExited(Date.now() + EXIT_GRACE_MS);
    log.info('stopped');
  };

  let closing: Promise<void> | null = null;
  const closeOnce = (): Promise<void> => (closing ??= close());

  /** Logs the death, then replaces the worker after a back-off, or gives up when workers keep dying. */
  const onWorkerDeath = (id: number, code: number | null, signal: string | null): void => {
    const now = Date.now();
    deaths = [...deaths.filter((at) => now - at < DEATH_WINDOW_MS), now];
    if (deaths.length >= MAX_DEATHS_IN_WINDOW) {
      const reason = `${deaths.length} worker deaths within ${DEATH_WINDOW_MS / 1000} s`;
      log.error('worker exited', { worker: id, code, signal, restartInMs: null });
      log.error('giving up', { reason, workersLeft: workers.size });
      void closeOnce().then(() =>
        giveUp(new ProxyError(ProxyErrorCode.workersFailing, `workers keep dying: ${reason}`)),
      );
      return;
    }
    const restartInMs = Math.min(RESTART_DELAY_MS * 2 ** (deaths.length - 1), MAX_RESTART_DELAY_MS);
    log.error('worker exited', { worker: id, code, signal, restartInMs });
    // Not unref()'d: while no worker is left, this timer is what keeps the supervisor, and so the service,
    // alive (it once exited 0 with nothing listening).
    const timer = setTimeout(() => {
      restartTimers.delete(timer);
      if (!draining) fork().catch(() => {});
    }, restartInMs);
    restartTimers.add(timer);
  };

  let port: number;
  try {
    const ports = await Promise.all(Array.from({ length: config.workers }, fork));
    port = ports[0] ?? config.listen.port;
  } catch (error) {
    draining = true;
    clearInterval(sweepTimer);
    for (const worker of workers) worker.process.kill('SIGKILL');
    throw error;
  }
  started = true;
  // A replacement listens where the first workers did, also when the config said port 0 (any free port):
  // once every worker has died the shared socket is closed, and port 0 would then pick another one.
  workerConfig = { ...config, listen: { ...config.listen, port } };
  const url = proxyUrl(config, port);
  log.info('listening', { url, upstreams: [...config.upstreams.keys()].join(','), workers: config.workers });

  const memory = async (): Promise<ProxyMemory> => {
    const answers = [...workers].map(
      (worker) =>
        new Promise<number>((resolve) => {
          const id = nextMemoryId++;
          const timer = setTimeout(() => resolve(0), MEMORY_TIMEOUT_MS);
          memoryAnswers.set(id, (rssBytes) => {
            clearTimeout(timer);
            memoryAnswers.delete(id);
            resolve(rssBytes);
          });
          send(worker, { type: 'memory', id });
        }),
    );
    const rssBytesByProcess = [settledRss(), ...(await Promise.all(answers))];
    return {
      rssBytes: rssBytesByProcess.reduce((sum, value) => sum + value, 0),
      processes: rssBytesByProcess.length,
      rssBytesByProcess,
    };
  };

  return {
    port,
    url,
    get sessions() {
      return broker.openSessions;
    },
    memory,
    failed,
    close: closeOnce,
  };
}
