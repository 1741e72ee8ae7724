import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_ORIGIN } from './helpers/browser.ts';
import { listeningUrl, logLines, runMain, type MainProcess } from './helpers/main-process.ts';

// Issue 15.2: a value that would crash the proxy later, or leave it serving nothing, stops it at start, as
// an operator runs it: exit 78 (EX_CONFIG, so a supervisor does not restart it in a loop) and one JSON line
// on stderr naming the field. Before, a line break in the CSP passed and the first request (even /healthz)
// threw ERR_INVALID_CHAR and took the process down.

const runs: MainProcess[] = [];

afterEach(() => {
  for (const run of runs.splice(0)) run.child.kill('SIGKILL');
});

const base = {
  listen: { host: '127.0.0.1', port: 0 },
  allowedOrigins: [TEST_ORIGIN],
  upstreams: [{ name: 'test', host: '127.0.0.1', port: 1, tls: 'none' }],
};

function tempDir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'proxy-start-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const BAD_PEM = '-----BEGIN CERTIFICATE-----\nTm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n';

function start(config: unknown, extraArgs: string[] = []): MainProcess {
  const run = runMain(config, {}, 'src/main.ts', extraArgs);
  runs.push(run);
  return run;
}

describe('start-up refusals', () => {
  it.each<[string, Record<string, unknown>, string, string]>([
    [
      'a line break in contentSecurityPolicy',
      { contentSecurityPolicy: "default-src 'self'\r\nSet-Cookie: a=b" },
      'ERR_CONFIG_INVALID',
      'contentSecurityPolicy',
    ],
    ['an IPv4 prefix of 33', { trustedProxies: ['127.0.0.0/33'] }, 'ERR_CONFIG_INVALID', 'trustedProxies[0]'],
    ['an IPv6 prefix of 129', { trustedProxies: ['::1/129'] }, 'ERR_CONFIG_INVALID', 'trustedProxies[0]'],
    [
      'a staticDir that does not exist',
      { staticDir: '/nonexistent/dist' },
      'ERR_CONFIG_INVALID',
      'staticDir',
    ],
    [
      'a staticDir that is a file',
      { staticDir: join(tempDir({ 'index.html': 'x' }), 'index.html') },
      'ERR_CONFIG_INVALID',
      'staticDir',
    ],
    [
      'a staticDir without index.html',
      { staticDir: tempDir({ 'app.js': '' }) },
      'ERR_CONFIG_INVALID',
      'staticDir',
    ],
    [
      'a ca that does not parse',
      { upstreams: [{ name: 'test', host: '127.0.0.1', tls: 'implicit', ca: BAD_PEM }] },
      'ERR_CONFIG_INVALID',
      'upstreams[0].ca',
    ],
    [
      'an smtp ehloName that would inject a command',
      {
        upstreams: [
          {
            name: 'test',
            host: '127.0.0.1',
            tls: 'none',
            smtp: { host: '127.0.0.1', tls: 'starttls', ehloName: 'x\r\nMAIL FROM:<a@b>' },
          },
        ],
      },
      'ERR_CONFIG_INVALID',
      'upstreams[0].smtp.ehloName',
    ],
  ])('exits 78 for %s, naming it on one line', async (_name, fields, code, field) => {
    const run = start({ ...base, ...fields });
    expect(await run.exited).toBe(78);
    const lines = run.stderr.join('').trim().split('\n');
    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
    expect(record).toMatchObject({ level: 'error', code });
    expect(String(record['msg'])).toContain(field);
    expect(run.stdout.join('')).not.toContain('listening');
  });

  it('exits 78 for an unknown command-line flag, naming it and the usage', async () => {
    const run = start(base, ['--confgi', 'x.json']);
    expect(await run.exited).toBe(78);
    const record = JSON.parse(run.stderr.join('').trim()) as Record<string, unknown>;
    expect(record['code']).toBe('ERR_CONFIG_ARGUMENTS');
    expect(String(record['msg'])).toContain('--confgi');
    expect(String(record['msg'])).toContain('usage:');
  });
});

describe('start-up warnings', () => {
  it('warns that an idle timeout under 30 minutes cuts IMAP IDLE, and serves anyway', async () => {
    const run = start({ ...base, timeouts: { idleMs: 5 * 60_000 } });
    const url = await listeningUrl(run);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const warning = logLines(run).find((line) => line['msg'] === 'config warning');
    expect(warning).toMatchObject({ level: 'warn' });
    expect(String(warning?.['warning'])).toContain('timeouts.idleMs is 300000 ms');
  });

  it('serves a custom CSP of one line on every answer', async () => {
    const csp = "default-src 'none'";
    const run = start({ ...base, contentSecurityPolicy: csp });
    const url = await listeningUrl(run);
    const response = await fetch(`${url}/healthz`);
    expect(response.headers.get('content-security-policy')).toBe(csp);
  });
});
