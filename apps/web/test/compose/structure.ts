// The structural checker: what every message buildMessage writes must be, whatever parsers make of it.
// RFC 5322 2.1.1 / 2.3 (CRLF only, lines <= 998 octets), RFC 2045 (transfer encodings: 7bit is ASCII, encoded
// lines <= 76), RFC 2046 5.1.1 (boundaries: 1-70 bchars, not ending in a space, delimiters as whole lines,
// the close delimiter present, nested boundaries distinct), RFC 6532 (8-bit headers only with utf8Headers).
// Returns the problems found, [] for a good message; the tests assert it is [].

export interface StructureOptions {
  /** buildMessage said eightBit: 8-bit bytes may be in bodies labelled 8bit. */
  readonly eightBit: boolean;
  /** Built with utf8Headers: header fields may hold UTF-8. */
  readonly utf8Headers: boolean;
}

const BCHARS = /^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/;
const decoder = new TextDecoder('utf-8', { fatal: true });

function latin1(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 0x8000) out += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return out;
}

interface Entity {
  readonly headers: Map<string, string>;
  readonly rawHeaders: string;
  readonly body: string;
}

function splitEntity(text: string): Entity | string {
  const end = text.indexOf('\r\n\r\n');
  const rawHeaders = end < 0 ? text : text.slice(0, end);
  const body = end < 0 ? '' : text.slice(end + 4);
  const headers = new Map<string, string>();
  for (const field of rawHeaders.replace(/\r\n(?=[ \t])/g, '').split('\r\n')) {
    const colon = field.indexOf(':');
    if (colon <= 0) return `a header line without a field name: ${JSON.stringify(field.slice(0, 60))}`;
    const name = field.slice(0, colon).toLowerCase();
    if (headers.has(name) && name !== 'received') return `header ${name} appears twice`;
    headers.set(name, field.slice(colon + 1).trim());
  }
  return { headers, rawHeaders, body };
}

function parameter(value: string, name: string): string | null {
  const match = value.match(new RegExp(`;\\s*${name}=("((?:[^"\\\\]|\\\\.)*)"|[^;\\s]+)`, 'i'));
  if (!match) return null;
  return match[2] ?? (match[1] as string);
}

function checkEntity(
  text: string,
  path: string,
  options: StructureOptions,
  parents: string[],
  out: string[],
): void {
  const entity = splitEntity(text);
  if (typeof entity === 'string') {
    out.push(`${path}: ${entity}`);
    return;
  }
  if (!options.utf8Headers && /\P{ASCII}/u.test(entity.rawHeaders)) out.push(`${path}: 8-bit header bytes`);
  const type = (entity.headers.get('content-type') ?? 'text/plain').toLowerCase();
  const encoding = (entity.headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  if (!['7bit', '8bit', 'base64', 'quoted-printable'].includes(encoding))
    out.push(`${path}: transfer encoding ${encoding}`);
  if (type.startsWith('multipart/')) {
    if (encoding !== '7bit' && encoding !== '8bit') out.push(`${path}: multipart in ${encoding}`);
    checkMultipart(entity, path, options, parents, out);
    return;
  }
  const body = entity.body.replace(/\r\n$/, '');
  if (encoding === 'base64' || encoding === 'quoted-printable') {
    for (const line of body.split('\r\n')) {
      if (line.length > 76) out.push(`${path}: ${encoding} line of ${line.length} characters`);
    }
    if (encoding === 'base64' && !/^[A-Za-z0-9+/=\r\n]*$/.test(body))
      out.push(`${path}: bad base64 characters`);
  }
  if (/\P{ASCII}/u.test(body)) {
    if (encoding !== '8bit') out.push(`${path}: 8-bit bytes in a ${encoding} body`);
    if (!options.eightBit) out.push(`${path}: 8-bit body but eightBit is false`);
  }
  if (type.startsWith('message/rfc822') && encoding !== '7bit' && encoding !== '8bit')
    out.push(`${path}: message/rfc822 in ${encoding} (RFC 2046 5.2.1)`);
}

function checkMultipart(
  entity: Entity,
  path: string,
  options: StructureOptions,
  parents: string[],
  out: string[],
): void {
  const boundary = parameter(entity.headers.get('content-type') ?? '', 'boundary');
  if (boundary === null) {
    out.push(`${path}: multipart without a boundary`);
    return;
  }
  if (!BCHARS.test(boundary)) out.push(`${path}: boundary ${JSON.stringify(boundary)} is not 1-70 bchars`);
  if (parents.some((p) => p.startsWith(boundary) || boundary.startsWith(p)))
    out.push(`${path}: boundary ${boundary} overlaps an enclosing one`);
  const lines = entity.body.split('\r\n');
  const delimiter = `--${boundary}`;
  const parts: string[][] = [];
  let current: string[] | null = null;
  let closed = false;
  for (const line of lines) {
    if (closed) {
      if (line !== '') out.push(`${path}: text after the close delimiter`);
      continue;
    }
    if (line === `${delimiter}--`) {
      if (current) parts.push(current);
      closed = true;
    } else if (line === delimiter) {
      if (current) parts.push(current);
      current = [];
    } else if (line.startsWith(delimiter)) {
      out.push(`${path}: a line starts with the boundary but is no delimiter`);
    } else if (current) current.push(line);
  }
  if (!closed) out.push(`${path}: no close delimiter`);
  if (parts.length === 0) out.push(`${path}: a multipart without parts`);
  parts.forEach((part, i) =>
    checkEntity(part.join('\r\n'), `${path}.${i + 1}`, options, [...parents, boundary], out),
  );
}

/** The problems of a built message, [] when it is well-formed. */
export function checkStructure(bytes: Uint8Array, options: StructureOptions): string[] {
  const out: string[] = [];
  const text = latin1(bytes);
  if (/\r(?!\n)|(?<!\r)\n/.test(text)) out.push('a bare CR or LF');
  if (!text.endsWith('\r\n')) out.push('the message does not end with CRLF');
  for (const [i, line] of text.split('\r\n').entries()) {
    if (line.length > 998) out.push(`line ${i + 1} has ${line.length} octets`);
  }
  if (!options.eightBit && !options.utf8Headers && /\P{ASCII}/u.test(text)) out.push('8-bit bytes');
  if (text.includes('\0')) out.push('a NUL byte');
  if (options.utf8Headers) {
    try {
      decoder.decode(bytes.subarray(0, text.indexOf('\r\n\r\n')));
    } catch {
      out.push('top-level headers are not UTF-8');
    }
  }
  const top = splitEntity(text);
  if (typeof top !== 'string') {
    for (const name of ['date', 'from', 'message-id', 'mime-version']) {
      if (!top.headers.has(name)) out.push(`no ${name} header`);
    }
    if (top.headers.get('mime-version') !== undefined && top.headers.get('mime-version') !== '1.0')
      out.push('MIME-Version is not 1.0');
  }
  checkEntity(text, 'message', options, [], out);
  return out;
}

/** The header block of a message (top level), as text, for tests that read single fields. */
export function topHeaderLines(bytes: Uint8Array): string[] {
  const text = new TextDecoder().decode(bytes);
  return text.slice(0, text.indexOf('\r\n\r\n')).split('\r\n');
}

/** The MIME tree's content types: `multipart/mixed(text/plain,application/pdf)`. */
export function contentTypeTree(bytes: Uint8Array): string {
  const walk = (text: string): string => {
    const entity = splitEntity(text);
    if (typeof entity === 'string') return '?';
    const header = entity.headers.get('content-type') ?? 'text/plain';
    const type = (header.split(';')[0] as string).trim().toLowerCase();
    if (!type.startsWith('multipart/')) return type;
    const delimiter = `--${parameter(header, 'boundary') ?? ''}`;
    const inside = entity.body.split(`\r\n${delimiter}--`)[0] as string;
    const parts = `\r\n${inside}`.split(`\r\n${delimiter}\r\n`);
    return `${type}(${parts.slice(1).map(walk).join(',')})`;
  };
  return walk(latin1(bytes));
}
