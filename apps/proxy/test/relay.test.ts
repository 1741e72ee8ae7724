import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CloseCode } from '../src/index.ts';
import { delay, TestBrowser, waitUntil } from './helpers/browser.ts';
import { plainUpstream, startTestProxy, type TestProxy } from './helpers/proxy.ts';
import {
  greetAndEcho,
  greetAndRecord,
  startTestUpstream,
  TEST_GREETING,
  type TestUpstream,
} from './helpers/upstream-server.ts';

let upstream: TestUpstream | undefined;
let harness: TestProxy | undefined;

afterEach(async () => {
  await harness?.proxy.close();
  await upstream?.close();
  harness = undefined;
  upstream = undefined;
});

const PROTOCOLS = ['imap', 'smtp'] as const;

/** One upstream whose IMAP and SMTP servers are both the scripted peer on `port`. */
function withSmtp(port: number): ReturnType<typeof plainUpstream> {
  return plainUpstream(port, { smtp: { host: '127.0.0.1', port, tls: 'none' } });
}

describe('relay', () => {
  it('delivers the server greeting first, then carries bytes both ways', async () => {
    upstream = await startTestUpstream(greetAndEcho());
    harness = await startTestProxy([plainUpstream(upstream.port)]);
    const browser = new TestBrowser(harness.wsUrl());
    await browser.waitFor(TEST_GREETING);
    expect(browser.text.startsWith(TEST_GREETING)).toBe(true);
    browser.send('a1 NOOP\r\n');
    await browser.waitFor('a1 NOOP\r\n');
    browser.ws.close(1000);
    expect((await browser.closed).code).toBe(1000);
  });

  it.each(PROTOCOLS)(
    'refuses text frames on /%s/ with 1003 and forwards none of their bytes',
    async (protocol) => {
      const received: Buffer[] = [];
      upstream = await startTestUpstream(greetAndRecord(received));
      harness = await startTestProxy([withSmtp(upstream.port)]);
      const browser = new TestBrowser(harness.wsUrl('test', protocol));
      await browser.waitFor(TEST_GREETING);
      browser.ws.send('a1 LOGIN user secret\r\n');
      expect((await browser.closed).code).toBe(CloseCode.unsupportedData);
      await delay(50);
      expect(Buffer.concat(received).length).toBe(0);
    },
  );

  it.each(PROTOCOLS)(
    'closes an oversized frame on /%s/ with 1009 without forwarding it',
    async (protocol) => {
      const received: Buffer[] = [];
      upstream = await startTestUpstream(greetAndRecord(received));
      harness = await startTestProxy([withSmtp(upstream.port)], {
        limits: { maxPayloadBytes: 64 * 1024 },
      });
      const browser = new TestBrowser(harness.wsUrl('test', protocol));
      await browser.waitFor(TEST_GREETING);
      browser.ws.send(Buffer.alloc(64 * 1024 + 1, 0x41));
      expect((await browser.closed).code).toBe(CloseCode.messageTooBig);
      await delay(50);
      expect(Buffer.concat(received).length).toBe(0);
    },
  );

  it('coalesces a flood of tiny frames into few upstream reads and keeps every byte in order', async () => {
    const received: Buffer[] = [];
    upstream = await startTestUpstream(greetAndRecord(received));
    harness = await startTestProxy([plainUpstream(upstream.port)]);
    const browser = new TestBrowser(harness.wsUrl());
    await browser.waitFor(TEST_GREETING);
    const frames = 50_000;
    for (let i = 0; i < frames; i++) browser.ws.send(Buffer.from([i % 251]));
    await waitUntil(() => received.reduce((sum, chunk) => sum + chunk.length, 0) >= frames);
    const all = Buffer.concat(received);
    expect(all.length).toBe(frames);
    expect(all.every((byte, i) => byte === i % 251)).toBe(true);
    // One read per frame would be 50,000; corking per parsed batch keeps it to a few hundred at most.
    expect(received.length).toBeLessThan(frames / 20);
    // And the proxy still answers other sessions promptly.
    const other = new TestBrowser(harness.wsUrl());
    await other.waitFor(TEST_GREETING, 2_000);
    other.ws.close();
    browser.ws.close();
  });

  it('closes with 4013 after delivering everything when the server sends FIN', async () => {
    upstream = await startTestUpstream((socket) => {
      socket.end(TEST_GREETING + '* BYE autologout\r\n');
    });
    harness = await startTestProxy([plainUpstream(upstream.port)]);
    const browser = new TestBrowser(harness.wsUrl());
    const closed = await browser.closed;
    expect(closed).toEqual({ code: CloseCode.upstreamClosed, reason: 'upstream closed' });
    expect(browser.text).toBe(TEST_GREETING + '* BYE autologout\r\n');
  });

  it('closes with 4014 when the server resets the connection', async () => {
    upstream = await startTestUpstream((socket) => {
      socket.write(TEST_GREETING);
      socket.on('data', () => socket.resetAndDestroy());
    });
    harness = await startTestProxy([plainUpstream(upstream.port)]);
    const browser = new TestBrowser(harness.wsUrl());
    await browser.waitFor(TEST_GREETING);
    browser.send('a1 NOOP\r\n');
    expect(await browser.closed).toEqual({ code: CloseCode.upstreamReset, reason: 'upstream reset' });
  });

  it('closes with 4010 when the server refuses the connection', async () => {
    upstream = await startTestUpstream(() => {});
    const port = upstream.port;
    await upstream.close();
    upstream = undefined;
    harness = await startTestProxy([plainUpstream(port)]);
    const browser = new TestBrowser(harness.wsUrl());
    expect(await browser.closed).toEqual({
      code: CloseCode.upstreamRefused,
      reason: 'upstream refused connection',
    });
  });

  it('closes the upstream when the browser closes', async () => {
    const upstreamClosed: Promise<void>[] = [];
    upstream = await startTestUpstream((socket: Socket) => {
      socket.write(TEST_GREETING);
      upstreamClosed.push(new Promise((resolve) => socket.on('close', () => resolve())));
      socket.resume();
    });
    harness = await startTestProxy([plainUpstream(upstream.port)]);
    const browser = new TestBrowser(harness.wsUrl());
    await browser.waitFor(TEST_GREETING);
    browser.ws.close(1000);
    await upstreamClosed[0];
    await waitUntil(() => harness?.proxy.sessions === 0);
  });
});
