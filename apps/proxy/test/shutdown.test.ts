import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { imapWsUrl, TestBrowser, TEST_ORIGIN } from './helpers/browser.ts';
import { listeningUrl, logLines, runMain } from './helpers/main-process.ts';
import {
  greetAndEcho,
  startTestUpstream,
  TEST_GREETING,
  type TestUpstream,
} from './helpers/upstream-server.ts';

// The command line as an operator runs it: a config file, JSON log lines, SIGTERM from the supervisor.

let upstream: TestUpstream | undefined;
let child: ChildProcess | undefined;

afterEach(async () => {
  child?.kill('SIGKILL');
  await upstream?.close();
});

describe('main', () => {
  it('closes live sessions with 1001 on SIGTERM, closes their upstreams, and exits 0', async () => {
    const upstreamClosed: Promise<void>[] = [];
    upstream = await startTestUpstream((socket) => {
      upstreamClosed.push(new Promise((resolve) => socket.on('close', () => resolve())));
      greetAndEcho()(socket);
    });
    const run = runMain({
      listen: { host: '127.0.0.1', port: 0 },
      allowedOrigins: [TEST_ORIGIN],
      upstreams: [{ name: 'test', host: '127.0.0.1', port: upstream.port, tls: 'none' }],
    });
    child = run.child;
    const url = await listeningUrl(run);
    const browsers = [0, 1].map(() => new TestBrowser(imapWsUrl(url)));
    for (const browser of browsers) await browser.waitFor(TEST_GREETING);

    run.child.kill('SIGTERM');
    for (const browser of browsers) {
      expect(await browser.closed).toEqual({ code: 1001, reason: 'server shutting down' });
    }
    await Promise.all(upstreamClosed);
    expect(await run.exited).toBe(0);
    const lines = logLines(run);
    expect(lines.filter((line) => line['msg'] === 'session').map((line) => line['code'])).toEqual([
      1001, 1001,
    ]);
    expect(lines.at(-1)?.['msg']).toBe('stopped');
  });

  it('exits 78 with the error code when the configuration is invalid', async () => {
    const run = runMain({
      allowedOrigins: [TEST_ORIGIN],
      upstreams: [{ name: 'x', host: 'imap.example.com', tls: 'none' }],
    });
    child = run.child;
    expect(await run.exited).toBe(78);
    expect(run.stderr.join('')).toContain('ERR_CONFIG_PLAINTEXT_UPSTREAM');
  });

  it('refuses to start when NODE_TLS_REJECT_UNAUTHORIZED=0', async () => {
    const run = runMain(
      {
        allowedOrigins: [TEST_ORIGIN],
        upstreams: [{ name: 'x', host: 'imap.example.com', tls: 'implicit' }],
      },
      { NODE_TLS_REJECT_UNAUTHORIZED: '0' },
    );
    child = run.child;
    expect(await run.exited).toBe(78);
    expect(run.stderr.join('')).toContain('ERR_CONFIG_TLS_VERIFY_DISABLED');
  });
});
