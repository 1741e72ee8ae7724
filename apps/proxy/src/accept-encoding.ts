// Which content coding to send for an Accept-Encoding header (RFC 9110 §12.5.3), among the ones the
// server has: the highest q wins, ties go to the server's order (`available` is best first); q=0 refuses
// a coding, `*` stands for every coding not named. No header, or none acceptable: null (the file as is).

interface Weighted {
  readonly coding: string;
  readonly q: number;
}

function parseQ(parameters: string[]): number {
  for (const parameter of parameters) {
    const [name = '', value = ''] = parameter.split('=', 2).map((part) => part.trim());
    if (name.toLowerCase() !== 'q') continue;
    const q = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/.test(value) ? Number(value) : NaN;
    return Number.isNaN(q) ? 0 : q;
  }
  return 1;
}

function parseAcceptEncoding(header: string): Weighted[] {
  return header
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0)
    .map((item) => {
      const [coding = '', ...parameters] = item.split(';');
      const name = coding.trim().toLowerCase();
      // RFC 9110 §8.4.1.3: x-gzip is gzip.
      return { coding: name === 'x-gzip' ? 'gzip' : name, q: parseQ(parameters) };
    });
}

export function preferredEncoding<T extends string>(
  header: string | undefined,
  available: readonly T[],
): T | null {
  if (header === undefined || available.length === 0) return null;
  const weights = parseAcceptEncoding(header);
  const named = new Map(weights.map(({ coding, q }) => [coding, q]));
  const wildcard = named.get('*') ?? 0;
  let best: T | null = null;
  let bestQ = 0;
  for (const coding of available) {
    const q = named.get(coding) ?? wildcard;
    if (q > bestQ) {
      best = coding;
      bestQ = q;
    }
  }
  return best;
}
