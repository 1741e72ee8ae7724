import { describe, expect, it } from 'vitest';
import { authCommand } from './commands/auth.ts';
import type { Command } from './commands/command.ts';
import { done } from './commands/command.ts';
import { BODY_PIECE } from './commands/data.ts';
import { ehloCommand } from './commands/ehlo.ts';
import { quitCommand } from './commands/quit.ts';
import { sendMessage } from './commands/send.ts';
import { starttlsCommand } from './commands/starttls.ts';
import { SmtpErrorCodes } from './errors.ts';
import { SmtpSession } from './session.ts';
import type { SmtpError } from './errors.ts';
import type { TraceEvent } from './types.ts';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const turn = () => new Promise((resolve) => setImmediate(resolve));

/** A session past the greeting and EHLO, recording each write and the trace. */
async function greeted(keywords: readonly string[]) {
  const session = new SmtpSession();
  const writes: string[] = [];
  const trace: TraceEvent[] = [];
  session.events.on('output', (bytes) => writes.push(decoder.decode(bytes)));
  session.events.on('trace', (event) => trace.push(event));
  const server = (text: string) => session.receive(encoder.encode(text));
  server('220 mx ESMTP\r\n');
  const ehlo = session.execute(ehloCommand('[127.0.0.1]')).result;
  const lines = ['mx', ...keywords];
  server(lines.map((l, i) => `250${i === lines.length - 1 ? ' ' : '-'}${l}\r\n`).join(''));
  await ehlo;
  writes.length = 0;
  trace.length = 0;
  return { session, writes, trace, server };
}

describe('SmtpSession', () => {
  it('sends nothing before the greeting, then the queued command', () => {
    const session = new SmtpSession();
    const writes: string[] = [];
    session.events.on('output', (bytes) => writes.push(decoder.decode(bytes)));
    void session.execute(ehloCommand('[127.0.0.1]')).result.catch(() => undefined);
    expect(writes).toEqual([]);
    session.receive(encoder.encode('220 mx\r\n'));
    expect(writes).toEqual(['EHLO [127.0.0.1]\r\n']);
  });

  it('pipelines MAIL and every RCPT in one write when PIPELINING is offered (RFC 2920 3.1)', async () => {
    const { session, writes, server } = await greeted(['PIPELINING']);
    const sending = sendMessage(
      session,
      { from: 'a@x.org', recipients: ['b@x.org', 'c@x.org'] },
      encoder.encode('x\r\n'),
    );
    expect(writes).toEqual(['MAIL FROM:<a@x.org>\r\nRCPT TO:<b@x.org>\r\nRCPT TO:<c@x.org>\r\n']);
    server('250 ok\r\n250 ok\r\n250 ok\r\n');
    await turn();
    expect(writes[1]).toBe('DATA\r\n');
    server('354 go\r\n');
    expect(writes.slice(2)).toEqual(['x\r\n.\r\n']); // a message of one piece: one write, the final dot in it
    server('250 queued\r\n');
    await expect(sending).resolves.toMatchObject({ accepted: ['b@x.org', 'c@x.org'] });
  });

  it('waits for each reply without PIPELINING, and sends no RCPT after a refused MAIL', async () => {
    const { session, writes, server } = await greeted([]);
    const sending = sendMessage(session, { from: 'a@x.org', recipients: ['b@x.org'] }, encoder.encode('x'));
    expect(writes).toEqual(['MAIL FROM:<a@x.org>\r\n']);
    server('553 5.7.1 sender not owned by user\r\n');
    await turn();
    expect(writes).toEqual(['MAIL FROM:<a@x.org>\r\n', 'RSET\r\n']);
    server('250 ok\r\n');
    await expect(sending).rejects.toMatchObject({
      code: SmtpErrorCodes.SENDER_REFUSED,
      reply: { code: 553 },
    });
  });

  it('splits a very long pipelined group into writes of about 64 KiB', async () => {
    const { session, writes } = await greeted(['PIPELINING']);
    const recipients = Array.from({ length: 3000 }, (_, i) => `recipient-number-${i}@example.org`);
    void sendMessage(session, { from: 'a@x.org', recipients }, encoder.encode('x')).catch(() => undefined);
    expect(writes.length).toBeGreaterThan(1);
    for (const write of writes) expect(write.length).toBeLessThan(64 * 1024 + 100);
    expect(
      writes
        .join('')
        .split('\r\n')
        .filter((l) => l.startsWith('RCPT TO:')),
    ).toHaveLength(3000);
    session.close();
  });

  it('writes the body in pieces no larger than twice BODY_PIECE (the proxy takes 2 MiB per message)', async () => {
    const { session, writes, server } = await greeted(['PIPELINING']);
    const body = encoder.encode('\n.'.repeat(BODY_PIECE * 2)); // every byte doubles when stuffed
    const sending = sendMessage(session, { from: 'a@x.org', recipients: ['b@x.org'] }, body);
    server('250 ok\r\n250 ok\r\n');
    await turn();
    writes.length = 0;
    server('354 go\r\n');
    expect(writes.length).toBe(4); // three pieces, then the last with the final dot
    for (const write of writes) expect(write.length).toBeLessThanOrEqual(2 * BODY_PIECE + '\r\n.\r\n'.length);
    expect(writes[3]?.endsWith('\r\n..\r\n.\r\n')).toBe(true);
    server('250 ok\r\n');
    await sending;
  });

  it('one transaction at a time, and none before EHLO: SMTP_WRONG_STATE, nothing sent', async () => {
    const { session, writes } = await greeted(['PIPELINING']);
    const first = sendMessage(session, { from: 'a@x.org', recipients: ['b@x.org'] }, encoder.encode('x'));
    first.catch(() => undefined);
    await expect(
      sendMessage(session, { from: 'a@x.org', recipients: ['c@x.org'] }, encoder.encode('y')),
    ).rejects.toMatchObject({
      code: SmtpErrorCodes.WRONG_STATE,
    });
    expect(writes).toHaveLength(1);
    const fresh = new SmtpSession();
    fresh.receive(encoder.encode('220 mx\r\n'));
    await expect(
      sendMessage(fresh, { from: 'a@x.org', recipients: ['b@x.org'] }, encoder.encode('x')),
    ).rejects.toMatchObject({
      code: SmtpErrorCodes.WRONG_STATE,
    });
  });

  it('forgets EHLO keywords at STARTTLS and sends nothing more until TLS is established (RFC 3207 4.2)', async () => {
    const { session, writes, server } = await greeted(['STARTTLS', 'PIPELINING', 'AUTH PLAIN']);
    let upgrades = 0;
    session.events.on('starttls', () => upgrades++);
    const tls = session.execute(starttlsCommand()).result;
    server('220 go ahead\r\n');
    await tls;
    expect(upgrades).toBe(1);
    expect(session.capabilities.size).toBe(0);
    const ehlo = session.execute(ehloCommand('[127.0.0.1]')).result;
    expect(writes).toEqual(['STARTTLS\r\n']);
    session.tlsEstablished();
    expect(writes).toEqual(['STARTTLS\r\n', 'EHLO [127.0.0.1]\r\n']);
    server('250-mx\r\n250 AUTH LOGIN\r\n');
    await ehlo;
    expect([...session.capabilities.keys()]).toEqual(['AUTH']);
  });

  it('traces AUTH secrets as ***, never the password or its base64', async () => {
    for (const mechanism of ['PLAIN', 'LOGIN'] as const) {
      const { session, trace, writes, server } = await greeted([`AUTH ${mechanism}`]);
      const login = session.execute(
        authCommand(mechanism, { username: 'alice', password: 'hunter2' }),
      ).result;
      if (mechanism === 'LOGIN') {
        server('334 VXNlcm5hbWU6\r\n');
        server('334 UGFzc3dvcmQ6\r\n');
      }
      server('235 ok\r\n');
      await login;
      const shown = trace.map((e) => e.text).join('\n');
      expect(shown).not.toMatch(/hunter2|aHVudGVyMg|AGFsaWNlAGh1bnRlcjI/);
      expect(writes.join('')).toMatch(/aHVudGVyMg|AGFsaWNlAGh1bnRlcjI/);
      expect(shown).toContain(mechanism === 'PLAIN' ? 'AUTH PLAIN ***' : '***');
    }
  });

  it('traces message data as a byte count, and the replies line by line', async () => {
    const { session, trace, server } = await greeted(['PIPELINING']);
    const sending = sendMessage(
      session,
      { from: 'a@x.org', recipients: ['b@x.org'] },
      encoder.encode('Subject: secret plans\r\n\r\nx\r\n'),
    );
    server('250 ok\r\n250-two\r\n250 lines\r\n');
    await turn();
    server('354 go\r\n');
    server('250 queued\r\n');
    await sending;
    expect(trace.map((e) => `${e.direction === 'client' ? 'C' : 'S'}: ${e.text}`)).toEqual([
      'C: MAIL FROM:<a@x.org>',
      'C: RCPT TO:<b@x.org>',
      'S: 250 ok',
      'S: 250-two',
      'S: 250 lines',
      'C: DATA',
      'S: 354 go',
      'C: <message: 28 bytes>',
      'C: .',
      'S: 250 queued',
    ]);
  });

  it('a 421 reply fails its command with its own error, closes, and fails what was queued behind it', async () => {
    const { session, server } = await greeted(['PIPELINING']);
    const sending = sendMessage(session, { from: 'a@x.org', recipients: ['b@x.org'] }, encoder.encode('x'));
    server('421 4.3.2 shutting down\r\n');
    await expect(sending).rejects.toMatchObject({ code: SmtpErrorCodes.SENDER_REFUSED, temporary: true });
    expect(session.closeError).toMatchObject({
      code: SmtpErrorCodes.CONNECTION_CLOSED,
      reply: { code: 421 },
    });
  });

  it('QUIT ends cleanly whether the 221 comes or the connection just closes', async () => {
    for (const ending of ['221 bye\r\n', null]) {
      const { session, server } = await greeted([]);
      const quit = session.execute(quitCommand()).result;
      if (ending === null) session.close();
      else {
        server(ending);
        session.close();
      }
      await expect(quit).resolves.toBeUndefined();
      expect(session.closeError).toBeNull();
      expect(() => session.execute(quitCommand())).toThrow(
        expect.objectContaining({ code: SmtpErrorCodes.WRONG_STATE }),
      );
    }
  });

  it('refuses a command line with CR, LF or NUL, whatever built it: nothing is sent', async () => {
    const { session, writes } = await greeted([]);
    const sneaky: Command<void> = {
      name: 'NOOP',
      encode: () => ({ line: 'NOOP\r\nRSET' }),
      onReply: () => done(undefined),
    };
    await expect(session.execute(sneaky).result).rejects.toMatchObject({
      code: SmtpErrorCodes.INVALID_ARGUMENT,
    });
    expect(writes).toEqual([]);
  });

  it('a failure closes the session once: the close event carries the error', async () => {
    const { session, server } = await greeted([]);
    const closes: (SmtpError | null)[] = [];
    session.events.on('close', ({ error }) => closes.push(error));
    server('hello\r\n');
    server('250 more\r\n');
    session.close();
    expect(closes).toHaveLength(1);
    expect(closes[0]?.code).toBe(SmtpErrorCodes.PROTOCOL);
  });
});
