import { readdirSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CloseCode } from '../src/index.ts';
import { relayWsUrl, TEST_ORIGIN, TestBrowser, waitUntil } from './helpers/browser.ts';
import { listeningUrl, logLines, runMain, type MainProcess } from './helpers/main-process.ts';
import { upgradeRequest } from './helpers/raw-http.ts';
import {
  greetAndEcho,
  startTestUpstream,
  TEST_GREETING,
  type TestUpstream,
} from './helpers/upstream-server.ts';

// Issue 15.6: upgrades naming unknown upstreams cost nothing before: they did not count toward the per-client
// rate limit, each held a descriptor until the browser answered the close (ws waits 5 s), and each wrote a log
// line (3,000 of them: 3,000 descriptors, 3,000 lines). Now they spend the client's new-session budget, every
// refusal lets go of its socket within a second whether or not the client closes its side, and the log gets
// a few lines per client and reason plus a count.

let upstream: TestUpstream | undefined;
let run: MainProcess | undefined;
const sockets: Socket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  run?.child.kill('SIGKILL');
  await run?.exited;
  run = undefined;
  await upstream?.close();
  upstream = undefined;
});

async function startMain(extra: Record<string, unknown>): Promise<string> {
  upstream = await startTestUpstream(greetAndEcho());
  run = runMain({
    listen: { host: '127.0.0.1', port: 0 },
    allowedOrigins: [TEST_ORIGIN],
    upstreams: [{ name: 'test', host: '127.0.0.1', port: upstream.port, tls: 'none' }],
    ...extra,
  });
  return listeningUrl(run);
}

function openDescriptors(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

/** A client that sends an upgrade and then neither reads on nor ever closes its side. */
function stubbornUpgrade(port: number, request: string): Promise<void> {
  // allowHalfOpen: the proxy's FIN does not make this side close.
  const socket = connect({ port, host: '127.0.0.1', allowHalfOpen: true });
  sockets.push(socket);
  socket.on('error', () => {});
  socket.write(request);
  return new Promise((resolve) => socket.once('data', () => resolve()));
}

describe.each([1, 2])('with workers: %i', (workers) => {
  it('spends the new-session budget on upgrades naming unknown upstreams', async () => {
    const url = await startMain({ workers, limits: { newSessionsPerIpPerMinute: 3 } });
    for (let i = 0; i < 3; i++) {
      const browser = new TestBrowser(relayWsUrl(url, i === 1 ? 'smtp' : 'imap', `nope${i}`));
      expect(await browser.closed).toEqual({ code: CloseCode.unknownUpstream, reason: 'unknown upstream' });
    }
    const browser = new TestBrowser(relayWsUrl(url, 'imap', 'test'));
    expect(await browser.closed).toEqual({
      code: CloseCode.clientLimitReached,
      reason: 'too many new sessions',
    });
    expect(upstream?.accepted).toBe(0);
  });
});

describe('a flood of refused upgrades', () => {
  it('holds no descriptor once answered and writes a bounded number of log lines', async () => {
    // A budget that does not refill during the test (one token per 12 s).
    const url = await startMain({ timeouts: { heartbeatMs: 200 }, limits: { newSessionsPerIpPerMinute: 5 } });
    const pid = run?.child.pid ?? 0;
    const port = Number(new URL(url).port);
    const idle = openDescriptors(pid);
    const requests = [
      ...Array.from({ length: 300 }, (_, i) => upgradeRequest(`/imap/nope-${i}`)),
      ...Array.from({ length: 100 }, () => upgradeRequest('/smtp/test', { Origin: 'https://evil.example' })),
    ];
    await Promise.all(requests.map((request) => stubbornUpgrade(port, request)));
    // Every client still holds its socket open; the proxy must have let go of its ends.
    await waitUntil(() => openDescriptors(pid) <= idle + 2, 10_000);
    expect(sockets.every((socket) => !socket.destroyed)).toBe(true);

    const browser = new TestBrowser(relayWsUrl(url, 'imap', 'test'), { origin: TEST_ORIGIN });
    expect((await browser.closed).code).toBe(CloseCode.clientLimitReached);

    await waitUntil(() =>
      logLines(run as MainProcess).some((line) => String(line['msg']).includes('not logged')),
    );
    const lines = logLines(run as MainProcess);
    const full = lines.filter((line) => line['msg'] === 'upgrade refused');
    const counted = lines
      .filter((line) => line['msg'] === 'upgrade refused: more not logged')
      .reduce((sum, line) => sum + Number(line['count']), 0);
    // Three kinds from one client: unknown upstream (the first 5), too many new sessions, origin not allowed.
    expect(full.length).toBeLessThanOrEqual(30);
    await waitUntil(() => {
      const all = logLines(run as MainProcess);
      const total = all
        .filter((line) => line['msg'] === 'upgrade refused: more not logged')
        .reduce((sum, line) => sum + Number(line['count']), 0);
      return full.length + total === requests.length + 1;
    });
    expect(counted).toBeGreaterThan(0);
    expect(upstream?.accepted).toBe(0);
  }, 30_000);
});

describe('a greeting still reaches a browser in budget', () => {
  it('after some unknown names', async () => {
    const url = await startMain({ limits: { newSessionsPerIpPerMinute: 5 } });
    const lost = new TestBrowser(relayWsUrl(url, 'imap', 'nope'));
    await lost.closed;
    const browser = new TestBrowser(relayWsUrl(url, 'imap', 'test'));
    await browser.waitFor(TEST_GREETING);
    browser.ws.close();
  });
});
