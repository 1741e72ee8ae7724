import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseUpstreamList, RELAY_PATHS } from '@webmail/relay-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestProxy, type TestProxy } from './helpers/proxy.ts';
import { rawRequest, upgradeRequest } from './helpers/raw-http.ts';

let harness: TestProxy;

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'proxy-static-'));
  mkdirSync(join(root, 'assets'));
  mkdirSync(join(root, 'empty'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>app</title>');
  writeFileSync(join(root, 'assets/index-BvX3k9aQ.js'), 'console.log(1)');
  writeFileSync(join(root, 'favicon.svg'), '<svg/>');
  writeFileSync(join(root, '.env'), 'SECRET=1');
  harness = await startTestProxy(
    [
      { name: 'demo', label: 'Demo mail', host: '127.0.0.1', port: 1143, tls: 'none' },
      {
        name: 'work',
        label: 'Work',
        host: 'imap.internal.example',
        port: 993,
        tls: 'implicit',
        smtp: { host: 'smtp.internal.example', port: 465, tls: 'implicit' },
        mailDomain: 'example.com',
        savesSentCopy: true,
        identities: [
          { address: '{user}@example.com' },
          { name: 'Отдел продаж', address: 'sales@example.com' },
        ],
      },
    ],
    { staticDir: root },
  );
});

afterAll(async () => {
  await harness.proxy.close();
});

const get = (path: string, init?: RequestInit): Promise<Response> =>
  fetch(`${harness.proxy.url}${path}`, init);

describe('HTTP', () => {
  it('lists upstreams as relay-contract reads them, never hosts or ports', async () => {
    const response = await get(RELAY_PATHS.upstreams);
    expect(response.headers.get('content-type')).toBe('application/json');
    const body = await response.text();
    expect(parseUpstreamList(JSON.parse(body))).toEqual([
      { name: 'demo', label: 'Demo mail', canSend: false },
      {
        name: 'work',
        label: 'Work',
        canSend: true,
        mailDomain: 'example.com',
        savesSentCopy: true,
        identities: [
          { address: '{user}@example.com' },
          { name: 'Отдел продаж', address: 'sales@example.com' },
        ],
      },
    ]);
    expect(body).not.toMatch(/127\.0\.0\.1|internal|1143|993|465/);
  });

  it('answers /healthz', async () => {
    const response = await get('/healthz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('serves the app with the security headers', async () => {
    const response = await get('/');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>app</title>');
    const csp = response.headers.get('content-security-policy') ?? '';
    for (const directive of [
      "script-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ]) {
      expect(csp).toContain(directive);
    }
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('no-cache');
  });

  it.each([
    ['a refused foreign Origin (403)', upgradeRequest('/imap/demo', { Origin: 'https://evil.example' }), 403],
    ['an upgrade to no session path (404)', upgradeRequest('/elsewhere/demo'), 404],
    ['a bad WebSocket version (400)', upgradeRequest('/smtp/work', { 'Sec-WebSocket-Version': '12' }), 400],
    ['a garbage request line (400)', 'HELLO\r\n\r\n', 400],
    ['an oversized request head (431)', `GET / HTTP/1.1\r\nX-Pad: ${'a'.repeat(64 * 1024)}\r\n\r\n`, 431],
    ['a POST (405)', 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n', 405],
    ['a plain GET of a session path (426)', 'GET /imap/demo HTTP/1.1\r\nHost: x\r\n\r\n', 426],
    ['a missing file (404)', 'GET /nothing.js HTTP/1.1\r\nHost: x\r\n\r\n', 404],
    ['a completed WebSocket handshake (101)', upgradeRequest('/imap/demo'), 101],
  ])('puts the security headers on %s', async (_name, request, status) => {
    const answer = await rawRequest(harness.proxy.port, request, 1_000);
    const head = answer.slice(0, answer.indexOf('\r\n\r\n'));
    expect(head).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
    for (const header of [
      /^Content-Security-Policy: default-src 'self';.*frame-ancestors 'none'$/im,
      /^X-Content-Type-Options: nosniff$/im,
      /^X-Frame-Options: DENY$/im,
      /^Referrer-Policy: no-referrer$/im,
      /^Cross-Origin-Opener-Policy: same-origin$/im,
      /^Cross-Origin-Resource-Policy: same-origin$/im,
      /^Permissions-Policy: camera=\(\)/im,
    ]) {
      expect(head).toMatch(header);
    }
  });

  it('caches hashed assets for a year and answers revalidation with 304', async () => {
    const response = await get('/assets/index-BvX3k9aQ.js');
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const etag = response.headers.get('etag') ?? '';
    const again = await get('/assets/index-BvX3k9aQ.js', { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
  });

  it('falls back to the app page for client routes but not for missing files', async () => {
    expect((await get('/mail/inbox')).status).toBe(200);
    expect((await get('/missing.js')).status).toBe(404);
  });

  it.each([
    ['a directory without index', '/empty/', 200],
    ['a dotfile', '/.env', 400],
    ['an encoded traversal', '/%2e%2e/%2e%2e/etc/passwd', 400],
    ['a bad escape', '/%zz', 400],
  ])('does not leak %s', async (_name, path, status) => {
    const answer = await rawRequest(
      harness.proxy.port,
      `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
    );
    expect(answer.startsWith(`HTTP/1.1 ${status} `)).toBe(true);
    expect(answer).not.toContain('SECRET');
    expect(answer).not.toContain('root:');
    // A directory is never listed: at most it gets the app page.
    expect(answer).not.toMatch(/index-BvX3k9aQ/);
  });

  it('answers 405 to other methods and 426 to a plain GET of a session path', async () => {
    expect((await get('/', { method: 'POST' })).status).toBe(405);
    expect((await get('/imap/demo')).status).toBe(426);
    expect((await get('/smtp/work')).status).toBe(426);
  });
});
