// A stalled command fails within about 30 s (the default response timeout, checked every sixth of it), however
// it stalls: an IDLE whose "+ idling" never comes, a synchronizing literal whose continuation never comes, a
// literal from the server that stops half-way. Each used to take up to 120 s when it began just after other
// traffic. Time here is the test's: timers fire when told, nothing waits on the clock.

import { describe, expect, it } from 'vitest';
import { DEFAULT_RESPONSE_TIMEOUT_MS, ImapClient } from './client.ts';
import { ErrorCodes } from './errors.ts';
import { WATCHDOG_LOOKS_PER_PERIOD } from './watchdog.ts';
import { FakeTransport, ManualTimers } from '../test/fixtures/fake-transport.ts';
import type { Rule } from '../test/fixtures/fake-transport.ts';

const LOOK_MS = DEFAULT_RESPONSE_TIMEOUT_MS / WATCHDOG_LOOKS_PER_PERIOD;

/** A server that answers what `rules` cover and is silent otherwise; close() is never reported back. */
class SilentTransport extends FakeTransport {
  override close(): void {
    this.closed = true;
  }
}

const rules: Rule[] = [
  { match: / SELECT /, reply: '* 2 EXISTS\r\n* OK [UIDVALIDITY 9] v\r\n$tag OK [READ-WRITE] ok\r\n' },
  { match: / NOOP$/, reply: '$tag OK\r\n' },
];

async function stalledAfterTraffic(capabilities: string) {
  const timers = new ManualTimers();
  const transport = new SilentTransport(`* PREAUTH [CAPABILITY IMAP4rev1 ${capabilities}] hi\r\n`, rules);
  const client = await ImapClient.connect(transport, { timers });
  // Traffic just before the stall: the watchdog has heard from the server in its current interval.
  await client.select('INBOX');
  return { client, transport, timers };
}

/** Fires watchdog intervals until the transport closes; returns how long that took in the test's time. */
function msUntilClosed(transport: FakeTransport, timers: ManualTimers): number {
  let elapsed = 0;
  while (!transport.closed && elapsed < 10 * DEFAULT_RESPONSE_TIMEOUT_MS) {
    timers.fire(LOOK_MS);
    elapsed += LOOK_MS;
  }
  return elapsed;
}

describe('a command that stalls right after other traffic', () => {
  it('fails with IMAP_TIMEOUT between 30 and 35 s when it is an IDLE whose "+ idling" never comes', async () => {
    const { client, transport, timers } = await stalledAfterTraffic('IDLE');
    const idle = client.idle().catch((e: unknown) => e);
    const elapsed = msUntilClosed(transport, timers);
    expect(elapsed).toBeGreaterThanOrEqual(DEFAULT_RESPONSE_TIMEOUT_MS);
    expect(elapsed).toBeLessThanOrEqual(35_000);
    expect(await idle).toMatchObject({ code: ErrorCodes.TIMEOUT });
  });

  it('fails between 30 and 35 s when it is a literal waiting for its continuation', async () => {
    const { client, transport, timers } = await stalledAfterTraffic('UIDPLUS');
    const append = client.append('INBOX', 'Subject: x\r\n\r\nbody\r\n').catch((e: unknown) => e);
    expect(transport.lines.at(-1)).toMatch(/^A\d+ APPEND INBOX \{\d+\}$/);
    const elapsed = msUntilClosed(transport, timers);
    expect(elapsed).toBeGreaterThanOrEqual(DEFAULT_RESPONSE_TIMEOUT_MS);
    expect(elapsed).toBeLessThanOrEqual(35_000);
    expect(await append).toMatchObject({ code: ErrorCodes.TIMEOUT });
  });

  it('fails between 30 and 35 s after the last byte of a literal from the server that stops half-way', async () => {
    const { client, transport, timers } = await stalledAfterTraffic('UIDPLUS');
    const fetch = client.fetch([{ start: 1, end: 1 }], { sections: [{}] }).catch((e: unknown) => e);
    const tagged = transport.lines.at(-1) ?? '';
    expect(tagged).toMatch(/UID FETCH 1 /);
    // Half of the literal, one look apart: each piece counts as the server still talking.
    for (const piece of ['* 1 FETCH (UID 1 BODY[] {100}\r\n', 'x'.repeat(20), 'y'.repeat(20)]) {
      transport.push(piece);
      timers.fire(LOOK_MS);
    }
    const elapsed = msUntilClosed(transport, timers);
    expect(elapsed).toBeGreaterThanOrEqual(DEFAULT_RESPONSE_TIMEOUT_MS - LOOK_MS);
    expect(elapsed).toBeLessThanOrEqual(35_000);
    expect(await fetch).toMatchObject({ code: ErrorCodes.TIMEOUT });
  });

  it('keeps waiting as long as the server keeps sending, whatever the total time', async () => {
    const { client, transport, timers } = await stalledAfterTraffic('UIDPLUS');
    const fetch = client.fetch([{ start: 1, end: 1 }], { sections: [{}] });
    transport.push('* 1 FETCH (UID 1 BODY[] {100}\r\n');
    for (let i = 0; i < 100; i++) {
      transport.push('z');
      timers.fire(LOOK_MS);
    }
    expect(transport.closed).toBe(false);
    transport.push(`)\r\n${transport.lines.at(-1)?.split(' ')[0]} OK done\r\n`);
    expect((await fetch).messages[0]?.attributes.sections?.[0]?.data?.length).toBe(100);
  });
});
