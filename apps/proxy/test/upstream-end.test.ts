import type { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode, type UpstreamInput } from '../src/index.ts';
import { TestBrowser } from './helpers/browser.ts';
import { makeTestCertificates, type TestCertificates } from './helpers/certificates.ts';
import { startTestProxy, type TestProxy } from './helpers/proxy.ts';
import { startTestUpstream, TEST_GREETING, type TestUpstream } from './helpers/upstream-server.ts';

// Issue 15.6: how the server's side ended decides the close code: a FIN (LOGOUT, autologout) is 4013
// "upstream closed", an RST is 4014 "upstream reset". An RST that arrives behind data in one read was taken
// for a FIN (libuv reports the hang-up as end of stream), so a reset in the middle of a download said 4013.

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

type Ending = 'reset' | 'fin';

/** Greets; on the first command sends `bytes`, then resets the TCP connection or closes it (FIN). */
function downloadThen(bytes: number, ending: Ending, tls: boolean): (raw: Socket) => void {
  return (raw) => {
    const socket = tls ? new TLSSocket(raw, { isServer: true, ...certs.good }) : raw;
    socket.on('error', () => {});
    socket.write(TEST_GREETING);
    socket.once('data', () => {
      socket.write(Buffer.alloc(bytes, 0x41), () => {
        if (ending === 'reset') raw.resetAndDestroy();
        else socket.end();
      });
    });
  };
}

function upstreamFor(port: number, tls: boolean): UpstreamInput {
  return tls
    ? { name: 'test', host: '127.0.0.1', port, tls: 'implicit', ca: certs.caPem, servername: 'localhost' }
    : { name: 'test', host: '127.0.0.1', port, tls: 'none' };
}

describe.each([
  ['plaintext', false],
  ['TLS', true],
])('a %s upstream', (_name, tls) => {
  it.each<[string, number, Ending, number, string]>([
    ['resets before sending anything', 0, 'reset', CloseCode.upstreamReset, 'upstream reset'],
    ['resets after 1 KiB', 1024, 'reset', CloseCode.upstreamReset, 'upstream reset'],
    ['resets in the middle of 4 MiB', 4 * 1024 * 1024, 'reset', CloseCode.upstreamReset, 'upstream reset'],
    ['closes after 1 KiB', 1024, 'fin', CloseCode.upstreamClosed, 'upstream closed'],
    ['closes after 4 MiB', 4 * 1024 * 1024, 'fin', CloseCode.upstreamClosed, 'upstream closed'],
  ])('that %s is told apart', async (_case, bytes, ending, code, reason) => {
    // The test server wraps the raw socket in TLS itself, so the listener stays plain TCP.
    upstream = await startTestUpstream(downloadThen(bytes, ending, tls));
    harness = await startTestProxy([upstreamFor(upstream.port, tls)]);
    const browser = new TestBrowser(harness.wsUrl());
    await browser.waitFor(TEST_GREETING);
    browser.send('a1 UID FETCH 1:* BODY.PEEK[]\r\n');
    expect(await browser.closed).toEqual({ code, reason });
    if (ending === 'fin') expect(browser.byteCount).toBe(TEST_GREETING.length + bytes);
  });
});
