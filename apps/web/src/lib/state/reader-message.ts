// The reader's view of one message (what ReaderPane shows), built from a fetch and a parse. Plain data: the
// MessageReader holds it in $state.raw and replaces it whole.

import type { FetchedSection } from '@webmail/imap-core';
import { deferredPartOf, estimatedDecodedSize, type DeferredPart } from '../mail/assemble.ts';
import type { ParsedMessage } from '../mail/parse-message.ts';
import type { MessageRef } from './message-list/message-list.svelte.ts';

export interface ReaderAttachment {
  readonly index: number;
  readonly filename: string | null;
  readonly mimeType: string;
  /** Decoded size; an estimate from the encoded size when the part was not fetched yet. */
  readonly size: number;
  readonly sizeIsEstimate: boolean;
  /** An inline image of the HTML body (multipart/related with a Content-ID). */
  readonly inline: boolean;
  /** Set when the bytes are fetched on demand. */
  readonly deferred: DeferredPart | null;
}

/** What the parse said, as it said it (see ParsedMessage), and what the fetch adds. */
export interface ReaderMessage extends Pick<
  ParsedMessage,
  | 'subject'
  | 'from'
  | 'sender'
  | 'replyTo'
  | 'to'
  | 'cc'
  | 'text'
  | 'body'
  | 'headerCharset'
  | 'declaredCharsets'
  | 'charsetOverride'
> {
  readonly ref: MessageRef;
  /** The Date header, else INTERNALDATE, else null. */
  readonly date: Date | null;
  /** Normalized Content-ID -> data: URL, for the sanitizer. */
  readonly inlineImages: ReadonlyMap<string, string>;
  readonly attachments: readonly ReaderAttachment[];
  /** RFC822.SIZE */
  readonly size: number;
}

/** A fetched message: the assembled raw bytes and what the first FETCH told. */
export interface LoadedMessage {
  readonly ref: MessageRef;
  readonly raw: Uint8Array;
  readonly internalDate: number | null;
  readonly size: number;
  readonly flags: readonly string[];
  /** Parts left on the server, by part number. */
  readonly deferred: ReadonlyMap<string, DeferredPart>;
  /** Bytes of each attachment by index, fetched or decoded. */
  readonly contents: Map<number, ArrayBuffer>;
}

/** What the pane shows, from the fetched message and its parse; records fetched attachment bytes in `loaded`. */
export function presentMessage(loaded: LoadedMessage, parsed: ParsedMessage): ReaderMessage {
  const inlineImages = new Map<string, string>();
  const attachments: ReaderAttachment[] = parsed.attachments.map((attachment, index) => {
    const part = deferredPartOf(attachment.content);
    const deferred = part === null ? null : (loaded.deferred.get(part) ?? null);
    if (!deferred) loaded.contents.set(index, attachment.content);
    if (attachment.contentId && attachment.dataUrl)
      inlineImages.set(attachment.contentId, attachment.dataUrl);
    return {
      index,
      filename: attachment.filename,
      mimeType: attachment.mimeType,
      size: deferred ? estimatedDecodedSize(deferred) : attachment.size,
      sizeIsEstimate: deferred !== null,
      inline: attachment.related && attachment.dataUrl !== null,
      deferred,
    };
  });
  const headerDate = parsed.date === null ? null : new Date(parsed.date);
  return {
    ref: loaded.ref,
    subject: parsed.subject,
    from: parsed.from,
    sender: parsed.sender,
    replyTo: parsed.replyTo,
    to: parsed.to,
    cc: parsed.cc,
    date: headerDate ?? (loaded.internalDate === null ? null : new Date(loaded.internalDate)),
    text: parsed.text,
    body: parsed.body,
    inlineImages,
    attachments,
    headerCharset: parsed.headerCharset,
    declaredCharsets: parsed.declaredCharsets,
    charsetOverride: parsed.charsetOverride,
    size: loaded.size,
  };
}

/** Section data of a FETCH response keyed by section spec ('HEADER', '1.MIME', '2'). */
export function sectionsByName(sections: readonly FetchedSection[] | undefined): Map<string, Uint8Array> {
  const data = new Map<string, Uint8Array>();
  for (const section of sections ?? [])
    if (section.data && section.item === 'BODY') data.set(section.section, section.data);
  return data;
}

/** A fresh map for attachment bytes by index. */
export function emptyContents(): Map<number, ArrayBuffer> {
  return new Map();
}
