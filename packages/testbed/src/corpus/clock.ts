// Corpus dates are fixed offsets from one clock, so the corpus is byte-for-byte the same on every run.
// The demo may pass the real time instead, making the "today" messages really today.

/** The default clock: all corpus dates count back from here. */
export const CORPUS_NOW = new Date('2025-11-03T09:30:00Z');

const MINUTE = 60_000;
const DAY = 1_440 * MINUTE;

export interface Clock {
  now: Date;
  /** `days` calendar days before `now`, at hour:minute local time in a zone `tz` minutes east of UTC. */
  daysAgo(days: number, hour: number, minute: number, tz: number): Date;
  minutesAgo(minutes: number): Date;
}

export function makeClock(now: Date): Clock {
  return {
    now,
    daysAgo(days, hour, minute, tz) {
      const local = new Date(now.getTime() + tz * MINUTE - days * DAY);
      local.setUTCHours(hour, minute, (days * 7 + hour) % 60, 0);
      return new Date(local.getTime() - tz * MINUTE);
    },
    minutesAgo(minutes) {
      return new Date(now.getTime() - minutes * MINUTE);
    },
  };
}

/** Time zones of the corpus's senders, minutes east of UTC. */
export const TZ = {
  beijing: 480,
  moscow: 180,
  tokyo: 540,
  berlin: 60,
  london: 0,
  newYork: -300,
  utc: 0,
} as const;
