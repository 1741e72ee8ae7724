// Dates in the message list, in the user's locale (Intl; `locale` undefined means the browser's): today a time,
// this year a day and month, older a full date. Formatters are built once per locale and style.

type Style = 'time' | 'dayMonth' | 'full' | 'long';

const STYLES: Readonly<Record<Style, Intl.DateTimeFormatOptions>> = {
  time: { timeStyle: 'short' },
  dayMonth: { day: 'numeric', month: 'short' },
  full: { dateStyle: 'medium' },
  long: { dateStyle: 'full', timeStyle: 'short' },
};

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string | undefined, style: Style): Intl.DateTimeFormat {
  const key = `${locale ?? ''}\u0000${style}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, STYLES[style]);
    formatters.set(key, format);
  }
  return format;
}

/** The short date of a list row; '' for an unknown date (NaN). */
export function formatListDate(ms: number, now: number, locale?: string): string {
  if (!Number.isFinite(ms)) return '';
  const date = new Date(ms);
  const today = new Date(now);
  if (date.getFullYear() !== today.getFullYear()) return formatter(locale, 'full').format(date);
  if (date.getMonth() === today.getMonth() && date.getDate() === today.getDate()) {
    return formatter(locale, 'time').format(date);
  }
  return formatter(locale, 'dayMonth').format(date);
}

/** Date and time in full, for a tooltip or an accessible name; '' for an unknown date. */
export function formatLongDate(ms: number, locale?: string): string {
  return Number.isFinite(ms) ? formatter(locale, 'long').format(new Date(ms)) : '';
}

/**
 * Milliseconds of an RFC 5322 Date header (as ENVELOPE carries it), or NaN. Comments such as "(CEST)" are
 * removed first: they are legal (RFC 5322 3.3) and make Date.parse give up.
 */
export function parseHeaderDate(value: string | null): number {
  if (value === null) return NaN;
  return Date.parse(value.replace(/\([^)]*\)/g, ' ').trim());
}
