import { mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precompressDirectory } from '../src/precompress.ts';
import { startTestProxy, type TestProxy } from './helpers/proxy.ts';

// Issue 14: the built app's text files go out brotli- or gzip-encoded, chosen by Accept-Encoding, from
// siblings made at build time; every answer says Vary: Accept-Encoding, and Content-Length and ETag are
// those of the representation sent. Raw HTTP (node:http, which does not decode), so the bytes on the wire
// are what is checked.

const CHROMIUM = 'gzip, deflate, br, zstd';
const SCRIPT = '/assets/index-BvX3k9aQ.js';
let root: string;
let harness: TestProxy;

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

function fetchRaw(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${harness.proxy.url}${path}`, { method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'proxy-precompressed-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), `<!doctype html><title>Почта</title>${'<p>邮件</p>'.repeat(200)}`);
  writeFileSync(join(root, SCRIPT), 'export const greeting = "Привет";\n'.repeat(400));
  writeFileSync(join(root, 'assets/uncompressed-DDDDDDDD.js'), 'export const y = 2;\n'.repeat(400));
  writeFileSync(join(root, 'assets/logo-CCCCCCCC.png'), Buffer.alloc(4096, 7));
  await precompressDirectory(root);
  // A script the build did not compress: the proxy must not compress it itself.
  for (const suffix of ['.br', '.gz'])
    writeFileSync(join(root, `assets/uncompressed-DDDDDDDD.js${suffix}`), '');
  harness = await startTestProxy([{ name: 'test', host: '127.0.0.1', port: 1, tls: 'none' }], {
    staticDir: root,
  });
});

afterAll(async () => {
  await harness.proxy.close();
});

describe('precompressed static files', () => {
  it.each([
    ['Chromium', CHROMIUM, 'br'],
    ['a gzip-only client', 'gzip, deflate', 'gzip'],
    ['a client refusing brotli', 'br;q=0, gzip', 'gzip'],
  ])('sends %s the %s sibling, with its length and ETag', async (_who, acceptEncoding, encoding) => {
    for (const path of [SCRIPT, '/index.html', '/']) {
      const answer = await fetchRaw(path, { 'Accept-Encoding': acceptEncoding });
      const file = path === SCRIPT ? SCRIPT : '/index.html';
      const original = readFileSync(join(root, file));
      const suffix = encoding === 'br' ? '.br' : '.gz';
      expect(answer.status).toBe(200);
      expect(answer.headers['content-encoding']).toBe(encoding);
      expect(answer.headers['vary']).toBe('Accept-Encoding');
      expect(answer.headers['content-type']).toMatch(path === SCRIPT ? /^text\/javascript/ : /^text\/html/);
      expect(Number(answer.headers['content-length'])).toBe(readFileSync(join(root, file + suffix)).length);
      expect(answer.body.length).toBeLessThan(original.length);
      const decoded = encoding === 'br' ? brotliDecompressSync(answer.body) : gunzipSync(answer.body);
      expect(decoded.equals(original)).toBe(true);
      expect(String(answer.headers['etag'])).toMatch(new RegExp(`-${encoding}"$`));
    }
  });

  it.each([
    ['no Accept-Encoding', {}],
    ['identity only', { 'Accept-Encoding': 'identity' }],
    ['every coding refused', { 'Accept-Encoding': 'br;q=0, gzip;q=0' }],
  ])('sends the file as it is for %s, still saying Vary', async (_case, headers) => {
    const answer = await fetchRaw(SCRIPT, headers);
    expect(answer.headers['content-encoding']).toBeUndefined();
    expect(answer.headers['vary']).toBe('Accept-Encoding');
    expect(answer.body.equals(readFileSync(join(root, SCRIPT)))).toBe(true);
    expect(Number(answer.headers['content-length'])).toBe(answer.body.length);
  });

  it('gives each representation its own ETag, and revalidates each with 304', async () => {
    const tags = new Map<string, string>();
    for (const acceptEncoding of [CHROMIUM, 'gzip', 'identity']) {
      const first = await fetchRaw(SCRIPT, { 'Accept-Encoding': acceptEncoding });
      const etag = String(first.headers['etag']);
      tags.set(acceptEncoding, etag);
      const again = await fetchRaw(SCRIPT, { 'Accept-Encoding': acceptEncoding, 'If-None-Match': etag });
      expect(again.status).toBe(304);
      expect(again.headers['vary']).toBe('Accept-Encoding');
    }
    expect(new Set(tags.values()).size).toBe(3);
    // A brotli validator does not revalidate the gzip representation.
    const crossed = await fetchRaw(SCRIPT, {
      'Accept-Encoding': 'gzip',
      'If-None-Match': tags.get(CHROMIUM) ?? '',
    });
    expect(crossed.status).toBe(200);
  });

  it('answers HEAD with the headers of the representation GET would send', async () => {
    const head = await fetchRaw(SCRIPT, { 'Accept-Encoding': CHROMIUM }, 'HEAD');
    expect(head.headers['content-encoding']).toBe('br');
    expect(Number(head.headers['content-length'])).toBe(readFileSync(join(root, `${SCRIPT}.br`)).length);
    expect(head.body.length).toBe(0);
  });

  it('never compresses per request: without a usable sibling the file goes out as it is', async () => {
    // Empty siblings are older than nothing but were written after the file; make them stale.
    const stale = new Date(Date.now() - 60_000);
    for (const suffix of ['.br', '.gz'])
      utimesSync(join(root, `assets/uncompressed-DDDDDDDD.js${suffix}`), stale, stale);
    const answer = await fetchRaw('/assets/uncompressed-DDDDDDDD.js', { 'Accept-Encoding': CHROMIUM });
    expect(answer.headers['content-encoding']).toBeUndefined();
    expect(answer.body.equals(readFileSync(join(root, 'assets/uncompressed-DDDDDDDD.js')))).toBe(true);
  });

  it('ignores a sibling older than its file (the file changed after the build)', async () => {
    const path = join(root, 'late.html');
    writeFileSync(path, '<!doctype html><title>as built</title>'.repeat(20));
    await precompressDirectory(root);
    const changed = '<!doctype html><title>changed after the build</title>'.repeat(20);
    writeFileSync(path, changed);
    const later = new Date(Date.now() + 60_000);
    utimesSync(path, later, later);
    const answer = await fetchRaw('/late.html', { 'Accept-Encoding': CHROMIUM });
    expect(answer.headers['content-encoding']).toBeUndefined();
    expect(answer.body.toString()).toBe(changed);
  });

  it('sends images as they are, without Vary', async () => {
    const answer = await fetchRaw('/assets/logo-CCCCCCCC.png', { 'Accept-Encoding': CHROMIUM });
    expect(answer.headers['content-encoding']).toBeUndefined();
    expect(answer.headers['vary']).toBeUndefined();
    expect(answer.body.length).toBe(4096);
  });
});
