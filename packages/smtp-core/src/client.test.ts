import { describe, expect, it } from 'vitest';
import { SmtpClient } from './client.ts';
import { SmtpErrorCodes } from './errors.ts';
import type { SendOptions } from './types.ts';
import {
  ENVELOPE,
  MESSAGE,
  SUBMISSION_KEYWORDS,
  connectedClient,
  ehloReply,
} from '../test/fixtures/clients.ts';
import { ManualTimers, ScriptedTransport, settled, until } from '../test/fixtures/scripted-transport.ts';

const encoder = new TextEncoder();

describe('SmtpClient: checks before the first byte of a transaction', () => {
  const cases: {
    name: string;
    keywords?: string[];
    envelope?: unknown;
    data?: unknown;
    options?: SendOptions;
    code: string;
  }[] = [
    { name: 'a message over SIZE', data: new Uint8Array(1_000_001), code: SmtpErrorCodes.TOO_LARGE },
    {
      name: 'a message over SIZE once bare LFs become CRLF',
      data: encoder.encode('\n'.repeat(600_000)),
      code: SmtpErrorCodes.TOO_LARGE,
    },
    {
      name: 'a non-ASCII sender without SMTPUTF8',
      keywords: ['PIPELINING', '8BITMIME'],
      envelope: { from: 'josé@example.org', recipients: ['b@example.org'] },
      code: SmtpErrorCodes.UTF8_UNSUPPORTED,
    },
    {
      name: 'a non-ASCII recipient without SMTPUTF8',
      keywords: ['PIPELINING'],
      envelope: { from: 'a@example.org', recipients: ['b@example.org', 'иван@пример.рф'] },
      code: SmtpErrorCodes.UTF8_UNSUPPORTED,
    },
    {
      name: 'smtpUtf8 asked for without SMTPUTF8',
      keywords: ['PIPELINING'],
      options: { smtpUtf8: true },
      code: SmtpErrorCodes.UTF8_UNSUPPORTED,
    },
    {
      name: 'eightBit asked for without 8BITMIME',
      keywords: ['PIPELINING'],
      options: { eightBit: true },
      code: SmtpErrorCodes.EIGHT_BIT_UNSUPPORTED,
    },
    {
      name: 'an address that would inject a command',
      envelope: { from: 'a@example.org', recipients: ['b@example.org>\r\nRCPT TO:<c@example.org'] },
      code: SmtpErrorCodes.INVALID_ARGUMENT,
    },
    {
      name: 'no recipients',
      envelope: { from: 'a@example.org', recipients: [] },
      code: SmtpErrorCodes.INVALID_ARGUMENT,
    },
    { name: 'data that is not bytes', data: 'Subject: x\r\n\r\n', code: SmtpErrorCodes.INVALID_ARGUMENT },
  ];

  it.each(cases)('$name: $code, nothing sent', async (c) => {
    const { client, script } = await connectedClient(c.keywords ?? SUBMISSION_KEYWORDS);
    const outcome = await settled(
      client.send((c.envelope ?? ENVELOPE) as typeof ENVELOPE, (c.data ?? MESSAGE) as Uint8Array, c.options),
    );
    expect(outcome).toMatchObject({ ok: false, error: { code: c.code } });
    expect(script.takeSent()).toBe('');
    expect(client.closed).toBe(false);
  });
});

describe('SmtpClient: MAIL FROM parameters', () => {
  it.each([
    ['ASCII mail', SUBMISSION_KEYWORDS, 'Subject: a\r\n\r\nb\r\n', {}, 'SIZE=17'],
    ['an 8-bit body', SUBMISSION_KEYWORDS, 'Subject: a\r\n\r\nпривет\r\n', {}, 'SIZE=28 BODY=8BITMIME'],
    [
      'UTF-8 headers (RFC 6532)',
      SUBMISSION_KEYWORDS,
      'Subject: 你好\r\n\r\nb\r\n',
      {},
      'SIZE=22 BODY=8BITMIME SMTPUTF8',
    ],
    [
      'UTF-8 headers, smtpUtf8: false',
      SUBMISSION_KEYWORDS,
      'Subject: 你好\r\n\r\nb\r\n',
      { smtpUtf8: false },
      'SIZE=22 BODY=8BITMIME',
    ],
    [
      'an 8-bit body, eightBit: false',
      SUBMISSION_KEYWORDS,
      'Subject: a\r\n\r\nпривет\r\n',
      { eightBit: false },
      'SIZE=28',
    ],
    ['an 8-bit body on a server without 8BITMIME', ['PIPELINING'], 'Subject: a\r\n\r\nпривет\r\n', {}, ''],
    [
      'eightBit: true on ASCII data',
      SUBMISSION_KEYWORDS,
      'a\r\n',
      { eightBit: true },
      'SIZE=3 BODY=8BITMIME',
    ],
  ] as const)('%s', async (_name, keywords, data, options, parameters) => {
    const { client, script } = await connectedClient(keywords);
    void client.send(ENVELOPE, encoder.encode(data), options).catch(() => undefined);
    await until(() => script.sent().includes('\r\n'), 'MAIL FROM');
    expect(script.takeSent().split('\r\n')[0]).toBe(
      `MAIL FROM:<alice@example.org>${parameters ? ` ${parameters}` : ''}`,
    );
  });
});

describe('SmtpClient', () => {
  it('says STARTTLS by default on a transport that can upgrade and is not secure, and not otherwise', async () => {
    for (const secure of [false, true]) {
      const script = new ScriptedTransport({ secure, startTls: () => Promise.resolve() });
      const connecting = SmtpClient.connect(script.transport, { timers: new ManualTimers() });
      script.serverSend('220 mx\r\n');
      await script.expectSent('EHLO [127.0.0.1]\r\n');
      script.serverSend(ehloReply(['STARTTLS']));
      if (secure) {
        expect(await settled(connecting)).toMatchObject({ ok: true });
        expect(script.takeSent()).toBe('');
      } else {
        await script.expectSent('STARTTLS\r\n');
        script.serverClose();
        expect(await settled(connecting)).toMatchObject({
          ok: false,
          error: { code: 'SMTP_CONNECTION_CLOSED' },
        });
      }
    }
  });

  it('refuses an ehloName that is not a domain before connecting', async () => {
    const script = new ScriptedTransport();
    await expect(
      SmtpClient.connect(script.transport, { ehloName: 'x\r\nMAIL FROM:<a@b>', timers: new ManualTimers() }),
    ).rejects.toMatchObject({ code: SmtpErrorCodes.INVALID_ARGUMENT });
    expect(script.writes).toHaveLength(0);
  });

  it('prefers AUTH PLAIN, falls back to LOGIN, and refuses a second login', async () => {
    const { client, script } = await connectedClient(['AUTH LOGIN PLAIN']);
    const login = client.authenticate({ username: 'alice', password: 'secret' });
    await script.expectSent('AUTH PLAIN AGFsaWNlAHNlY3JldA==\r\n');
    script.serverSend('235 2.7.0 ok\r\n');
    await login;
    expect(client.authenticated).toBe(true);
    await expect(client.authenticate({ username: 'alice', password: 'secret' })).rejects.toMatchObject({
      code: SmtpErrorCodes.WRONG_STATE,
    });
    expect(script.takeSent()).toBe('');
  });

  it('offers no login when the server offers neither PLAIN nor LOGIN', async () => {
    const { client, script } = await connectedClient(['AUTH CRAM-MD5 XOAUTH2']);
    const error = await client.authenticate({ username: 'a', password: 'b' }).catch((e: Error) => e);
    expect(error).toMatchObject({ code: SmtpErrorCodes.AUTH_UNAVAILABLE });
    expect((error as Error).message).toContain('AUTH CRAM-MD5 XOAUTH2');
    expect(script.takeSent()).toBe('');
  });

  it('keeps the password out of the trace and out of a failed login error', async () => {
    const trace: string[] = [];
    const { client, script } = await connectedClient(['AUTH LOGIN', 'ENHANCEDSTATUSCODES'], {
      trace: (e) => trace.push(e.text),
    });
    const login = client.authenticate({ username: 'alice', password: 'correct horse' });
    await script.expectSent('AUTH LOGIN\r\n');
    script.serverSend('334 VXNlcm5hbWU6\r\n');
    await script.expectSent('YWxpY2U=\r\n');
    script.serverSend('334 UGFzc3dvcmQ6\r\n');
    await script.expectSent('Y29ycmVjdCBob3JzZQ==\r\n');
    script.serverSend('535 5.7.8 Error: authentication failed\r\n');
    const error = (await login.catch((e: Error) => e)) as Error;
    expect(error).toMatchObject({
      code: SmtpErrorCodes.AUTH_FAILED,
      reply: { code: 535, enhanced: '5.7.8' },
    });
    const shown = [...trace, error.message, error.stack ?? ''].join('\n');
    expect(shown).not.toMatch(/correct horse|Y29ycmVjdCBob3JzZQ|YWxpY2U=/);
  });

  it('runs sends one after another: the second starts when the first is answered', async () => {
    const { client, script } = await connectedClient(['PIPELINING']);
    const first = client.send(ENVELOPE, MESSAGE);
    const second = client.send({ from: 'alice@example.org', recipients: ['carol@example.org'] }, MESSAGE);
    await script.expectSent('MAIL FROM:<alice@example.org>\r\nRCPT TO:<bob@example.org>\r\n');
    script.serverSend('250 ok\r\n250 ok\r\n');
    await script.expectSent('DATA\r\n');
    script.serverSend('354 go\r\n');
    await script.expectSent('Subject: hi\r\n\r\nHello.\r\n.\r\n');
    script.serverSend('250 one\r\n');
    await expect(first).resolves.toMatchObject({ reply: { text: 'one' } });
    await script.expectSent('MAIL FROM:<alice@example.org>\r\nRCPT TO:<carol@example.org>\r\n');
    script.serverSend('250 ok\r\n550 no\r\n');
    await script.expectSent('RSET\r\n');
    script.serverSend('250 ok\r\n');
    await expect(second).rejects.toMatchObject({ code: SmtpErrorCodes.RECIPIENTS_REFUSED });
  });

  it('quit() resolves when the server closes without a 221, and later calls are SMTP_WRONG_STATE', async () => {
    const { client, script } = await connectedClient();
    const quit = client.quit();
    await script.expectSent('QUIT\r\n');
    script.serverClose();
    await expect(quit).resolves.toBeUndefined();
    await expect(client.send(ENVELOPE, MESSAGE)).rejects.toMatchObject({ code: SmtpErrorCodes.WRONG_STATE });
  });

  it('reports the server limits and keywords from EHLO', async () => {
    const { client } = await connectedClient(SUBMISSION_KEYWORDS);
    expect(client.maxMessageSize).toBe(1_000_000);
    expect(client.supports('smtputf8')).toBe(true);
    expect(client.supports('CHUNKING')).toBe(false);
    expect(client.capabilities.get('AUTH')).toBe('PLAIN LOGIN');
    expect(client.greeting).toEqual({ code: 220, text: 'mx.example.org ESMTP' });
  });
});
