// date-time = DQUOTE date-day-fixed "-" date-month "-" date-year SP time SP zone DQUOTE   (RFC 9051 9)
// date-day-fixed = (SP DIGIT) / 2DIGIT ; time = 2DIGIT ":" 2DIGIT ":" 2DIGIT ; zone = ("+" / "-") 4DIGIT
//
// INTERNALDATE, read byte by byte into milliseconds since the epoch (no Date parsing of strings, whose accepted
// formats differ between engines).

import type { Reader } from '../reader.ts';

const MONTHS = 'JANFEBMARAPRMAYJUNJULAUGSEPOCTNOVDEC';
/** Each month's three letters as one number, upper-case: a month is found by 12 integer compares. */
const MONTH_CODES = Int32Array.from({ length: 12 }, (_, m) => packed(MONTHS, m * 3));

function packed(letters: string, at: number): number {
  return (letters.charCodeAt(at) << 16) | (letters.charCodeAt(at + 1) << 8) | letters.charCodeAt(at + 2);
}

const MS_PER_DAY = 86_400_000;

/**
 * Date.UTC(year, month, 1), remembered for the last year and month asked: a folder's dates come a month at a
 * time, and Date.UTC was the largest cost of reading 100,000 INTERNALDATEs. Date.UTC(y, m, d, h, mi, s) is
 * exactly this plus (d - 1) days, h hours, mi minutes and s seconds (ECMA-262 MakeDay, MakeTime, MakeDate),
 * its two-digit-year rule included.
 */
let cachedYear = -1;
let cachedMonth = -1;
let cachedMonthStart = 0;
function monthStart(year: number, month: number): number {
  if (year !== cachedYear || month !== cachedMonth) {
    cachedMonthStart = Date.UTC(year, month, 1);
    cachedYear = year;
    cachedMonth = month;
  }
  return cachedMonthStart;
}

/** The value of `count` ASCII digits at bytes[from], or -1 if any of them is not a digit. */
function digits(bytes: Uint8Array, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const d = (bytes[i] as number) - 0x30;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/**
 * `-Mon-YYYY HH:MM:SS +ZZZZ"` at bytes[p, p + 25) after a day of the month, as milliseconds since the epoch;
 * NaN when it does not match. The caller has checked that the 25 bytes are there.
 */
function afterDay(bytes: Uint8Array, p: number, day: number): number {
  let month = -1;
  if (bytes[p] === 0x2d && bytes[p + 4] === 0x2d) {
    const code =
      (((bytes[p + 1] as number) & 0xdf) << 16) |
      (((bytes[p + 2] as number) & 0xdf) << 8) |
      ((bytes[p + 3] as number) & 0xdf);
    for (let m = 0; m < 12; m++) {
      if (MONTH_CODES[m] === code) {
        month = m;
        break;
      }
    }
  }
  const year = digits(bytes, p + 5, 4);
  const hour = digits(bytes, p + 10, 2);
  const minute = digits(bytes, p + 13, 2);
  const sec = digits(bytes, p + 16, 2);
  const sign = bytes[p + 19] === 0x2d ? -1 : bytes[p + 19] === 0x2b ? 1 : 0;
  const zoneHours = digits(bytes, p + 20, 2);
  const zoneMinutes = digits(bytes, p + 22, 2);
  if (
    month < 0 ||
    year < 0 ||
    bytes[p + 9] !== 0x20 ||
    hour < 0 ||
    hour > 23 ||
    bytes[p + 12] !== 0x3a ||
    minute < 0 ||
    minute > 59 ||
    bytes[p + 15] !== 0x3a ||
    sec < 0 ||
    sec > 60 ||
    bytes[p + 18] !== 0x20 ||
    sign === 0 ||
    zoneHours < 0 ||
    zoneMinutes < 0 ||
    zoneMinutes > 59 ||
    bytes[p + 24] !== 0x22
  ) {
    return NaN;
  }
  return (
    monthStart(year, month) +
    (day - 1) * MS_PER_DAY +
    ((hour * 60 + minute - sign * (zoneHours * 60 + zoneMinutes)) * 60 + sec) * 1000
  );
}

/**
 * A date-time in its usual form, `"dd-Mon-yyyy hh:mm:ss +zzzz"` (28 bytes from the DQUOTE at bytes[at], the
 * day two digits or SP and a digit), as milliseconds since the epoch; NaN for anything else, which
 * readDateTime then reads or rejects. For FETCH's fast path (fetch.ts); `end` is where the content ends.
 */
export function usualDateTimeAt(bytes: Uint8Array, at: number, end: number): number {
  if (at + 28 > end || bytes[at] !== 0x22) return NaN;
  const tens = bytes[at + 1] === 0x20 ? 0 : digits(bytes, at + 1, 1);
  const ones = digits(bytes, at + 2, 1);
  const day = tens * 10 + ones;
  if (tens < 0 || ones < 0 || day < 1 || day > 31) return NaN;
  return afterDay(bytes, at + 3, day);
}

export function readDateTime(reader: Reader): number {
  const bytes = reader.bytes;
  const start = reader.pos;
  reader.expect(0x22, 'DQUOTE of date-time');
  let p = reader.pos;
  // date-day-fixed; a one-digit day without the leading space is tolerated.
  if (bytes[p] === 0x20) p++;
  let day = digits(bytes, p, 1);
  p++;
  const second = digits(bytes, p, 1);
  if (second >= 0 && day >= 0) {
    day = day * 10 + second;
    p++;
  }
  // The rest has a fixed layout: -Mon-YYYY HH:MM:SS +ZZZZ"
  if (day < 1 || day > 31 || p + 25 > reader.end) reader.fail('date-day-fixed in date-time', start);
  const time = afterDay(bytes, p, day);
  if (Number.isNaN(time)) reader.fail('date-time "dd-Mon-yyyy hh:mm:ss +zzzz"', start);
  reader.pos = p + 25;
  return time;
}
