// Sizes for people: kilobytes, megabytes, gigabytes (1024-based, as mail clients show them), in the user's
// locale. The list shows nothing smaller than 1 kB (byte counts are noise there); the reader may show bytes.

type Unit = 'byte' | 'kilobyte' | 'megabyte' | 'gigabyte';

const KIB = 1024;
const MIB = KIB * KIB;
const GIB = MIB * KIB;

const formatters = new Map<string, Intl.NumberFormat>();

function formatter(locale: string | undefined, unit: Unit, fractionDigits: number): Intl.NumberFormat {
  const key = `${locale ?? ''}\u0000${unit}\u0000${fractionDigits}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, {
      style: 'unit',
      unit,
      unitDisplay: unit === 'byte' ? 'long' : 'short',
      maximumFractionDigits: fractionDigits,
    });
    formatters.set(key, format);
  }
  return format;
}

/** "3 kB", "1.4 MB"; with smallest 'byte', sizes under 1 kB in bytes ("512 bytes"). */
export function formatSize(
  bytes: number,
  locale?: string,
  smallest: 'byte' | 'kilobyte' = 'kilobyte',
): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '';
  if (bytes < KIB && smallest === 'byte') return formatter(locale, 'byte', 0).format(bytes);
  if (bytes < MIB) return formatter(locale, 'kilobyte', 0).format(Math.max(1, Math.round(bytes / KIB)));
  const [unit, value] =
    bytes < GIB ? (['megabyte', bytes / MIB] as const) : (['gigabyte', bytes / GIB] as const);
  return formatter(locale, unit, value < 10 ? 1 : 0).format(value);
}
