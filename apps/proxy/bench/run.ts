// `pnpm --filter @webmail/proxy bench`: the relay against direct TCP on loopback, in one run, as JSON in
// <repo>/bench-results/proxy.json.
//
// What "a ratio of direct TCP" means here. The browser cannot speak TCP, so "direct" is the same client
// talking to the same server without the relay, and the ratio is what the relay costs that client.
// For it to be fair:
// - One client process (client.ts) runs every path with the same measurement loop (measure.ts); only
//   the transport differs. The headline WebSocket client ("lean") does the per-byte work a direct TCP
//   reader does (none beyond counting) and leaves framing at a browser's cost (see lean-ws.ts). The
//   `ws` library as a client is also measured: it frames and masks in JavaScript, so its own cost is
//   in its numbers.
// - Servers (upstream-server.ts), the proxy, the naive relay and the client each run in their own
//   process; the relay's process is idle while the direct path is measured.
// - Payloads are IMAP-shaped: a FETCH of message bodies written in 8 KiB blocks (Dovecot's
//   IO_BLOCK_SIZE), and a NOOP-sized command and answer for the round trip. The 64 KiB-write source (a
//   server faster than any real one) and uploads of 64 KiB frames are measured and reported too, and,
//   when the testbed's Dovecot can be started, a real FETCH and NOOP against it.
// - Every path is warmed up first. Then each round measures direct, our relay and the naive relay
//   back to back in a rotating order, and a ratio is only ever taken within one round, so load from
//   other processes on this machine hits both sides of a ratio alike. Results are medians over rounds,
//   with the spread (min-max) of the per-round ratios.
// - Client and server side are placed on CPUs two ways, measured in one run (children.ts, `place`).
// - The naive relay (naive-relay.ts) is measured in the same rounds, as calibration against the issue's
//   reference numbers; for round trips, so are two TCP-to-TCP relays without WebSocket (floor-relays.ts:
//   one in Node, one in C), the least a relay in Node and any relay at all can cost here.
// Idle sessions (idle.ts): the proxy with `workers` processes (default 2: one process cannot hold 10,000
// sessions under a 20,000 descriptor limit at 2 per session), clients spread over child processes, RSS
// summed over every proxy process before and after.
import { execFileSync, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  child,
  nextMessage,
  ORIGIN,
  place,
  PLACEMENTS,
  startNaiveChild,
  startProxyChild,
  stopChild,
} from './children.ts';
import type { Address, Job, JobResult } from './client.ts';
import type { FloorRelays } from './floor-relays.ts';
import { IDLE_SETTLE_MS, idleSessions, type IdleResult } from './idle.ts';
import { COMMAND, COMMAND_ANSWER, SINK_RECEIPT_BYTES } from './imap-shapes.ts';
import type { ClientKind, Latency } from './measure.ts';
import { MiB, round, spread, type Spread } from './stats.ts';

const repo = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const IDLE_SESSIONS = Number(process.env['BENCH_IDLE_SESSIONS'] ?? 10_000);
const IDLE_WORKERS = Number(process.env['BENCH_IDLE_WORKERS'] ?? 2);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);
const SCALE = Number(process.env['BENCH_SCALE'] ?? 1);
const DOWNLOAD_BYTES = 1024 * MiB * SCALE;
const UPLOAD_BYTES = Math.max(1, Math.round(16 * SCALE)) * SINK_RECEIPT_BYTES;
const UPLOAD_CHUNK = 64 * 1024;
const RTT_ROUNDS = Math.round(10_000 * SCALE);
const RTT_WARMUP = 1_000;
const DOVECOT_MESSAGES = 16;
const DOVECOT_MESSAGE_BYTES = MiB;
const DOVECOT_FETCHES = Math.max(1, Math.round(8 * SCALE));
const DOVECOT_RTT_ROUNDS = Math.round(4_000 * SCALE);
const ONLY = process.env['BENCH_ONLY']?.split(',');
// Each idle session holds a socket in a client, two in a proxy process and one in the server process.
const WANTED_FDS = 2 * IDLE_SESSIONS + 1_024;

/**
 * Whether `ws` (in every bench process) masks and unmasks with `bufferutil`'s native code: installed
 * with the proxy as an optional dependency, it falls back to JavaScript when its prebuilt binary cannot load.
 */
function hasNativeBufferutil(): boolean {
  if (process.env['WS_NO_BUFFER_UTIL'] !== undefined) return false;
  try {
    const fromWs = createRequire(import.meta.resolve('ws'));
    const entry = fromWs.resolve('bufferutil');
    return fromWs(entry) !== fromWs(join(dirname(entry), 'fallback.js'));
  } catch {
    return false;
  }
}

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

// ---------------------------------------------------------------------------------------------------
// Throughput and round trips.

type Kind = 'download' | 'upload' | 'rtt' | 'dovecot-fetch' | 'dovecot-rtt';
type PathName = 'direct' | 'relay' | 'naive';

interface Scenario {
  name: string;
  kind: Kind;
  /** Upstream name (bench server port) the scenario talks to. */
  upstream: string;
  clients: ClientKind[];
  note: string;
}

const SCENARIOS: Scenario[] = [
  {
    name: 'download-8k',
    kind: 'download',
    upstream: 'source8k',
    clients: ['lean', 'ws'],
    note: 'server streams 8 KiB writes (Dovecot IO_BLOCK_SIZE), as when it answers a FETCH of bodies',
  },
  {
    name: 'download-64k',
    kind: 'download',
    upstream: 'source64k',
    clients: ['lean', 'ws'],
    note: 'server streams 64 KiB writes at memory speed: faster than any real IMAP server (stress case)',
  },
  {
    name: 'upload',
    kind: 'upload',
    upstream: 'sink',
    clients: ['lean', 'ws'],
    note: '64 KiB frames / writes to a server that only reads (an APPEND of a large literal)',
  },
  {
    name: 'rtt',
    kind: 'rtt',
    upstream: 'command',
    clients: ['lean', 'ws'],
    note: `${COMMAND.length}-byte command, ${COMMAND_ANSWER.length}-byte answer (NOOP-sized), one at a time`,
  },
  {
    name: 'dovecot-fetch',
    kind: 'dovecot-fetch',
    upstream: 'dovecot',
    clients: ['lean'],
    note: `testbed Dovecot: FETCH 1:* BODY.PEEK[] of ${DOVECOT_MESSAGES} x 1 MiB messages, ${DOVECOT_FETCHES} times`,
  },
  {
    name: 'dovecot-rtt',
    kind: 'dovecot-rtt',
    upstream: 'dovecot',
    clients: ['lean'],
    note: 'testbed Dovecot: NOOP after LOGIN and EXAMINE, one at a time',
  },
];

function jobFor(
  scenario: Scenario,
  client: ClientKind,
  address: Address,
  login: string,
  warmup: boolean,
): Job {
  const scale = warmup ? 1 / 8 : 1;
  switch (scenario.kind) {
    case 'download':
      return { type: 'download', client, address, bytes: Math.round(DOWNLOAD_BYTES * scale) };
    case 'upload':
      return {
        type: 'upload',
        client,
        address,
        chunkBytes: UPLOAD_CHUNK,
        bytes: warmup ? SINK_RECEIPT_BYTES * 2 : UPLOAD_BYTES,
      };
    case 'rtt':
      return { type: 'rtt', client, address, rounds: Math.round(RTT_ROUNDS * scale), warmup: RTT_WARMUP };
    case 'dovecot-fetch':
      return { type: 'dovecot-fetch', client, address, login, fetches: warmup ? 1 : DOVECOT_FETCHES };
    case 'dovecot-rtt':
      return {
        type: 'dovecot-rtt',
        client,
        address,
        login,
        rounds: Math.round(DOVECOT_RTT_ROUNDS * scale),
        warmup: RTT_WARMUP,
      };
  }
}

async function runJob(client: ChildProcess, job: Job): Promise<number | Latency> {
  client.send(job);
  const result = await nextMessage<JobResult>(client);
  if (result.type === 'failed') throw new Error(`${job.type} over ${job.client}: ${result.error}`);
  return result.value;
}

type Floor = 'node' | 'c';
type CpuOf = 'server' | 'relay' | 'naive' | Floor;

/** CPU time a process has run, in µs (the kernel's scheduler accounting: /proc/<pid>/schedstat, in ns). */
function cpuMicros(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1_000;
  } catch {
    return Number.NaN;
  }
}

/** Runs `measure` and returns its result with the CPU `pid` spent per round trip meanwhile. */
async function withCpuPerRoundTrip<T>(
  pid: number | undefined,
  roundTrips: number,
  measure: () => Promise<T>,
): Promise<[T, number]> {
  const before = cpuMicros(pid);
  const value = await measure();
  return [value, (cpuMicros(pid) - before) / roundTrips];
}

interface Sample {
  round: number;
  direct: number | Latency;
  relay: Partial<Record<ClientKind, number | Latency>>;
  naive: Partial<Record<ClientKind, number | Latency>>;
  /** Round trips through the TCP-to-TCP calibration relays, with the direct client. */
  floor: Partial<Record<Floor, Latency>>;
  /**
   * Round trips only, lean client: CPU µs per round trip of the relay measured (and of the bench server
   * on the direct path: what a round trip costs the other end, for scale).
   */
  cpuUs: Partial<Record<CpuOf, number>>;
}

async function main(): Promise<void> {
  const servers = child('upstream-server.ts');
  const { ports } = await nextMessage<{ ports: Record<string, number> }>(servers);
  const fdLimit = openFileLimit();

  // Idle sessions first, on fresh proxies, so earlier transfers have not grown their heaps.
  const idle: IdleResult[] = [];
  if (ONLY === undefined || ONLY.includes('idle')) {
    idle.push(await idleSessions(ports, IDLE_WORKERS, IDLE_SESSIONS));
    // The same in one process, as many as its descriptors allow, for RSS per session without workers.
    const oneProcess = Math.min(IDLE_SESSIONS, Math.floor((fdLimit - 200) / 2));
    idle.push(await idleSessions(ports, 1, oneProcess));
    // And the naive relay, to calibrate this method against the issue's ~13.6 KB.
    idle.push(await idleSessions(ports, 'naive', oneProcess));
  }

  let dovecot: { stop(): Promise<void>; processes(): number[] } | null = null;
  let login = '';
  let dovecotSkipped: string | null = null;
  const wantDovecot = SCENARIOS.some(
    (s) => s.upstream === 'dovecot' && (ONLY === undefined || ONLY.includes(s.name)),
  );
  if (wantDovecot) {
    try {
      const { startDovecot, quoted } = await import('@webmail/testbed');
      const server = await startDovecot();
      const user = server.users[0];
      if (user === undefined) throw new Error('testbed has no user');
      const body = Buffer.alloc(DOVECOT_MESSAGE_BYTES, 'All work and no play makes Jack a dull boy.\r\n');
      for (let i = 0; i < DOVECOT_MESSAGES; i++) {
        const head = `From: bench@example.com\r\nTo: ${user.name}@example.com\r\nSubject: bench ${i}\r\n\r\n`;
        await server.deliver(user.name, 'INBOX', Buffer.concat([Buffer.from(head), body]));
      }
      ports['dovecot'] = server.imapPort;
      login = `${quoted(user.name)} ${quoted(user.password)}`;
      dovecot = server;
    } catch (error) {
      dovecotSkipped = String(error);
    }
  }
  const scenarios = SCENARIOS.filter(
    (s) => (ONLY === undefined || ONLY.includes(s.name)) && (s.upstream !== 'dovecot' || dovecot !== null),
  );

  const proxy = await startProxyChild(ports, 1, IDLE_SESSIONS);
  const { host: naive, url: naiveUrl } = await startNaiveChild(ports);
  const floorHost = child('floor-relays.ts', {
    BENCH_PORTS: JSON.stringify(ports),
    BENCH_FLOOR_UPSTREAMS: 'command,dovecot',
  });
  const started = await nextMessage<FloorRelays>(floorHost, 'ready');
  // The C relay is missing when it could not be compiled (the reason goes in the results).
  const floors: Partial<Record<Floor, { pid: number; ports: Record<string, number> }>> = {
    node: started.node,
    ...('ports' in started.c ? { c: started.c } : {}),
  };
  const client = child('client.ts');
  await nextMessage(client, 'ready');
  // Dovecot forks a process per session from its master, which passes its CPU set on.
  const serverSide = (): number[] =>
    [
      proxy.host.pid,
      naive.pid,
      servers.pid,
      floors.node?.pid,
      floors.c?.pid,
      ...(dovecot?.processes() ?? []),
    ].filter((pid): pid is number => pid !== undefined);

  const address = (path: PathName, upstream: string): Address => ({
    port: ports[upstream] ?? 0,
    url: `${path === 'naive' ? naiveUrl : proxy.url}/imap/${upstream}`,
    origin: ORIGIN,
  });

  const samples = new Map<string, Sample[]>();
  for (const placement of PLACEMENTS) {
    place(placement, client.pid === undefined ? [] : [client.pid], serverSide());
    for (let r = -1; r < ROUNDS; r++) {
      const warmup = r < 0;
      for (const scenario of scenarios) {
        const steps: (() => Promise<void>)[] = [];
        const sample: Sample = { round: r, direct: 0, relay: {}, naive: {}, floor: {}, cpuUs: {} };
        const latency = scenario.kind === 'rtt' || scenario.kind === 'dovecot-rtt';
        // Run `job`, noting the CPU `pid` spent per round trip when this is a round-trip scenario.
        const timed = async (job: Job, cpuOf: CpuOf | null, pid: number | undefined) => {
          if (!latency || cpuOf === null || !('rounds' in job)) return runJob(client, job);
          const [value, cpu] = await withCpuPerRoundTrip(pid, job.rounds + job.warmup, () =>
            runJob(client, job),
          );
          sample.cpuUs[cpuOf] = cpu;
          return value;
        };
        // The bench server is one process; Dovecot's CPU is spread over several.
        const serverPid = scenario.upstream === 'dovecot' ? undefined : servers.pid;
        steps.push(async () => {
          const job = jobFor(scenario, 'tcp', address('direct', scenario.upstream), login, warmup);
          sample.direct = await timed(job, serverPid === undefined ? null : 'server', serverPid);
        });
        for (const kind of scenario.clients) {
          for (const path of ['relay', 'naive'] as const) {
            steps.push(async () => {
              const job = jobFor(scenario, kind, address(path, scenario.upstream), login, warmup);
              const pid = path === 'relay' ? proxy.host.pid : naive.pid;
              sample[path][kind] = await timed(job, kind === 'lean' ? path : null, pid);
            });
          }
        }
        for (const floor of latency ? (['node', 'c'] as const) : []) {
          const relay = floors[floor];
          const port = relay?.ports[scenario.upstream];
          if (relay === undefined || port === undefined) continue;
          steps.push(async () => {
            const job = jobFor(scenario, 'tcp', { port, url: '', origin: ORIGIN }, login, warmup);
            sample.floor[floor] = (await timed(job, floor, relay.pid)) as Latency;
          });
        }
        // Rotate the order each round so no path always runs first (or right after the same neighbour).
        const offset = (r + 1) % steps.length;
        for (const step of [...steps.slice(offset), ...steps.slice(0, offset)]) await step();
        const key = `${placement} ${scenario.name}`;
        if (!warmup) samples.set(key, [...(samples.get(key) ?? []), sample]);
      }
    }
  }
  await stopChild(proxy.host);
  naive.kill();
  floorHost.kill();
  client.kill();
  servers.kill();
  await dovecot?.stop();

  const variants = PLACEMENTS.flatMap((placement) =>
    scenarios.flatMap((scenario) => {
      const rounds = samples.get(`${placement} ${scenario.name}`) ?? [];
      const latency = scenario.kind === 'rtt' || scenario.kind === 'dovecot-rtt';
      return scenario.clients.map((kind) => {
        const base = {
          name: `${scenario.name} ${kind} ${placement}`,
          scenario: scenario.name,
          client: kind,
          cpus: placement,
          note: scenario.note,
        };
        if (latency) {
          const p = (value: number | Latency | undefined, which: 'p50Us' | 'p99Us'): number =>
            typeof value === 'object' ? value[which] : Number.NaN;
          const of = (path: 'relay' | 'naive', which: 'p50Us' | 'p99Us'): number[] =>
            rounds.map((s) => p(s[path][kind], which));
          const directP50 = rounds.map((s) => p(s.direct, 'p50Us'));
          const directP99 = rounds.map((s) => p(s.direct, 'p99Us'));
          const ratio = (path: 'relay' | 'naive', which: 'p50Us' | 'p99Us', direct: number[]): Spread =>
            spread(of(path, which).map((value, i) => value / (direct[i] ?? Number.NaN)));
          const floorP50 = (floor: Floor): number[] => rounds.map((s) => p(s.floor[floor], 'p50Us'));
          const floorRatio = (floor: Floor): Spread =>
            spread(floorP50(floor).map((value, i) => value / (directP50[i] ?? Number.NaN)));
          return {
            ...base,
            unit: 'us',
            directP50Us: spread(directP50, 1),
            relayP50Us: spread(of('relay', 'p50Us'), 1),
            naiveP50Us: spread(of('naive', 'p50Us'), 1),
            directP99Us: spread(directP99, 1),
            relayP99Us: spread(of('relay', 'p99Us'), 1),
            naiveP99Us: spread(of('naive', 'p99Us'), 1),
            relayP50Ratio: ratio('relay', 'p50Us', directP50),
            naiveP50Ratio: ratio('naive', 'p50Us', directP50),
            relayP99Ratio: ratio('relay', 'p99Us', directP99),
            naiveP99Ratio: ratio('naive', 'p99Us', directP99),
            // The calibration relays, measured with the direct (TCP) client: no client framing in them.
            nodeTcpRelayP50Us: spread(floorP50('node'), 1),
            cTcpRelayP50Us: spread(floorP50('c'), 1),
            nodeTcpRelayP50Ratio: floorRatio('node'),
            cTcpRelayP50Ratio: floorRatio('c'),
            ...(kind === 'lean'
              ? {
                  cpuUsPerRoundTrip: Object.fromEntries(
                    (['server', 'relay', 'naive', 'node', 'c'] as const).map((of) => [
                      of === 'node' ? 'nodeTcpRelay' : of === 'c' ? 'cTcpRelay' : of,
                      spread(
                        rounds.map((s) => s.cpuUs[of] ?? Number.NaN),
                        2,
                      ),
                    ]),
                  ),
                }
              : {}),
          };
        }
        const rate = (value: number | Latency | undefined): number =>
          typeof value === 'number' ? value : Number.NaN;
        const direct = rounds.map((s) => rate(s.direct));
        const of = (path: 'relay' | 'naive'): number[] => rounds.map((s) => rate(s[path][kind]));
        const ratio = (path: 'relay' | 'naive'): Spread =>
          spread(of(path).map((value, i) => value / (direct[i] ?? Number.NaN)));
        return {
          ...base,
          unit: 'MiB/s',
          directMiBps: spread(
            direct.map((v) => v / MiB),
            1,
          ),
          relayMiBps: spread(
            of('relay').map((v) => v / MiB),
            1,
          ),
          naiveMiBps: spread(
            of('naive').map((v) => v / MiB),
            1,
          ),
          relayRatio: ratio('relay'),
          naiveRatio: ratio('naive'),
        };
      });
    }),
  );
  const variant = (name: string): Record<string, unknown> | undefined =>
    variants.find((v) => v.name === name);
  const ratioOf = (name: string, key: string): number =>
    (variant(name)?.[key] as Spread | undefined)?.median ?? Number.NaN;

  // The headline: the lean (browser-like) client, client and server side on their own CPUs, against the
  // IMAP-shaped bench server. Why: it is the combination where the client does the same work on both
  // sides of the ratio, the relay competes for CPU where it would in production (with the mail server,
  // not the browser), and the server writes the way Dovecot does. Every other variant is in `variants`.
  const placement = PLACEMENTS[0] ?? 'pinned';
  const headlineOf = (scenario: string, key: string): { variant: string; relay: number; naive: number } => {
    const name = `${scenario} lean ${placement}`;
    return {
      variant: name,
      relay: ratioOf(name, `relay${key}`),
      naive: ratioOf(name, `naive${key}`),
    };
  };
  const rttHeadline = `rtt lean ${placement}`;
  const headline = {
    cpus: placement,
    client: 'lean',
    downloadRatio: headlineOf('download-8k', 'Ratio'),
    uploadRatio: headlineOf('upload', 'Ratio'),
    rttP50Ratio: {
      ...headlineOf('rtt', 'P50Ratio'),
      nodeTcpRelay: ratioOf(rttHeadline, 'nodeTcpRelayP50Ratio'),
      cTcpRelay: ratioOf(rttHeadline, 'cTcpRelayP50Ratio'),
    },
    rttP99Ratio: headlineOf('rtt', 'P99Ratio'),
  };
  // The issue's numbers for a naive relay "measured here", next to this run's naive relay.
  const calibration = {
    issueNaive: { downloadRatio: 0.57, uploadRatio: 0.49, rttP50Ratio: 1.45, rssPerSessionKB: 13.6 },
    thisRunNaive: {
      downloadRatio: headline.downloadRatio.naive,
      uploadRatio: headline.uploadRatio.naive,
      rttP50Ratio: headline.rttP50Ratio.naive,
      rssPerSessionKB: idle.find((i) => i.workers === 'naive')?.rssPerSessionKB ?? Number.NaN,
    },
  };
  const idleMain = idle[0];
  const targets = {
    downloadRatioAtLeast: 0.75,
    rttP50RatioAtMost: 1.35,
    rssPerSessionKBAtMost: 16,
    idleSessions: 10_000,
  };
  const pass = {
    download: {
      measured: headline.downloadRatio.relay,
      target: `>= ${targets.downloadRatioAtLeast}`,
      pass: headline.downloadRatio.relay >= targets.downloadRatioAtLeast,
    },
    rttP50: {
      measured: headline.rttP50Ratio.relay,
      target: `<= ${targets.rttP50RatioAtMost}`,
      pass: headline.rttP50Ratio.relay <= targets.rttP50RatioAtMost,
    },
    rssPerSession: {
      measured: idleMain?.rssPerSessionKB ?? Number.NaN,
      target: `<= ${targets.rssPerSessionKBAtMost} KB`,
      pass: (idleMain?.rssPerSessionKB ?? Number.POSITIVE_INFINITY) <= targets.rssPerSessionKBAtMost,
    },
    idleSessions: {
      measured: idleMain?.held ?? 0,
      target: `>= ${targets.idleSessions} (workers: ${idleMain?.workers ?? IDLE_WORKERS})`,
      pass: (idleMain?.held ?? 0) >= targets.idleSessions,
    },
  };

  const results = {
    machine: {
      cpus: cpus().length,
      node: process.version,
      openFileLimit: fdLimit,
      bufferutil: hasNativeBufferutil(),
      loadAverageAtEnd: loadavg().map((l) => round(l, 2)),
    },
    method: {
      rounds: ROUNDS,
      warmupRounds: 1,
      downloadBytes: DOWNLOAD_BYTES,
      uploadBytes: UPLOAD_BYTES,
      rttRounds: RTT_ROUNDS,
      ratios:
        'taken within one round (direct, relay and naive back to back, order rotated); median and min-max over rounds',
      clients: {
        tcp: 'direct TCP to the bench server (the baseline)',
        lean: 'browser-like WebSocket client: framing at native cost, same reads as the TCP client (headline)',
        ws: 'the ws library as client: frames and masks in JavaScript, its own cost included',
      },
      cpus: {
        pinned: 'client alone on CPU 0; servers, Dovecot and relays on CPU 1 (headline)',
        shared: 'every process on both CPUs',
      },
      floors:
        'round trips only: TCP-to-TCP relays without WebSocket, reached by the direct client; nodeTcpRelay is net sockets piped in Node, cTcpRelay an epoll loop in C (floor-relay.c)',
      cpuUsPerRoundTrip:
        "round trips with the lean client: CPU time (/proc/<pid>/schedstat) of each relay's process per round trip, and of the bench server on the direct path (not for Dovecot: its CPU is spread over processes)",
      idle: `RSS summed over the proxy's processes after ${IDLE_SETTLE_MS / 1000} s idle, before and after opening the sessions; also 2 s after the burst`,
    },
    headline,
    calibration,
    variants,
    idle,
    dovecotSkipped,
    cTcpRelaySkipped: 'skipped' in started.c ? started.c.skipped : null,
    targets,
    pass,
  };
  const output = JSON.stringify(results, null, 2);
  mkdirSync(join(repo, 'bench-results'), { recursive: true });
  writeFileSync(join(repo, process.env['BENCH_OUT'] ?? 'bench-results/proxy.json'), output + '\n');
  process.stdout.write(output + '\n');
}

await main();
process.exit(0);
