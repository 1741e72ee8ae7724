import { encodeText } from './charsets.ts';
import type { CorpusAttachment } from '../types.ts';

// Building MIME messages (RFC 2045-2047, RFC 2231, RFC 5322) byte by byte, so the corpus can hold exactly
// the encodings real mail uses, including the broken ones. Lines end in CRLF.

export type HeaderValue = string | Uint8Array;
export type Header = readonly [name: string, value: HeaderValue];

export interface MimeLeaf {
  kind: 'leaf';
  headers: Header[];
  body: Uint8Array;
  /** Set for parts a mail client lists as attachments. */
  attachment?: CorpusAttachment;
}

export interface MimeMultipart {
  kind: 'multipart';
  subtype: string;
  /** Extra Content-Type parameters, e.g. `type="text/html"` for multipart/related. */
  params?: string;
  headers: Header[];
  parts: MimeNode[];
  preamble?: string;
  /** Leave out the closing `--boundary--` (a malformed message). */
  unterminated?: boolean;
}

export type MimeNode = MimeLeaf | MimeMultipart;

export type TransferEncoding = '7bit' | '8bit' | 'base64' | 'quoted-printable';
export type WordMode = 'B' | 'Q';

const CRLF = '\r\n';
const MAX_ENCODED_WORD = 75; // RFC 2047 §2
const BASE64_LINE = 76; // RFC 2045 §6.8
const QP_LINE = 76; // RFC 2045 §6.7 (5)

/** Normalises line ends to CRLF. */
export function crlf(text: string): string {
  return text.replace(/\r?\n/g, CRLF);
}

export function base64Lines(bytes: Uint8Array): string {
  const encoded = Buffer.from(bytes).toString('base64');
  let out = '';
  for (let i = 0; i < encoded.length; i += BASE64_LINE) out += encoded.slice(i, i + BASE64_LINE) + CRLF;
  return out;
}

const hex = (byte: number): string => `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;

/** Quoted-printable over CRLF-separated lines, with soft breaks so no line passes 76 characters. */
export function quotedPrintable(bytes: Uint8Array): string {
  const text = Buffer.from(bytes).toString('latin1');
  return text
    .split(CRLF)
    .map((line) => {
      let out = '';
      let current = '';
      for (let i = 0; i < line.length; i++) {
        const code = line.charCodeAt(i);
        const last = i === line.length - 1;
        const literal = (code >= 33 && code <= 126 && code !== 61) || ((code === 32 || code === 9) && !last);
        const token = literal ? line[i] : hex(code);
        if (current.length + (token?.length ?? 0) > QP_LINE - 1) {
          out += current + '=' + CRLF;
          current = '';
        }
        current += token;
      }
      return out + current;
    })
    .join(CRLF);
}

// RFC 2047 §5 (3): characters allowed unencoded in a Q-encoded word inside a phrase.
const Q_SAFE = /[A-Za-z0-9!*+\-/]/;

function qEncode(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) {
    const char = String.fromCharCode(byte);
    out += byte === 0x20 ? '_' : byte < 0x80 && Q_SAFE.test(char) ? char : hex(byte);
  }
  return out;
}

function wordText(bytes: Uint8Array, mode: WordMode): string {
  return mode === 'B' ? Buffer.from(bytes).toString('base64') : qEncode(bytes);
}

/**
 * RFC 2047 encoded words for `text`, split between characters (never inside one) so each word stays under
 * 75 characters and each chunk is encoded on its own (ISO-2022-JP words then start and end in ASCII).
 */
export function encodeWords(text: string, charset: string, mode: WordMode, label = charset): string {
  const overhead = `=?${label}?${mode}??=`.length;
  const words: string[] = [];
  let chunk = '';
  for (const char of text) {
    const candidate = chunk + char;
    if (chunk !== '' && wordText(encodeText(candidate, charset), mode).length + overhead > MAX_ENCODED_WORD) {
      words.push(chunk);
      chunk = char;
    } else {
      chunk = candidate;
    }
  }
  if (chunk !== '') words.push(chunk);
  return words.map((word) => `=?${label}?${mode}?${wordText(encodeText(word, charset), mode)}?=`).join(' ');
}

const isAscii = (text: string): boolean => /^[\x20-\x7e]*$/.test(text);

/** RFC 2231 §3-4 parameter: `name*0*=charset''%XX...; name*1*=...` split into continuations. */
export function extendedParam(name: string, value: string, charset = 'utf-8', segmentLength = 60): string {
  const bytes = encodeText(value, charset);
  const pieces: string[] = [];
  let current = '';
  for (const byte of bytes) {
    const char = String.fromCharCode(byte);
    const token = /[A-Za-z0-9.\-_]/.test(char)
      ? char
      : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    if (current.length + token.length > segmentLength) {
      pieces.push(current);
      current = '';
    }
    current += token;
  }
  pieces.push(current);
  if (pieces.length === 1) return `${name}*=${charset}''${pieces[0]}`;
  return pieces.map((piece, i) => `${name}*${i}*=${i === 0 ? `${charset}''` : ''}${piece}`).join(`;${CRLF} `);
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** RFC 5322 §3.3 date-time as seen in a zone `offsetMinutes` east of UTC. */
export function formatDate(date: Date, offsetMinutes: number): string {
  const local = new Date(date.getTime() + offsetMinutes * 60_000);
  const two = (n: number): string => String(n).padStart(2, '0');
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return (
    `${WEEKDAYS[local.getUTCDay()]}, ${two(local.getUTCDate())} ${MONTHS[local.getUTCMonth()]} ${local.getUTCFullYear()} ` +
    `${two(local.getUTCHours())}:${two(local.getUTCMinutes())}:${two(local.getUTCSeconds())} ` +
    `${sign}${two(Math.floor(abs / 60))}${two(abs % 60)}`
  );
}

/**
 * Folds a header at spaces so lines stay near 78 characters (RFC 5322 §2.2.3). A value that already holds
 * its own folds (CRLF + space, as parameter lists are written) and raw bytes are left alone.
 */
function foldHeader(name: string, value: string): string {
  if (value.includes(CRLF)) return `${name}: ${value}`;
  const tokens = value.split(' ');
  let line = `${name}:`;
  let out = '';
  for (const token of tokens) {
    if (line.length + 1 + token.length > 78 && line.length > name.length + 1) {
      out += line + CRLF;
      line = ' ' + token;
    } else {
      line += ' ' + token;
    }
  }
  return out + line;
}

function serializeHeaders(headers: readonly Header[]): Buffer[] {
  return headers.map(([name, value]) =>
    typeof value === 'string'
      ? Buffer.from(foldHeader(name, value) + CRLF, 'utf8')
      : Buffer.concat([Buffer.from(`${name}: `), value, Buffer.from(CRLF)]),
  );
}

function serializeNode(node: MimeNode, boundaryFor: () => string): Buffer[] {
  if (node.kind === 'leaf')
    return [...serializeHeaders(node.headers), Buffer.from(CRLF), Buffer.from(node.body)];
  const boundary = boundaryFor();
  const params = node.params ? `; ${node.params}` : '';
  const chunks = serializeHeaders([
    ['Content-Type', `multipart/${node.subtype}; boundary="${boundary}"${params}`],
    ...node.headers,
  ]);
  chunks.push(Buffer.from(CRLF));
  if (node.preamble !== undefined) chunks.push(Buffer.from(crlf(node.preamble) + CRLF));
  for (const part of node.parts) {
    chunks.push(Buffer.from(`--${boundary}${CRLF}`));
    chunks.push(...serializeNode(part, boundaryFor));
    chunks.push(Buffer.from(CRLF));
  }
  if (!node.unterminated) chunks.push(Buffer.from(`--${boundary}--${CRLF}`));
  return chunks;
}

/** The whole message: top-level headers, then the root part's own headers and body. */
export function serializeMessage(
  headers: readonly Header[],
  root: MimeNode,
  boundarySeed: string,
): Uint8Array {
  let counter = 0;
  const boundaryFor = (): string => `=_${boundarySeed}_${++counter}`;
  return Buffer.concat([...serializeHeaders(headers), ...serializeNode(root, boundaryFor)]);
}

export interface TextPartOptions {
  subtype?: 'plain' | 'html' | 'calendar' | 'csv';
  charset?: string;
  encoding?: TransferEncoding;
  /** Extra Content-Type parameters, e.g. `format=flowed`. */
  params?: string;
  /** Leave the charset parameter out even though the bytes are `charset`. */
  omitCharset?: boolean;
  /** The charset name written in the header when it differs from the bytes (gb2312 labelling GBK text). */
  charsetLabel?: string;
  headers?: Header[];
}

function encodeBody(bytes: Uint8Array, encoding: TransferEncoding): Uint8Array {
  if (encoding === 'base64') return Buffer.from(base64Lines(bytes), 'ascii');
  if (encoding === 'quoted-printable') return Buffer.from(quotedPrintable(bytes), 'latin1');
  return bytes;
}

export function textPart(text: string, options: TextPartOptions = {}): MimeLeaf {
  const charset = options.charset ?? 'utf-8';
  const bytes = encodeText(crlf(text.endsWith('\n') ? text : text + '\n'), charset);
  const encoding = options.encoding ?? (isAscii(text.replace(/\s/g, ' ')) ? '7bit' : '8bit');
  const charsetParam = options.omitCharset ? '' : `; charset=${options.charsetLabel ?? charset}`;
  const params = options.params ? `; ${options.params}` : '';
  return {
    kind: 'leaf',
    headers: [
      ['Content-Type', `text/${options.subtype ?? 'plain'}${charsetParam}${params}`],
      ['Content-Transfer-Encoding', encoding],
      ...(options.headers ?? []),
    ],
    body: encodeBody(bytes, encoding),
  };
}

export type FilenameStyle = 'plain' | 'rfc2231' | 'encoded-word';

export interface AttachmentOptions {
  contentType: string;
  filename?: string;
  /** How a non-ASCII filename is written. Default 'rfc2231'. */
  filenameStyle?: FilenameStyle;
  filenameCharset?: string;
  disposition?: 'attachment' | 'inline';
  contentId?: string;
  encoding?: TransferEncoding;
  /** Not listed in `expect.attachments` (inline images of an HTML body). */
  hidden?: boolean;
  headers?: Header[];
}

function filenameParams(filename: string, style: FilenameStyle, charset: string): [string, string] {
  if (isAscii(filename) || style === 'plain') return [`name="${filename}"`, `filename="${filename}"`];
  if (style === 'encoded-word') {
    // Not allowed by RFC 2047 §5, but Outlook and Gmail write it and every client reads it.
    const word = encodeWords(filename, charset, 'B');
    return [`name="${word}"`, `filename="${word}"`];
  }
  return [extendedParam('name', filename, charset), extendedParam('filename', filename, charset)];
}

export function attachmentPart(bytes: Uint8Array, options: AttachmentOptions): MimeLeaf {
  const encoding = options.encoding ?? 'base64';
  const headers: Header[] = [];
  if (options.filename === undefined) {
    headers.push(['Content-Type', options.contentType]);
    if (options.disposition) headers.push(['Content-Disposition', options.disposition]);
  } else {
    const [nameParam, filenameParam] = filenameParams(
      options.filename,
      options.filenameStyle ?? 'rfc2231',
      options.filenameCharset ?? 'utf-8',
    );
    headers.push(['Content-Type', `${options.contentType};${CRLF} ${nameParam}`]);
    headers.push(['Content-Disposition', `${options.disposition ?? 'attachment'};${CRLF} ${filenameParam}`]);
  }
  headers.push(['Content-Transfer-Encoding', encoding]);
  if (options.contentId) headers.push(['Content-ID', `<${options.contentId}>`]);
  headers.push(...(options.headers ?? []));
  const leaf: MimeLeaf = { kind: 'leaf', headers, body: encodeBody(bytes, encoding) };
  if (options.filename !== undefined && !options.hidden) {
    leaf.attachment = { filename: options.filename, size: bytes.length };
  }
  return leaf;
}

export function multipart(
  subtype: string,
  parts: MimeNode[],
  extra: Partial<MimeMultipart> = {},
): MimeMultipart {
  return { kind: 'multipart', subtype, headers: [], parts, ...extra };
}

/** A part whose body is a complete message (message/rfc822, RFC 2046 §5.2.1). */
export function messagePart(raw: Uint8Array, filename?: string): MimeLeaf {
  const leaf: MimeLeaf = {
    kind: 'leaf',
    headers: [
      ['Content-Type', 'message/rfc822'],
      ['Content-Disposition', filename ? `attachment; filename="${filename}"` : 'inline'],
    ],
    body: raw,
  };
  if (filename) leaf.attachment = { filename, size: raw.length };
  return leaf;
}

export function collectAttachments(node: MimeNode): CorpusAttachment[] {
  if (node.kind === 'leaf') return node.attachment ? [node.attachment] : [];
  return node.parts.flatMap(collectAttachments);
}
