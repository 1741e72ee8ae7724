// Raw message bytes -> what the reader shows. postal-mime does the MIME work; prepare-raw.ts fixes what it reads
// wrong (raw 8-bit headers), applies "re-decode as", and flowed.ts reflows format=flowed with quote depth. The
// body is a list of parts, each kept apart (body-parts.ts): HTML is never joined across parts.
// Runs in the parser worker (parse.worker.ts); plain functions, so Node tests call it directly.

import PostalMime, { type Address, type Email } from 'postal-mime';
import { bodyPartsOf, readTextEntries, type BodyPart } from './body-parts.ts';
import { fitBody } from './fit-body.ts';
import { decodeEncodedWords } from '../format/rfc2047.ts';
import { decodeFlowed } from './flowed.ts';
import { prepareRaw } from './prepare-raw.ts';
import { normalizeContentId } from './url-policy.ts';

export interface MailAddress {
  /** Decoded display name, '' when none. */
  readonly name: string;
  /** addr-spec as written, '' for a group without members. */
  readonly address: string;
  /** Name of the RFC 5322 group the mailbox was listed in, if any. */
  readonly group?: string;
}

export interface ParsedAttachment {
  readonly filename: string | null;
  readonly mimeType: string;
  readonly disposition: string | null;
  /** Normalized Content-ID (no angle brackets, lower case), or null. */
  readonly contentId: string | null;
  /** Inside a multipart/related with a Content-ID: an inline resource of the HTML. */
  readonly related: boolean;
  readonly size: number;
  readonly content: ArrayBuffer;
  /** For images with a Content-ID: a data: URL the sanitizer substitutes for cid: references. */
  readonly dataUrl: string | null;
}

export interface ParsedMessage {
  readonly subject: string;
  readonly from: readonly MailAddress[];
  readonly sender: readonly MailAddress[];
  readonly replyTo: readonly MailAddress[];
  readonly to: readonly MailAddress[];
  readonly cc: readonly MailAddress[];
  readonly bcc: readonly MailAddress[];
  /** ISO 8601 when the Date header parses, else null. */
  readonly date: string | null;
  readonly messageId: string | null;
  /** The raw In-Reply-To and References values (a reply's threading: compose/reply-headers.ts). */
  readonly inReplyTo: string | null;
  readonly references: string | null;
  /** The plain text of the whole message (postal-mime's, reflowed when flowed), for quoting and comparing. */
  readonly text: string | null;
  /** What the reader shows, part by part; HTML that would freeze the app comes as text (fit-body.ts). */
  readonly body: readonly BodyPart[];
  readonly attachments: readonly ParsedAttachment[];
  /** Charset used for raw 8-bit header lines, when there were any. */
  readonly headerCharset: string | null;
  /** Charsets the text parts declare. */
  readonly declaredCharsets: readonly string[];
  /** The "re-decode as" charset this parse used, or null for the declared ones. */
  readonly charsetOverride: string | null;
}

export interface ParseOptions {
  readonly charset?: string | null;
}

/** Inline images bigger than this stay downloadable but are not inlined as data: URLs into the frame. */
export const MAX_INLINE_IMAGE_BYTES = 8 * 1024 * 1024;

function flatten(address: Address | readonly Address[] | undefined): MailAddress[] {
  if (address === undefined) return [];
  const list = Array.isArray(address) ? address : [address as Address];
  const out: MailAddress[] = [];
  for (const entry of list) {
    if (entry.group !== undefined) {
      if (entry.group.length === 0) out.push({ name: entry.name, address: '', group: entry.name });
      for (const member of entry.group)
        out.push({ name: member.name, address: member.address, group: entry.name });
    } else out.push({ name: entry.name, address: entry.address });
  }
  return out;
}

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function toArrayBuffer(content: Email['attachments'][number]['content']): ArrayBuffer {
  if (content instanceof ArrayBuffer) return content;
  if (typeof content === 'string') return new TextEncoder().encode(content).buffer as ArrayBuffer;
  return content.buffer.slice(content.byteOffset, content.byteOffset + content.byteLength) as ArrayBuffer;
}

/**
 * The Subject, its encoded words decoded by the app's own decoder (format/rfc2047.ts, as the list does): it joins
 * adjacent words as bytes, so a character split across two of them comes out whole, where postal-mime decodes
 * each word alone and shows U+FFFD.
 */
function subjectOf(email: Email): string {
  const raw = email.headers.find((header) => header.key === 'subject')?.value;
  if (raw === undefined || !raw.includes('=?')) return email.subject ?? '';
  return decodeEncodedWords(raw).trim();
}

/** Parses one message. Rejects only when postal-mime does (nesting or header limits). */
export async function parseMessage(raw: Uint8Array, options: ParseOptions = {}): Promise<ParsedMessage> {
  const prepared = prepareRaw(raw, { charset: options.charset ?? null });
  const parser = new PostalMime({ attachmentEncoding: 'arraybuffer' });
  const email = await parser.parse(prepared.raw);
  const body = await fitBody(bodyPartsOf(readTextEntries(parser), { flowed: prepared.flowed }));
  let text = email.text ?? null;
  if (text !== null && prepared.flowed) text = decodeFlowed(text, prepared.flowed.delSp);

  const attachments = email.attachments.map((attachment): ParsedAttachment => {
    const content = toArrayBuffer(attachment.content);
    const contentId = attachment.contentId ? normalizeContentId(attachment.contentId) : null;
    const image = attachment.mimeType.startsWith('image/');
    const dataUrl =
      contentId !== null && image && content.byteLength <= MAX_INLINE_IMAGE_BYTES
        ? `data:${/^image\/[a-z0-9.+-]+$/i.test(attachment.mimeType) ? attachment.mimeType : 'application/octet-stream'};base64,${base64(new Uint8Array(content))}`
        : null;
    return {
      filename: attachment.filename,
      mimeType: attachment.mimeType,
      disposition: attachment.disposition,
      contentId,
      related: attachment.related === true,
      size: content.byteLength,
      content,
      dataUrl,
    };
  });

  return {
    subject: subjectOf(email),
    from: flatten(email.from),
    sender: flatten(email.sender),
    replyTo: flatten(email.replyTo),
    to: flatten(email.to),
    cc: flatten(email.cc),
    bcc: flatten(email.bcc),
    date: email.date && !Number.isNaN(Date.parse(email.date)) ? email.date : null,
    messageId: email.messageId ?? null,
    inReplyTo: email.inReplyTo ?? null,
    references: email.references ?? null,
    text,
    body,
    attachments,
    headerCharset: prepared.headerCharset,
    declaredCharsets: prepared.declaredCharsets,
    charsetOverride: options.charset ?? null,
  };
}

/** Decodes one part's body (base64, quoted-printable, ...) to bytes, for attachments fetched on demand. */
export async function decodePartBody(body: Uint8Array, transferEncoding: string): Promise<ArrayBuffer> {
  const encoding = /^[a-z0-9-]+$/i.test(transferEncoding) ? transferEncoding : '8bit';
  const header = new TextEncoder().encode(
    `Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: ${encoding}\r\nContent-Disposition: attachment\r\n\r\n`,
  );
  const message = new Uint8Array(header.length + body.length);
  message.set(header);
  message.set(body, header.length);
  const email = await PostalMime.parse(message, { attachmentEncoding: 'arraybuffer' });
  const first = email.attachments[0];
  return first ? toArrayBuffer(first.content) : new ArrayBuffer(0);
}
