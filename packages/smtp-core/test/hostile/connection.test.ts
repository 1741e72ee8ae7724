// Hostile and broken servers, part 2: connections that end, go silent or get tampered with. The rule the UI
// relies on: SMTP_OUTCOME_UNKNOWN exactly when the final dot was handed over and its reply did not come;
// before that, the message certainly was not sent and the error says what happened instead.

import { ConnectionError } from '@webmail/imap-core';
import { describe, expect, it } from 'vitest';
import { SmtpClient } from '../../src/client.ts';
import { BODY_PIECE } from '../../src/commands/data.ts';
import { SmtpErrorCodes } from '../../src/errors.ts';
import {
  ENVELOPE,
  MESSAGE,
  connectedClient,
  ehloReply,
  sendUpToBody,
  sendUpToFinalDot,
} from '../fixtures/clients.ts';
import { ManualTimers, ScriptedTransport, settled, until } from '../fixtures/scripted-transport.ts';

/** A message of three BODY_PIECEs and a bit: its last piece and the final dot wait for the others to drain. */
const BIG = new TextEncoder().encode(`Subject: big\r\n\r\n${'x'.repeat(3 * BODY_PIECE)}\r\n`);

async function failure(
  promise: Promise<unknown>,
): Promise<{ code: string; cause?: unknown; message: string }> {
  const outcome = await settled(promise);
  expect(outcome.ok).toBe(false);
  return (outcome as { error: { code: string; message: string } }).error;
}

describe('a connection cut during a send', () => {
  const cutBeforeTheFinalDot = [
    {
      name: 'after MAIL and RCPT were sent',
      at: async (c: Awaited<ReturnType<typeof connectedClient>>) => {
        const sending = c.client.send(ENVELOPE, MESSAGE);
        await c.script.expectSent('MAIL FROM:<alice@example.org> SIZE=23\r\nRCPT TO:<bob@example.org>\r\n');
        return { sending };
      },
    },
    {
      name: 'after DATA was sent, before its 354',
      at: async (c: Awaited<ReturnType<typeof connectedClient>>) => {
        const sending = c.client.send(ENVELOPE, MESSAGE);
        await c.script.expectSent('MAIL FROM:<alice@example.org> SIZE=23\r\nRCPT TO:<bob@example.org>\r\n');
        c.script.serverSend('250 Ok\r\n250 Ok\r\n');
        await c.script.expectSent('DATA\r\n');
        return { sending };
      },
    },
    {
      name: 'while the body is still in the transport, the final dot held back',
      at: async (c: Awaited<ReturnType<typeof connectedClient>>) => {
        c.script.buffered = 10_000;
        const { sending } = await sendUpToBody(c, BIG);
        await until(() => c.timers.delays().includes(20), 'the client to wait for the body to drain');
        return { sending };
      },
    },
  ];

  it.each(cutBeforeTheFinalDot)('$name: SMTP_CONNECTION_CLOSED, never OUTCOME_UNKNOWN', async ({ at }) => {
    const connected = await connectedClient();
    const { sending } = await at(connected);
    connected.script.serverClose();
    expect(await failure(sending)).toMatchObject({ code: SmtpErrorCodes.CONNECTION_CLOSED });
    expect(connected.script.sent()).not.toMatch(/\r\n\.\r\n$/);
  });

  it('in the middle of a body written in pieces: the rest and the final dot never go out', async () => {
    const connected = await connectedClient(['PIPELINING']);
    connected.script.onWrite = (bytes) => {
      if (bytes.length >= BODY_PIECE) connected.script.serverClose();
    };
    const { sending } = await sendUpToBody(connected, BIG);
    expect(await failure(sending)).toMatchObject({ code: SmtpErrorCodes.CONNECTION_CLOSED });
    const bodyWrites = connected.script.writes.filter((w) => w.length >= BODY_PIECE);
    expect(bodyWrites).toHaveLength(1);
    expect(connected.script.sent()).not.toMatch(/\r\n\.\r\n$/);
  });

  it('the final dot goes once the transport has drained the body, not before', async () => {
    const connected = await connectedClient();
    connected.script.buffered = 5000;
    const { sending } = await sendUpToBody(connected, BIG);
    await until(() => connected.timers.delays().includes(20), 'a drain poll');
    expect(connected.script.sent()).not.toMatch(/\r\n\.\r\n$/);
    connected.script.buffered = 0;
    connected.timers.fire(20);
    await until(() => connected.script.sent().endsWith('xxx\r\n.\r\n'), 'the final dot');
    connected.script.serverSend('250 2.0.0 Ok: queued\r\n');
    expect(await settled(sending)).toMatchObject({ ok: true, value: { reply: { code: 250 } } });
  });

  it('after the final dot: SMTP_OUTCOME_UNKNOWN, with the cut as its cause', async () => {
    const connected = await connectedClient();
    const { sending } = await sendUpToFinalDot(connected);
    connected.script.serverClose();
    const error = await failure(sending);
    expect(error).toMatchObject({
      code: SmtpErrorCodes.OUTCOME_UNKNOWN,
      cause: { code: SmtpErrorCodes.CONNECTION_CLOSED },
    });
    expect(error.message).toMatch(/may or may not have been sent/);
  });

  it('after the final dot, by the client itself (close()): SMTP_OUTCOME_UNKNOWN too', async () => {
    const connected = await connectedClient();
    const { sending } = await sendUpToFinalDot(connected);
    connected.client.close();
    expect(await failure(sending)).toMatchObject({ code: SmtpErrorCodes.OUTCOME_UNKNOWN });
  });

  it('a reply before the final dot is a refusal; the connection is then dropped', async () => {
    const connected = await connectedClient();
    connected.script.buffered = 10_000;
    const { sending } = await sendUpToBody(connected, BIG);
    connected.script.serverSend('552 5.3.4 Message size exceeds fixed limit\r\n');
    const error = await failure(sending);
    expect(error).toMatchObject({ code: SmtpErrorCodes.MESSAGE_REFUSED, temporary: false });
    expect(connected.client.closed).toBe(true);
    expect(connected.script.closedByClient).toBe(true);
    expect(connected.script.sent()).not.toMatch(/\r\n\.\r\n$/);
  });

  it.each([
    [4011, 'IMAP_TIMEOUT', SmtpErrorCodes.TIMEOUT],
    [4020, 'IMAP_TLS', SmtpErrorCodes.TLS],
    [4012, 'IMAP_TRANSPORT', SmtpErrorCodes.CONNECTION_CLOSED],
  ] as const)(
    'a proxy close code %i (%s) becomes %s, with the code kept',
    async (closeCode, imapCode, code) => {
      const connected = await connectedClient();
      const sending = connected.client.send(ENVELOPE, MESSAGE);
      await until(() => connected.script.sent().includes('RCPT'), 'RCPT');
      connected.script.serverClose(new ConnectionError(imapCode, 'the proxy says no', closeCode));
      expect(await failure(sending)).toMatchObject({
        code,
        transportCode: closeCode,
        message: 'the proxy says no',
      });
    },
  );
});

describe('a server that goes silent (response watchdog, manual timers)', () => {
  it('no greeting: SMTP_TIMEOUT after responseTimeoutMs', async () => {
    const script = new ScriptedTransport();
    const timers = new ManualTimers();
    const connecting = SmtpClient.connect(script.transport, { timers, responseTimeoutMs: 5000 });
    expect(timers.delays()).toEqual([5000]);
    timers.fire(5000);
    expect(await failure(connecting)).toMatchObject({ code: SmtpErrorCodes.TIMEOUT });
    expect(script.closedByClient).toBe(true);
  });

  it('no reply to RCPT: SMTP_TIMEOUT, not OUTCOME_UNKNOWN, after one to two periods', async () => {
    const connected = await connectedClient();
    const sending = connected.client.send(ENVELOPE, MESSAGE);
    await until(() => connected.script.sent().includes('RCPT'), 'RCPT');
    connected.script.serverSend('250 2.1.0 Ok\r\n'); // heard: the first period passes without a verdict
    expect(connected.timers.fire(30_000)).toBe(1);
    expect(connected.client.closed).toBe(false);
    connected.timers.fire(30_000);
    expect(await failure(sending)).toMatchObject({ code: SmtpErrorCodes.TIMEOUT });
  });

  it('no reply to the final dot: the longer period applies, then SMTP_OUTCOME_UNKNOWN', async () => {
    const connected = await connectedClient();
    const { sending } = await sendUpToFinalDot(connected);
    expect(connected.timers.delays()).toEqual([120_000]);
    connected.timers.fire(120_000);
    expect(await failure(sending)).toMatchObject({
      code: SmtpErrorCodes.OUTCOME_UNKNOWN,
      cause: { code: SmtpErrorCodes.TIMEOUT },
    });
  });

  it('a slow upload that keeps draining is not a silent server', async () => {
    const connected = await connectedClient();
    connected.script.buffered = 900_000;
    const { sending } = await sendUpToBody(connected, BIG);
    for (const left of [600_000, 300_000, 1]) {
      connected.script.buffered = left;
      connected.timers.fire(30_000);
      expect(connected.client.closed).toBe(false);
    }
    connected.timers.fire(30_000); // no progress for a whole period: the path is stuck
    expect(await failure(sending)).toMatchObject({ code: SmtpErrorCodes.TIMEOUT });
  });
});

describe('STARTTLS', () => {
  async function upToStarttls(startTls: () => Promise<void>) {
    const script = new ScriptedTransport({ secure: false, startTls });
    const timers = new ManualTimers();
    const connecting = SmtpClient.connect(script.transport, { timers });
    script.serverSend('220 mx ESMTP\r\n');
    await script.expectSent('EHLO [127.0.0.1]\r\n');
    script.serverSend(ehloReply(['STARTTLS', 'PIPELINING']));
    await script.expectSent('STARTTLS\r\n');
    return { script, timers, connecting };
  }

  it('bytes in the same read as its 220 are an injection: SMTP_TLS, no handshake', async () => {
    const { script, connecting } = await upToStarttls(() => Promise.resolve());
    script.serverSend('220 2.0.0 Ready to start TLS\r\n250-mx\r\n250 AUTH PLAIN\r\n');
    expect(await failure(connecting)).toMatchObject({ code: SmtpErrorCodes.TLS });
    expect(script.tlsStarted).toBe(0);
  });

  it('bytes after its 220 and before the handshake ends are an injection: SMTP_TLS', async () => {
    const { script, connecting } = await upToStarttls(() => new Promise<void>(() => undefined));
    script.serverSend('220 2.0.0 Ready to start TLS\r\n');
    await until(() => script.tlsStarted === 1, 'the handshake');
    script.serverSend('250 fake\r\n');
    expect(await failure(connecting)).toMatchObject({ code: SmtpErrorCodes.TLS });
  });

  it('a failed handshake: SMTP_TLS with the reason', async () => {
    const { script, connecting } = await upToStarttls(() =>
      Promise.reject(new Error('certificate has expired')),
    );
    script.serverSend('220 2.0.0 Ready to start TLS\r\n');
    const error = await failure(connecting);
    expect(error).toMatchObject({ code: SmtpErrorCodes.TLS });
    expect(error.message).toContain('certificate has expired');
  });

  it('a handshake that never ends: SMTP_TIMEOUT', async () => {
    const { script, timers, connecting } = await upToStarttls(() => new Promise<void>(() => undefined));
    script.serverSend('220 2.0.0 Ready to start TLS\r\n');
    await until(() => script.tlsStarted === 1, 'the handshake');
    timers.fire(30_000);
    timers.fire(30_000);
    expect(await failure(connecting)).toMatchObject({ code: SmtpErrorCodes.TIMEOUT });
  });

  it('refused (454): SMTP_TLS with the reply; not offered: SMTP_TLS before anything is sent', async () => {
    const { script, connecting } = await upToStarttls(() => Promise.resolve());
    script.serverSend('454 4.7.0 TLS not available due to local problem\r\n');
    expect(await failure(connecting)).toMatchObject({ code: SmtpErrorCodes.TLS, reply: { code: 454 } });

    const plain = new ScriptedTransport({ secure: false, startTls: () => Promise.resolve() });
    const connectingPlain = SmtpClient.connect(plain.transport, { timers: new ManualTimers() });
    plain.serverSend('220 mx ESMTP\r\n');
    await plain.expectSent('EHLO [127.0.0.1]\r\n');
    plain.serverSend(ehloReply(['AUTH PLAIN']));
    expect(await failure(connectingPlain)).toMatchObject({ code: SmtpErrorCodes.TLS });
    expect(plain.takeSent()).toBe('');
  });
});
