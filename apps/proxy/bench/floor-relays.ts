// Bench child: two calibration relays for round trips, TCP to TCP with no WebSocket at all, so the bench
// can say how much of a relay's cost is the relay's own design and how much any relay pays here:
// - node: `net` sockets piped by hand, the least a Node relay does (a 'data' event and a write per chunk);
// - c: floor-relay.c, an epoll loop in C, the least any user-space relay does (compiled with `cc` into a
//   temporary directory; skipped, with the reason, when there is no compiler).
// Each listens on one port per upstream; the client reaches them with its plain TCP transport.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface FloorRelays {
  type: 'ready';
  node: { pid: number; ports: Record<string, number> };
  c: { pid: number; ports: Record<string, number> } | { skipped: string };
}

const upstreams = JSON.parse(process.env['BENCH_PORTS'] ?? '{}') as Record<string, number>;
const names = (process.env['BENCH_FLOOR_UPSTREAMS'] ?? '')
  .split(',')
  .filter((n) => upstreams[n] !== undefined);

function nodeRelay(upstreamPort: number): Promise<number> {
  const server = createServer({ noDelay: true }, (browser) => {
    const upstream = connect({ port: upstreamPort, host: '127.0.0.1', noDelay: true });
    browser.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk) => browser.write(chunk));
    browser.on('error', () => upstream.destroy());
    upstream.on('error', () => browser.destroy());
    browser.on('close', () => upstream.destroy());
    upstream.on('close', () => browser.destroy());
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : 0);
    }),
  );
}

async function cRelay(): Promise<FloorRelays['c']> {
  const dir = mkdtempSync(join(tmpdir(), 'floor-relay-'));
  const binary = join(dir, 'floor-relay');
  try {
    const source = join(dirname(fileURLToPath(import.meta.url)), 'floor-relay.c');
    execFileSync('cc', ['-O2', '-o', binary, source], { stdio: 'pipe' });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    return { skipped: `cannot compile floor-relay.c: ${String(error).split('\n')[0]}` };
  }
  const relay = spawn(
    binary,
    names.map((name) => String(upstreams[name])),
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  process.on('exit', () => {
    relay.kill();
    rmSync(dir, { recursive: true, force: true });
  });
  const line = await new Promise<string>((resolve, reject) => {
    relay.stdout.once('data', (data: Buffer) => resolve(data.toString()));
    relay.once('exit', (code) => reject(new Error(`floor-relay exited with ${code}`)));
  });
  const listening = line.trim().split(' ').map(Number);
  return {
    pid: relay.pid ?? 0,
    ports: Object.fromEntries(names.map((name, i) => [name, listening[i] ?? 0])),
  };
}

const nodePorts: Record<string, number> = {};
for (const name of names) nodePorts[name] = await nodeRelay(upstreams[name] ?? 0);
const ready: FloorRelays = { type: 'ready', node: { pid: process.pid, ports: nodePorts }, c: await cRelay() };
process.send?.(ready);
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
