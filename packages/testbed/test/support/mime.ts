import iconv from 'iconv-lite';

// A small, independent MIME reader for checking the corpus against its `expect` without Dovecot:
// header unfolding, RFC 2047 words (adjacent words joined, as lenient clients do), RFC 2231 parameters,
// transfer decodings, multipart recursion. Written separately from src/corpus on purpose.

export interface MimePart {
  headers: Map<string, string[]>;
  /** Raw header bytes per name (for 8-bit headers). */
  rawHeaders: Map<string, Buffer[]>;
  type: string;
  params: Map<string, string>;
  /** Body after Content-Transfer-Encoding decoding. */
  body: Buffer;
  parts: MimePart[];
}

export function decodeCharset(bytes: Buffer, charset: string): string {
  const name = charset.toLowerCase();
  if (name === 'iso-2022-jp') {
    let out = '';
    let jis = false;
    for (let i = 0; i < bytes.length;) {
      if (bytes[i] === 0x1b) {
        jis = bytes[i + 1] === 0x24;
        i += 3;
      } else if (jis) {
        out += iconv.decode(Buffer.from([(bytes[i] ?? 0) | 0x80, (bytes[i + 1] ?? 0) | 0x80]), 'euc-jp');
        i += 2;
      } else {
        out += String.fromCharCode(bytes[i++] ?? 0);
      }
    }
    return out;
  }
  return iconv.decode(bytes, name === 'us-ascii' ? 'utf-8' : name);
}

/** RFC 2047: adjacent encoded words in one charset are joined before decoding. */
export function decodeWords(value: string): string {
  const pattern = /=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g;
  let out = '';
  let last = 0;
  let pending: { charset: string; bytes: Buffer[] } | undefined;
  const flush = (): void => {
    if (pending) out += decodeCharset(Buffer.concat(pending.bytes), pending.charset);
    pending = undefined;
  };
  for (let match = pattern.exec(value); match; match = pattern.exec(value)) {
    const between = value.slice(last, match.index);
    if (!(pending && /^\s*$/.test(between))) {
      flush();
      out += between;
    }
    const [, charset = '', mode = '', text = ''] = match;
    const bytes =
      mode.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64')
        : Buffer.from(
            text
              .replace(/_/g, ' ')
              .replace(/=([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
            'latin1',
          );
    if (pending && pending.charset.toLowerCase() !== charset.toLowerCase()) flush();
    pending ??= { charset, bytes: [] };
    pending.bytes.push(bytes);
    last = match.index + match[0].length;
  }
  flush();
  return out + value.slice(last);
}

function parseParams(value: string): { type: string; params: Map<string, string> } {
  const [type = '', ...rest] = value.split(';');
  const raw = new Map<string, string>();
  for (const piece of rest) {
    const eq = piece.indexOf('=');
    if (eq < 0) continue;
    raw.set(
      piece.slice(0, eq).trim().toLowerCase(),
      piece
        .slice(eq + 1)
        .trim()
        .replace(/^"(.*)"$/, '$1'),
    );
  }
  const params = new Map<string, string>();
  const extended = new Map<string, { charset: string; segments: string[] }>();
  for (const [key, val] of raw) {
    const m = /^([^*]+)\*(?:(\d+)\*?)?$/.exec(key);
    if (!m) {
      params.set(key, decodeWords(val));
      continue;
    }
    const [, name = '', index = '0'] = m;
    const entry = extended.get(name) ?? { charset: 'us-ascii', segments: [] };
    let text = val;
    if (index === '0' && /^[^']*'[^']*'/.test(val)) {
      entry.charset = val.slice(0, val.indexOf("'"));
      text = val.slice(val.indexOf("'", val.indexOf("'") + 1) + 1);
    }
    entry.segments[Number(index)] = text;
    extended.set(name, entry);
  }
  for (const [name, { charset, segments }] of extended) {
    const bytes = Buffer.from(
      segments.join('').replace(/%([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
      'latin1',
    );
    params.set(name, decodeCharset(bytes, charset));
  }
  return { type: type.trim().toLowerCase(), params };
}

function decodeTransfer(body: Buffer, encoding: string): Buffer {
  if (encoding === 'base64')
    return Buffer.from(body.toString('latin1').replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
  if (encoding === 'quoted-printable') {
    const text = body.toString('latin1').replace(/=\r?\n/g, '');
    return Buffer.from(
      text.replace(/=([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
      'latin1',
    );
  }
  return body;
}

export function parseMime(raw: Buffer, defaultType = 'text/plain'): MimePart {
  const split = raw.indexOf('\r\n\r\n');
  const headerEnd = split < 0 ? raw.length : split;
  const headerBytes = raw.subarray(0, headerEnd);
  const body = split < 0 ? Buffer.alloc(0) : raw.subarray(split + 4);
  const headers = new Map<string, string[]>();
  const rawHeaders = new Map<string, Buffer[]>();
  const lines = headerBytes.toString('latin1').split('\r\n');
  let offset = 0;
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i] ?? '';
    const start = offset;
    offset += line.length + 2;
    while (/^[ \t]/.test(lines[i + 1] ?? '')) {
      line += ` ${(lines[++i] ?? '').trim()}`;
      offset += (lines[i]?.length ?? 0) + 2;
    }
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).toLowerCase();
    headers.set(name, [...(headers.get(name) ?? []), line.slice(colon + 1).trim()]);
    rawHeaders.set(name, [
      ...(rawHeaders.get(name) ?? []),
      headerBytes.subarray(start + colon + 1, offset - 2),
    ]);
  }
  const { type, params } = parseParams(headers.get('content-type')?.[0] ?? defaultType);
  const encoding = (headers.get('content-transfer-encoding')?.[0] ?? '7bit').toLowerCase();
  const part: MimePart = {
    headers,
    rawHeaders,
    type,
    params,
    body: decodeTransfer(body, encoding),
    parts: [],
  };
  const boundary = params.get('boundary');
  if (type.startsWith('multipart/') && boundary) {
    const text = body.toString('latin1');
    const pieces = text.split(`--${boundary}`);
    for (const piece of pieces.slice(1)) {
      if (piece.startsWith('--')) break;
      const content = piece.replace(/^\r\n/, '').replace(/\r\n$/, '');
      part.parts.push(
        parseMime(
          Buffer.from(content, 'latin1'),
          type === 'multipart/digest' ? 'message/rfc822' : 'text/plain',
        ),
      );
    }
  }
  return part;
}

export function leaves(part: MimePart): MimePart[] {
  return part.parts.length === 0 ? [part] : part.parts.flatMap(leaves);
}

/** Decoded text of every text/* leaf (charset applied). */
export function texts(part: MimePart): string[] {
  return leaves(part)
    .filter(
      (leaf) =>
        leaf.type.startsWith('text/') &&
        !leaf.headers.get('content-disposition')?.[0]?.startsWith('attachment'),
    )
    .map((leaf) => decodeCharset(leaf.body, leaf.params.get('charset') ?? 'utf-8'));
}

export function filenameOf(part: MimePart): string | undefined {
  const disposition = part.headers.get('content-disposition')?.[0];
  return (
    (disposition ? parseParams(disposition).params.get('filename') : undefined) ?? part.params.get('name')
  );
}

/** A header's decoded value: encoded words decoded; raw 8-bit bytes read as UTF-8, or as `fallback` if invalid. */
export function headerText(part: MimePart, name: string, fallback = 'gbk'): string | undefined {
  const raw = part.rawHeaders.get(name)?.[0];
  if (raw === undefined) return undefined;
  const unfolded = Buffer.from(
    raw
      .toString('latin1')
      .replace(/\r\n[ \t]+/g, ' ')
      .trim(),
    'latin1',
  );
  const utf8 = unfolded.toString('utf8');
  const text = utf8.includes('\ufffd') ? iconv.decode(unfolded, fallback) : utf8;
  return decodeWords(text);
}
