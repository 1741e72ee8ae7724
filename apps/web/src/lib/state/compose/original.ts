// Loads the message a reply, forward or continued draft starts from, the way the reader does (lib/mail/assemble.ts:
// BODYSTRUCTURE, then the header, the text parts and the small parts in one FETCH; big parts are left on the
// server and fetched by part number when a forward needs them), parsed by the app's MIME parser (postal-mime in
// its worker). What the parse leaves out and a reply needs (References, In-Reply-To, Delivered-To) is read from
// the fetched header. Every FETCH names the UIDVALIDITY the UID was read under.
//
// The fetch goes on the session's connection when the message's folder is the one selected there (the usual
// case: a reply to the open message, without a SELECT), else on the composer's own connection.

import { uidFetchCommand } from '@webmail/imap-core';
import type { FetchAttributes, FetchItems, FetchedMessage, FetchedSection } from '@webmail/imap-core';
import { assembleMessage, deferredPartOf, estimatedDecodedSize, planFetch } from '../../mail/assemble.ts';
import type { DeferredPart } from '../../mail/assemble.ts';
import type { MessageParser } from '../../mail/parser-client.ts';
import type { BodyPart } from '../../mail/body-parts.ts';
import type { MailAddress as ParsedAddress } from '../../mail/parse-message.ts';
import { NoMailboxSelectedError, OtherMailboxSelectedError, inMailbox } from '../bulk.ts';
import type { MailClient } from '../mail-client.ts';
import type { ReaderAttachment, ReaderMessage } from '../reader-message.ts';
import type { ComposeImap } from './compose-imap.ts';
import type { MessageAddress } from './draft-store.ts';
import { parseAddressList, type MailAddress, type OriginalHeaders } from './mime.ts';

export interface OriginalAttachment {
  readonly filename: string | null;
  readonly mimeType: string;
  /** Normalized Content-ID (no brackets), or null. */
  readonly contentId: string | null;
  /** An inline resource of the HTML (multipart/related). */
  readonly related: boolean;
  /** Decoded size; an estimate while the part is on the server. */
  readonly size: number;
  /** The decoded bytes: here, or fetched (by part number) when asked for. */
  readonly bytes: ArrayBuffer | (() => Promise<ArrayBuffer>);
}

/**
 * The message the reader shows, when it is the one a reply or forward starts from: its parse is used instead
 * of fetching and parsing the message again (the reply then costs one small FETCH of header fields).
 */
export interface ShownMessage {
  readonly message: Pick<
    ReaderMessage,
    | 'subject'
    | 'from'
    | 'replyTo'
    | 'to'
    | 'cc'
    | 'text'
    | 'body'
    | 'date'
    | 'inlineImages'
    | 'attachments'
    | 'size'
  >;
  /** The reader's bytes of one of its attachments (asked for at once: the reader may move on). */
  attachmentBytes(attachment: ReaderAttachment): Promise<ArrayBuffer>;
}

/**
 * A piece of the original's body as the reader shows it: HTML, which is sanitized on its own when it is quoted
 * (never joined with another part before: an unclosed attribute in one would swallow the next), or text.
 */
export type OriginalPart =
  { readonly kind: 'html'; readonly html: string } | { readonly kind: 'text'; readonly text: string };

export interface OriginalMessage {
  readonly ref: MessageAddress;
  readonly headers: OriginalHeaders;
  readonly subject: string;
  readonly bcc: readonly MailAddress[];
  readonly date: Date | null;
  /** The plain text (the text/plain part), for plain-text replies. */
  readonly text: string | null;
  readonly parts: readonly OriginalPart[];
  /** Content-ID -> data: URL of inline images, for the sanitizer. */
  readonly inlineImages: ReadonlyMap<string, string>;
  readonly attachments: readonly OriginalAttachment[];
  /** Header fields a continued draft reads back (lower-case names). */
  readonly fields: ReadonlyMap<string, string>;
  /** RFC822.SIZE */
  readonly size: number;
}

/**
 * The parsed body as quotable parts, one by one as the reader shows them (lib/mail/body-parts.ts): HTML too
 * costly to sanitize without freezing the app comes as its text, an inline forwarded message as its subject.
 */
export function partsOf(body: readonly BodyPart[]): OriginalPart[] {
  return body.map((part): OriginalPart => {
    switch (part.kind) {
      case 'html':
        return { kind: 'html', html: part.html };
      case 'message':
        return { kind: 'text', text: part.subject };
      default:
        return { kind: 'text', text: part.text };
    }
  });
}

export function hasHtml(original: Pick<OriginalMessage, 'parts'>): boolean {
  return original.parts.some((part) => part.kind === 'html');
}

export class OriginalNotFoundError extends Error {
  override name = 'OriginalNotFoundError';
}

/** Header fields read from the fetched header, beyond what the parse gives. */
const EXTRA_FIELDS = ['delivered-to', 'x-original-to', 'mail-followup-to', 'x-webmail-draft'];
/** What a reply needs that the reader's parse does not keep: fetched alone (BODY.PEEK[HEADER.FIELDS (...)]). */
const SHOWN_FIELDS = [
  'Message-ID',
  'In-Reply-To',
  'References',
  'Delivered-To',
  'X-Original-To',
  'Mail-Followup-To',
];

export class OriginalLoader {
  readonly #main: MailClient;
  readonly #imap: ComposeImap;
  readonly #parser: MessageParser;

  constructor(main: MailClient, imap: ComposeImap, parser: MessageParser) {
    this.#main = main;
    this.#imap = imap;
    this.#parser = parser;
  }

  async load(ref: MessageAddress): Promise<OriginalMessage> {
    const first = await this.#fetch(ref, { size: true, bodyStructure: true });
    const structure = first?.bodyStructure;
    if (!first || !structure) throw new OriginalNotFoundError(`UID ${ref.uid} is not in ${ref.mailbox}`);
    const plan = planFetch(structure);
    const second = await this.#fetch(ref, { sections: plan.sections });
    const sections = byName(second?.sections);
    const raw = assembleMessage(structure, sections, plan);
    const parsed = await this.#parser.parse(raw, null);
    const fields = headerFields(sections.get('HEADER') ?? new Uint8Array(0), EXTRA_FIELDS);
    const inlineImages = new Map<string, string>();
    const attachments = parsed.attachments.map((attachment): OriginalAttachment => {
      const part = deferredPartOf(attachment.content);
      const deferred = part === null ? null : (plan.deferred.get(part) ?? null);
      if (attachment.contentId && attachment.dataUrl)
        inlineImages.set(attachment.contentId, attachment.dataUrl);
      return {
        filename: attachment.filename,
        mimeType: attachment.mimeType,
        contentId: attachment.contentId,
        related: attachment.related,
        size: deferred ? estimatedDecodedSize(deferred) : attachment.content.byteLength,
        bytes: deferred ? () => this.partBytes(ref, deferred) : attachment.content,
      };
    });
    const date = parsed.date === null ? null : new Date(parsed.date);
    return {
      ref,
      headers: {
        from: addresses(parsed.from),
        replyTo: addresses(parsed.replyTo),
        to: addresses(parsed.to),
        cc: addresses(parsed.cc),
        messageId: parsed.messageId,
        inReplyTo: parsed.inReplyTo,
        references: parsed.references,
        ...headerAddresses(fields),
      },
      subject: parsed.subject,
      bcc: addresses(parsed.bcc),
      date,
      text: parsed.text,
      parts: partsOf(parsed.body),
      inlineImages,
      attachments,
      fields,
      size: first.rfc822Size ?? raw.length,
    };
  }

  /**
   * The original from the reader's parse of it: only the header fields the parse does not keep (Message-ID,
   * In-Reply-To, References, Delivered-To...) are fetched. With `withAttachments` (an inline forward), the
   * bytes of its attachments are asked of the reader now, before anything is awaited, while it still shows
   * this message; a reply asks for none (a large one would be fetched for nothing).
   */
  async loadShown(
    ref: MessageAddress,
    shown: ShownMessage,
    withAttachments: boolean,
  ): Promise<OriginalMessage> {
    const { message } = shown;
    // The reader lists inline images among its attachments; they travel in the quoted HTML.
    const attached = withAttachments ? message.attachments.filter((attachment) => !attachment.inline) : [];
    const attachments = attached.map((attachment): OriginalAttachment => {
      const bytes = shown.attachmentBytes(attachment);
      bytes.catch(() => undefined);
      return {
        filename: attachment.filename,
        mimeType: attachment.mimeType,
        contentId: null,
        related: false,
        size: attachment.size,
        bytes: () => bytes,
      };
    });
    const attributes = await this.#fetch(ref, { sections: [{ specifier: { fields: SHOWN_FIELDS } }] });
    const header = attributes?.sections?.find(
      (s) => s.item === 'BODY' && s.section.startsWith('HEADER.FIELDS'),
    );
    if (!header?.data) throw new OriginalNotFoundError(`UID ${ref.uid} is not in ${ref.mailbox}`);
    const fields = headerFields(
      header.data,
      SHOWN_FIELDS.map((name) => name.toLowerCase()),
    );
    return {
      ref,
      headers: {
        from: addresses(message.from),
        replyTo: addresses(message.replyTo),
        to: addresses(message.to),
        cc: addresses(message.cc),
        messageId: fields.get('message-id') ?? null,
        inReplyTo: fields.get('in-reply-to') ?? null,
        references: fields.get('references') ?? null,
        ...headerAddresses(fields),
      },
      subject: message.subject,
      bcc: [],
      date: message.date,
      text: message.text,
      parts: partsOf(message.body),
      inlineImages: message.inlineImages,
      attachments,
      fields,
      size: message.size,
    };
  }

  /** The bytes of a part left on the server, decoded (base64, quoted-printable). */
  async partBytes(ref: MessageAddress, part: DeferredPart): Promise<ArrayBuffer> {
    const section = part.part === '' ? 'TEXT' : part.part;
    const attributes = await this.#imap.inMailbox(ref.mailbox, ref.uidValidity, async (client) => {
      const result = await client.fetch(
        [{ start: ref.uid, end: ref.uid }],
        { sections: [part.part === '' ? { specifier: 'TEXT' } : { part: part.part }] },
        { expectedUidValidity: ref.uidValidity },
      );
      return attributesOf(result.messages, ref.uid);
    });
    const body = byName(attributes?.sections).get(section);
    if (!body) throw new OriginalNotFoundError(`the server sent no BODY[${section}]`);
    return this.#parser.decodePart(body, part.encoding);
  }

  /** The whole message as stored (forward as attachment). */
  async rawMessage(ref: MessageAddress): Promise<Uint8Array> {
    const attributes = await this.#imap.inMailbox(ref.mailbox, ref.uidValidity, async (client) => {
      const result = await client.fetch(
        [{ start: ref.uid, end: ref.uid }],
        { sections: [{}] },
        { expectedUidValidity: ref.uidValidity },
      );
      return attributesOf(result.messages, ref.uid);
    });
    const raw = byName(attributes?.sections).get('');
    if (!raw) throw new OriginalNotFoundError(`UID ${ref.uid} is not in ${ref.mailbox}`);
    return raw;
  }

  async #fetch(ref: MessageAddress, items: FetchItems): Promise<FetchAttributes | null> {
    const uids = [{ start: ref.uid, end: ref.uid }];
    const options = { expectedUidValidity: ref.uidValidity };
    try {
      const result = await this.#main.run(inMailbox(uidFetchCommand(uids, items, options), ref.mailbox));
      return attributesOf(result.messages, ref.uid);
    } catch (error) {
      // Another folder is open there now (or none): the composer's connection selects this one.
      if (!(error instanceof OtherMailboxSelectedError) && !(error instanceof NoMailboxSelectedError))
        throw error;
    }
    return this.#imap.inMailbox(ref.mailbox, ref.uidValidity, async (client) => {
      const result = await client.fetch(uids, items, options);
      return attributesOf(result.messages, ref.uid);
    });
  }
}

/**
 * One message's attributes from every FETCH response the command collected for its UID. Another command's
 * FETCH for the same UID can arrive while ours is in flight (the reader's \\Seen echo: `FETCH (UID n FLAGS
 * (\\Seen))`), and the command collects it too: the items asked for are in whichever response carries them.
 */
export function attributesOf(messages: readonly FetchedMessage[], uid: number): FetchAttributes | null {
  let merged: FetchAttributes | null = null;
  for (const message of messages) {
    if (message.uid !== uid) continue;
    const sections: FetchedSection[] = [...(merged?.sections ?? []), ...(message.attributes.sections ?? [])];
    const next: FetchAttributes = { ...(merged ?? {}), ...definedOf(message.attributes) };
    if (sections.length > 0) next.sections = sections;
    merged = next;
  }
  return merged;
}

function definedOf(attributes: FetchAttributes): FetchAttributes {
  return Object.fromEntries(
    Object.entries(attributes).filter(([, value]) => value !== undefined),
  ) as FetchAttributes;
}

function addresses(list: readonly ParsedAddress[]): MailAddress[] {
  return list
    .filter((entry) => entry.address !== '')
    .map((entry) => (entry.name ? { name: entry.name, address: entry.address } : { address: entry.address }));
}

function byName(sections: readonly FetchedSection[] | undefined): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const section of sections ?? [])
    if (section.data && section.item === 'BODY') out.set(section.section, section.data);
  return out;
}

/** Mail-Followup-To and Delivered-To / X-Original-To, from header fields. */
function headerAddresses(
  fields: ReadonlyMap<string, string>,
): Pick<OriginalHeaders, 'mailFollowupTo' | 'deliveredTo'> {
  return {
    mailFollowupTo: parseAddressList(fields.get('mail-followup-to') ?? '').addresses,
    deliveredTo: [fields.get('delivered-to'), fields.get('x-original-to')]
      .filter((value): value is string => value !== undefined)
      .map((value) => value.trim().replace(/^<|>$/g, '')),
  };
}

/** `<id@host>` tokens of a message-id list (RFC 5322 3.6.4), in order. */
export function messageIds(value: string): string[] {
  return value.match(/<[^<>\s]+>/g) ?? [];
}

/**
 * The first value of each wanted field of a raw header (unfolded; RFC 5322 2.2.3), read as UTF-8 (RFC 6532);
 * what is not UTF-8 becomes U+FFFD and the address parser then refuses it.
 */
export function headerFields(header: Uint8Array, wanted: readonly string[]): Map<string, string> {
  const text = new TextDecoder('utf-8').decode(header).replace(/\r?\n[ \t]+/g, ' ');
  const fields = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (wanted.includes(name) && !fields.has(name)) fields.set(name, line.slice(colon + 1).trim());
  }
  return fields;
}
