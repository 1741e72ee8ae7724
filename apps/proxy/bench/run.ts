// `pnpm --filter @webmail/proxy bench`: the relay against direct TCP on loopback, in one run, as JSON
// in <repo>/bench-results/proxy.json. Processes: this one is the client; the bench servers, the proxy and
// the idle clients each run in a child, so the proxy's RSS is its own.
import { execFileSync, fork, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProxyConfigInput } from '../src/index.ts';
import {
  downloadDirect,
  downloadRelay,
  rttDirect,
  rttRelay,
  uploadDirect,
  uploadRelay,
  type Latency,
  type Target,
} from './measure.ts';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '../../..');
const ORIGIN = 'https://bench.test';
const IDLE_SESSIONS = Number(process.env['BENCH_IDLE_SESSIONS'] ?? 10_000);
const TRANSFER_BYTES = 512 * 1024 * 1024;
const UPLOAD_BYTES = 256 * 1024 * 1024;
const RTT_ROUNDS = 5_000;
const RTT_WARMUP = 500;
const REPEATS = 3;
// Each idle session holds a socket in the client, two in the proxy and one in the server process.
const WANTED_FDS = 2 * IDLE_SESSIONS + 1_024;

function openFileLimit(): number {
  return Number(execFileSync('bash', ['-c', 'ulimit -n']).toString().trim());
}

// Node cannot raise its own RLIMIT_NOFILE, so re-run under a shell that does (root may raise the hard limit).
if (openFileLimit() < WANTED_FDS && process.env['BENCH_RELAUNCHED'] === undefined) {
  const result = spawnSync(
    'bash',
    [
      '-c',
      `ulimit -n ${WANTED_FDS} 2>/dev/null || ulimit -n hard; exec "$0" "$@"`,
      process.execPath,
      ...process.execArgv,
      ...process.argv.slice(1),
    ],
    { stdio: 'inherit', env: { ...process.env, BENCH_RELAUNCHED: '1' } },
  );
  process.exit(result.status ?? 1);
}

function child(script: string, env: Record<string, string>): ChildProcess {
  return fork(join(here, script), [], {
    execArgv: ['--expose-gc', '--import', 'tsx'],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

function nextMessage<T>(process: ChildProcess, type?: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: { type?: string }): void => {
      if (type !== undefined && message.type !== type) return;
      process.removeListener('message', onMessage);
      resolve(message as T);
    };
    process.on('message', onMessage);
    process.once('exit', (code) => reject(new Error(`child exited with ${code}`)));
  });
}

function proxyConfig(ports: Record<string, number>): ProxyConfigInput {
  return {
    listen: { host: '127.0.0.1', port: 0 },
    allowedOrigins: [ORIGIN],
    upstreams: Object.entries(ports).map(([name, port]) => ({
      name,
      host: '127.0.0.1',
      port,
      tls: 'none' as const,
    })),
    limits: {
      maxSessions: IDLE_SESSIONS + 100,
      maxSessionsPerIp: IDLE_SESSIONS + 100,
      newSessionsPerIpPerMinute: 1_000_000,
    },
  };
}

async function startProxyChild(ports: Record<string, number>): Promise<{ host: ChildProcess; url: string }> {
  const host = child('proxy-host.ts', { BENCH_PROXY_CONFIG: JSON.stringify(proxyConfig(ports)) });
  const { url } = await nextMessage<{ url: string }>(host, 'ready');
  return { host, url: url.replace('http:', 'ws:') };
}

async function rssOf(host: ChildProcess): Promise<{ rss: number; sessions: number }> {
  host.send({ type: 'rss' });
  return nextMessage(host, 'rss');
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function repeat(run: () => Promise<number>): Promise<number> {
  const results: number[] = [];
  for (let i = 0; i < REPEATS; i++) results.push(await run());
  return median(results);
}

const servers = child('upstream-server.ts', { BENCH_SINK_BYTES: String(UPLOAD_BYTES) });
const { ports } = await nextMessage<{ ports: Record<string, number> }>(servers);

// Idle sessions first, on a fresh proxy, so earlier transfers have not grown its heap.
const idleProxy = await startProxyChild(ports);
const warm = child('idle-clients.ts', {
  BENCH_IDLE_URL: `${idleProxy.url}/imap/idle`,
  BENCH_IDLE_SESSIONS: '200',
  BENCH_ORIGIN: ORIGIN,
});
await nextMessage(warm, 'held');
warm.send({ type: 'close' });
await new Promise((resolve) => warm.once('exit', resolve));
await new Promise((resolve) => setTimeout(resolve, 500));
const before = await rssOf(idleProxy.host);
const clients = child('idle-clients.ts', {
  BENCH_IDLE_URL: `${idleProxy.url}/imap/idle`,
  BENCH_IDLE_SESSIONS: String(IDLE_SESSIONS),
  BENCH_ORIGIN: ORIGIN,
});
const held = await nextMessage<{ held: number; failed: number; lastError: string; openMs: number }>(
  clients,
  'held',
);
await new Promise((resolve) => setTimeout(resolve, 1_000));
const after = await rssOf(idleProxy.host);
clients.send({ type: 'close' });
await new Promise((resolve) => clients.once('exit', resolve));
idleProxy.host.kill();

const { host: proxyHost, url } = await startProxyChild(ports);
const target = (name: string): Target => ({
  port: ports[name] ?? 0,
  url: `${url}/imap/${name}`,
  origin: ORIGIN,
});

const downloadDirectBps = await repeat(() => downloadDirect(target('source').port, TRANSFER_BYTES));
const downloadRelayBps = await repeat(() => downloadRelay(target('source'), TRANSFER_BYTES));
const download8kDirectBps = await repeat(() => downloadDirect(target('source8k').port, TRANSFER_BYTES));
const download8kRelayBps = await repeat(() => downloadRelay(target('source8k'), TRANSFER_BYTES));
const uploadDirectBps = await repeat(() => uploadDirect(target('sink').port, UPLOAD_BYTES));
const uploadRelayBps = await repeat(() => uploadRelay(target('sink'), UPLOAD_BYTES));
const rttDirectResult: Latency = await rttDirect(target('echo').port, RTT_ROUNDS, RTT_WARMUP);
const rttRelayResult: Latency = await rttRelay(target('echo'), RTT_ROUNDS, RTT_WARMUP);
proxyHost.kill();

// The same measurements through the naive relay, for calibration against the baseline.
const naive = child('naive-relay.ts', { BENCH_PORTS: JSON.stringify(ports) });
const naiveUrl = (await nextMessage<{ url: string }>(naive, 'ready')).url.replace('http:', 'ws:');
const naiveTarget = (name: string): Target => ({
  port: ports[name] ?? 0,
  url: `${naiveUrl}/imap/${name}`,
  origin: ORIGIN,
});
const naiveDownloadBps = await repeat(() => downloadRelay(naiveTarget('source'), TRANSFER_BYTES));
const naiveUploadBps = await repeat(() => uploadRelay(naiveTarget('sink'), UPLOAD_BYTES));
const naiveRtt: Latency = await rttRelay(naiveTarget('echo'), RTT_ROUNDS, RTT_WARMUP);
naive.kill();
servers.kill();

const MiB = 1024 * 1024;
const round = (value: number, digits = 3): number => Number(value.toFixed(digits));
const rssPerSessionBytes = held.held > 0 ? (after.rss - before.rss) / held.held : Number.NaN;
const results = {
  machine: {
    cpus: (await import('node:os')).cpus().length,
    node: process.version,
    openFileLimit: openFileLimit(),
  },
  download: {
    directMiBps: round(downloadDirectBps / MiB, 1),
    relayMiBps: round(downloadRelayBps / MiB, 1),
    ratio: round(downloadRelayBps / downloadDirectBps),
  },
  download8k: {
    directMiBps: round(download8kDirectBps / MiB, 1),
    relayMiBps: round(download8kRelayBps / MiB, 1),
    ratio: round(download8kRelayBps / download8kDirectBps),
  },
  upload: {
    directMiBps: round(uploadDirectBps / MiB, 1),
    relayMiBps: round(uploadRelayBps / MiB, 1),
    ratio: round(uploadRelayBps / uploadDirectBps),
  },
  rtt: {
    directP50Us: round(rttDirectResult.p50Us, 1),
    relayP50Us: round(rttRelayResult.p50Us, 1),
    p50Ratio: round(rttRelayResult.p50Us / rttDirectResult.p50Us),
    directP99Us: round(rttDirectResult.p99Us, 1),
    relayP99Us: round(rttRelayResult.p99Us, 1),
    p99Ratio: round(rttRelayResult.p99Us / rttDirectResult.p99Us),
  },
  naiveRelay: {
    downloadRatio: round(naiveDownloadBps / downloadDirectBps),
    uploadRatio: round(naiveUploadBps / uploadDirectBps),
    rttP50Ratio: round(naiveRtt.p50Us / rttDirectResult.p50Us),
    rttP99Ratio: round(naiveRtt.p99Us / rttDirectResult.p99Us),
  },
  idle: {
    requested: IDLE_SESSIONS,
    held: held.held,
    failed: held.failed,
    lastError: held.lastError,
    openSeconds: round(held.openMs / 1000, 1),
    proxySessionsSeen: after.sessions,
    proxyRssBeforeMiB: round(before.rss / MiB, 1),
    proxyRssAfterMiB: round(after.rss / MiB, 1),
    rssPerSessionKB: round(rssPerSessionBytes / 1024, 2),
    // Each session costs the proxy two descriptors, so one process holds at most (limit - its own) / 2.
    fdBound: Math.floor((openFileLimit() - 32) / 2),
  },
  targets: {
    downloadRatioAtLeast: 0.75,
    rttP50RatioAtMost: 1.35,
    rssPerSessionKBAtMost: 16,
    idleSessions: 10_000,
  },
};
const verdict = {
  download: results.download.ratio >= 0.75,
  rttP50: results.rtt.p50Ratio <= 1.35,
  rssPerSession: results.idle.rssPerSessionKB <= 16,
  idleSessions: results.idle.held >= 10_000,
};
const output = JSON.stringify({ ...results, pass: verdict }, null, 2);
mkdirSync(join(repo, 'bench-results'), { recursive: true });
writeFileSync(join(repo, 'bench-results/proxy.json'), output + '\n');
process.stdout.write(output + '\n');
process.exit(0);
