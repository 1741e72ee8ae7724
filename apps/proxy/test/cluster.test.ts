import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { delay, imapWsUrl, TestBrowser, TEST_ORIGIN } from './helpers/browser.ts';
import { listeningUrl, logLines, runMain, type MainProcess } from './helpers/main-process.ts';
import {
  greetAndEcho,
  startTestUpstream,
  TEST_GREETING,
  type TestUpstream,
} from './helpers/upstream-server.ts';

// `workers: 2` as an operator runs it: the limits hold across both workers (connections are handed to
// them in turn, so consecutive sessions from one address land on different workers), log lines still
// come one per session on the supervisor's stdout, and SIGTERM drains every worker.

let upstream: TestUpstream | undefined;
let child: ChildProcess | undefined;

afterEach(async () => {
  child?.kill('SIGKILL');
  await upstream?.close();
});

async function startCluster(limits: Record<string, number>): Promise<{ run: MainProcess; url: string }> {
  upstream = await startTestUpstream(greetAndEcho());
  const run = runMain({
    listen: { host: '127.0.0.1', port: 0 },
    allowedOrigins: [TEST_ORIGIN],
    upstreams: [{ name: 'test', host: '127.0.0.1', port: upstream.port, tls: 'none' }],
    limits,
    workers: 2,
    timeouts: { shutdownGraceMs: 2_000 },
  });
  child = run.child;
  const url = await listeningUrl(run);
  return { run, url };
}

/** Opens sessions one after another; each either gets the greeting or is closed at once. */
async function openInTurn(url: string, count: number): Promise<TestBrowser[]> {
  const browsers: TestBrowser[] = [];
  for (let i = 0; i < count; i++) {
    const browser = new TestBrowser(imapWsUrl(url));
    await Promise.race([browser.waitFor(TEST_GREETING).catch(() => {}), browser.closed]);
    browsers.push(browser);
  }
  return browsers;
}

function sessionWorkers(lines: Record<string, unknown>[]): Set<string> {
  // A session id is `<process prefix>-<counter>`.
  return new Set(lines.filter((l) => l['msg'] === 'session').map((l) => String(l['id']).split('-')[0] ?? ''));
}

describe('workers: 2', () => {
  it('enforces the per-client limit across workers, and SIGTERM drains them all', async () => {
    const { run, url } = await startCluster({ maxSessionsPerIp: 3 });
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);

    const browsers = await openInTurn(url, 6);
    const open = browsers.filter((b) => b.text.includes(TEST_GREETING));
    expect(open).toHaveLength(3);
    for (const refused of browsers.filter((b) => !open.includes(b))) {
      expect(await refused.closed).toEqual({ code: 4029, reason: 'too many sessions' });
    }
    // The refused ones never reached the mail server.
    expect(upstream?.accepted).toBe(3);

    run.child.kill('SIGTERM');
    for (const browser of open) {
      expect(await browser.closed).toEqual({ code: 1001, reason: 'server shutting down' });
    }
    expect(await run.exited).toBe(0);
    const lines = logLines(run);
    const sessions = lines.filter((line) => line['msg'] === 'session');
    expect(sessions.map((line) => line['code'])).toEqual([1001, 1001, 1001]);
    expect(sessionWorkers(lines).size).toBe(2);
    expect(lines.filter((line) => line['msg'] === 'upgrade refused')).toHaveLength(3);
    expect(lines.filter((line) => line['msg'] === 'listening')).toHaveLength(1);
    expect(lines.at(-1)?.['msg']).toBe('stopped');
  });

  it('enforces the global cap across workers and gives slots back when sessions end', async () => {
    const { run, url } = await startCluster({ maxSessions: 2 });
    const [first, second, third] = await openInTurn(url, 3);
    expect(first?.text).toContain(TEST_GREETING);
    expect(second?.text).toContain(TEST_GREETING);
    expect(await third?.closed).toEqual({ code: 4030, reason: 'server full' });

    first?.ws.close(1000);
    await first?.closed;
    // The slot comes back once the worker has told the supervisor; retry until it has.
    let reopened: TestBrowser | undefined;
    for (let attempt = 0; attempt < 50 && reopened === undefined; attempt++) {
      const [next] = await openInTurn(url, 1);
      if (next?.text.includes(TEST_GREETING)) reopened = next;
      else await delay(20);
    }
    expect(reopened?.text).toContain(TEST_GREETING);

    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  });
});

/** Pids from the supervisor's `worker started` lines. */
function workerPids(run: MainProcess): number[] {
  return logLines(run)
    .filter((line) => line['msg'] === 'worker started')
    .map((line) => Number(line['pid']));
}

async function waitForLines(run: MainProcess, msg: string, count: number): Promise<void> {
  while (logLines(run).filter((line) => line['msg'] === msg).length < count) {
    if (run.child.exitCode !== null) throw new Error(`exited waiting for ${count} × ${msg}`);
    await delay(20);
  }
}

// Issue 15.1: when both workers died within a second, the supervisor exited 0 with nothing listening and
// no log line (its restart timer was unref()'d).
describe('workers: 2, when workers die', () => {
  it('logs each death, restarts them with back-off, and serves again', async () => {
    const { run, url } = await startCluster({});
    await waitForLines(run, 'worker started', 2);
    for (const pid of workerPids(run)) process.kill(pid, 'SIGKILL');
    await waitForLines(run, 'worker exited', 2);
    const deaths = logLines(run).filter((line) => line['msg'] === 'worker exited');
    expect(deaths.map((line) => [line['level'], line['signal']])).toEqual([
      ['error', 'SIGKILL'],
      ['error', 'SIGKILL'],
    ]);
    // The second death in a row waits twice as long as the first.
    expect(deaths.map((line) => line['restartInMs'])).toEqual([1_000, 2_000]);
    await waitForLines(run, 'worker started', 4);
    expect(run.child.exitCode).toBeNull();
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const [browser] = await openInTurn(url, 1);
    expect(browser?.text).toContain(TEST_GREETING);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  });

  it('gives up when they keep dying: exits 1 with a line saying why', async () => {
    const { run } = await startCluster({});
    const killed = new Set<number>();
    // Kill every worker as soon as it has started, until the supervisor gives up.
    while (run.child.exitCode === null) {
      for (const pid of workerPids(run)) {
        if (killed.has(pid)) continue;
        killed.add(pid);
        process.kill(pid, 'SIGKILL');
      }
      await delay(20);
    }
    expect(await run.exited).toBe(1);
    expect(killed.size).toBe(5);
    const givingUp = logLines(run).find((line) => line['msg'] === 'giving up');
    expect(givingUp).toMatchObject({ level: 'error', reason: '5 worker deaths within 60 s' });
    const stderr = JSON.parse(run.stderr.join('').trim()) as Record<string, unknown>;
    expect(stderr).toMatchObject({ level: 'error', code: 'ERR_WORKERS_FAILING' });
    expect(String(stderr['msg'])).toContain('5 worker deaths within 60 s');
  });
});
