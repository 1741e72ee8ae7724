// Prepares raw message bytes for postal-mime, which reads every header line as UTF-8 and every text part in its
// declared charset. Three things it cannot do on its own are done here, on header lines only (bodies are never
// touched):
//   1. raw 8-bit header lines that are not UTF-8 (Foxmail's GBK Subject and From) are decoded with the header
//      charset (the user's "re-decode as" choice, else the first legacy charset a text part declares, else
//      windows-1252) and re-encoded as UTF-8; valid UTF-8 lines stay as they are;
//   2. "re-decode as X" replaces the charset of every text/plain and text/html part with X;
//   3. when the text is exactly one format=flowed part, its `format` parameter is hidden from postal-mime and the
//      worker reflows the text itself (flowed.ts keeps quote depth, RFC 3676 4.5).
// The scan follows postal-mime's own framing (lines split on LF, boundaries matched from the innermost, never
// popped) so that both see the same header blocks.

import { concat } from './assemble.ts';
import { isKnownCharset } from './charsets.ts';

const LF = 0x0a;
const CR = 0x0d;
const encoder = new TextEncoder();
const utf8 = new TextDecoder('utf-8', { fatal: true });

export interface PrepareOptions {
  /** "Re-decode as": a TextDecoder label applied to every text part and to raw 8-bit header lines. */
  readonly charset?: string | null;
}

export interface PreparedMessage {
  readonly raw: Uint8Array;
  /** The charset raw 8-bit header lines were decoded with, or null when there were none. */
  readonly headerCharset: string | null;
  /** Charsets declared by the text parts, lower-cased, in order, without duplicates. */
  readonly declaredCharsets: readonly string[];
  /** Set when the worker must reflow the text itself. */
  readonly flowed: { readonly delSp: boolean } | null;
}

interface Field {
  /** Line indexes [first, last] of the field (continuation lines included). */
  readonly first: number;
  readonly last: number;
  readonly name: string;
  /** Unfolded value, bytes read as Latin-1. */
  readonly value: string;
}

interface HeaderBlock {
  readonly fields: Field[];
  readonly contentType: string;
  readonly params: ReadonlyMap<string, string>;
  readonly disposition: string;
}

interface Line {
  readonly start: number;
  /** End of content (CR and LF excluded). */
  readonly end: number;
  /** End including the line break. */
  readonly next: number;
}

function splitLines(raw: Uint8Array): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] !== LF) continue;
    let end = i;
    while (end > start && (raw[end - 1] === CR || raw[end - 1] === LF)) end--;
    lines.push({ start, end, next: i + 1 });
    start = i + 1;
  }
  if (start < raw.length) {
    let end = raw.length;
    while (end > start && raw[end - 1] === CR) end--;
    lines.push({ start, end, next: raw.length });
  }
  return lines;
}

const latin1 = (bytes: Uint8Array): string => {
  let s = '';
  for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return s;
};

/** RFC 2045 5.1 parameters, enough to read type, boundary, charset, format, delsp (quotes and comments tolerated). */
export function parseContentValue(value: string): { value: string; params: Map<string, string> } {
  const params = new Map<string, string>();
  const semicolon = value.indexOf(';');
  const head = (semicolon < 0 ? value : value.slice(0, semicolon))
    .replace(/\([^)]*\)/g, '')
    .trim()
    .toLowerCase();
  const rest = semicolon < 0 ? '' : value.slice(semicolon);
  const param = /;\s*([^\s=;]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)/g;
  for (let match = param.exec(rest); match; match = param.exec(rest)) {
    const name = (match[1] ?? '').toLowerCase();
    let raw = (match[2] ?? '').trim();
    if (raw.startsWith('"')) raw = raw.slice(1, -1).replace(/\\(.)/g, '$1');
    if (!params.has(name)) params.set(name, raw);
  }
  return { value: head, params };
}

function isBoundaryLine(raw: Uint8Array, line: Line, boundary: Uint8Array): 'part' | 'end' | null {
  const length = line.end - line.start;
  if (length < boundary.length + 2 || raw[line.start] !== 0x2d || raw[line.start + 1] !== 0x2d) return null;
  for (let j = 0; j < boundary.length; j++) if (raw[line.start + 2 + j] !== boundary[j]) return null;
  let pos = line.start + 2 + boundary.length;
  let kind: 'part' | 'end' = 'part';
  if (raw[pos] === 0x2d && raw[pos + 1] === 0x2d && pos + 1 < line.end) {
    kind = 'end';
    pos += 2;
  }
  for (; pos < line.end; pos++) if (raw[pos] !== 0x20 && raw[pos] !== 0x09) return null;
  return kind;
}

/** Walks the message the way postal-mime frames it and returns every header block with its fields. */
function scanHeaderBlocks(raw: Uint8Array, lines: readonly Line[]): HeaderBlock[] {
  const blocks: HeaderBlock[] = [];
  const boundaries: Uint8Array[] = [];
  let inHeader = true;
  let fields: Field[] = [];
  let fieldStart = -1;
  let parentDigest = false;
  const digestBoundaries = new Set<Uint8Array>();

  const closeField = (last: number): void => {
    if (fieldStart < 0) return;
    const text = lines
      .slice(fieldStart, last + 1)
      .map((l) => latin1(raw.subarray(l.start, l.end)))
      .join('');
    const colon = text.indexOf(':');
    if (colon > 0) {
      fields.push({
        first: fieldStart,
        last,
        name: text.slice(0, colon).trim().toLowerCase(),
        value: text.slice(colon + 1),
      });
    }
    fieldStart = -1;
  };
  const closeBlock = (): void => {
    const get = (name: string): string => fields.find((f) => f.name === name)?.value ?? '';
    const type = parseContentValue(get('content-type'));
    const contentType = type.value || (parentDigest ? 'message/rfc822' : 'text/plain');
    const block = {
      fields,
      contentType,
      params: type.params,
      disposition: parseContentValue(get('content-disposition')).value,
    };
    blocks.push(block);
    fields = [];
    const boundary = type.params.get('boundary');
    if (contentType.startsWith('multipart/') && boundary) {
      const bytes = encoder.encode(boundary);
      boundaries.push(bytes);
      if (contentType === 'multipart/digest') digestBoundaries.add(bytes);
      inHeader = false;
    } else {
      const encoding = parseContentValue(get('content-transfer-encoding')).value;
      // An encapsulated message in 7bit/8bit/binary starts with its own header block (postal-mime parses it).
      inHeader = contentType === 'message/rfc822' && ['', '7bit', '8bit', 'binary'].includes(encoding);
    }
  };

  lines.forEach((line, index) => {
    if (inHeader) {
      if (line.end === line.start) {
        closeField(index - 1);
        closeBlock();
        return;
      }
      const first = raw[line.start];
      if (first !== 0x20 && first !== 0x09) {
        closeField(index - 1);
        fieldStart = index;
      } else if (fieldStart < 0) fieldStart = index;
      return;
    }
    for (let b = boundaries.length - 1; b >= 0; b--) {
      const boundary = boundaries[b] as Uint8Array;
      const kind = isBoundaryLine(raw, line, boundary);
      if (kind === null) continue;
      if (kind === 'part') {
        inHeader = true;
        parentDigest = digestBoundaries.has(boundary);
      }
      return;
    }
  });
  if (inHeader) {
    closeField(lines.length - 1);
    if (fields.length > 0) closeBlock();
  }
  return blocks;
}

const isTextBody = (block: HeaderBlock): boolean =>
  (block.contentType === 'text/plain' || block.contentType === 'text/html') &&
  block.disposition !== 'attachment';

const UNICODE_LABELS = new Set(['utf-8', 'utf8', 'us-ascii', 'ascii', 'unicode-1-1-utf-8']);

/** See the file comment. Never throws on malformed mail: what cannot be read is passed on unchanged. */
export function prepareRaw(raw: Uint8Array, options: PrepareOptions = {}): PreparedMessage {
  const lines = splitLines(raw);
  const blocks = scanHeaderBlocks(raw, lines);
  const override = options.charset && isKnownCharset(options.charset) ? options.charset : null;

  const declaredCharsets: string[] = [];
  for (const block of blocks) {
    const charset = block.params.get('charset')?.toLowerCase();
    if (charset && block.contentType.startsWith('text/') && !declaredCharsets.includes(charset)) {
      declaredCharsets.push(charset);
    }
  }
  const legacy = declaredCharsets.find((c) => !UNICODE_LABELS.has(c) && isKnownCharset(c));
  const headerCharset = override ?? legacy ?? 'windows-1252';

  const textBodies = blocks.filter(isTextBody);
  const plainBodies = textBodies.filter((b) => b.contentType === 'text/plain');
  const inlineMessages = blocks.some(
    (b) => b.contentType === 'message/rfc822' && b.disposition !== 'attachment',
  );
  const flowedBlock =
    plainBodies.length === 1 &&
    !inlineMessages &&
    plainBodies[0]?.params.get('format')?.toLowerCase() === 'flowed'
      ? plainBodies[0]
      : null;

  // Line index -> replacement bytes (for the first line of a rewritten field; its other lines are dropped).
  const replacements = new Map<number, Uint8Array | null>();
  let transcoded = false;
  for (const block of blocks) {
    const rewrite = isTextBody(block) && (override !== null || block === flowedBlock);
    for (const field of block.fields) {
      if (rewrite && field.name === 'content-type') {
        let value = field.value.trim();
        if (override !== null) {
          value = /;\s*charset\s*=/i.test(value)
            ? value.replace(/(;\s*charset\s*=\s*)("(?:[^"\\]|\\.)*"|[^;\s]*)/i, `$1"${override}"`)
            : `${value}; charset="${override}"`;
        }
        if (block === flowedBlock) value = value.replace(/(;\s*format\s*=\s*)("?)flowed\2/i, '$1fixed');
        replacements.set(field.first, encoder.encode(`Content-Type: ${value}\r\n`));
        for (let i = field.first + 1; i <= field.last; i++) replacements.set(i, null);
        continue;
      }
      for (let i = field.first; i <= field.last; i++) {
        const line = lines[i] as Line;
        const bytes = raw.subarray(line.start, line.end);
        if (!bytes.some((b) => b >= 0x80)) continue;
        try {
          utf8.decode(bytes);
        } catch {
          const text = new TextDecoder(headerCharset).decode(bytes);
          replacements.set(i, encoder.encode(`${text}\r\n`));
          transcoded = true;
        }
      }
    }
  }

  const flowed = flowedBlock ? { delSp: flowedBlock.params.get('delsp')?.toLowerCase() === 'yes' } : null;
  if (replacements.size === 0) return { raw, headerCharset: null, declaredCharsets, flowed };

  const parts: Uint8Array[] = [];
  let copyFrom = 0;
  lines.forEach((line, index) => {
    if (!replacements.has(index)) return;
    parts.push(raw.subarray(copyFrom, line.start));
    const replacement = replacements.get(index);
    if (replacement) parts.push(replacement);
    copyFrom = line.next;
  });
  parts.push(raw.subarray(copyFrom));
  return { raw: concat(parts), headerCharset: transcoded ? headerCharset : null, declaredCharsets, flowed };
}
