import { describe, expect, it } from 'vitest';
import { formatListDate, formatLongDate, parseHeaderDate } from './dates.ts';

const now = new Date(2025, 10, 3, 15, 0).getTime(); // 3 Nov 2025, 15:00 local time

describe('formatListDate', () => {
  it.each([
    ['today: the time', new Date(2025, 10, 3, 9, 5), 'en-US', '9:05 AM'],
    ['today in German: a 24-hour time', new Date(2025, 10, 3, 9, 5), 'de-DE', '09:05'],
    ['yesterday: day and month', new Date(2025, 10, 2, 23, 59), 'en-US', 'Nov 2'],
    ['this year: day and month', new Date(2025, 0, 14), 'en-GB', '14 Jan'],
    ['an earlier year: the full date', new Date(2023, 6, 9), 'en-US', 'Jul 9, 2023'],
    ['an earlier year in Russian', new Date(2023, 6, 9), 'ru-RU', '9 июл. 2023 г.'],
    ['an earlier year in Chinese', new Date(2023, 6, 9), 'zh-CN', '2023年7月9日'],
  ])('%s', (_name, date, locale, expected) => {
    expect(formatListDate(date.getTime(), now, locale)).toBe(expected);
  });

  it('is empty for an unknown date', () => {
    expect(formatListDate(NaN, now, 'en-US')).toBe('');
    expect(formatLongDate(NaN, 'en-US')).toBe('');
  });
});

describe('parseHeaderDate', () => {
  it.each([
    ['Mon, 3 Nov 2025 09:00:00 +0800', Date.UTC(2025, 10, 3, 1, 0)],
    ['Tue, 1 Jul 2003 10:52:37 +0200 (CEST)', Date.UTC(2003, 6, 1, 8, 52, 37)],
  ])('reads %s', (value, expected) => {
    expect(parseHeaderDate(value)).toBe(expected);
  });

  it('gives NaN for a missing or unreadable date', () => {
    expect(parseHeaderDate(null)).toBeNaN();
    expect(parseHeaderDate('the day after tomorrow')).toBeNaN();
  });
});
