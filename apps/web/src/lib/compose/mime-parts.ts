// The leaves of the MIME tree: text bodies and attachments, each with its header fields and its encoded body.

import { utf8 } from './bytes.ts';
import { cleanBodyText, cleanLineText } from './clean-text.ts';
import { ComposeError } from './errors.ts';
import { foldHeader, MAX_LINE, piece, type HeaderPiece } from './header-fold.ts';
import { filenameParameter, legacyNameParameter, TOKEN } from './mime-params.ts';
import { chooseTextEncoding, encodeBase64, encodeQuotedPrintable } from './transfer-encoding.ts';
import type { OutgoingAttachment } from './types.ts';

export interface MimeLeaf {
  readonly kind: 'leaf';
  /** Folded header fields, without CRLF at the end of each. */
  readonly headers: readonly string[];
  /** The encoded body, without a final CRLF (the next boundary's CRLF follows). */
  readonly body: Uint8Array;
  /** A body in 8bit: the message needs BODY=8BITMIME. */
  readonly eightBit: boolean;
  /** A 7bit/8bit body written as it is: a boundary must be checked against it. */
  readonly verbatim: boolean;
}

export interface MimeMultipart {
  readonly kind: 'multipart';
  readonly subtype: 'mixed' | 'alternative' | 'related';
  /** Parameters after the subtype, e.g. `type="text/html"` (RFC 2387 3.1 requires it on related). */
  readonly parameters: readonly string[];
  readonly parts: readonly MimePart[];
}

export type MimePart = MimeLeaf | MimeMultipart;

const ascii = (text: string): Uint8Array => utf8(text);

/** A text/plain or text/html body in UTF-8: 7bit, quoted-printable or base64, whichever fits. */
export function textPart(text: string, subtype: 'plain' | 'html'): MimeLeaf {
  const bytes = utf8(cleanBodyText(text));
  const encoding = chooseTextEncoding(bytes);
  const body =
    encoding === '7bit'
      ? bytes
      : encoding === 'base64'
        ? encodeBase64(bytes)
        : ascii(encodeQuotedPrintable(bytes));
  return {
    kind: 'leaf',
    headers: [`Content-Type: text/${subtype}; charset=utf-8`, `Content-Transfer-Encoding: ${encoding}`],
    body,
    eightBit: false,
    verbatim: encoding === '7bit',
  };
}

interface ContentType {
  readonly type: string;
  readonly parameters: readonly string[];
}

const OCTET_STREAM: ContentType = { type: 'application/octet-stream', parameters: [] };

/**
 * The attachment's content type, checked: `type/subtype` tokens with well-formed parameters (`name` dropped:
 * we write our own). Unknown ('' from a browser's File.type), malformed, multipart/* (it would be an opaque
 * base64 blob, which RFC 2045 6.4 forbids for multipart) and the message/* types that may not be base64
 * encoded (RFC 2046 5.2.2, 5.2.3) go as application/octet-stream.
 */
function parseContentType(text: string): ContentType {
  const [head = '', ...rest] = text.split(';');
  const type = head.trim().toLowerCase();
  const [major = '', minor = '', extra] = type.split('/');
  if (extra !== undefined || !TOKEN.test(major) || !TOKEN.test(minor)) return OCTET_STREAM;
  if (major === 'multipart' || type === 'message/partial' || type === 'message/external-body')
    return OCTET_STREAM;
  const parameters: string[] = [];
  for (const parameter of rest) {
    const match = parameter
      .trim()
      .match(/^([!#$%&'+\-.0-9A-Z^_`a-z{|}~]+)=("(?:[^"\\\r\n]|\\.)*"|[!#$%&'*+\-.0-9A-Z^_`a-z{|}~]+)$/);
    if (!match) continue;
    const attribute = (match[1] as string).toLowerCase();
    if (attribute === 'name' || attribute === 'boundary') continue;
    parameters.push(`${attribute}=${match[2] as string}`);
  }
  return { type, parameters };
}

/** RFC 2392: a Content-ID is a msg-id; we take it with or without its brackets. */
export function contentIdOf(contentId: string): string {
  const inner = contentId.trim().replace(/^<(.*)>$/, '$1');
  if (!/^[!-;=?-~]{1,250}$/.test(inner)) {
    throw new ComposeError(
      'COMPOSE_BAD_CONTENT_ID',
      `content id ${JSON.stringify(contentId)} is not a msg-id`,
    );
  }
  return `<${inner}>`;
}

/** `value; p1; p2...` as pieces: each parameter group after a ';' glued to what precedes it. */
export function withParameters(value: string, groups: readonly HeaderPiece[][]): HeaderPiece[] {
  const pieces: HeaderPiece[] = [piece(value)];
  for (const group of groups) {
    const last = pieces.pop() as HeaderPiece;
    pieces.push(piece(`${last.text};`, last.space), ...group);
  }
  return pieces;
}

function attachmentHeaders(
  contentType: ContentType,
  filename: string,
  disposition: 'attachment' | 'inline',
  contentId: string | undefined,
  encoding: string,
): string[] {
  const typeGroups: HeaderPiece[][] = contentType.parameters.map((parameter) => [piece(parameter)]);
  const dispositionGroups: HeaderPiece[][] = [];
  if (filename !== '') {
    typeGroups.push(legacyNameParameter(filename));
    dispositionGroups.push(filenameParameter('filename', filename));
  }
  const content = withParameters(contentType.type, typeGroups);
  const dispositionPieces = withParameters(disposition, dispositionGroups);
  const headers = [
    foldHeader('Content-Type', content),
    foldHeader('Content-Disposition', dispositionPieces),
    `Content-Transfer-Encoding: ${encoding}`,
  ];
  if (contentId !== undefined) headers.push(`Content-ID: ${contentIdOf(contentId)}`);
  return headers;
}

/**
 * An attachment or inline part: base64 always (byte-exact); message/rfc822 as rfc822Part says. A file name
 * is one line without controls; '' when nothing is left, and then no name parameter is written.
 */
export function attachmentPart(
  attachment: OutgoingAttachment,
  disposition: 'attachment' | 'inline',
): MimeLeaf {
  let contentType = parseContentType(attachment.contentType);
  let filename = cleanLineText(attachment.filename);
  if (contentType.type === 'message/rfc822') {
    const forwarded = rfc822Part(attachment.content, filename, disposition, attachment.contentId);
    if (forwarded !== null) return forwarded;
    contentType = OCTET_STREAM;
    if (!/\.eml$/i.test(filename)) filename = `${filename === '' ? 'message' : filename}.eml`;
  }
  return {
    kind: 'leaf',
    headers: attachmentHeaders(contentType, filename, disposition, attachment.contentId, 'base64'),
    body: encodeBase64(attachment.content),
    eightBit: false,
    verbatim: false,
  };
}

/** Bare CR and bare LF as CRLF: SMTP carries nothing else (RFC 5321 2.3.8), and signatures hash CRLF forms. */
function crlfLines(bytes: Uint8Array): Uint8Array {
  let extra = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x0a && bytes[i - 1] !== 0x0d) extra++;
    else if (bytes[i] === 0x0d && bytes[i + 1] !== 0x0a) extra++;
  }
  if (extra === 0) return bytes;
  const out = new Uint8Array(bytes.length + extra);
  let n = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] as number;
    if (byte === 0x0a && bytes[i - 1] !== 0x0d) out[n++] = 0x0d;
    out[n++] = byte;
    if (byte === 0x0d && bytes[i + 1] !== 0x0a) out[n++] = 0x0a;
  }
  return out;
}

/**
 * A forwarded message as message/rfc822. RFC 2046 5.2.1: no encoding other than 7bit, 8bit or binary is
 * permitted for it, so an original with 8-bit bytes goes as 8bit and the message needs BODY=8BITMIME. What
 * no 8bit body may hold (RFC 2045 2.8: a line over 998 octets, a NUL) cannot go as message/rfc822 at all:
 * null, and the caller attaches the same bytes as application/octet-stream `*.eml` in base64, which every
 * client still opens as a message, rather than send something a server may truncate or refuse.
 */
function rfc822Part(
  content: Uint8Array,
  filename: string,
  disposition: 'attachment' | 'inline',
  contentId: string | undefined,
): MimeLeaf | null {
  const bytes = crlfLines(content);
  let eightBit = false;
  let lineStart = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] as number;
    if (byte === 0) return null;
    if (byte >= 0x80) eightBit = true;
    if (byte === 0x0a) {
      if (i - 1 - lineStart > MAX_LINE) return null;
      lineStart = i + 1;
    }
  }
  if (bytes.length - lineStart > MAX_LINE) return null;
  const headers = attachmentHeaders(
    { type: 'message/rfc822', parameters: [] },
    filename,
    disposition,
    contentId,
    eightBit ? '8bit' : '7bit',
  );
  return { kind: 'leaf', headers, body: bytes, eightBit, verbatim: true };
}
