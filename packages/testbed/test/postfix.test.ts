import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDovecot } from '../src/dovecot.ts';
import { IDN_DOMAIN_ASCII, SMTP_FAILURES } from '../src/postfix-config.ts';
import { startPostfix } from '../src/postfix.ts';
import { RawSmtp } from '../src/raw-smtp.ts';
import type { DovecotServer, PostfixServer } from '../src/types.ts';
import { authenticated, listeningSockets, queueDrained, transaction } from './support/smtp.ts';

// The testbed's Postfix as a submission server: ports, TLS, AUTH, SIZE and what it refuses. Delivery into
// Dovecot is in postfix-delivery.test.ts.

const USERS = [
  { name: 'demo', password: 'demo-password' },
  { name: 'second', password: 'second-password' },
];
const MAX_MESSAGE_BYTES = 20_000;

/** Path, size and SHA-256 of every file under `dir` (empty when it does not exist). */
function treeFingerprint(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) {
        const stat = statSync(full);
        const hash = createHash('sha256').update(readFileSync(full)).digest('hex');
        out.push(`${full} ${stat.size} ${stat.mtimeMs} ${hash}`);
      } else out.push(`${full} (${entry.isSymbolicLink() ? 'link' : 'other'})`);
    }
  };
  walk(dir);
  return out.sort();
}

const systemPostfixBefore = {
  etc: treeFingerprint('/etc/postfix'),
  spool: treeFingerprint('/var/spool/postfix'),
};
let server: DovecotServer;
let smtp: PostfixServer;
let startMs = 0;

beforeAll(async () => {
  const t0 = performance.now();
  server = await startDovecot({ users: USERS, smtp: { maxMessageBytes: MAX_MESSAGE_BYTES } });
  startMs = performance.now() - t0;
  smtp = server.smtp as PostfixServer;
});
afterAll(() => server?.stop());

/**
 * Nothing this file sends may reach Postfix's queue manager. An aborted transaction leaves an incoming file
 * for a moment (removed as its session ends), so wait for the queue to be empty, then check that qmgr never
 * took up a message.
 */
async function nothingQueued(): Promise<void> {
  await queueDrained(smtp);
  expect(readFileSync(smtp.logFile, 'utf8')).not.toMatch(/\(queue active\)/);
}

const message = (subject: string, bodyBytes = 10): string =>
  `From: demo@webmail.test\r\nTo: second@webmail.test\r\nSubject: ${subject}\r\nMessage-ID: <${subject.replace(/\W/g, '')}@webmail.test>\r\n\r\n${'x'.repeat(bodyBytes)}\r\n`;

describe('the testbed Postfix', () => {
  it('started with Dovecot (reported, bounded only against hanging)', () => {
    console.info(`startDovecot({ smtp }) without corpus took ${startMs.toFixed(0)} ms`);
    expect(startMs).toBeLessThan(30_000);
    expect(smtp.domain).toBe('webmail.test');
    expect(smtp.addressOf('second')).toBe('second@webmail.test');
    expect(() => smtp.addressOf('nobody-here')).toThrow(/not a testbed user/);
  });

  it('listens on its three loopback ports and nothing else (never :25)', () => {
    expect(listeningSockets(smtp.processes())).toEqual(
      [smtp.submissionPort, smtp.submissionsPort, smtp.plainPort].map((port) => `127.0.0.1:${port}`).sort(),
    );
  });

  it('greets with its instance name and offers AUTH on the STARTTLS port only after STARTTLS', async () => {
    const client = await RawSmtp.connect({ port: smtp.submissionPort });
    expect(client.greeting.code).toBe(220);
    expect(client.greeting.text).toMatch(/^mx\.webmail\.test ESMTP Postfix testbed pf-/);
    const plain = await client.ehlo();
    expect(plain.has('STARTTLS')).toBe(true);
    expect(plain.has('AUTH')).toBe(false);
    expect(await client.authPlain('demo', 'demo-password')).toMatchObject({
      code: 503,
      text: '5.5.1 Error: authentication not enabled',
    });
    const secure = await client.startTls({ ca: smtp.caPem, servername: 'localhost' });
    expect(secure.authorized).toBe(true);
    expect(secure.getPeerCertificate().subjectaltname).toBe('DNS:localhost, IP Address:127.0.0.1');
    const afterTls = await client.ehlo();
    expect(afterTls.get('AUTH')?.split(' ').sort()).toEqual(['LOGIN', 'PLAIN']);
    expect(afterTls.has('STARTTLS')).toBe(false);
    expect((await client.authPlain('demo', 'demo-password')).code).toBe(235);
    client.close();
  });

  it('speaks implicit TLS on submissionsPort and offers AUTH, SIZE, SMTPUTF8, 8BITMIME at once', async () => {
    const client = await RawSmtp.connect({ port: smtp.submissionsPort, tls: { ca: smtp.caPem } });
    expect(client.greeting.code).toBe(220);
    const keywords = await client.ehlo();
    expect(keywords.get('AUTH')).toBe('PLAIN LOGIN');
    expect(keywords.get('SIZE')).toBe(String(MAX_MESSAGE_BYTES));
    for (const keyword of ['SMTPUTF8', '8BITMIME', 'PIPELINING', 'ENHANCEDSTATUSCODES', 'CHUNKING'])
      expect(keywords.has(keyword), keyword).toBe(true);
    client.close();
  });

  it('offers AUTH without TLS on the loopback plain port', async () => {
    const client = await RawSmtp.connect({ port: smtp.plainPort });
    const keywords = await client.ehlo();
    expect(keywords.has('STARTTLS')).toBe(false);
    expect(keywords.get('AUTH')).toBe('PLAIN LOGIN');
    expect((await client.authPlain('second', 'second-password')).code).toBe(235);
    client.close();
  });

  it('refuses a wrong password with 535 and a second try still works', async () => {
    const client = await RawSmtp.connect({ port: smtp.submissionsPort, tls: { ca: smtp.caPem } });
    await client.ehlo();
    expect(await client.authPlain('demo', 'wrong')).toEqual({
      code: 535,
      lines: ['5.7.8 Error: authentication failed: (reason unavailable)'],
      text: '5.7.8 Error: authentication failed: (reason unavailable)',
    });
    expect(await client.authPlain('nobody-here', 'x')).toMatchObject({ code: 535 });
    // AUTH LOGIN (draft-murchison-sasl-login): username and password as base64 continuations.
    expect(await client.command('AUTH LOGIN')).toMatchObject({ code: 334, text: 'VXNlcm5hbWU6' });
    expect(await client.command(Buffer.from('demo').toString('base64'))).toMatchObject({ code: 334 });
    expect(await client.command(Buffer.from('demo-password').toString('base64'))).toMatchObject({
      code: 235,
      text: '2.7.0 Authentication successful',
    });
    client.close();
  });

  it('refuses MAIL before AUTH with 530', async () => {
    const client = await RawSmtp.connect({ port: smtp.submissionsPort, tls: { ca: smtp.caPem } });
    await client.ehlo();
    expect(await client.command('MAIL FROM:<demo@webmail.test>')).toMatchObject({
      code: 530,
      text: '5.7.0 <demo@webmail.test>: Sender address rejected: Authentication required',
    });
    client.close();
  });

  it('refuses a recipient outside its domains at RCPT with 554, and nothing is queued', async () => {
    const client = await authenticated(smtp, 'demo', 'demo-password');
    const result = await transaction(client, 'demo@webmail.test', ['someone@example.com'], message('relay'));
    expect(result.rcpt).toEqual([
      expect.objectContaining({ code: 554, text: '5.7.1 <someone@example.com>: Relay access denied' }),
    ]);
    expect(result.data).toBeUndefined();
    // DATA with no accepted recipient is refused too: the transaction never reaches the queue.
    await client.command('MAIL FROM:<demo@webmail.test>');
    await client.command('RCPT TO:<someone@example.org>');
    expect(await client.command('DATA')).toMatchObject({
      code: 554,
      text: '5.5.1 Error: no valid recipients',
    });
    await client.command('QUIT');
    client.close();
    await nothingQueued();
    expect(readFileSync(smtp.logFile, 'utf8')).not.toMatch(/to=<someone@example\.(com|org)>.*status=/);
  });

  // prettier-ignore
  it.each([
    [SMTP_FAILURES.refusedRecipient, 550, '5.7.1 <refused@webmail.test>: Recipient address rejected: Refused on purpose by the testbed'],
    [SMTP_FAILURES.deferredRecipient, 450, '4.7.1 <deferred@webmail.test>: Recipient address rejected: Try again later (testbed)'],
    [SMTP_FAILURES.unknownRecipient, 550, '5.1.1 <nobody-here@webmail.test>: Recipient address rejected: User unknown in virtual mailbox table'],
    ['用户@例子.测试', 501, '5.1.3 Bad recipient address syntax'], // UTF-8 without SMTPUTF8 in MAIL
  ])('refuses RCPT TO:<%s> with %i on purpose', async (recipient, code, text) => {
    const client = await authenticated(smtp, 'demo', 'demo-password');
    expect((await client.command('MAIL FROM:<demo@webmail.test>')).code).toBe(250);
    expect(await client.command(`RCPT TO:<${recipient}>`)).toMatchObject({ code, text });
    // The transaction goes on: another recipient is still accepted.
    expect((await client.command('RCPT TO:<second@webmail.test>')).code).toBe(250);
    await client.command('QUIT');
    client.close();
  });

  it('refuses the on-purpose sender at MAIL with 553', async () => {
    const client = await authenticated(smtp, 'demo', 'demo-password');
    expect(await client.command(`MAIL FROM:<${SMTP_FAILURES.refusedSender}>`)).toMatchObject({
      code: 553,
      text: '5.7.1 <refused-sender@webmail.test>: Sender address rejected: Refused on purpose by the testbed',
    });
    client.close();
  });

  it('refuses a message carrying the refuse header after its final dot, and queues nothing', async () => {
    const client = await authenticated(smtp, 'demo', 'demo-password');
    const refused = `${SMTP_FAILURES.refuseHeader}: yes\r\n${message('refuse me')}`;
    const result = await transaction(client, 'demo@webmail.test', ['second@webmail.test'], refused);
    expect(result.data).toMatchObject({ code: 550, text: '5.7.1 Refused on purpose by the testbed' });
    client.close();
    await nothingQueued();
  });

  it('refuses a declared SIZE over the limit at MAIL, and an undeclared one after the final dot', async () => {
    const client = await authenticated(smtp, 'demo', 'demo-password');
    expect(await client.command(`MAIL FROM:<demo@webmail.test> SIZE=${MAX_MESSAGE_BYTES + 1}`)).toEqual({
      code: 552,
      lines: ['5.3.4 Message size exceeds fixed limit'],
      text: '5.3.4 Message size exceeds fixed limit',
    });
    // Postfix 3.7 keeps the refused SIZE until RSET: the next MAIL is refused the same way (pinned).
    expect((await client.command('MAIL FROM:<demo@webmail.test>')).code).toBe(552);
    await client.command('RSET');
    const big = await transaction(
      client,
      'demo@webmail.test',
      ['second@webmail.test'],
      message('too big', MAX_MESSAGE_BYTES),
    );
    expect(big.mail.code).toBe(250);
    expect(big.data).toMatchObject({ code: 552, text: '5.3.4 Error: message file too big' });
    client.close();
    await nothingQueued();
  });

  it('never touched /etc/postfix or the system queue', () => {
    expect(treeFingerprint('/etc/postfix')).toEqual(systemPostfixBefore.etc);
    expect(treeFingerprint('/var/spool/postfix')).toEqual(systemPostfixBefore.spool);
    expect(smtp.baseDir.startsWith('/etc')).toBe(false);
  });
});

describe('a Postfix with smtputf8: false (as many installs in front of Dovecot are)', () => {
  let plain: PostfixServer;
  beforeAll(async () => {
    plain = await startPostfix({ dovecot: server, smtputf8: false });
  });
  afterAll(() => plain?.stop());

  it('does not offer SMTPUTF8 and refuses it in MAIL, while A-labels still work', async () => {
    const client = await authenticated(plain, 'demo', 'demo-password');
    const keywords = await client.ehlo();
    expect(keywords.has('SMTPUTF8')).toBe(false);
    expect(keywords.has('8BITMIME')).toBe(true);
    expect(await client.command('MAIL FROM:<demo@webmail.test> SMTPUTF8')).toMatchObject({
      code: 555,
      text: '5.5.4 Unsupported option: SMTPUTF8',
    });
    expect((await client.command('MAIL FROM:<demo@webmail.test>')).code).toBe(250);
    expect((await client.command(`RCPT TO:<demo@${IDN_DOMAIN_ASCII}>`)).code).toBe(250);
    client.close();
  });
});
