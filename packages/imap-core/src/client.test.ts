import { describe, expect, it } from 'vitest';
import {
  ImapClient,
  DEFAULT_IDLE_RENEW_MS,
  DEFAULT_IDLE_RESUME_DELAY_MS,
  DEFAULT_RESPONSE_TIMEOUT_MS,
} from './client.ts';
import { ErrorCodes } from './errors.ts';
import type { TraceEvent } from './session.ts';
import { WATCHDOG_LOOKS_PER_PERIOD } from './watchdog.ts';
import { FakeTransport, ManualTimers } from '../test/fixtures/fake-transport.ts';
import type { Rule } from '../test/fixtures/fake-transport.ts';

const SECRET = 'correct horse battery staple';
const flush = () => new Promise((resolve) => setImmediate(resolve));

const baseRules: Rule[] = [
  { match: / CAPABILITY$/, reply: '* CAPABILITY IMAP4rev1 IDLE UIDPLUS\r\n$tag OK\r\n' },
  { match: / SELECT /, reply: '* 2 EXISTS\r\n* OK [UIDVALIDITY 9] v\r\n$tag OK [READ-WRITE] ok\r\n' },
  { match: / LOGOUT$/, reply: '* BYE bye\r\n$tag OK\r\n' },
  { match: / NOOP$/, reply: '$tag OK\r\n' },
];

async function client(greeting: string, rules: Rule[], trace?: TraceEvent[], timers = new ManualTimers()) {
  const transport = new FakeTransport(greeting, [...rules, ...baseRules]);
  const c = await ImapClient.connect(transport, {
    timers,
    ...(trace ? { trace: (e) => trace.push(e) } : {}),
  });
  return { c, transport, timers };
}

describe('ImapClient', () => {
  it('logs in with AUTHENTICATE PLAIN when offered and never shows the secret in traces', async () => {
    const trace: TraceEvent[] = [];
    const { c, transport } = await client(
      '* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN SASL-IR] hi\r\n',
      [{ match: /AUTHENTICATE PLAIN /, reply: '$tag OK [CAPABILITY IMAP4rev1 IDLE] welcome\r\n' }],
      trace,
    );
    await c.login('alice', SECRET);
    expect(c.state).toBe('authenticated');
    const base64 = Buffer.from(`\0alice\0${SECRET}`).toString('base64');
    expect(transport.lines.some((l) => l.includes(base64))).toBe(true);
    const text = trace.map((e) => e.text).join('\n');
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(base64);
    expect(text).toContain('AUTHENTICATE PLAIN ***');
  });

  it('keeps the LOGIN password out of traces and out of the error of a failed login', async () => {
    const trace: TraceEvent[] = [];
    const { c } = await client(
      '* OK [CAPABILITY IMAP4rev1] hi\r\n',
      [{ match: / LOGIN /, reply: '$tag NO [AUTHENTICATIONFAILED] Authentication failed.\r\n' }],
      trace,
    );
    const error = await c.login('alice', SECRET).catch((e: Error) => e);
    expect(error).toMatchObject({ code: ErrorCodes.NO, serverText: 'Authentication failed.' });
    expect(`${(error as Error).message} ${(error as Error).stack}`).not.toContain(SECRET);
    expect(trace.map((e) => e.text).join('\n')).not.toContain(SECRET);
  });

  it('re-issues IDLE before the server would time it out, and pauses it for other commands', async () => {
    const { c, transport, timers } = await client('* PREAUTH [CAPABILITY IMAP4rev1 IDLE] hi\r\n', [
      { match: / IDLE$/, reply: '+ idling\r\n' },
      { match: /^DONE$/, reply: (_l) => `${lastIdleTag(transport.lines)} OK idle done\r\n` },
    ]);
    await c.select('INBOX');
    const idle = await c.idle();
    expect(transport.lines.filter((l) => l.endsWith(' IDLE')).length).toBe(1);
    timers.fire(DEFAULT_IDLE_RENEW_MS);
    await flush();
    await flush();
    expect(transport.lines.filter((l) => l === 'DONE').length).toBe(1);
    expect(transport.lines.filter((l) => l.endsWith(' IDLE')).length).toBe(2);
    await c.noop();
    await c.noop();
    await flush();
    // A burst of commands does not re-enter IDLE between them: only once none came for a moment.
    expect(transport.lines.filter((l) => l.endsWith(' IDLE')).length).toBe(2);
    timers.fire(DEFAULT_IDLE_RESUME_DELAY_MS);
    await flush();
    await idle.stop();
    await c.logout();
    expect(transport.lines).toEqual([
      'A1 SELECT INBOX',
      'A2 IDLE',
      'DONE',
      'A3 IDLE',
      'DONE',
      'A4 NOOP',
      'A5 NOOP',
      'A6 IDLE',
      'DONE',
      'A7 LOGOUT',
    ]);
    expect(transport.closed).toBe(true);
  });

  it('fails connect with a typed error when the server says BYE', async () => {
    const transport = new FakeTransport('* BYE [UNAVAILABLE] overloaded\r\n', []);
    await expect(ImapClient.connect(transport, { timers: new ManualTimers() })).rejects.toMatchObject({
      code: ErrorCodes.BYE,
    });
    expect(transport.closed).toBe(true);
  });

  it('times out waiting for a greeting', async () => {
    const timers = new ManualTimers();
    const transport = new FakeTransport('', []);
    const connecting = ImapClient.connect(transport, { timers, greetingTimeoutMs: 1000 });
    timers.fire(1000);
    await expect(connecting).rejects.toMatchObject({ code: ErrorCodes.TIMEOUT });
  });

  it('refuses to go on without TLS when STARTTLS is required but not offered', async () => {
    const transport = Object.assign(new FakeTransport('* OK [CAPABILITY IMAP4rev1] hi\r\n', baseRules), {
      secure: false,
      startTls: () => Promise.resolve(),
    });
    await expect(ImapClient.connect(transport, { timers: new ManualTimers() })).rejects.toMatchObject({
      code: ErrorCodes.TLS,
    });
  });
});

/** The response watchdog's interval with the default timeout. */
const LOOK_MS = DEFAULT_RESPONSE_TIMEOUT_MS / WATCHDOG_LOOKS_PER_PERIOD;

/** Lets `looks` watchdog intervals pass (a whole default period by default). */
function silence(timers: ManualTimers, looks = WATCHDOG_LOOKS_PER_PERIOD): void {
  for (let i = 0; i < looks; i++) timers.fire(LOOK_MS);
}

/** A network that has stopped: close() is recorded but never reported back, as with a dead path. */
class StalledTransport extends FakeTransport {
  bufferedAmount = 0;
  override close(): void {
    this.closed = true;
  }
}

describe('ImapClient and a server that stops answering', () => {
  const idleRules: Rule[] = [{ match: / IDLE$/, reply: '+ idling\r\n' }];

  async function stalled(rules: Rule[] = []) {
    const timers = new ManualTimers();
    const transport = new StalledTransport('* PREAUTH [CAPABILITY IMAP4rev1 IDLE] hi\r\n', [
      ...rules,
      ...baseRules,
    ]);
    const c = await ImapClient.connect(transport, { timers });
    return { c, transport, timers };
  }

  it('close() rejects every pending and queued command at once, without waiting for the network', async () => {
    const { c, transport } = await stalled();
    const status = c.status('INBOX').catch((e: unknown) => e);
    const select = c.select('Archive').catch((e: unknown) => e);
    const noop = c.noop().catch((e: unknown) => e);
    c.close();
    for (const pending of [status, select, noop]) {
      expect(await pending).toMatchObject({ code: ErrorCodes.ABORTED });
    }
    expect(transport.closed).toBe(true);
    expect(c.state).toBe('logout');
    await expect(c.noop()).rejects.toMatchObject({ code: ErrorCodes.ABORTED });
  });

  it('close() during IDLE ends the IDLE loop and rejects the commands waiting for it to pause', async () => {
    const { c } = await stalled(idleRules);
    await c.select('INBOX');
    await c.idle();
    const noop = c.noop().catch((e: unknown) => e);
    c.close();
    expect(await noop).toMatchObject({ code: ErrorCodes.ABORTED });
  });

  it('drops the connection with IMAP_TIMEOUT when a response is owed and nothing comes', async () => {
    const { c, transport, timers } = await stalled();
    const status = c.status('INBOX').catch((e: unknown) => e);
    silence(timers, WATCHDOG_LOOKS_PER_PERIOD - 1);
    expect(transport.closed).toBe(false);
    silence(timers, 1);
    expect(transport.closed).toBe(true);
    expect(await status).toMatchObject({ code: ErrorCodes.TIMEOUT });
    expect(c.state).toBe('logout');
  });

  it('keeps a connection that is still sending, even slowly', async () => {
    const { c, transport, timers } = await stalled();
    const status = c.status('INBOX').catch((e: unknown) => e);
    for (let i = 0; i < 5 * WATCHDOG_LOOKS_PER_PERIOD; i++) {
      if (i % (WATCHDOG_LOOKS_PER_PERIOD - 1) === 0) transport.push('* OK still working\r\n');
      timers.fire(LOOK_MS);
    }
    expect(transport.closed).toBe(false);
    transport.push(`${transport.lines.at(-1)?.split(' ')[0] ?? ''} OK done\r\n`);
    expect(await status).toEqual({});
  });

  it('keeps a connection whose upload is draining, as for a big APPEND', async () => {
    const { c, transport, timers } = await stalled();
    transport.bufferedAmount = 3_000_000;
    const append = c.append('INBOX', 'Subject: big\r\n\r\nbody\r\n').catch((e: unknown) => e);
    for (let left = 2_900_000; left > 0; left -= 100_000) {
      transport.bufferedAmount = left;
      timers.fire(LOOK_MS);
    }
    expect(transport.closed).toBe(false);
    transport.bufferedAmount = 0;
    silence(timers, WATCHDOG_LOOKS_PER_PERIOD + 1);
    expect(transport.closed).toBe(true);
    expect(await append).toMatchObject({ code: ErrorCodes.TIMEOUT });
  });

  it('does not take a quiet IDLE for a hung server, but a DONE left unanswered is one', async () => {
    const { c, transport, timers } = await stalled(idleRules);
    await c.select('INBOX');
    const idle = await c.idle();
    silence(timers, 3 * WATCHDOG_LOOKS_PER_PERIOD);
    expect(transport.closed).toBe(false);
    const stopping = idle.stop();
    silence(timers);
    await stopping;
    expect(transport.lines.at(-1)).toBe('DONE');
    expect(transport.closed).toBe(true);
  });

  it('idle() rejects when the server refuses IDLE', async () => {
    const { c } = await stalled([{ match: / IDLE$/, reply: '$tag NO not now\r\n' }]);
    await c.select('INBOX');
    await expect(c.idle()).rejects.toMatchObject({ code: ErrorCodes.NO });
    await c.noop();
  });

  it('gives up on a TLS handshake after STARTTLS that never finishes', async () => {
    const timers = new ManualTimers();
    const transport = Object.assign(
      new StalledTransport('* OK [CAPABILITY IMAP4rev1 STARTTLS] hi\r\n', [
        { match: / STARTTLS$/, reply: '$tag OK begin TLS\r\n' },
      ]),
      { secure: false, startTls: () => new Promise<void>(() => undefined) },
    );
    const connecting = ImapClient.connect(transport, { timers });
    await flush();
    timers.fire(DEFAULT_RESPONSE_TIMEOUT_MS);
    await expect(connecting).rejects.toMatchObject({ code: ErrorCodes.TIMEOUT });
    expect(transport.closed).toBe(true);
  });

  it('with responseTimeoutMs 0, waits as long as it takes', async () => {
    const timers = new ManualTimers();
    const transport = new StalledTransport('* PREAUTH hi\r\n', baseRules);
    const c = await ImapClient.connect(transport, { timers, responseTimeoutMs: 0 });
    void c.status('INBOX').catch(() => undefined);
    expect(timers.pending.size).toBe(0);
  });
});

function lastIdleTag(lines: readonly string[]): string {
  const idle = [...lines].reverse().find((l) => l.endsWith(' IDLE'));
  return idle?.split(' ')[0] ?? '';
}
