import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { CloseCode } from '../src/index.ts';
import { relayWsUrl, TEST_ORIGIN, waitUntil } from './helpers/browser.ts';
import { listeningUrl, logLines, runMain, type MainProcess } from './helpers/main-process.ts';
import { startTestUpstream, TEST_GREETING, type TestUpstream } from './helpers/upstream-server.ts';

// Issue 15.6: one browser message of maxPayloadBytes split into many small frames made the proxy's memory
// peak at five times the message (ws keeps every frame until the last one, and then joined them into one
// more copy). Now the frames are forwarded as they are, without the copy, and a message may have at most
// 1,024 of them. Measured as an operator would: the proxy in its own process, its peak RSS from the kernel.

const MiB = 1024 * 1024;
const MAX_PAYLOAD = 2 * MiB;
/** The proxy may hold a message and the reads it arrived in, not much more. */
const PEAK_BOUND = 3 * MAX_PAYLOAD;

let upstream: TestUpstream | undefined;
let run: MainProcess | undefined;

afterEach(async () => {
  run?.child.kill('SIGKILL');
  await run?.exited;
  await upstream?.close();
  run = undefined;
  upstream = undefined;
});

/** The kernel's high-water mark of the process's resident memory. */
function peakRss(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]) * 1024;
}

async function start(): Promise<{ ws: WebSocket; received: () => Buffer; pid: number }> {
  const chunks: Buffer[] = [];
  upstream = await startTestUpstream((socket) => {
    socket.write(TEST_GREETING);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  });
  run = runMain({
    listen: { host: '127.0.0.1', port: 0 },
    allowedOrigins: [TEST_ORIGIN],
    upstreams: [{ name: 'test', host: '127.0.0.1', port: upstream.port, tls: 'none' }],
    limits: { maxPayloadBytes: MAX_PAYLOAD },
  });
  const url = await listeningUrl(run);
  const ws = new WebSocket(relayWsUrl(url, 'imap'), { origin: TEST_ORIGIN, perMessageDeflate: false });
  ws.on('error', () => {});
  await new Promise((resolve) => ws.once('message', resolve));
  return { ws, received: () => Buffer.concat(chunks), pid: run.child.pid ?? 0 };
}

/** Sends `message` as `frames` frames of one WebSocket message (RFC 6455 §5.4 fragmentation). */
function sendFragmented(ws: WebSocket, message: Buffer, frames: number): void {
  const size = Math.ceil(message.length / frames);
  for (let i = 0; i < frames; i++) {
    ws.send(message.subarray(i * size, (i + 1) * size), { binary: true, fin: i === frames - 1 });
  }
}

function messageOf(length: number, seed: number): Buffer {
  return Buffer.from(Array.from({ length }, (_, i) => (i * 31 + seed) & 0xff));
}

describe('a message of maxPayloadBytes', () => {
  it.each([1, 16, 1_024])(
    'in %i frames reaches the server whole, the peak bounded near its size',
    async (frames) => {
      const { ws, received, pid } = await start();
      // Warm-up: the same path once with a small message, so compiling it is not counted.
      sendFragmented(ws, messageOf(64 * 1024, 1), frames);
      await waitUntil(() => received().length === 64 * 1024);
      const before = peakRss(pid);
      const message = messageOf(MAX_PAYLOAD, 7);
      sendFragmented(ws, message, frames);
      await waitUntil(() => received().length === 64 * 1024 + MAX_PAYLOAD, 10_000);
      expect(
        received()
          .subarray(64 * 1024)
          .equals(message),
      ).toBe(true);
      expect(peakRss(pid) - before).toBeLessThan(PEAK_BOUND);
      ws.close();
    },
  );

  it('in more than 1,024 frames closes with 1008, forwards nothing of it, and stays bounded', async () => {
    const { ws, received, pid } = await start();
    sendFragmented(ws, messageOf(64 * 1024, 1), 1_024);
    await waitUntil(() => received().length === 64 * 1024);
    const before = peakRss(pid);
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    sendFragmented(ws, messageOf(MAX_PAYLOAD, 3), 16_384);
    expect(await closed).toBe(CloseCode.policyViolation);
    expect(received().length).toBe(64 * 1024);
    expect(peakRss(pid) - before).toBeLessThan(PEAK_BOUND);
    await waitUntil(() => logLines(run as MainProcess).some((line) => line['msg'] === 'session'));
    const session = logLines(run as MainProcess).find((line) => line['msg'] === 'session');
    expect(session).toMatchObject({
      code: CloseCode.policyViolation,
      error: 'WS_ERR_TOO_MANY_BUFFERED_PARTS',
    });
  });
});
