// The bench's child processes: starting them, talking to them over IPC, and placing them on CPUs.
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProxyConfigInput } from '../src/index.ts';

const here = dirname(fileURLToPath(import.meta.url));
export const ORIGIN = 'https://bench.test';

/**
 * Where the bench processes may run, measured both ways in one run:
 * - pinned (the headline): the measuring client alone on CPU 0, servers and relays on CPU 1. A browser
 *   never shares a CPU with the relay, and the relay may well share one with the mail server, so the
 *   ratio says how much server-side CPU the relay costs per byte next to the server's own.
 * - shared: every process on both CPUs, as the scheduler likes. On 2 CPUs the relay path has three busy
 *   processes where the direct path has two, so this also measures how short of CPUs this machine is.
 */
export type Placement = 'pinned' | 'shared';
export const PLACEMENTS: Placement[] = (process.env['BENCH_PLACEMENTS']?.split(',') as
  Placement[] | undefined) ?? ['pinned', 'shared'];

export function place(placement: Placement, client: number[], servers: number[]): void {
  const set = (pids: number[], cpus: string): void => {
    for (const pid of pids)
      execFileSync('taskset', ['-a', '-p', '-c', cpus, String(pid)], { stdio: 'ignore' });
  };
  set(client, placement === 'pinned' ? '0' : '0-1');
  set(servers, placement === 'pinned' ? '1' : '0-1');
}

export function child(script: string, env: Record<string, string> = {}): ChildProcess {
  return fork(join(here, script), [], {
    execArgv: ['--expose-gc', '--import', 'tsx'],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

export function nextMessage<T>(from: ChildProcess, type?: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null): void => reject(new Error(`child exited with ${code}`));
    const onMessage = (message: { type?: string }): void => {
      if (type !== undefined && message.type !== type) return;
      from.removeListener('message', onMessage);
      from.removeListener('exit', onExit);
      resolve(message as T);
    };
    from.on('message', onMessage);
    from.once('exit', onExit);
  });
}

export function exited(from: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (from.exitCode !== null || from.signalCode !== null) resolve();
    else from.once('exit', () => resolve());
  });
}

export /** Our proxy in front of every bench server, with limits that let the idle bench open `maxSessions`. */
function proxyConfig(ports: Record<string, number>, workers: number, maxSessions: number): ProxyConfigInput {
  return {
    listen: { host: '127.0.0.1', port: 0 },
    allowedOrigins: [ORIGIN],
    upstreams: Object.entries(ports).map(([name, port]) => ({ name, host: '127.0.0.1', port, tls: 'none' })),
    limits: {
      maxSessions: maxSessions + 100,
      maxSessionsPerIp: maxSessions + 100,
      newSessionsPerIpPerMinute: 1_000_000,
    },
    workers,
  };
}

export interface ProxyChild {
  host: ChildProcess;
  url: string;
}

/** Waits for a relay child's 'ready' message; returns its WebSocket base URL. */
async function readyChild(host: ChildProcess): Promise<ProxyChild> {
  const { url } = await nextMessage<{ url: string }>(host, 'ready');
  return { host, url: url.replace('http:', 'ws:') };
}

export async function startProxyChild(
  ports: Record<string, number>,
  workers: number,
  maxSessions: number,
): Promise<ProxyChild> {
  const config = proxyConfig(ports, workers, maxSessions);
  return readyChild(child('proxy-host.ts', { BENCH_PROXY_CONFIG: JSON.stringify(config) }));
}

export async function startNaiveChild(ports: Record<string, number>): Promise<ProxyChild> {
  return readyChild(child('naive-relay.ts', { BENCH_PORTS: JSON.stringify(ports) }));
}

export async function stopChild(host: ChildProcess): Promise<void> {
  host.send({ type: 'close' });
  await exited(host);
}

export interface Rss {
  rss: number;
  processes: number;
  byProcess: number[];
  sessions: number;
}

export function rssOf(host: ChildProcess): Promise<Rss> {
  host.send({ type: 'rss' });
  return nextMessage(host, 'rss');
}
