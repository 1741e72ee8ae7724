import { spawn, type ChildProcess } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RELAY_PATHS, type RelayProtocol } from '@webmail/relay-contract';
import { CloseCode, type UpstreamInput } from '../src/index.ts';
import { delay, httpRefusal, TestBrowser, waitUntil } from './helpers/browser.ts';
import { plainUpstream, startTestProxy, type TestProxy } from './helpers/proxy.ts';
import { rawRequest, upgradeRequest } from './helpers/raw-http.ts';
import {
  greetAndEcho,
  startTestUpstream,
  TEST_GREETING,
  TEST_SMTP_GREETING,
  type TestUpstream,
} from './helpers/upstream-server.ts';

// The threat checklist of issue 4, for both WebSocket paths: /imap/ and /smtp/ are admitted by the same
// checks. Each refusal also proves, by the upstream's accept count, that the refused browser cost no
// connection to the mail server.

let upstream: TestUpstream | undefined;
let harness: TestProxy | undefined;
const cleanups: (() => unknown)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
  await harness?.proxy.close();
  await upstream?.close();
  harness = undefined;
  upstream = undefined;
});

/** Both protocols of one upstream reach `port`, plainly (the relay does not read what it carries). */
function bothProtocols(port: number, extra: Partial<UpstreamInput> = {}): UpstreamInput {
  return plainUpstream(port, { smtp: { host: '127.0.0.1', port, tls: 'none' }, ...extra });
}

/** A loopback listener that never accepts: a child blocks its event loop, and we fill its backlog. */
async function blackholePort(): Promise<{ port: number; stop: () => void }> {
  const source = `
    const net = require('node:net');
    const server = net.createServer();
    server.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
      process.send(server.address().port, () => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0));
    });`;
  const child: ChildProcess = spawn(process.execPath, ['-e', source], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve) =>
    child.once('message', (message) => resolve(Number(message))),
  );
  const fillers: Socket[] = [];
  // Connect until one hangs: from then on the accept queue is full and SYNs are dropped.
  for (let i = 0; i < 8; i++) {
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => {});
    fillers.push(socket);
    const connected = await Promise.race([
      new Promise<boolean>((resolve) => socket.once('connect', () => resolve(true))),
      delay(300).then(() => false),
    ]);
    if (!connected) break;
  }
  return {
    port,
    stop: () => {
      for (const socket of fillers) socket.destroy();
      child.kill('SIGKILL');
    },
  };
}

const PROTOCOLS = [
  ['imap', TEST_GREETING],
  ['smtp', TEST_SMTP_GREETING],
] as const satisfies readonly (readonly [RelayProtocol, string])[];

describe.each(PROTOCOLS)('/%s/', (protocol, greeting) => {
  const wsUrl = (proxy: TestProxy, name?: string): string => proxy.wsUrl(name, protocol);
  const path = (name: string): string => `${RELAY_PATHS[protocol]}${name}`;

  async function setUp(
    overrides: Parameters<typeof startTestProxy>[1] = {},
  ): Promise<{ upstream: TestUpstream; harness: TestProxy }> {
    upstream = await startTestUpstream(greetAndEcho(greeting));
    harness = await startTestProxy([bothProtocols(upstream.port)], overrides);
    return { upstream, harness };
  }

  describe('origin and path checks, before the handshake', () => {
    it.each([
      ['a foreign origin', 'https://evil.example'],
      ['a missing origin', null],
      ['the null origin', 'null'],
      ['a look-alike origin', 'https://mail.test.evil.example'],
    ])('answers 403 to %s and opens no upstream connection', async (_name, origin) => {
      const { upstream, harness } = await setUp();
      expect(await httpRefusal(wsUrl(harness), { origin })).toBe(403);
      expect(upstream.accepted).toBe(0);
    });

    it('closes an unknown upstream name with 4001 and opens no upstream connection', async () => {
      const { upstream, harness } = await setUp();
      const browser = new TestBrowser(wsUrl(harness, 'nope'));
      expect(await browser.closed).toEqual({ code: CloseCode.unknownUpstream, reason: 'unknown upstream' });
      expect(upstream.accepted).toBe(0);
    });

    it('answers 404 to an unknown upstream when refusals are HTTP statuses', async () => {
      const { upstream, harness } = await setUp({ refusalsAsCloseCodes: false });
      expect(await httpRefusal(wsUrl(harness, 'nope'))).toBe(404);
      expect(await httpRefusal(wsUrl(harness, 'test/extra'))).toBe(404);
      expect(await httpRefusal(wsUrl(harness, ''))).toBe(404);
      expect(upstream.accepted).toBe(0);
    });

    it('answers 431 to an upgrade with huge headers, opens nothing, and keeps serving', async () => {
      const { upstream, harness } = await setUp();
      const huge = upgradeRequest(path('test'), { 'X-Padding': 'a'.repeat(64 * 1024) });
      const answer = await rawRequest(harness.proxy.port, huge);
      expect(answer).toMatch(/^HTTP\/1\.1 431 /);
      expect(upstream.accepted).toBe(0);
      const browser = new TestBrowser(wsUrl(harness));
      await browser.waitFor(greeting);
      browser.ws.close();
    });

    it.each([
      ['a bad WebSocket version', { 'Sec-WebSocket-Version': '12' }],
      ['a missing key', { 'Sec-WebSocket-Key': '' }],
    ])('answers 400 to %s, opens nothing, and gives the session slot back', async (_name, headers) => {
      const { upstream, harness } = await setUp({ limits: { maxSessionsPerIp: 1 } });
      const answer = await rawRequest(harness.proxy.port, upgradeRequest(path('test'), headers));
      expect(answer).toMatch(/^HTTP\/1\.1 400 /);
      expect(upstream.accepted).toBe(0);
      await delay(20);
      const browser = new TestBrowser(wsUrl(harness));
      await browser.waitFor(greeting);
      browser.ws.close();
    });
  });

  describe('limits', () => {
    it('closes sessions past the per-client limit with 4029 and opens no upstream connection for them', async () => {
      const { upstream, harness } = await setUp({ limits: { maxSessionsPerIp: 2 } });
      const first = new TestBrowser(wsUrl(harness));
      const second = new TestBrowser(wsUrl(harness));
      await first.waitFor(greeting);
      await second.waitFor(greeting);
      const third = new TestBrowser(wsUrl(harness));
      expect(await third.closed).toEqual({ code: CloseCode.clientLimitReached, reason: 'too many sessions' });
      expect(upstream.accepted).toBe(2);
      first.ws.close();
      await first.closed;
      await waitUntil(() => harness.proxy.sessions === 1);
      const fourth = new TestBrowser(wsUrl(harness));
      await fourth.waitFor(greeting);
      expect(upstream.accepted).toBe(3);
      second.ws.close();
      fourth.ws.close();
    });

    it('limits new sessions per minute from one client', async () => {
      const { upstream, harness } = await setUp({ limits: { newSessionsPerIpPerMinute: 2 } });
      for (let i = 0; i < 2; i++) {
        const browser = new TestBrowser(wsUrl(harness));
        await browser.waitFor(greeting);
        browser.ws.close();
        await browser.closed;
      }
      const third = new TestBrowser(wsUrl(harness));
      expect(await third.closed).toEqual({
        code: CloseCode.clientLimitReached,
        reason: 'too many new sessions',
      });
      expect(upstream.accepted).toBe(2);
    });

    it('closes sessions past the global cap with 4030', async () => {
      const { upstream, harness } = await setUp({ limits: { maxSessions: 1 } });
      const first = new TestBrowser(wsUrl(harness));
      await first.waitFor(greeting);
      const second = new TestBrowser(wsUrl(harness));
      expect(await second.closed).toEqual({ code: CloseCode.serverFull, reason: 'server full' });
      expect(upstream.accepted).toBe(1);
      first.ws.close();
    });

    it('answers 429 past the per-client limit when refusals are HTTP statuses', async () => {
      const { upstream, harness } = await setUp({
        limits: { maxSessionsPerIp: 1 },
        refusalsAsCloseCodes: false,
      });
      const first = new TestBrowser(wsUrl(harness));
      await first.waitFor(greeting);
      expect(await httpRefusal(wsUrl(harness))).toBe(429);
      expect(upstream.accepted).toBe(1);
      first.ws.close();
    });

    it('counts clients by X-Forwarded-For only behind a trusted proxy', async () => {
      const { upstream, harness } = await setUp({
        limits: { maxSessionsPerIp: 1 },
        trustedProxies: ['127.0.0.1'],
      });
      const alice = new TestBrowser(wsUrl(harness), { headers: { 'X-Forwarded-For': '203.0.113.1' } });
      const bob = new TestBrowser(wsUrl(harness), { headers: { 'X-Forwarded-For': '203.0.113.2' } });
      await alice.waitFor(greeting);
      await bob.waitFor(greeting);
      // A forged left-most entry does not make Alice someone else.
      const forged = new TestBrowser(wsUrl(harness), {
        headers: { 'X-Forwarded-For': '198.51.100.9, 203.0.113.1' },
      });
      expect((await forged.closed).code).toBe(CloseCode.clientLimitReached);
      expect(upstream.accepted).toBe(2);
      alice.ws.close();
      bob.ws.close();
    });

    it('ignores X-Forwarded-For from a peer that is not a trusted proxy', async () => {
      const { harness } = await setUp({ limits: { maxSessionsPerIp: 1 } });
      const alice = new TestBrowser(wsUrl(harness), { headers: { 'X-Forwarded-For': '203.0.113.1' } });
      await alice.waitFor(greeting);
      const bob = new TestBrowser(wsUrl(harness), { headers: { 'X-Forwarded-For': '203.0.113.2' } });
      expect((await bob.closed).code).toBe(CloseCode.clientLimitReached);
      alice.ws.close();
    });
  });

  describe('dead peers', () => {
    it('closes with 4011 when the upstream never answers the TCP handshake', async () => {
      const hole = await blackholePort();
      cleanups.push(hole.stop);
      harness = await startTestProxy([bothProtocols(hole.port)], { timeouts: { connectMs: 300 } });
      const browser = new TestBrowser(wsUrl(harness));
      expect(await browser.closed).toEqual({
        code: CloseCode.upstreamTimeout,
        reason: 'upstream connect timeout',
      });
      // Hang guard, not a timing check: the configured 300 ms applies, not the 10 s default.
    }, 5_000);

    it('closes with 4011 when a connected upstream never finishes setup', async () => {
      upstream = await startTestUpstream(() => {});
      const port = upstream.port;
      harness = await startTestProxy(
        [plainUpstream(port, { tls: 'starttls', smtp: { host: '127.0.0.1', port, tls: 'starttls' } })],
        { timeouts: { setupMs: 300 } },
      );
      const browser = new TestBrowser(wsUrl(harness));
      expect((await browser.closed).code).toBe(CloseCode.upstreamTimeout);
      expect(upstream.accepted).toBe(1);
    });

    it('drops a browser that vanished without FIN and closes its upstream', async () => {
      const upstreamClosed: Promise<void>[] = [];
      upstream = await startTestUpstream((socket) => {
        socket.write(greeting);
        upstreamClosed.push(new Promise((resolve) => socket.on('close', () => resolve())));
      });
      harness = await startTestProxy([bothProtocols(upstream.port)], { timeouts: { heartbeatMs: 100 } });
      // A raw socket that completes the handshake, then neither reads nor answers pings: a pulled cable.
      const socket = connect(harness.proxy.port, '127.0.0.1');
      socket.on('error', () => {});
      socket.write(upgradeRequest(path('test')));
      await waitUntil(() => upstream?.accepted === 1);
      socket.pause();
      await upstreamClosed[0];
      await waitUntil(() => harness?.proxy.sessions === 0);
      const line = harness.logs.find((record) => record.msg === 'session');
      expect(line?.['code']).toBe(CloseCode.heartbeatTimeout);
      expect(line?.['protocol']).toBe(protocol);
      socket.destroy();
    });

    it('closes an idle session with 4040', async () => {
      const { harness } = await setUp({ timeouts: { idleMs: 150, heartbeatMs: 50 } });
      const browser = new TestBrowser(wsUrl(harness));
      await browser.waitFor(greeting);
      expect(await browser.closed).toEqual({ code: CloseCode.idleTimeout, reason: 'idle timeout' });
    });

    it('keeps a session whose browser answers pings and whose bytes flow', async () => {
      const { harness } = await setUp({ timeouts: { heartbeatMs: 50 } });
      const browser = new TestBrowser(wsUrl(harness));
      await browser.waitFor(greeting);
      await delay(300);
      expect(browser.ws.readyState).toBe(browser.ws.OPEN);
      browser.ws.close();
    });
  });
});

describe("a frozen browser whose kernel keeps taking a chatty server's bytes", () => {
  it('is dropped once its ping goes unanswered past the deadline, whatever it takes in meanwhile', async () => {
    const timers: NodeJS.Timeout[] = [];
    cleanups.push(() => timers.forEach(clearInterval));
    upstream = await startTestUpstream((socket) => {
      socket.write(TEST_GREETING);
      // A server with something to say all the time (a busy mailbox's untagged updates).
      timers.push(setInterval(() => socket.write(`* ${'1'.repeat(500)} EXISTS\r\n`), 10));
    });
    harness = await startTestProxy([plainUpstream(upstream.port)], { timeouts: { heartbeatMs: 100 } });
    // Reads everything the proxy sends (its kernel takes the bytes) and never answers a ping.
    const socket = connect(harness.proxy.port, '127.0.0.1');
    cleanups.push(() => socket.destroy());
    socket.on('error', () => {});
    socket.on('data', () => {});
    socket.write(upgradeRequest('/imap/test'));
    await waitUntil(() => harness?.logs.some((record) => record.msg === 'session') === true);
    const line = harness.logs.find((record) => record.msg === 'session');
    expect(line).toMatchObject({ code: CloseCode.heartbeatTimeout, reason: 'no pong' });
    expect(Number(line?.['bytesDown'])).toBeGreaterThan(10 * 1024);
  });
});

describe('/smtp/ of an upstream without a submission server', () => {
  it('is refused like an unknown upstream, with 4001, and connects nowhere', async () => {
    upstream = await startTestUpstream(greetAndEcho());
    harness = await startTestProxy([plainUpstream(upstream.port)]);
    const browser = new TestBrowser(harness.wsUrl('test', 'smtp'));
    expect(await browser.closed).toEqual({ code: CloseCode.unknownUpstream, reason: 'unknown upstream' });
    expect(upstream.accepted).toBe(0);
  });

  it('is answered 404 when refusals are HTTP statuses', async () => {
    upstream = await startTestUpstream(greetAndEcho());
    harness = await startTestProxy([plainUpstream(upstream.port)], { refusalsAsCloseCodes: false });
    expect(await httpRefusal(harness.wsUrl('test', 'smtp'))).toBe(404);
    expect(upstream.accepted).toBe(0);
  });
});

describe('request lines', () => {
  it('answers a garbage request line with 400', async () => {
    upstream = await startTestUpstream(greetAndEcho());
    harness = await startTestProxy([plainUpstream(upstream.port)]);
    expect(await rawRequest(harness.proxy.port, 'HELLO\r\n\r\n')).toMatch(/^HTTP\/1\.1 400 /);
  });
});
