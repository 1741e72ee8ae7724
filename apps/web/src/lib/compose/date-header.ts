// The Date field (RFC 5322 3.3): `Fri, 4 Dec 2026 10:00:00 +0300`, in the sender's own offset, as every
// mail client writes it (the offset tells the reader the sender's local time of day).

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

const two = (n: number): string => String(n).padStart(2, '0');

/** `offsetMinutes`: east of UTC, e.g. 180 for Moscow, -300 for New York in winter. */
export function formatDateHeader(date: Date, offsetMinutes = -date.getTimezoneOffset()): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('the message date is not a valid date');
  // The local wall-clock time in that offset, read through UTC getters.
  const local = new Date(date.getTime() + offsetMinutes * 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return (
    `${DAYS[local.getUTCDay()]}, ${local.getUTCDate()} ${MONTHS[local.getUTCMonth()]} ${local.getUTCFullYear()} ` +
    `${two(local.getUTCHours())}:${two(local.getUTCMinutes())}:${two(local.getUTCSeconds())} ` +
    `${sign}${two(Math.floor(abs / 60))}${two(abs % 60)}`
  );
}
