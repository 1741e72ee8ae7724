import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { TestBrowser } from './helpers/browser.ts';
import { plainUpstream, startTestProxy, type TestProxy } from './helpers/proxy.ts';
import { startTestUpstream, TEST_GREETING, type TestUpstream } from './helpers/upstream-server.ts';

let upstream: TestUpstream | undefined;
let harness: TestProxy | undefined;

afterEach(async () => {
  await harness?.proxy.close();
  await upstream?.close();
});

const USER = 'alice@example.test';
const PASSWORD = 'correct-horse-battery-staple-7';
const SASL_PLAIN = Buffer.from(`\0${USER}\0${PASSWORD}`).toString('base64');

/** Answers LOGIN and AUTHENTICATE PLAIN (RFC 4959 SASL-IR) as a server would. */
function loginServer(socket: Socket): void {
  socket.write(TEST_GREETING);
  socket.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\r\n').filter(Boolean)) {
      const tag = line.split(' ')[0] ?? '*';
      socket.write(line.includes('LOGOUT') ? `* BYE bye\r\n${tag} OK done\r\n` : `${tag} OK done\r\n`);
      if (line.includes('LOGOUT')) socket.end();
    }
  });
}

describe('logs', () => {
  it('write one line per session with its metadata and never a password or its base64', async () => {
    upstream = await startTestUpstream(loginServer);
    harness = await startTestProxy([plainUpstream(upstream.port)]);
    const browser = new TestBrowser(harness.wsUrl());
    await browser.waitFor(TEST_GREETING);
    browser.send(`a1 LOGIN "${USER}" "${PASSWORD}"\r\n`);
    await browser.waitFor('a1 OK');
    browser.send(`a2 AUTHENTICATE PLAIN ${SASL_PLAIN}\r\n`);
    await browser.waitFor('a2 OK');
    browser.send('a3 LOGOUT\r\n');
    expect((await browser.closed).code).toBe(4013);
    await harness.proxy.close();

    const text = harness.logs.map((record) => JSON.stringify(record)).join('\n');
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(SASL_PLAIN);
    expect(text).not.toContain(Buffer.from(PASSWORD).toString('base64'));
    expect(text).not.toContain(USER);
    const sessions = harness.logs.filter((record) => record.msg === 'session');
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({
      level: 'info',
      upstream: 'test',
      client: '127.0.0.1',
      code: 4013,
      reason: 'upstream closed',
      error: null,
    });
    expect(sessions[0]?.['bytesUp']).toBeGreaterThan(PASSWORD.length);
    expect(sessions[0]?.['bytesDown']).toBeGreaterThan(TEST_GREETING.length);
    expect(typeof sessions[0]?.['durationMs']).toBe('number');
    expect(typeof sessions[0]?.['id']).toBe('string');
  });
});
