import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestProxy, type TestProxy } from './helpers/proxy.ts';
import { upgradeRequest } from './helpers/raw-http.ts';

// Issue 15.3: a request head must arrive within `timeouts.headersMs`. Node only looks for late heads every
// `connectionsCheckingInterval` (30 s by default), so a client trickling a header line now and then held a
// connection up to 40 s against a 10 s setting. Here headersMs is 300 ms and each test's hang guard is 5 s:
// with Node's default check the connection would live 30 s.

let harness: TestProxy | undefined;
const sockets: Socket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await harness?.proxy.close();
  harness = undefined;
});

/** Connects, sends `head` without its final blank line, then one more header line every 100 ms. */
function trickle(port: number, head: string): { answer: Promise<string>; socket: Socket } {
  const socket = connect(port, '127.0.0.1');
  sockets.push(socket);
  socket.on('error', () => {});
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
  socket.write(head.replace(/\r\n\r\n$/, '\r\n'));
  let n = 0;
  const timer = setInterval(() => socket.write(`X-Slow-${n++}: 1\r\n`), 100);
  const answer = new Promise<string>((resolve) =>
    socket.on('close', () => {
      clearInterval(timer);
      resolve(received);
    }),
  );
  return { answer, socket };
}

describe('a request head that never ends', () => {
  it.each([
    ['a page request', 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'],
    ['a WebSocket upgrade', upgradeRequest('/imap/test')],
    ['an SMTP WebSocket upgrade', upgradeRequest('/smtp/test')],
  ])(
    'is cut after headersMs for %s, answered 408',
    async (_name, head) => {
      harness = await startTestProxy(
        [{ name: 'test', host: '127.0.0.1', port: 1, tls: 'none', smtp: { host: '127.0.0.1', tls: 'none' } }],
        { timeouts: { headersMs: 300 } },
      );
      const { answer } = trickle(harness.proxy.port, head);
      expect(await answer).toMatch(/^HTTP\/1\.1 408 /);
    },
    5_000,
  );

  it('leaves a prompt request alone', async () => {
    harness = await startTestProxy([{ name: 'test', host: '127.0.0.1', port: 1, tls: 'none' }], {
      timeouts: { headersMs: 300 },
    });
    const response = await fetch(`${harness.proxy.url}/healthz`);
    expect(response.status).toBe(200);
  });
});
