import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quoted, startDovecot, type DovecotServer } from '@webmail/testbed';
import type { UpstreamInput } from '../src/index.ts';
import { TestBrowser } from './helpers/browser.ts';
import { startTestProxy, type TestProxy } from './helpers/proxy.ts';

// End to end through the proxy to a real Dovecot from @webmail/testbed, in all three TLS modes, with a
// raw `ws` client doing CAPABILITY / LOGIN / SELECT / LOGOUT.

describe('through the proxy to Dovecot', () => {
  let dovecot: DovecotServer;
  let harness: TestProxy;

  beforeAll(async () => {
    dovecot = await startDovecot();
    const upstreams: UpstreamInput[] = [
      { name: 'plain', host: dovecot.host, port: dovecot.imapPort, tls: 'none' },
      { name: 'imaps', host: dovecot.host, port: dovecot.imapsPort, tls: 'implicit', ca: dovecot.caPem },
      { name: 'starttls', host: dovecot.host, port: dovecot.imapPort, tls: 'starttls', ca: dovecot.caPem },
    ];
    harness = await startTestProxy(upstreams);
  });

  afterAll(async () => {
    await harness?.proxy.close();
    await dovecot?.stop();
  });

  it.each(['plain', 'imaps', 'starttls'])('logs in and selects INBOX over %s', async (name) => {
    const user = dovecot.users[0];
    if (user === undefined) throw new Error('testbed has no user');
    const browser = new TestBrowser(harness.wsUrl(name));
    await browser.waitFor('\r\n');
    expect(browser.text).toMatch(/^\* OK /);
    if (name === 'starttls') expect(browser.text).not.toContain('STARTTLS');
    browser.send('a0 CAPABILITY\r\n');
    await browser.waitFor('a0 OK');
    browser.send(`a1 LOGIN ${quoted(user.name)} ${quoted(user.password)}\r\n`);
    await browser.waitFor('a1 OK');
    browser.send('a2 SELECT INBOX\r\n');
    await browser.waitFor('a2 OK');
    expect(browser.text).toMatch(/\* \d+ EXISTS/);
    browser.send('a3 LOGOUT\r\n');
    expect((await browser.closed).code).toBe(4013);

    const logs = harness.logs.map((record) => JSON.stringify(record)).join('\n');
    expect(logs).not.toContain(user.password);
    expect(logs).not.toContain(Buffer.from(user.password).toString('base64'));
  });
});
