// The README's nginx and Caddy examples ("Behind a reverse proxy"), read from README.md at test time and run
// with Debian's nginx and Caddy in front of a proxy and the testbed's Dovecot. Only what a test must change is
// changed: loopback ports, a test certificate, the proxy's port, and where pid, logs and temp files go.
// The browser connects from 127.0.0.2, the fronts listen on 127.0.0.1, so the proxy (trusting 127.0.0.1, as
// the README says) can only learn the browser's address from X-Forwarded-For.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createCertificateAuthority,
  issueCertificate,
  quoted,
  startDovecot,
  type DovecotServer,
} from '@webmail/testbed';
import { parseUpstreamList, relayWebSocketUrl, type RelayProtocol } from '@webmail/relay-contract';
import { CloseCode, startProxy, type RunningProxy } from '../src/index.ts';
import {
  CADDY,
  FrontBrowser,
  LogWatch,
  NGINX,
  get,
  getHttp2,
  nginxMainConfig,
  nginxSite,
  readReadmeExamples,
  requireBinary,
  socketClosed,
  startFront,
  testCaddyfile,
  upgradeStatus,
  withFreePorts,
  writeFile,
  type ClientOptions,
  type FrontProcess,
  type FrontSettings,
} from './helpers/reverse-proxy.ts';
import { newSmtpRecord, SMTP_TEST_GREETING, smtpServer, type SmtpRecord } from './helpers/smtp-server.ts';
import {
  greetAndEcho,
  startTestUpstream,
  TEST_GREETING,
  type TestUpstream,
} from './helpers/upstream-server.ts';

const readme = readReadmeExamples();
const SITE = readme.siteName;
const ORIGIN = readme.allowedOrigins[0] ?? '';
const FOREIGN_ORIGIN = 'https://attacker.example';
const BROWSER_ADDRESS = '127.0.0.2';
const INDEX_HTML = '<!doctype html><title>webmail</title>';

let dir: string;
let dovecot: DovecotServer | undefined;
/** A greet-and-echo upstream that counts its connections and exposes its sockets. */
let echo: TestUpstream | undefined;
/** A scripted submission server: the echo upstream's `smtp`. */
let submission: TestUpstream | undefined;
const submitted: SmtpRecord = newSmtpRecord();
let proxy: RunningProxy | undefined;
const logs = new LogWatch();
let client: ClientOptions;
let tls: { certFile: string; keyFile: string };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'reverse-proxy-'));
  const staticDir = join(dir, 'app');
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), INDEX_HTML);
  const tlsDir = join(dir, 'tls');
  mkdirSync(tlsDir);
  const ca = await createCertificateAuthority(tlsDir);
  const leaf = await issueCertificate(ca, tlsDir, { names: [SITE] });
  tls = { certFile: leaf.certFile, keyFile: leaf.keyFile };
  client = { ca: ca.certPem, localAddress: BROWSER_ADDRESS };

  dovecot = await startDovecot();
  echo = await startTestUpstream(greetAndEcho());
  submission = await startTestUpstream(smtpServer(submitted));
  proxy = await startProxy(
    {
      listen: { host: '127.0.0.1', port: 0 },
      allowedOrigins: readme.allowedOrigins,
      trustedProxies: readme.trustedProxies,
      upstreams: [
        {
          name: 'main',
          label: 'Example Mail',
          host: dovecot.host,
          port: dovecot.imapsPort,
          tls: 'implicit',
          ca: dovecot.caPem,
        },
        {
          name: 'echo',
          label: 'Echo',
          host: '127.0.0.1',
          port: echo.port,
          tls: 'none',
          smtp: { host: '127.0.0.1', port: submission.port, tls: 'none' },
        },
      ],
      staticDir,
      timeouts: { connectMs: 5_000, setupMs: 5_000, shutdownGraceMs: 500 },
    },
    { log: logs.log },
  );
});

afterAll(async () => {
  await proxy?.close();
  await echo?.close();
  await submission?.close();
  await dovecot?.stop();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

interface RunningFront {
  readonly process: FrontProcess;
  /** `https://mail.example.com:<port>`: the site name, pinned to 127.0.0.1 by the clients. */
  readonly httpsUrl: string;
  /** The plain-HTTP server, where the example has one. */
  readonly httpUrl: string | null;
}

function frontDir(name: string): string {
  const path = join(dir, name);
  mkdirSync(path, { recursive: true });
  return path;
}

function settings(path: string, httpsPort: number, httpPort: number): FrontSettings {
  if (proxy === undefined) throw new Error('the proxy did not start');
  return { dir: path, httpsPort, httpPort, proxyPort: proxy.port, ...tls };
}

async function startNginx(): Promise<RunningFront> {
  requireBinary(NGINX, 'nginx');
  return withFreePorts(2, async ([httpsPort = 0, httpPort = 0]) => {
    const path = frontDir('nginx');
    const site = writeFile(join(path, 'site.conf'), nginxSite(readme, settings(path, httpsPort, httpPort)));
    const conf = writeFile(join(path, 'nginx.conf'), nginxMainConfig(path, site));
    // -e: the startup log goes to stderr too, not to the compiled-in /var/log/nginx/error.log.
    const server = await startFront(NGINX, ['-p', path, '-e', 'stderr', '-c', conf, '-g', 'daemon off;'], {
      name: 'nginx',
      ready: /start worker processes/,
    });
    return {
      process: server,
      httpsUrl: `https://${SITE}:${httpsPort}`,
      httpUrl: `http://${SITE}:${httpPort}`,
    };
  });
}

async function startCaddy(): Promise<RunningFront> {
  requireBinary(CADDY, 'caddy');
  return withFreePorts(1, async ([httpsPort = 0]) => {
    const path = frontDir('caddy');
    const file = writeFile(join(path, 'Caddyfile'), testCaddyfile(readme, settings(path, httpsPort, 0)));
    const server = await startFront(CADDY, ['run', '--config', file, '--adapter', 'caddyfile'], {
      name: 'caddy',
      ready: /"msg":"serving initial configuration"/,
      // Caddy keeps its state (autosave.json, certificates) under these: inside the temp dir.
      env: {
        ...process.env,
        HOME: path,
        XDG_DATA_HOME: join(path, 'data'),
        XDG_CONFIG_HOME: join(path, 'config'),
      },
    });
    return { process: server, httpsUrl: `https://${SITE}:${httpsPort}`, httpUrl: null };
  });
}

/** Start-up warnings the examples cause, less those the test's own changes cause. */
function nginxWarnings(output: string): string[] {
  return (
    output
      .split('\n')
      .filter((line) => /\[(warn|error|crit|alert|emerg)\]/.test(line))
      // nginx >= 1.25.1 only; the README says so next to `listen 443 ssl http2`.
      .filter((line) => !/the "listen \.\.\. http2" directive is deprecated/.test(line))
  );
}

// The test's own changes cause these: admin off, auto_https off, a certificate without an OCSP responder.
const CADDY_TEST_WARNINGS = [
  'admin endpoint disabled',
  'automatic HTTPS is completely disabled for server',
  'stapling OCSP',
];

function caddyWarnings(output: string): string[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{') && line.endsWith('}'))
    .map((line) => JSON.parse(line) as { level: string; msg: string })
    .filter((record) => record.level !== 'info' && record.level !== 'debug')
    .filter((record) => !CADDY_TEST_WARNINGS.includes(record.msg))
    .map((record) => JSON.stringify(record));
}

const FRONTS = [
  { name: 'nginx', start: startNginx, warnings: nginxWarnings },
  { name: 'Caddy', start: startCaddy, warnings: caddyWarnings },
];

describe.each(FRONTS)("the README's $name example", ({ name, start, warnings }) => {
  let front: RunningFront;

  beforeAll(async () => {
    front = await start();
  });

  afterAll(async () => {
    await front?.process.stop();
  });

  function wsUrl(upstream: string, protocol: RelayProtocol = 'imap'): string {
    return relayWebSocketUrl(front.httpsUrl, protocol, upstream);
  }

  it('starts without warnings', () => {
    expect(warnings(front.process.startupOutput)).toEqual([]);
  });

  it("serves the app with the proxy's security headers, the upstream list and /healthz over HTTPS", async () => {
    const index = await get(`${front.httpsUrl}/`, client);
    expect(index.status).toBe(200);
    expect(index.body).toBe(INDEX_HTML);
    const csp = String(index.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(index.headers['x-frame-options']).toBe('DENY');
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    expect(index.headers['strict-transport-security']).toBe('max-age=31536000');

    const upstreams = await get(`${front.httpsUrl}/api/upstreams`, client);
    expect(upstreams.status).toBe(200);
    expect(parseUpstreamList(JSON.parse(upstreams.body))).toEqual([
      { name: 'main', label: 'Example Mail', canSend: false },
      { name: 'echo', label: 'Echo', canSend: true, savesSentCopy: false },
    ]);

    const health = await get(`${front.httpsUrl}/healthz`, client);
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toEqual({ status: 'ok' });
  });

  it('serves the same over HTTP/2', async () => {
    const index = await getHttp2(`${front.httpsUrl}/`, client);
    expect(index.protocol).toBe('h2');
    expect(index.status).toBe(200);
    expect(index.body).toBe(INDEX_HTML);
    expect(String(index.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
    expect(index.headers['strict-transport-security']).toBe('max-age=31536000');
  });

  it('carries a session to Dovecot over wss:// (LOGIN, SELECT INBOX) and ends it when the browser closes', async () => {
    const user = dovecot?.users[0];
    if (user === undefined) throw new Error('the testbed has no user');
    const mark = logs.mark();
    const browser = new FrontBrowser(wsUrl('main'), { ...client, origin: ORIGIN });
    expect(await browser.waitFor('\r\n')).toMatch(/^\* OK /);
    browser.send(`a1 LOGIN ${quoted(user.name)} ${quoted(user.password)}\r\n`);
    await browser.waitFor('a1 OK');
    browser.send('a2 SELECT INBOX\r\n');
    await browser.waitFor('a2 OK');
    expect(browser.text).toMatch(/\* \d+ EXISTS/);

    browser.ws.close(1000);
    expect((await browser.closed).code).toBe(1000);
    const session = await logs.next(mark, (r) => r.msg === 'session' && r.upstream === 'main');
    expect(session).toMatchObject({ client: BROWSER_ADDRESS, code: 1000, error: null });
    expect(proxy?.sessions).toBe(0);
  });

  it('carries an SMTP session over wss:///smtp/ to the submission server', async () => {
    const mark = logs.mark();
    const browser = new FrontBrowser(wsUrl('echo', 'smtp'), { ...client, origin: ORIGIN });
    await browser.waitFor(SMTP_TEST_GREETING);
    browser.send('EHLO [127.0.0.1]\r\n');
    await browser.waitFor('250 8BITMIME\r\n');
    browser.send('QUIT\r\n');
    await browser.waitFor('221 ');
    expect((await browser.closed).code).toBe(CloseCode.upstreamClosed);
    expect(submitted.commands.slice(-2)).toEqual(['EHLO [127.0.0.1]', 'QUIT']);
    const session = await logs.next(mark, (r) => r.msg === 'session' && r.protocol === 'smtp');
    expect(session).toMatchObject({ client: BROWSER_ADDRESS, upstream: 'echo' });
  });

  it('refuses a foreign Origin on /smtp/ too, with no upstream connection', async () => {
    const accepted = submission?.accepted;
    const refused = await upgradeStatus(wsUrl('echo', 'smtp'), { ...client, origin: FOREIGN_ORIGIN });
    expect(refused.status).toBe(403);
    expect(submission?.accepted).toBe(accepted);
  });

  it("refuses a foreign Origin with the proxy's 403 and opens no upstream connection", async () => {
    const accepted = echo?.accepted;
    const mark = logs.mark();
    const refused = await upgradeStatus(wsUrl('echo'), { ...client, origin: FOREIGN_ORIGIN });
    expect(refused.status).toBe(403);
    const record = await logs.next(mark, (r) => r.msg === 'upgrade refused');
    expect(record).toMatchObject({ status: 403, reason: 'origin not allowed', client: BROWSER_ADDRESS });
    expect(echo?.accepted).toBe(accepted);
  });

  it('names the browser as the client, not the front nor an X-Forwarded-For the browser forged', async () => {
    const mark = logs.mark();
    const browser = new FrontBrowser(wsUrl('echo'), {
      ...client,
      origin: ORIGIN,
      headers: { 'X-Forwarded-For': '203.0.113.9' },
    });
    await browser.waitFor(TEST_GREETING);
    browser.ws.close(1000);
    await browser.closed;
    const session = await logs.next(mark, (r) => r.msg === 'session' && r.upstream === 'echo');
    expect(session['client']).toBe(BROWSER_ADDRESS);
  });

  it('closes the upstream connection when the browser vanishes without a close frame', async () => {
    const mark = logs.mark();
    const before = echo?.sockets.length ?? 0;
    const browser = new FrontBrowser(wsUrl('echo'), { ...client, origin: ORIGIN });
    await browser.waitFor(TEST_GREETING);
    browser.send('a1 NOOP\r\n');
    await browser.waitFor('a1 NOOP\r\n');
    const upstream = echo?.sockets[before];
    if (upstream === undefined) throw new Error('the echo upstream saw no connection');

    browser.ws.terminate();
    await socketClosed(upstream);
    const session = await logs.next(mark, (r) => r.msg === 'session' && r.upstream === 'echo');
    expect(session).toMatchObject({ client: BROWSER_ADDRESS, code: 1006 });
  });

  if (name === 'nginx') {
    it('redirects plain HTTP to HTTPS', async () => {
      const response = await get(`${front.httpUrl}/inbox?folder=1`, client);
      expect(response.status).toBe(301);
      expect(response.headers.location).toBe(`https://${SITE}/inbox?folder=1`);
    });
  }
});
