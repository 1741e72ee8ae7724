import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  proxyUpstream,
  quoted,
  RawImap,
  startDovecot,
  type DovecotServer,
  type PostfixServer,
} from '@webmail/testbed';
import { CloseCode } from '../src/index.ts';
import { TestBrowser, waitUntil } from './helpers/browser.ts';
import { startTestProxy, type TestProxy } from './helpers/proxy.ts';

// The real thing: a browser-side SMTP session through /smtp/ to the testbed's Postfix (submission with SASL
// against Dovecot, delivery over LMTP), in each TLS mode the relay offers, and the message read back from
// the recipient's INBOX byte for byte.

const USERS = [
  { name: 'demo', password: 'demo-password' },
  { name: 'second', password: 'second-password' },
];
let server: DovecotServer;
let smtp: PostfixServer;
let harness: TestProxy;

beforeAll(async () => {
  server = await startDovecot({ users: USERS, smtp: true });
  smtp = server.smtp as PostfixServer;
  harness = await startTestProxy([
    proxyUpstream(server, 'implicit', 'Submissions', { smtpTls: 'implicit' }),
    proxyUpstream(server, 'starttls', 'Submission', { smtpTls: 'starttls' }),
    proxyUpstream(server, 'plain', 'Plain loopback', { smtpTls: 'none' }),
  ]);
});

afterAll(async () => {
  await harness?.proxy.close();
  await server?.stop();
});

/** One SMTP exchange over the relay: sends `command`, resolves with the complete reply (RFC 5321 §4.2). */
async function exchange(browser: TestBrowser, command: string | Buffer): Promise<string> {
  const from = browser.byteCount;
  if (command !== '') browser.ws.send(typeof command === 'string' ? Buffer.from(command, 'utf8') : command);
  let reply = '';
  await waitUntil(() => {
    reply = Buffer.concat(browser.chunks).subarray(from).toString('utf8');
    return /^\d{3} [^\r\n]*\r\n/m.test(reply);
  }, 20_000);
  return reply;
}

function message(id: string): Buffer {
  return Buffer.from(
    [
      'From: demo@webmail.test',
      'To: second@webmail.test',
      `Subject: =?UTF-8?B?${Buffer.from('经由中继发送 / через реле').toString('base64')}?=`,
      `Message-ID: <${id}@webmail.test>`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      'Привет! 你好！',
      '.a line that needs dot-stuffing',
      '',
    ].join('\r\n'),
    'utf8',
  );
}

async function fetchDelivered(user: string, id: string): Promise<Buffer> {
  const password = USERS.find((candidate) => candidate.name === user)?.password ?? '';
  const client = await RawImap.connect({ port: server.imapPort });
  try {
    await client.ok(`LOGIN ${quoted(user)} ${quoted(password)}`);
    await client.ok('SELECT INBOX');
    let uid = '';
    // Delivery (Postfix to Dovecot over LMTP) runs on its own after the final dot's 250: poll for it.
    for (let attempt = 0; uid === '' && attempt < 200; attempt++) {
      const search = await client.ok(`UID SEARCH HEADER Message-ID "<${id}@webmail.test>"`);
      uid = /^\* SEARCH (\d+)/.exec(search.untagged[0]?.text ?? '')?.[1] ?? '';
      if (uid === '') {
        await client.ok('NOOP');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    if (uid === '') throw new Error(`message ${id} never arrived`);
    const fetched = await client.ok(`UID FETCH ${uid} BODY.PEEK[]`);
    return fetched.untagged.find((response) => response.literals.length > 0)?.literals[0] ?? Buffer.alloc(0);
  } finally {
    client.close();
  }
}

describe.each([
  ['implicit', /^220 mx\.webmail\.test ESMTP Postfix/],
  ['starttls', /^220 starttls ESMTP ready \(TLS by the relay\)\r\n$/],
  ['plain', /^220 mx\.webmail\.test ESMTP Postfix/],
])('through /smtp/ with smtp tls %s, to the real Postfix', (name, greeting) => {
  it('authenticates, sends, and the message arrives in the INBOX unchanged', async () => {
    const browser = new TestBrowser(harness.wsUrl(name, 'smtp'));
    expect(await exchange(browser, '')).toMatch(greeting);
    const ehlo = await exchange(browser, 'EHLO [127.0.0.1]\r\n');
    expect(ehlo).toMatch(/^250[- ]AUTH PLAIN/m);
    expect(ehlo).not.toMatch(/STARTTLS/);
    const credentials = Buffer.from('\0demo\0demo-password', 'utf8').toString('base64');
    expect(await exchange(browser, `AUTH PLAIN ${credentials}\r\n`)).toMatch(/^235 /);
    expect(await exchange(browser, `MAIL FROM:<${smtp.addressOf('demo')}> BODY=8BITMIME\r\n`)).toMatch(
      /^250 /,
    );
    expect(await exchange(browser, `RCPT TO:<${smtp.addressOf('second')}>\r\n`)).toMatch(/^250 /);
    expect(await exchange(browser, 'DATA\r\n')).toMatch(/^354 /);
    const id = `relay-${name}-${Date.now()}`;
    const sent = message(id);
    const stuffed = Buffer.from(sent.toString('utf8').replaceAll('\r\n.', '\r\n..') + '.\r\n', 'utf8');
    expect(await exchange(browser, stuffed)).toMatch(/^250 /);
    expect(await exchange(browser, 'QUIT\r\n')).toMatch(/^221 /);
    expect((await browser.closed).code).toBe(CloseCode.upstreamClosed);

    const delivered = await fetchDelivered('second', id);
    // Postfix and Dovecot add trace headers on top; what the browser sent follows them unchanged.
    expect(delivered.subarray(delivered.length - sent.length).equals(sent)).toBe(true);
  });

  it('passes on the server refusing a wrong password, and sends nothing', async () => {
    const browser = new TestBrowser(harness.wsUrl(name, 'smtp'));
    await exchange(browser, '');
    await exchange(browser, 'EHLO [127.0.0.1]\r\n');
    const credentials = Buffer.from('\0demo\0wrong', 'utf8').toString('base64');
    expect(await exchange(browser, `AUTH PLAIN ${credentials}\r\n`)).toMatch(/^535 /);
    expect(await exchange(browser, `MAIL FROM:<${smtp.addressOf('demo')}>\r\n`)).toMatch(/^5\d\d /);
    browser.ws.close();
  });
});
