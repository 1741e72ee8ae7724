// Message sizes for the list: kilobytes or megabytes (1024-based, as mail clients show them), in the user's
// locale. Anything under a kilobyte shows as 1 kB: byte counts are noise in a list.

type Unit = 'kilobyte' | 'megabyte';

const formatters = new Map<string, Intl.NumberFormat>();

function formatter(locale: string | undefined, unit: Unit, fractionDigits: number): Intl.NumberFormat {
  const key = `${locale ?? ''}\u0000${unit}\u0000${fractionDigits}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, {
      style: 'unit',
      unit,
      unitDisplay: 'short',
      maximumFractionDigits: fractionDigits,
    });
    formatters.set(key, format);
  }
  return format;
}

export function formatSize(bytes: number, locale?: string): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '';
  if (bytes < 1024 * 1024)
    return formatter(locale, 'kilobyte', 0).format(Math.max(1, Math.round(bytes / 1024)));
  const megabytes = bytes / (1024 * 1024);
  return formatter(locale, 'megabyte', megabytes < 10 ? 1 : 0).format(megabytes);
}
