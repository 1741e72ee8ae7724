// date-time = DQUOTE date-day-fixed "-" date-month "-" date-year SP time SP zone DQUOTE   (RFC 9051 9)
// date-day-fixed = (SP DIGIT) / 2DIGIT ; time = 2DIGIT ":" 2DIGIT ":" 2DIGIT ; zone = ("+" / "-") 4DIGIT
//
// INTERNALDATE, read byte by byte into milliseconds since the epoch (no Date parsing of strings, whose accepted
// formats differ between engines).

import type { Reader } from '../reader.ts';

const MONTHS = 'JANFEBMARAPRMAYJUNJULAUGSEPOCTNOVDEC';

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
  let month = -1;
  if (bytes[p] === 0x2d && bytes[p + 4] === 0x2d) {
    for (let m = 0; m < 12; m++) {
      if (
        ((bytes[p + 1] as number) & 0xdf) === MONTHS.charCodeAt(m * 3) &&
        ((bytes[p + 2] as number) & 0xdf) === MONTHS.charCodeAt(m * 3 + 1) &&
        ((bytes[p + 3] as number) & 0xdf) === MONTHS.charCodeAt(m * 3 + 2)
      ) {
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
    reader.fail('date-time "dd-Mon-yyyy hh:mm:ss +zzzz"', start);
  }
  reader.pos = p + 25;
  return Date.UTC(year, month, day, hour, minute, sec) - sign * (zoneHours * 60 + zoneMinutes) * 60_000;
}
