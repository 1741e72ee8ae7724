import { createHash, X509Certificate } from 'node:crypto';
import type { Socket } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode, type UpstreamInput } from '../src/index.ts';
import { TestBrowser } from './helpers/browser.ts';
import { makeTestCertificates, type TestCertificates } from './helpers/certificates.ts';
import { startTestProxy, type TestProxy } from './helpers/proxy.ts';
import {
  starttlsServer,
  startTestUpstream,
  TEST_GREETING,
  type TestUpstream,
} from './helpers/upstream-server.ts';

let certs: TestCertificates;
let upstream: TestUpstream | undefined;
let harness: TestProxy | undefined;

beforeAll(async () => {
  certs = await makeTestCertificates();
});

afterEach(async () => {
  await harness?.proxy.close();
  await upstream?.close();
  harness = undefined;
  upstream = undefined;
});

function greetAndEchoTls(socket: Socket): void {
  socket.write(TEST_GREETING);
  socket.pipe(socket);
}

function tlsUpstream(port: number, extra: Partial<UpstreamInput> = {}): UpstreamInput {
  return {
    name: 'test',
    host: '127.0.0.1',
    port,
    tls: 'implicit',
    ca: certs.caPem,
    servername: 'localhost',
    ...extra,
  };
}

function spkiPin(certPem: string): string {
  const spki = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

describe('implicit TLS upstream', () => {
  it('verifies the certificate against the configured CA and relays', async () => {
    upstream = await startTestUpstream(greetAndEchoTls, { tls: certs.good });
    harness = await startTestProxy([tlsUpstream(upstream.port)]);
    const browser = new TestBrowser(harness.wsUrl());
    await browser.waitFor(TEST_GREETING);
    browser.send('a1 NOOP\r\n');
    await browser.waitFor('a1 NOOP\r\n');
    browser.ws.close();
  });

  it.each([
    ['a self-signed certificate', 'selfSigned'],
    ['a certificate for another name', 'wrongName'],
    ['an expired certificate', 'expired'],
  ] as const)('closes with 4020 for %s and sends the browser nothing', async (_name, which) => {
    upstream = await startTestUpstream(greetAndEchoTls, { tls: certs[which] });
    harness = await startTestProxy([tlsUpstream(upstream.port)]);
    const browser = new TestBrowser(harness.wsUrl());
    expect(await browser.closed).toEqual({
      code: CloseCode.tlsVerificationFailed,
      reason: 'TLS verification failed',
    });
    expect(browser.byteCount).toBe(0);
  });

  it('closes with 4020 when the server is not signed by a system CA and no CA is configured', async () => {
    upstream = await startTestUpstream(greetAndEchoTls, { tls: certs.good });
    harness = await startTestProxy([
      { name: 'test', host: '127.0.0.1', port: upstream.port, tls: 'implicit', servername: 'localhost' },
    ]);
    const browser = new TestBrowser(harness.wsUrl());
    expect((await browser.closed).code).toBe(CloseCode.tlsVerificationFailed);
  });

  it('accepts a matching SPKI pin and refuses a mismatching one', async () => {
    upstream = await startTestUpstream(greetAndEchoTls, { tls: certs.good });
    harness = await startTestProxy([
      tlsUpstream(upstream.port, { pinSha256: [spkiPin(certs.good.cert)] }),
      tlsUpstream(upstream.port, { name: 'pinned-wrong', pinSha256: [spkiPin(certs.expired.cert)] }),
    ]);
    const good = new TestBrowser(harness.wsUrl());
    await good.waitFor(TEST_GREETING);
    good.ws.close();
    const wrong = new TestBrowser(harness.wsUrl('pinned-wrong'));
    expect((await wrong.closed).code).toBe(CloseCode.tlsVerificationFailed);
  });

  it('closes with 4021 when the server does not speak TLS', async () => {
    upstream = await startTestUpstream((socket) => socket.write(TEST_GREETING + 'x'.repeat(100)));
    harness = await startTestProxy([tlsUpstream(upstream.port)]);
    const browser = new TestBrowser(harness.wsUrl());
    expect((await browser.closed).code).toBe(CloseCode.tlsHandshakeFailed);
  });
});

describe('STARTTLS upstream', () => {
  const starttls = (port: number): UpstreamInput => ({ ...tlsUpstream(port), tls: 'starttls' });

  const FIXED_GREETING = '* OK test ready (TLS by the relay)\r\n';

  it('negotiates STARTTLS itself and delivers a fixed greeting without pre-TLS capabilities', async () => {
    upstream = await startTestUpstream(starttlsServer(certs.good));
    harness = await startTestProxy([starttls(upstream.port)]);
    const browser = new TestBrowser(harness.wsUrl());
    await browser.waitFor(FIXED_GREETING);
    browser.send('a1 CAPABILITY\r\n');
    await browser.waitFor('a1 CAPABILITY\r\n');
    expect(browser.text).toBe(`${FIXED_GREETING}a1 CAPABILITY\r\n`);
    browser.ws.close();
  });

  it('asks for CAPABILITY when the greeting lists none', async () => {
    upstream = await startTestUpstream(starttlsServer(certs.good, { greeting: '* OK plain greeting\r\n' }));
    harness = await startTestProxy([starttls(upstream.port)]);
    const browser = new TestBrowser(harness.wsUrl());
    await browser.waitFor(FIXED_GREETING);
    browser.ws.close();
  });

  it('never shows the browser text an attacker on the path wrote into the plaintext greeting', async () => {
    const greeting =
      '* OK [CAPABILITY IMAP4rev1 STARTTLS] [ALERT] Your mailbox is locked: call +1 555 0100\r\n';
    upstream = await startTestUpstream(starttlsServer(certs.good, { greeting }));
    harness = await startTestProxy([starttls(upstream.port)]);
    const browser = new TestBrowser(harness.wsUrl());
    await browser.waitFor(FIXED_GREETING);
    browser.send('a1 NOOP\r\n');
    await browser.waitFor('a1 NOOP\r\n');
    expect(browser.text).not.toMatch(/ALERT|locked|555/);
    browser.ws.close();
  });

  it.each([
    [
      'a response injected behind the tagged OK',
      { answer: '{tag} OK go\r\n* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] injected\r\n', upgrade: false },
      'STARTTLS response injection',
    ],
    [
      'a server that does not offer STARTTLS',
      { greeting: '* OK [CAPABILITY IMAP4rev1] hi\r\n' },
      'STARTTLS not offered',
    ],
    [
      'a PREAUTH greeting',
      { greeting: '* PREAUTH [CAPABILITY IMAP4rev1 STARTTLS] hi\r\n' },
      'PREAUTH before STARTTLS',
    ],
    ['a refused STARTTLS', { answer: '{tag} NO not today\r\n', upgrade: false }, 'STARTTLS refused'],
  ])('closes with 4022 for %s and sends the browser nothing', async (_name, script, reason) => {
    upstream = await startTestUpstream(starttlsServer(certs.good, script));
    harness = await startTestProxy([starttls(upstream.port)]);
    const browser = new TestBrowser(harness.wsUrl());
    expect(await browser.closed).toEqual({ code: CloseCode.starttlsFailed, reason });
    expect(browser.byteCount).toBe(0);
  });

  it('verifies the certificate after STARTTLS too', async () => {
    upstream = await startTestUpstream(starttlsServer(certs.wrongName));
    harness = await startTestProxy([starttls(upstream.port)]);
    const browser = new TestBrowser(harness.wsUrl());
    expect((await browser.closed).code).toBe(CloseCode.tlsVerificationFailed);
    expect(browser.byteCount).toBe(0);
  });

  it('never forwards browser bytes before STARTTLS is done', async () => {
    const plaintext: string[] = [];
    upstream = await startTestUpstream((socket) => {
      socket.on('data', (chunk: Buffer) => plaintext.push(chunk.toString('latin1')));
      starttlsServer(certs.good)(socket);
    });
    harness = await startTestProxy([starttls(upstream.port)]);
    const browser = new TestBrowser(harness.wsUrl());
    await browser.opened();
    browser.send('a1 LOGIN user secret\r\n');
    await browser.waitFor('a1 LOGIN user secret\r\n');
    // The only plaintext the server saw is the proxy's own STARTTLS command.
    expect(plaintext[0]).toBe('P2 STARTTLS\r\n');
    expect(plaintext.join('')).not.toContain('secret');
    browser.ws.close();
  });
});

describe('PROXY protocol v2', () => {
  it('sends the header with the browser address before TLS', async () => {
    const firstBytes: Buffer[] = [];
    upstream = await startTestUpstream((socket) => {
      socket.once('data', (chunk: Buffer) => {
        firstBytes.push(chunk);
        socket.write(TEST_GREETING);
      });
    });
    harness = await startTestProxy([
      { name: 'test', host: '127.0.0.1', port: upstream.port, tls: 'none', proxyProtocol: true },
    ]);
    const browser = new TestBrowser(harness.wsUrl());
    await browser.waitFor(TEST_GREETING);
    const header = firstBytes[0] ?? Buffer.alloc(0);
    expect(header.subarray(0, 12).toString('hex')).toBe('0d0a0d0a000d0a515549540a');
    expect(header.subarray(12, 14).toString('hex')).toBe('2111');
    expect([...header.subarray(16, 20)]).toEqual([127, 0, 0, 1]);
    expect(header.readUInt16BE(26)).toBe(harness.proxy.port);
    browser.ws.close();
  });
});
