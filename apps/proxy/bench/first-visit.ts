// `pnpm --filter @webmail/proxy bench:first-visit`: the bytes a first visit to the app puts on the wire,
// served by the proxy with and without the build's precompressed files, as JSON in
// <repo>/bench-results/first-visit.json. Needs the built app (`pnpm --filter @webmail/web build`).
//
// Chromium (Debian's, headless) opens the sign-in page on a fresh profile and reports every response
// and its bytes on the wire (DevTools' encodedDataLength: headers and body as received). Chromium sends
// `br` only over HTTPS, and the proxy speaks plain HTTP behind the operator's TLS front, so the same URLs
// are then fetched with each Accept-Encoding a browser sends (Chromium over HTTPS, Chromium over HTTP,
// none) and their header and body bytes counted as they arrive, undecoded.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startProxy, type RunningProxy } from '../src/index.ts';

const repo = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const built = join(repo, 'apps/web/dist');

const ACCEPT_ENCODINGS = {
  chromiumHttps: 'gzip, deflate, br, zstd',
  chromiumHttp: 'gzip, deflate',
  none: '',
} as const;

interface Visit {
  readonly urls: string[];
  readonly chromiumWireBytes: number;
  readonly chromiumAcceptEncoding: string;
}

async function serve(staticDir: string): Promise<RunningProxy> {
  return startProxy(
    {
      listen: { host: '127.0.0.1', port: 0 },
      allowedOrigins: ['http://127.0.0.1'],
      upstreams: [{ name: 'demo', label: 'Demo', host: '127.0.0.1', port: 9, tls: 'none' }],
      staticDir,
    },
    { log: () => {} },
  );
}

async function visitWithChromium(url: string): Promise<Visit> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  try {
    const page = await browser.newPage();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const urls = new Map<string, string>();
    let acceptEncoding = '';
    let wireBytes = 0;
    cdp.on('Network.requestWillBeSent', (event) => {
      urls.set(event.requestId, event.request.url);
    });
    cdp.on('Network.requestWillBeSentExtraInfo', (event) => {
      acceptEncoding ||= String(event.headers['Accept-Encoding'] ?? event.headers['accept-encoding'] ?? '');
    });
    cdp.on('Network.loadingFinished', (event) => {
      wireBytes += event.encodedDataLength;
    });
    await page.goto(url, { waitUntil: 'networkidle' });
    await page.getByLabel('User name').waitFor();
    const paths = [
      ...new Set([...urls.values()].filter((u) => u.startsWith(url)).map((u) => new URL(u).pathname)),
    ];
    return { urls: paths, chromiumWireBytes: wireBytes, chromiumAcceptEncoding: acceptEncoding };
  } finally {
    await browser.close();
  }
}

/** Header and body bytes of one GET as they arrive, and the Content-Encoding it came in. */
function wireBytes(
  base: string,
  path: string,
  acceptEncoding: string,
): Promise<{ bytes: number; encoding: string }> {
  return new Promise((resolve, reject) => {
    const headers = acceptEncoding === '' ? {} : { 'Accept-Encoding': acceptEncoding };
    const req = request(`${base}${path}`, { headers, agent: false }, (response) => {
      let bytes = 0;
      // The status line and headers as sent: rawHeaders keeps them undecoded.
      bytes += `HTTP/1.1 ${response.statusCode} ${response.statusMessage}\r\n`.length;
      for (let i = 0; i < response.rawHeaders.length; i += 2) {
        bytes += `${response.rawHeaders[i]}: ${response.rawHeaders[i + 1]}\r\n`.length;
      }
      bytes += 2;
      response.on('data', (chunk: Buffer) => (bytes += chunk.length));
      response.on('end', () =>
        resolve({ bytes, encoding: String(response.headers['content-encoding'] ?? 'identity') }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

async function measure(staticDir: string): Promise<Record<string, unknown>> {
  const proxy = await serve(staticDir);
  try {
    const visit = await visitWithChromium(`${proxy.url}/`);
    const byEncoding: Record<string, { bytes: number; files: Record<string, string> }> = {};
    for (const [name, acceptEncoding] of Object.entries(ACCEPT_ENCODINGS)) {
      let total = 0;
      const files: Record<string, string> = {};
      for (const path of visit.urls) {
        const { bytes, encoding } = await wireBytes(proxy.url, path, acceptEncoding);
        total += bytes;
        files[path] = `${bytes} B ${encoding}`;
      }
      byEncoding[name] = { bytes: total, files };
    }
    return { ...visit, byAcceptEncoding: byEncoding };
  } finally {
    await proxy.close();
  }
}

const siblings = readdirSync(built, { recursive: true }).filter((name) => /\.(br|gz)$/.test(String(name)));
if (siblings.length === 0)
  throw new Error(`${built} has no .br/.gz files: run pnpm --filter @webmail/web build`);
const bare = mkdtempSync(join(tmpdir(), 'first-visit-'));
cpSync(built, bare, { recursive: true, filter: (source) => !/\.(br|gz)$/.test(source) });
try {
  const before = await measure(bare);
  const after = await measure(built);
  const result = {
    what: 'bytes on the wire (headers + body) of a first visit up to the sign-in form, proxy over plain HTTP',
    before: { ...before, note: 'the build without .br/.gz siblings (what the proxy served before issue 14)' },
    after,
  };
  mkdirSync(join(repo, 'bench-results'), { recursive: true });
  writeFileSync(join(repo, 'bench-results/first-visit.json'), JSON.stringify(result, null, 2) + '\n');
  const kb = (value: unknown): string => `${(Number(value) / 1024).toFixed(1)} KiB`;
  const line = (label: string, data: Record<string, unknown>): string => {
    const encodings = data['byAcceptEncoding'] as Record<string, { bytes: number }>;
    return (
      `${label}: Chromium (${String(data['chromiumAcceptEncoding'])}) ${kb(data['chromiumWireBytes'])}; ` +
      Object.entries(encodings)
        .map(([name, value]) => `${name} ${kb(value.bytes)}`)
        .join(', ')
    );
  };
  process.stdout.write(`${line('before', before)}\n${line('after', after)}\n`);
} finally {
  rmSync(bare, { recursive: true, force: true });
}
