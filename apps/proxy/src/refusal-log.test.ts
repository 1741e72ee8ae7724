import { describe, expect, it } from 'vitest';
import { createLogger, type LogRecord } from './log.ts';
import { FULL_LINES, RefusalLog } from './refusal-log.ts';

function setUp(): { refusals: RefusalLog; records: LogRecord[] } {
  const records: LogRecord[] = [];
  return { refusals: new RefusalLog(createLogger((record) => records.push(record))), records };
}

const refused = (refusals: RefusalLog, client: string, reason: string, now: number): void =>
  refusals.note('upgrade refused', client, reason, { status: 404, code: 4001, reason }, now);

describe('RefusalLog', () => {
  it('logs the first refusals of a kind in full and counts the rest into one line per sweep', () => {
    const { refusals, records } = setUp();
    for (let i = 0; i < 1_000; i++) refused(refusals, '198.51.100.1', 'unknown upstream', 0);
    expect(records).toHaveLength(FULL_LINES);
    expect(records[0]).toMatchObject({
      msg: 'upgrade refused',
      client: '198.51.100.1',
      status: 404,
      code: 4001,
      reason: 'unknown upstream',
    });
    refusals.sweep(1_000);
    expect(records.slice(FULL_LINES)).toEqual([
      expect.objectContaining({
        msg: 'upgrade refused: more not logged',
        client: '198.51.100.1',
        reason: 'unknown upstream',
        count: 1_000 - FULL_LINES,
      }),
    ]);
    refusals.sweep(2_000);
    expect(records).toHaveLength(FULL_LINES + 1);
  });

  it('tallies each client and reason apart, an IPv6 /64 as one client', () => {
    const { refusals, records } = setUp();
    for (let i = 0; i < FULL_LINES; i++) {
      refused(refusals, `2001:db8::${i}`, 'unknown upstream', 0);
      refused(refusals, '198.51.100.2', 'origin not allowed', 0);
    }
    refused(refusals, '2001:db8::ff', 'unknown upstream', 0);
    refused(refusals, '198.51.100.3', 'origin not allowed', 0);
    expect(records).toHaveLength(2 * FULL_LINES + 1);
  });

  it('forgets a client quiet for a minute, whose next refusal is logged in full again', () => {
    const { refusals, records } = setUp();
    for (let i = 0; i <= FULL_LINES; i++) refused(refusals, '198.51.100.4', 'unknown upstream', 0);
    refusals.sweep(30_000);
    refusals.sweep(90_000);
    const before = records.length;
    refused(refusals, '198.51.100.4', 'unknown upstream', 91_000);
    expect(records.slice(before)).toEqual([expect.objectContaining({ msg: 'upgrade refused' })]);
  });

  it('keeps its memory bounded against many addresses, counting the overflow together', () => {
    const { refusals, records } = setUp();
    for (let i = 0; i < 10_050; i++) refused(refusals, `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`, 'x', 0);
    expect(records).toHaveLength(10_000);
    refusals.sweep(1);
    expect(records.at(-1)).toMatchObject({ client: '*', count: 50 });
  });
});
