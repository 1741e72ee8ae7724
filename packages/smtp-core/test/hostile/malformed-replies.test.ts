// Hostile and broken servers, part 1: replies the grammar (RFC 5321 4.2) or our limits do not allow, at every
// point they can come. Each ends in a typed error with a stable code, the connection dropped, no hang (every
// outcome is awaited through a bounded number of turns); after the final dot the same bytes leave the
// message's fate unknown, and the error says so.

import { describe, expect, it } from 'vitest';
import { SmtpClient } from '../../src/client.ts';
import { SmtpErrorCodes } from '../../src/errors.ts';
import { ENVELOPE, MESSAGE, connectedClient, sendUpToFinalDot } from '../fixtures/clients.ts';
import {
  ManualTimers,
  ScriptedTransport,
  chunkings,
  settled,
  until,
} from '../fixtures/scripted-transport.ts';

const malformed: readonly { readonly name: string; readonly bytes: string }[] = [
  { name: 'garbage instead of a reply', bytes: 'hello there\r\n' },
  { name: 'a non-numeric code', bytes: '2x0 ok\r\n' },
  { name: 'a two-digit code', bytes: '25 ok\r\n' },
  { name: 'a code outside 2xx-5xx', bytes: '600 ok\r\n' },
  { name: 'a code whose second digit is above 5', bytes: '260 ok\r\n' },
  { name: 'a code followed by neither a space nor a hyphen', bytes: '250_ok\r\n' },
  { name: 'a multiline reply that changes its code', bytes: '250-first\r\n251 second\r\n' },
  { name: 'a bare LF line end', bytes: '250 ok\n' },
  { name: 'a NUL byte', bytes: '250 o\0k\r\n' },
  { name: 'a bare CR inside a line', bytes: '250 o\rk\r\n' },
  { name: 'a reply line over 4096 bytes', bytes: `250 ${'x'.repeat(5000)}\r\n` },
  { name: 'an unterminated line over 4096 bytes', bytes: `250-${'x'.repeat(5000)}` },
  { name: 'a reply of more than 128 lines', bytes: `${'250-x\r\n'.repeat(200)}250 end\r\n` },
];

const cuts = ['whole', 'byte by byte'] as const;
const cases = malformed.flatMap((m) => cuts.map((cut) => ({ ...m, cut })));

async function rejectsWith(promise: Promise<unknown>, what: string) {
  const outcome = await settled(promise, what);
  expect(outcome.ok).toBe(false);
  return (outcome as { error: { code: string; cause?: { code?: string } } }).error;
}

describe('a malformed reply closes the session with SMTP_PROTOCOL', () => {
  it.each(cases)('as the greeting: $name, fed $cut', async ({ bytes, cut }) => {
    const script = new ScriptedTransport();
    const connecting = SmtpClient.connect(script.transport, { timers: new ManualTimers() });
    script.serverSend(bytes, chunkings[cut]);
    expect(await rejectsWith(connecting, 'connect')).toMatchObject({ code: SmtpErrorCodes.PROTOCOL });
    expect(script.closedByClient).toBe(true);
  });

  it.each(cases)('as the EHLO reply: $name, fed $cut', async ({ bytes, cut }) => {
    const script = new ScriptedTransport();
    const connecting = SmtpClient.connect(script.transport, { timers: new ManualTimers() });
    script.serverSend('220 mx ESMTP\r\n');
    await until(() => script.sent() === 'EHLO [127.0.0.1]\r\n', 'EHLO');
    script.serverSend(bytes, chunkings[cut]);
    expect(await rejectsWith(connecting, 'connect')).toMatchObject({ code: SmtpErrorCodes.PROTOCOL });
    expect(script.closedByClient).toBe(true);
  });

  it.each(cases)('as the reply to MAIL FROM: $name, fed $cut', async ({ bytes, cut }) => {
    const connected = await connectedClient();
    const sending = connected.client.send(ENVELOPE, MESSAGE);
    await connected.script.expectSent(
      'MAIL FROM:<alice@example.org> SIZE=23\r\nRCPT TO:<bob@example.org>\r\n',
    );
    connected.script.serverSend(bytes, chunkings[cut]);
    expect(await rejectsWith(sending, 'send')).toMatchObject({ code: SmtpErrorCodes.PROTOCOL });
    expect(connected.client.closed).toBe(true);
    expect(connected.script.closedByClient).toBe(true);
    expect(connected.script.takeSent()).toBe('');
  });

  it.each(cases)(
    'as the reply to the final dot, the outcome is unknown: $name, fed $cut',
    async ({ bytes, cut }) => {
      const connected = await connectedClient();
      const { sending } = await sendUpToFinalDot(connected);
      connected.script.serverSend(bytes, chunkings[cut]);
      const error = await rejectsWith(sending, 'send');
      expect(error).toMatchObject({
        code: SmtpErrorCodes.OUTCOME_UNKNOWN,
        cause: { code: SmtpErrorCodes.PROTOCOL },
      });
      expect(connected.script.closedByClient).toBe(true);
    },
  );
});

describe('replies out of place', () => {
  it('a reply to no command closes the session, and the next send fails with it', async () => {
    const { client, script } = await connectedClient();
    script.serverSend('250 2.0.0 surprise\r\n');
    expect(client.closed).toBe(true);
    const error = await rejectsWith(client.send(ENVELOPE, MESSAGE), 'send');
    expect(error).toMatchObject({ code: SmtpErrorCodes.PROTOCOL });
    expect(script.takeSent()).toBe('');
  });

  it('one reply more than the pipelined commands closes the session before DATA', async () => {
    const { client, script } = await connectedClient();
    const sending = client.send(ENVELOPE, MESSAGE);
    await script.expectSent('MAIL FROM:<alice@example.org> SIZE=23\r\nRCPT TO:<bob@example.org>\r\n');
    script.serverSend('250 Ok\r\n250 Ok\r\n250 Ok\r\n');
    expect(await rejectsWith(sending, 'send')).toMatchObject({ code: SmtpErrorCodes.PROTOCOL });
    expect(script.takeSent()).toBe('');
  });

  it('a reply of the wrong class (354 to MAIL FROM) closes the session', async () => {
    const { client, script } = await connectedClient();
    const sending = client.send(ENVELOPE, MESSAGE);
    await script.expectSent('MAIL FROM:<alice@example.org> SIZE=23\r\nRCPT TO:<bob@example.org>\r\n');
    script.serverSend('354 go ahead\r\n250 Ok\r\n');
    expect(await rejectsWith(sending, 'send')).toMatchObject({ code: SmtpErrorCodes.PROTOCOL });
    expect(client.closed).toBe(true);
  });

  it('a 250 to DATA (instead of 354) is a protocol error, not a sent message', async () => {
    const { client, script } = await connectedClient();
    const sending = client.send(ENVELOPE, MESSAGE);
    await script.expectSent('MAIL FROM:<alice@example.org> SIZE=23\r\nRCPT TO:<bob@example.org>\r\n');
    script.serverSend('250 Ok\r\n250 Ok\r\n');
    await script.expectSent('DATA\r\n');
    script.serverSend('250 2.0.0 Ok: queued\r\n');
    expect(await rejectsWith(sending, 'send')).toMatchObject({ code: SmtpErrorCodes.PROTOCOL });
    expect(script.takeSent()).toBe('');
  });

  it('a greeting other than 220 that is no refusal (250) is a protocol error', async () => {
    const script = new ScriptedTransport();
    const connecting = SmtpClient.connect(script.transport, { timers: new ManualTimers() });
    script.serverSend('250 mx hello\r\n');
    expect(await rejectsWith(connecting, 'connect')).toMatchObject({ code: SmtpErrorCodes.PROTOCOL });
  });

  it('a 421 greeting is a refusal (temporary), and QUIT is sent as RFC 5321 3.1 asks', async () => {
    const script = new ScriptedTransport();
    const connecting = SmtpClient.connect(script.transport, { timers: new ManualTimers() });
    script.serverSend('421 4.3.2 mx busy, try later\r\n');
    const error = await rejectsWith(connecting, 'connect');
    expect(error).toMatchObject({
      code: SmtpErrorCodes.GREETING_REFUSED,
      temporary: true,
      reply: { code: 421 },
    });
    expect(script.sent()).toBe('QUIT\r\n');
  });

  it('a second challenge to AUTH PLAIN is cancelled with "*" (RFC 4954 4), not answered', async () => {
    const { client, script } = await connectedClient();
    const login = client.authenticate({ username: 'alice', password: 'secret' });
    await script.expectSent('AUTH PLAIN AGFsaWNlAHNlY3JldA==\r\n');
    script.serverSend('334 \r\n');
    await script.expectSent('*\r\n');
    script.serverSend('501 5.7.0 Authentication aborted\r\n');
    expect(await rejectsWith(login, 'authenticate')).toMatchObject({ code: SmtpErrorCodes.AUTH_FAILED });
    expect(client.closed).toBe(false);
  });
});
