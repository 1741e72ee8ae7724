// buildMessage (contracts.md 4): an OutgoingMessage as RFC 5322 + MIME bytes, clean in every client.
//
// Structure (RFC 2046 5.1): text only -> text/plain; text + html -> multipart/alternative; inline parts ->
// multipart/related (RFC 2387) around the html; attachments -> multipart/mixed outermost. Every text part is
// UTF-8; header text is ASCII with RFC 2047 words, or raw UTF-8 with utf8Headers (RFC 6532).
//
// Plain text is sent as typed, one paragraph per line, not format=flowed (RFC 3676): the lines are protected
// by quoted-printable or base64 instead, as Gmail, Outlook and Apple Mail send them, so every reader gets
// back exactly the text the user wrote (format=flowed would make trailing spaces mean something and hard
// wrap what the reader then re-joins, and readers re-join it differently) and wraps it to its own width.

import { addressListPieces } from './address-header.ts';
import { concatBytes, indexOfAscii, randomToken, utf8 } from './bytes.ts';
import { cleanLineText } from './clean-text.ts';
import { formatDateHeader } from './date-header.ts';
import { ComposeError } from './errors.ts';
import { foldHeader, piece } from './header-fold.ts';
import { unstructuredPieces, type TextMode } from './header-text.ts';
import { MSG_ID } from './message-id.ts';
import { attachmentPart, textPart, withParameters, type MimeLeaf, type MimePart } from './mime-parts.ts';
import type { BuildOptions, BuiltMessage, MailAddress, OutgoingMessage } from './types.ts';

/** Fields buildMessage writes itself: an extra header may not repeat or replace them. */
const OWN_FIELDS = new Set([
  'date',
  'from',
  'sender',
  'reply-to',
  'to',
  'cc',
  'bcc',
  'subject',
  'message-id',
  'in-reply-to',
  'references',
  'mime-version',
  'content-type',
  'content-transfer-encoding',
  'content-disposition',
  'content-id',
  'content-description',
]);
/** RFC 5322 3.6.8: field-name = 1*ftext, printable ASCII but ":". */
const FIELD_NAME = /^[!-9;-~]+$/;

const CRLF = utf8('\r\n');

export function buildMessage(message: OutgoingMessage, options: BuildOptions): BuiltMessage {
  const mode: TextMode = { utf8: options.utf8Headers === true };
  const body = bodyStructure(message);
  const headers = [
    ...messageHeaders(message, options, mode),
    'MIME-Version: 1.0',
    ...extraHeaders(message.extraHeaders ?? [], mode),
  ];
  const chunks: Uint8Array[] = [];
  writePart(body, headers, chunks);
  chunks.push(CRLF);
  return { bytes: concatBytes(chunks), eightBit: containsEightBit(body) };
}

function messageHeaders(message: OutgoingMessage, options: BuildOptions, mode: TextMode): string[] {
  const lines = [`Date: ${formatDateHeader(message.date, options.utcOffsetMinutes)}`];
  const addresses = (name: string, list: readonly MailAddress[] | undefined): void => {
    if (list !== undefined && list.length > 0) lines.push(foldHeader(name, addressListPieces(list, mode)));
  };
  addresses('From', [message.from]);
  addresses('Reply-To', message.replyTo);
  addresses('To', message.to);
  addresses('Cc', message.cc);
  if (options.bcc === 'keep') addresses('Bcc', message.bcc);
  lines.push(foldHeader('Subject', unstructuredPieces(cleanLineText(message.subject), mode)));
  lines.push(`Message-ID: ${checkedMessageId('Message-ID', message.messageId)}`);
  if (message.inReplyTo !== undefined) {
    lines.push(`In-Reply-To: ${checkedMessageId('In-Reply-To', message.inReplyTo)}`);
  }
  const references = (message.references ?? []).map((id) => checkedMessageId('References', id));
  if (references.length > 0)
    lines.push(
      foldHeader(
        'References',
        references.map((id) => piece(id)),
      ),
    );
  return lines;
}

function checkedMessageId(field: string, id: string): string {
  if (!MSG_ID.test(id)) throw new ComposeError('COMPOSE_BAD_MESSAGE_ID', `${field}: ${JSON.stringify(id)}`);
  return id;
}

function extraHeaders(fields: readonly (readonly [string, string])[], mode: TextMode): string[] {
  return fields.map(([name, value]) => {
    if (!FIELD_NAME.test(name) || OWN_FIELDS.has(name.toLowerCase())) {
      throw new ComposeError('COMPOSE_BAD_HEADER', `${JSON.stringify(name)} cannot be an extra header`);
    }
    return foldHeader(name, unstructuredPieces(cleanLineText(value), mode));
  });
}

/** The body's MIME tree, outermost first (see the file's head). */
function bodyStructure(message: OutgoingMessage): MimePart {
  const text = textPart(message.text, 'plain');
  const inline =
    message.html === undefined ? [] : message.attachments.filter((a) => a.contentId !== undefined);
  const attached = message.attachments.filter((a) => !inline.includes(a));
  let body: MimePart = text;
  if (message.html !== undefined) {
    let html: MimePart = textPart(message.html, 'html');
    if (inline.length > 0) {
      html = {
        kind: 'multipart',
        subtype: 'related',
        parameters: ['type="text/html"'],
        parts: [html, ...inline.map((a) => attachmentPart(a, 'inline'))],
      };
    }
    body = { kind: 'multipart', subtype: 'alternative', parameters: [], parts: [text, html] };
  }
  if (attached.length === 0) return body;
  return {
    kind: 'multipart',
    subtype: 'mixed',
    parameters: [],
    parts: [body, ...attached.map((a) => attachmentPart(a, 'attachment'))],
  };
}

function containsEightBit(part: MimePart): boolean {
  return part.kind === 'leaf' ? part.eightBit : part.parts.some(containsEightBit);
}

function verbatimLeaves(part: MimePart): MimeLeaf[] {
  if (part.kind === 'leaf') return part.verbatim ? [part] : [];
  return part.parts.flatMap(verbatimLeaves);
}

/**
 * A boundary no line of the part's content can start with: "=_" never occurs in quoted-printable ("=" is
 * followed by hex digits or a line end) nor in base64, and bodies written as they are (7bit text, a
 * forwarded message) are searched; a hit (about 62^-24) draws again.
 */
function boundaryFor(part: MimePart): string {
  const verbatim = verbatimLeaves(part);
  for (;;) {
    const boundary = `=_${randomToken(24)}`;
    if (verbatim.every((leaf) => indexOfAscii(leaf.body, boundary) < 0)) return boundary;
  }
}

/** Header fields, blank line, body; multipart bodies with their delimiter lines (RFC 2046 5.1.1). */
function writePart(part: MimePart, outer: readonly string[], chunks: Uint8Array[]): void {
  if (part.kind === 'leaf') {
    chunks.push(utf8([...outer, ...part.headers].join('\r\n') + '\r\n\r\n'), part.body);
    return;
  }
  const boundary = boundaryFor(part);
  const type = withParameters(`multipart/${part.subtype}`, [
    ...part.parameters.map((parameter) => [piece(parameter)]),
    [piece(`boundary="${boundary}"`)],
  ]);
  // RFC 2045 6.4: a multipart is labelled with the widest encoding inside it.
  const encoding = containsEightBit(part) ? '8bit' : '7bit';
  const fields = [...outer, foldHeader('Content-Type', type), `Content-Transfer-Encoding: ${encoding}`];
  chunks.push(utf8(fields.join('\r\n') + '\r\n\r\n'));
  for (const child of part.parts) {
    chunks.push(utf8(`--${boundary}\r\n`));
    writePart(child, [], chunks);
    chunks.push(CRLF);
  }
  chunks.push(utf8(`--${boundary}--`));
}
