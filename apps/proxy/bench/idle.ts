// Idle sessions: how many one proxy holds, and the RSS each costs, summed over the proxy's processes.
import type { ChildProcess } from 'node:child_process';
import {
  child,
  exited,
  nextMessage,
  ORIGIN,
  rssOf,
  startNaiveChild,
  startProxyChild,
  stopChild,
} from './children.ts';
import { MiB, round } from './stats.ts';

/** Client processes opening the sessions, each under its own descriptor limit. */
const IDLE_CLIENT_PROCESSES = 2;
/**
 * How long the proxy sits idle before its memory is read, before and after the sessions open: V8 gives
 * back the heap a burst of handshakes grew only after some idle seconds (its memory reducer), and idle
 * sessions are what is measured. The reading 2 s after the burst is reported too.
 */
export const IDLE_SETTLE_MS = Number(process.env['BENCH_IDLE_SETTLE_MS'] ?? 15_000);
const AFTER_BURST_MS = 2_000;

interface Held {
  held: number;
  failed: number;
  lastError: string;
  openMs: number;
}

export interface IdleResult {
  /** Proxy processes serving sessions, or the naive relay (one process). */
  workers: number | 'naive';
  requested: number;
  held: number;
  failed: number;
  lastError: string;
  openSeconds: number;
  proxySessionsSeen: number;
  proxyProcesses: number;
  proxyRssBeforeMiB: number;
  proxyRssAfterMiB: number;
  /** RSS growth per process, supervisor first, then the workers. */
  rssGrowthByProcessMiB: number[];
  /** After the sessions sat idle for IDLE_SETTLE_MS: the headline. */
  rssPerSessionKB: number;
  /** 2 s after the last session opened, before V8 gave back what the burst of handshakes grew. */
  rssPerSessionAfterBurstKB: number;
}

export async function idleSessions(
  ports: Record<string, number>,
  workers: number | 'naive',
  sessions: number,
): Promise<IdleResult> {
  const proxy =
    workers === 'naive' ? await startNaiveChild(ports) : await startProxyChild(ports, workers, sessions);
  const openClients = async (
    count: number,
    processes: number,
  ): Promise<{ clients: ChildProcess[]; held: Held[] }> => {
    const clients = Array.from({ length: processes }, (_, i) =>
      child('idle-clients.ts', {
        BENCH_IDLE_URL: `${proxy.url}/imap/idle`,
        BENCH_IDLE_SESSIONS: String(Math.floor(count / processes) + (i < count % processes ? 1 : 0)),
        BENCH_ORIGIN: ORIGIN,
      }),
    );
    const held = await Promise.all(clients.map((c) => nextMessage<Held>(c, 'held')));
    return { clients, held };
  };
  // Warm the proxy's code paths and pools first, so "before" is a proxy that has served sessions.
  const warm = await openClients(200, 1);
  for (const c of warm.clients) c.send({ type: 'close' });
  await Promise.all(warm.clients.map(exited));
  await new Promise((resolve) => setTimeout(resolve, IDLE_SETTLE_MS));
  const before = await rssOf(proxy.host);
  const { clients, held } = await openClients(sessions, IDLE_CLIENT_PROCESSES);
  await new Promise((resolve) => setTimeout(resolve, AFTER_BURST_MS));
  const afterBurst = await rssOf(proxy.host);
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, IDLE_SETTLE_MS - AFTER_BURST_MS)));
  const after = await rssOf(proxy.host);
  for (const c of clients) c.send({ type: 'close' });
  await Promise.all(clients.map(exited));
  await stopChild(proxy.host);
  const heldCount = held.reduce((sum, h) => sum + h.held, 0);
  return {
    workers,
    requested: sessions,
    held: heldCount,
    failed: held.reduce((sum, h) => sum + h.failed, 0),
    lastError: held.map((h) => h.lastError).find((e) => e !== '') ?? '',
    openSeconds: round(Math.max(...held.map((h) => h.openMs)) / 1000, 1),
    proxySessionsSeen: after.sessions,
    proxyProcesses: after.processes,
    proxyRssBeforeMiB: round(before.rss / MiB, 1),
    proxyRssAfterMiB: round(after.rss / MiB, 1),
    rssGrowthByProcessMiB: after.byProcess.map((rss, i) =>
      round((rss - (before.byProcess[i] ?? 0)) / MiB, 1),
    ),
    rssPerSessionKB: heldCount > 0 ? round((after.rss - before.rss) / heldCount / 1024, 2) : Number.NaN,
    rssPerSessionAfterBurstKB:
      heldCount > 0 ? round((afterBurst.rss - before.rss) / heldCount / 1024, 2) : Number.NaN,
  };
}
