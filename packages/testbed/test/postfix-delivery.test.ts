import { statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDovecot } from '../src/dovecot.ts';
import { IDN_DOMAIN_ASCII } from '../src/postfix-config.ts';
import type { DovecotServer, PostfixServer, TestUser } from '../src/types.ts';
import { login } from './support/imap.ts';
import {
  authenticated,
  logMatching,
  queueDrained,
  receiveWhileIdling,
  splitTrace,
  transaction,
} from './support/smtp.ts';

// Mail submitted to the testbed's Postfix arrives in Dovecot: byte for byte, pushed to a client in IDLE,
// and the failures a real MTA produces after accepting a message (over quota, SMTPUTF8 over LMTP).

const USERS: TestUser[] = [
  { name: 'demo', password: 'demo-password' },
  { name: 'second', password: 'second-password' },
  { name: 'full', password: 'full-password', quota: { storageKb: 1 } },
];

const base64Lines = (bytes: Buffer): string => bytes.toString('base64').replace(/.{76}/g, '$&\r\n');

/**
 * A message as a client builds it: Chinese subject (RFC 2047), 8-bit UTF-8 text, and an attachment with a
 * Russian name (RFC 2231). `from`/`to` may be UTF-8 (RFC 6532 headers) for the SMTPUTF8 cases.
 */
function chineseRussianMessage(from: string, to: string, id: string): Buffer {
  const subject = `=?UTF-8?B?${Buffer.from('季度报告：请查收附件').toString('base64')}?=`;
  const filename = `UTF-8''${encodeURIComponent('Протокол совещания.txt')}`;
  const attachment = Buffer.from('Протокол: решения приняты.\r\n', 'utf8');
  return Buffer.from(
    [
      `From: ${from}`,
      `To: ${to}`,
      `Subject: ${subject}`,
      'Date: Mon, 03 Nov 2025 10:00:00 +0800',
      `Message-ID: <${id}@webmail.test>`,
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      '你好，附件是会议纪要。Привет!',
      '--b1',
      'Content-Type: text/plain; charset=utf-8; name*=' + filename,
      `Content-Disposition: attachment; filename*=${filename}`,
      'Content-Transfer-Encoding: base64',
      '',
      base64Lines(attachment),
      '--b1--',
      '',
    ].join('\r\n'),
    'utf8',
  );
}

async function inboxCount(server: DovecotServer, user: string): Promise<number> {
  const client = await login(
    server,
    server.users.find((candidate) => candidate.name === user),
  );
  const status = await client.ok('STATUS INBOX (MESSAGES)');
  client.close();
  return Number(/MESSAGES (\d+)/.exec(status.untagged[0]?.text ?? '')?.[1]);
}

describe("delivery over Dovecot's LMTP (the default)", () => {
  let server: DovecotServer;
  let smtp: PostfixServer;
  beforeAll(async () => {
    server = await startDovecot({ users: USERS, smtp: true });
    smtp = server.smtp as PostfixServer;
  });
  afterAll(() => server?.stop());

  it('delivers a submitted message byte for byte, behind trace fields only, to a client in IDLE', async () => {
    const sent = chineseRussianMessage('Demo <demo@webmail.test>', 'second@webmail.test', 'lmtp-1');
    let reply;
    const delivered = await receiveWhileIdling(server, 'second', async () => {
      const client = await authenticated(smtp, 'demo', 'demo-password');
      reply = await transaction(client, 'demo@webmail.test', ['second@webmail.test'], sent, ' BODY=8BITMIME');
      client.close();
    });
    expect(reply).toMatchObject({
      data: { code: 250, text: expect.stringMatching(/^2\.0\.0 Ok: queued as /) },
    });
    const { trace, rest } = splitTrace(delivered);
    expect(rest.equals(sent)).toBe(true);
    expect(trace[0]).toBe('Return-Path: <demo@webmail.test>');
    expect(trace[1]).toBe('Delivered-To: second@webmail.test');
    expect(trace.filter((field) => field.startsWith('Received:'))).toHaveLength(2); // LMTP, then Postfix
    expect(trace.join('\n')).toMatch(/by mx\.webmail\.test \(Postfix\) with ESMTPSA/);
    await queueDrained(smtp);
  });

  it('delivers to several recipients, the IDN domain in A-labels included', async () => {
    const sent = chineseRussianMessage('demo@webmail.test', `demo@${IDN_DOMAIN_ASCII}`, 'lmtp-2');
    const before = await inboxCount(server, 'second');
    const delivered = await receiveWhileIdling(server, 'demo', async () => {
      const client = await authenticated(smtp, 'demo', 'demo-password');
      const result = await transaction(
        client,
        'demo@webmail.test',
        [`demo@${IDN_DOMAIN_ASCII}`, 'second+tag@webmail.test'],
        sent,
        ' BODY=8BITMIME',
      );
      expect(result.rcpt.map((r) => r.code)).toEqual([250, 250]);
      client.close();
    });
    expect(splitTrace(delivered).rest.equals(sent)).toBe(true);
    await queueDrained(smtp);
    expect(await inboxCount(server, 'second')).toBe(before + 1); // 'second+tag': '+' is the detail delimiter
  });

  it('delivers raw UTF-8 headers sent with 8BITMIME but without SMTPUTF8', async () => {
    const sent = Buffer.from(
      'From: demo@webmail.test\r\nTo: second@webmail.test\r\nSubject: 未编码的主题 Тема\r\nMessage-ID: <raw-utf8@webmail.test>\r\n\r\ntext\r\n',
    );
    const delivered = await receiveWhileIdling(server, 'second', async () => {
      const client = await authenticated(smtp, 'demo', 'demo-password');
      await transaction(client, 'demo@webmail.test', ['second@webmail.test'], sent, ' BODY=8BITMIME');
      client.close();
    });
    expect(splitTrace(delivered).rest.equals(sent)).toBe(true);
  });

  it('accepts a message for a user over quota, then bounces it to the sender (Dovecot: 552 5.2.2)', async () => {
    const sent = chineseRussianMessage('demo@webmail.test', 'full@webmail.test', 'over-quota');
    const bounce = await receiveWhileIdling(server, 'demo', async () => {
      const client = await authenticated(smtp, 'demo', 'demo-password');
      const result = await transaction(client, 'demo@webmail.test', ['full@webmail.test'], sent);
      expect(result.data?.code).toBe(250);
      client.close();
    });
    const text = bounce.toString('utf8');
    expect(text).toMatch(/^From: Mail Delivery System <MAILER-DAEMON@webmail\.test>$/m);
    expect(text).toMatch(/^Content-Type: multipart\/report; report-type=delivery-status;/m);
    expect(text).toMatch(/^Status: 5\.2\.2$/m);
    expect(text).toMatch(/Quota exceeded \(mailbox for user is full\)/);
    expect(text).toContain('Message-ID: <over-quota@webmail.test>'); // the original's headers come back
    expect(await inboxCount(server, 'full')).toBe(0);
    await queueDrained(smtp);
  });

  it('accepts an SMTPUTF8 message but cannot deliver it: 5.6.7, and the bounce is lost too', async () => {
    const logBefore = statSync(smtp.logFile).size;
    const [demoBefore, secondBefore] = [await inboxCount(server, 'demo'), await inboxCount(server, 'second')];
    const client = await authenticated(smtp, 'demo', 'demo-password');
    const sent = chineseRussianMessage('demo@webmail.test', smtp.idnAddress, 'utf8-over-lmtp');
    const result = await transaction(client, 'demo@webmail.test', [smtp.idnAddress], sent, ' SMTPUTF8');
    client.close();
    expect(result.rcpt[0]?.code).toBe(250);
    expect(result.data?.code).toBe(250);
    // Dovecot 2.3's LMTP offers no SMTPUTF8; the bounce to the sender is an SMTPUTF8 message as well.
    await logMatching(smtp, logBefore, [
      /to=<second@webmail\.test>, orig_to=<用户@例子\.测试>.*status=bounced \(SMTPUTF8 is required, but was not offered by host/,
      /to=<demo@webmail\.test>.*status=bounced \(SMTPUTF8 is required/,
    ]);
    await queueDrained(smtp);
    expect([await inboxCount(server, 'demo'), await inboxCount(server, 'second')]).toEqual([
      demoBefore,
      secondBefore,
    ]);
  });
});

describe("delivery through dovecot-lda (delivery: 'lda')", () => {
  let server: DovecotServer;
  let smtp: PostfixServer;
  beforeAll(async () => {
    server = await startDovecot({ users: USERS, smtp: { delivery: 'lda' } });
    smtp = server.smtp as PostfixServer;
  });
  afterAll(() => server?.stop());

  it('delivers an SMTPUTF8 message from and to internationalized addresses, byte for byte', async () => {
    expect(smtp.idnUser).toBe('second');
    const sent = chineseRussianMessage(`用户 <${smtp.idnAddress}>`, smtp.idnAddress, 'utf8-lda');
    const delivered = await receiveWhileIdling(server, 'second', async () => {
      const client = await authenticated(smtp, 'demo', 'demo-password');
      const result = await transaction(
        client,
        smtp.idnAddress,
        [smtp.idnAddress],
        sent,
        ' SMTPUTF8 BODY=8BITMIME',
      );
      expect(result.data?.code).toBe(250);
      client.close();
    });
    const { trace, rest } = splitTrace(delivered);
    expect(rest.equals(sent)).toBe(true);
    expect(trace[0]).toBe('Return-Path: <用户@例子.测试>');
    expect(trace).toContain('Delivered-To: second@webmail.test');
  });

  it('bounces mail for a user over quota with the LDA refusal', async () => {
    const sent = chineseRussianMessage('demo@webmail.test', 'full@webmail.test', 'lda-over-quota');
    const bounce = await receiveWhileIdling(server, 'demo', async () => {
      const client = await authenticated(smtp, 'demo', 'demo-password');
      expect((await transaction(client, 'demo@webmail.test', ['full@webmail.test'], sent)).data?.code).toBe(
        250,
      );
      client.close();
    });
    expect(bounce.toString('utf8')).toMatch(/Quota exceeded \(mailbox for user is full\)/);
    expect(await inboxCount(server, 'full')).toBe(0);
  });
});
