import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode, type SmtpInput, type UpstreamInput } from '../src/index.ts';
import { TestBrowser, waitUntil } from './helpers/browser.ts';
import { makeTestCertificates, type TestCertificates } from './helpers/certificates.ts';
import { startTestProxy, type TestProxy } from './helpers/proxy.ts';
import {
  newSmtpRecord,
  SMTP_TEST_GREETING,
  smtpServer,
  smtpStarttlsServer,
  type SmtpRecord,
  type SmtpScript,
} from './helpers/smtp-server.ts';
import { startTestUpstream, type TestUpstream } from './helpers/upstream-server.ts';

// /smtp/<name>: the relay carries a browser's SMTP submission to the upstream's `smtp` server, doing implicit
// TLS or STARTTLS itself, against scripted submission servers (the relay's own behaviour; the real Postfix
// is in smtp-postfix.test.ts when the testbed has it).

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

const FIXED_GREETING = '220 main ESMTP ready (TLS by the relay)\r\n';
const PASSWORD = 'Пароль-secret-7';
const AUTH_PLAIN = Buffer.from(`\0alice\0${PASSWORD}`, 'utf8').toString('base64');
/** A message with 8-bit UTF-8 and a line that needs dot-stuffing. */
const MESSAGE =
  'From: alice@example.test\r\nTo: bob@example.test\r\nSubject: =?UTF-8?B?0J/RgNC40LLQtdGC?=\r\n\r\n' +
  'Привет, 你好\r\n.leading dot\r\n';

/** An upstream whose IMAP side goes nowhere useful and whose `smtp` is `smtp`. */
function withSmtp(smtp: SmtpInput, extra: Partial<UpstreamInput> = {}): UpstreamInput {
  return { name: 'main', host: '127.0.0.1', port: 9, tls: 'none', smtp, ...extra };
}

function tlsSmtp(port: number, tls: 'implicit' | 'starttls', extra: Partial<SmtpInput> = {}): SmtpInput {
  return { host: '127.0.0.1', port, tls, ca: certs.caPem, servername: 'localhost', ...extra };
}

/** Sends one whole submission as a client would, waiting for each reply. */
async function submit(browser: TestBrowser): Promise<void> {
  const step = async (command: string, reply: string): Promise<void> => {
    const before = browser.text.length;
    browser.ws.send(Buffer.from(command, 'utf8'));
    await waitUntil(() => browser.text.slice(before).includes(reply));
  };
  await step('EHLO [127.0.0.1]\r\n', '250 8BITMIME\r\n');
  await step(`AUTH PLAIN ${AUTH_PLAIN}\r\n`, '235 ');
  await step('MAIL FROM:<alice@example.test> BODY=8BITMIME\r\n', '250 ');
  await step('RCPT TO:<bob@example.test>\r\n', '250 ');
  await step('DATA\r\n', '354 ');
  const stuffed = Buffer.from(MESSAGE.replaceAll('\r\n.', '\r\n..') + '.\r\n', 'utf8');
  // Sent in pieces cut inside a UTF-8 sequence, as a client chunks a large message: frames mean nothing.
  const cut = stuffed.indexOf(Buffer.from('你', 'utf8')) + 1;
  browser.ws.send(stuffed.subarray(0, cut));
  const before = browser.text.length;
  browser.ws.send(stuffed.subarray(cut));
  await waitUntil(() => browser.text.slice(before).includes('250 2.0.0 Ok: queued'));
  await step('QUIT\r\n', '221 ');
}

describe('SMTP over implicit TLS', () => {
  it('relays the server greeting, then the whole submission both ways unchanged', async () => {
    const record = newSmtpRecord();
    upstream = await startTestUpstream(smtpServer(record), { tls: certs.good });
    harness = await startTestProxy([withSmtp(tlsSmtp(upstream.port, 'implicit'))]);
    const browser = new TestBrowser(harness.wsUrl('main', 'smtp'));
    await browser.waitFor(SMTP_TEST_GREETING);
    expect(browser.text).toBe(SMTP_TEST_GREETING);
    await submit(browser);
    expect(record.messages).toEqual([Buffer.from(MESSAGE, 'utf8').toString('latin1')]);
    expect(record.commands.slice(0, 2)).toEqual(['EHLO [127.0.0.1]', `AUTH PLAIN ${AUTH_PLAIN}`]);
    expect(await browser.closed).toEqual({ code: CloseCode.upstreamClosed, reason: 'upstream closed' });
  });

  it('verifies the submission server certificate', async () => {
    upstream = await startTestUpstream(smtpServer(newSmtpRecord()), { tls: certs.wrongName });
    harness = await startTestProxy([withSmtp(tlsSmtp(upstream.port, 'implicit'))]);
    const browser = new TestBrowser(harness.wsUrl('main', 'smtp'));
    expect((await browser.closed).code).toBe(CloseCode.tlsVerificationFailed);
    expect(browser.byteCount).toBe(0);
  });
});

describe('SMTP with STARTTLS done by the relay', () => {
  it('sends the browser one fixed 220 line, then carries a submission over TLS', async () => {
    const record = newSmtpRecord();
    upstream = await startTestUpstream(smtpStarttlsServer(certs.good, record));
    harness = await startTestProxy([withSmtp(tlsSmtp(upstream.port, 'starttls'))]);
    const browser = new TestBrowser(harness.wsUrl('main', 'smtp'));
    await browser.waitFor(FIXED_GREETING);
    expect(browser.text).toBe(FIXED_GREETING);
    await submit(browser);
    // In clear the server saw only the relay's own EHLO (its address literal) and STARTTLS.
    expect(record.plaintext.join('')).toBe('EHLO [127.0.0.1]\r\nSTARTTLS\r\n');
    expect(record.commands[0]).toBe('EHLO [127.0.0.1]');
    expect(record.messages).toEqual([Buffer.from(MESSAGE, 'utf8').toString('latin1')]);
    // Nothing of the plaintext greeting ever reached the browser.
    expect(browser.text).not.toContain('scripted');
    await browser.closed;
  });

  it('says EHLO with the configured ehloName', async () => {
    const record = newSmtpRecord();
    upstream = await startTestUpstream(smtpStarttlsServer(certs.good, record));
    harness = await startTestProxy([
      withSmtp(tlsSmtp(upstream.port, 'starttls', { ehloName: 'webmail.example.com' })),
    ]);
    const browser = new TestBrowser(harness.wsUrl('main', 'smtp'));
    await browser.waitFor(FIXED_GREETING);
    expect(record.plaintext[0]).toBe('EHLO webmail.example.com\r\n');
    browser.ws.close();
  });

  it('never forwards browser bytes before TLS is up', async () => {
    const record = newSmtpRecord();
    upstream = await startTestUpstream(smtpStarttlsServer(certs.good, record));
    harness = await startTestProxy([withSmtp(tlsSmtp(upstream.port, 'starttls'))]);
    const browser = new TestBrowser(harness.wsUrl('main', 'smtp'));
    await browser.opened();
    browser.send(`AUTH PLAIN ${AUTH_PLAIN}\r\n`);
    await browser.waitFor('235 ');
    expect(record.plaintext.join('')).not.toContain(AUTH_PLAIN);
    expect(record.commands).toEqual([`AUTH PLAIN ${AUTH_PLAIN}`]);
    browser.ws.close();
  });

  it.each<[string, SmtpScript, number, string]>([
    [
      'a 554 greeting',
      { greeting: '554 5.3.2 no service\r\n' },
      CloseCode.upstreamProtocolError,
      'upstream protocol error',
    ],
    [
      'an EHLO refused',
      { plainEhlo: '550 5.7.1 not you\r\n' },
      CloseCode.upstreamProtocolError,
      'upstream protocol error',
    ],
    [
      'a server that does not offer STARTTLS',
      { plainEhlo: '250-smtp.test\r\n250 AUTH PLAIN\r\n' },
      CloseCode.starttlsFailed,
      'STARTTLS not offered',
    ],
    [
      'a refused STARTTLS',
      { starttlsReply: '454 4.7.0 TLS not available\r\n', upgrade: false },
      CloseCode.starttlsFailed,
      'STARTTLS refused',
    ],
    [
      'a reply injected behind STARTTLS 220',
      { starttlsReply: '220 go\r\n250-injected\r\n250 AUTH PLAIN LOGIN\r\n', upgrade: false },
      CloseCode.starttlsFailed,
      'STARTTLS response injection',
    ],
  ])('closes for %s and sends the browser nothing', async (_name, script, code, reason) => {
    upstream = await startTestUpstream(smtpStarttlsServer(certs.good, newSmtpRecord(), script));
    harness = await startTestProxy([withSmtp(tlsSmtp(upstream.port, 'starttls'))]);
    const browser = new TestBrowser(harness.wsUrl('main', 'smtp'));
    expect(await browser.closed).toEqual({ code, reason });
    expect(browser.byteCount).toBe(0);
  });

  it('verifies the certificate after STARTTLS too', async () => {
    upstream = await startTestUpstream(smtpStarttlsServer(certs.wrongName, newSmtpRecord()));
    harness = await startTestProxy([withSmtp(tlsSmtp(upstream.port, 'starttls'))]);
    const browser = new TestBrowser(harness.wsUrl('main', 'smtp'));
    expect((await browser.closed).code).toBe(CloseCode.tlsVerificationFailed);
    expect(browser.byteCount).toBe(0);
  });
});

describe('SMTP in plaintext (loopback only)', () => {
  it('relays the server greeting untouched', async () => {
    const greeting = '220-smtp.test ESMTP\r\n220 second line\r\n';
    upstream = await startTestUpstream(smtpServer(newSmtpRecord(), { greeting }));
    harness = await startTestProxy([withSmtp({ host: '127.0.0.1', port: upstream.port, tls: 'none' })]);
    const browser = new TestBrowser(harness.wsUrl('main', 'smtp'));
    await browser.waitFor('second line\r\n');
    expect(browser.text).toBe(greeting);
    browser.ws.close();
  });

  it('sends a PROXY v2 header first when the smtp server asks for it, and only there', async () => {
    const firstBytes: Buffer[] = [];
    upstream = await startTestUpstream((socket) => {
      socket.once('data', (chunk: Buffer) => {
        firstBytes.push(chunk);
        socket.write(SMTP_TEST_GREETING);
      });
    });
    const smtp: SmtpInput = { host: '127.0.0.1', port: upstream.port, tls: 'none', proxyProtocol: true };
    harness = await startTestProxy([withSmtp(smtp)]);
    const browser = new TestBrowser(harness.wsUrl('main', 'smtp'));
    await browser.waitFor(SMTP_TEST_GREETING);
    const header = firstBytes[0] ?? Buffer.alloc(0);
    expect(header.subarray(0, 12).toString('hex')).toBe('0d0a0d0a000d0a515549540a');
    expect([...header.subarray(16, 20)]).toEqual([127, 0, 0, 1]);
    browser.ws.close();
  });
});

describe('SMTP session logs', () => {
  it('write one line with the protocol and never the password or its base64', async () => {
    const record: SmtpRecord = newSmtpRecord();
    upstream = await startTestUpstream(smtpServer(record), { tls: certs.good });
    harness = await startTestProxy([withSmtp(tlsSmtp(upstream.port, 'implicit'))]);
    const browser = new TestBrowser(harness.wsUrl('main', 'smtp'));
    await browser.waitFor(SMTP_TEST_GREETING);
    await submit(browser);
    await browser.closed;
    await waitUntil(() => harness?.logs.some((line) => line.msg === 'session') === true);
    const text = harness.logs.map((line) => JSON.stringify(line)).join('\n');
    for (const secret of [PASSWORD, AUTH_PLAIN, 'alice@example.test', 'Привет', 'bob@example.test']) {
      expect(text).not.toContain(secret);
    }
    expect(harness.logs.find((line) => line.msg === 'session')).toMatchObject({
      upstream: 'main',
      protocol: 'smtp',
      code: CloseCode.upstreamClosed,
    });
  });
});
