import type { Socket } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { delay, TestBrowser } from './helpers/browser.ts';
import { plainUpstream, startTestProxy, type TestProxy } from './helpers/proxy.ts';
import { startTestUpstream, TEST_GREETING, type TestUpstream } from './helpers/upstream-server.ts';

// Backpressure both ways: a slow reader on either side must stall the writer on the other side instead
// of letting the proxy buffer without bound. MiB-scale numbers: loopback kernel buffers hold a few MiB
// per socket, the proxy's high-water mark is 1 MiB, so anything far past that would be proxy buffering.

const MiB = 1024 * 1024;
/** Bytes streamed through a slow browser; see the README's note on why not 1 GiB. */
const STREAM_BYTES = Number(process.env['PROXY_TEST_STREAM_BYTES'] ?? 1024 * MiB);
/** What kernel socket buffers and the proxy may hold between a stalled reader and the writer. */
const IN_FLIGHT_BOUND = 32 * MiB;
/** What the proxy and the client may hold in buffers while a slow browser reads. */
const HELD_BOUND = 64 * MiB;

// Buffers already let go of stay counted in `arrayBuffers` until the collector runs, which under load can
// be tens of MiB later; a sample above the bound is taken again after a full collection, so only what
// is still held counts.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

function heldArrayBuffers(baseline: number): number {
  const held = process.memoryUsage().arrayBuffers - baseline;
  if (held < HELD_BOUND) return held;
  collectGarbage();
  return process.memoryUsage().arrayBuffers - baseline;
}

let upstream: TestUpstream | undefined;
let harness: TestProxy | undefined;

afterEach(async () => {
  await harness?.proxy.close();
  await upstream?.close();
  harness = undefined;
  upstream = undefined;
});

function streamFrom(socket: Socket, total: number): void {
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  let sent = 0;
  const pump = (): void => {
    while (sent < total) {
      sent += chunk.length;
      if (!socket.write(chunk)) return;
    }
    socket.end();
  };
  socket.on('drain', pump);
  pump();
}

describe('backpressure', () => {
  it(`keeps memory bounded while a slow browser reads ${STREAM_BYTES / MiB} MiB`, async () => {
    let server: Socket | undefined;
    upstream = await startTestUpstream((socket) => {
      server = socket;
      streamFrom(socket, STREAM_BYTES);
    });
    harness = await startTestProxy([plainUpstream(upstream.port)]);
    const baseline = process.memoryUsage().arrayBuffers;
    let peak = 0;
    const sampler = setInterval(() => {
      peak = Math.max(peak, heldArrayBuffers(baseline));
    }, 5);

    let received = 0;
    const browser = new TestBrowser(harness.wsUrl());
    browser.ws.removeAllListeners('message');
    browser.ws.on('message', (data: Buffer) => {
      received += data.length;
    });
    await browser.opened();
    // Stop reading entirely: the server must stall once the buffers in between are full.
    browser.ws.pause();
    await delay(400);
    const stalledAt = server?.bytesWritten ?? 0;
    await delay(200);
    expect(server?.bytesWritten).toBe(stalledAt);
    expect(stalledAt - received).toBeLessThan(IN_FLIGHT_BOUND);

    // Then read slowly: short pauses every 64 MiB.
    browser.ws.resume();
    let nextPause = 64 * MiB;
    while (received < STREAM_BYTES) {
      if (received >= nextPause) {
        browser.ws.pause();
        await delay(20);
        browser.ws.resume();
        nextPause += 64 * MiB;
      }
      await delay(5);
    }
    clearInterval(sampler);
    expect(received).toBe(STREAM_BYTES);
    expect(peak).toBeLessThan(HELD_BOUND);
    await browser.closed;
  });

  it('stops reading the browser while the server does not read, without dropping it as dead', async () => {
    let server: Socket | undefined;
    let serverReceived = 0;
    upstream = await startTestUpstream((socket) => {
      server = socket;
      socket.write(TEST_GREETING);
      socket.on('data', (chunk: Buffer) => {
        serverReceived += chunk.length;
      });
      socket.pause();
    });
    // Heartbeats every 50 ms: pongs cannot be read while browser input is paused, which must not count
    // as a dead browser.
    harness = await startTestProxy([plainUpstream(upstream.port)], { timeouts: { heartbeatMs: 50 } });
    const browser = new TestBrowser(harness.wsUrl());
    await browser.waitFor(TEST_GREETING);
    const message = Buffer.alloc(MiB, 0x62);
    const total = 96 * MiB;
    for (let sent = 0; sent < total; sent += MiB) browser.ws.send(message);
    await delay(500);
    // What the proxy took off the browser socket is bounded: the rest still waits in the browser.
    expect(total - browser.ws.bufferedAmount).toBeLessThan(IN_FLIGHT_BOUND);
    expect(browser.ws.readyState).toBe(browser.ws.OPEN);
    server?.resume();
    while (serverReceived < total) await delay(10);
    expect(serverReceived).toBe(total);
    browser.ws.close();
  });

  it('does not drop a slow but reading browser whose pongs wait behind a backlog', async () => {
    const total = 16 * MiB;
    const step = 256 * 1024;
    upstream = await startTestUpstream((socket) => streamFrom(socket, total));
    // Kernel buffers and the proxy's queue hold several MiB. Reading 256 KiB per 20 ms pause, the
    // browser needs about half a second to reach a pong queued behind them: longer than a heartbeat,
    // which is in turn far longer than any one pause.
    harness = await startTestProxy([plainUpstream(upstream.port)], { timeouts: { heartbeatMs: 250 } });
    let received = 0;
    let nextPause = step;
    const browser = new TestBrowser(harness.wsUrl());
    browser.ws.removeAllListeners('message');
    browser.ws.on('message', (data: Buffer) => {
      received += data.length;
      if (received < nextPause) return;
      nextPause += step;
      browser.ws.pause();
      setTimeout(() => browser.ws.resume(), 20);
    });
    expect((await browser.closed).code).toBe(4013);
    expect(received).toBe(total);
  });
});
