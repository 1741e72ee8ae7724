import type { Socket } from 'node:net';
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
      peak = Math.max(peak, process.memoryUsage().arrayBuffers - baseline);
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
    expect(peak).toBeLessThan(64 * MiB);
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
    upstream = await startTestUpstream((socket) => streamFrom(socket, 64 * MiB));
    harness = await startTestProxy([plainUpstream(upstream.port)], { timeouts: { heartbeatMs: 40 } });
    let received = 0;
    const browser = new TestBrowser(harness.wsUrl());
    browser.ws.removeAllListeners('message');
    browser.ws.on('message', (data: Buffer) => {
      received += data.length;
    });
    await browser.opened();
    let nextPause = 2 * MiB;
    while (received < 64 * MiB && browser.ws.readyState === browser.ws.OPEN) {
      if (received >= nextPause) {
        browser.ws.pause();
        await delay(30);
        browser.ws.resume();
        nextPause += 2 * MiB;
      }
      await delay(2);
    }
    expect((await browser.closed).code).toBe(4013);
    expect(received).toBe(64 * MiB);
  });
});
