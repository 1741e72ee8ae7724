// How each kind of message starts: a new one (the default identity's signature), a reply or reply-all (the
// identity the original was addressed to, its recipients, "Re:", In-Reply-To and References, the original
// quoted), a forward (inline with its attachments, or the whole message attached as message/rfc822), or a draft
// continued where it was left (its own headers, body and attachments, and what it answers, from our
// X-Webmail-Draft header).

import { i18n } from '../../i18n/i18n.svelte.ts';
import type { AttachmentSet } from './attachments.svelte.ts';
import { DraftState, type ComposeMode } from './draft.svelte.ts';
import type { MessageAddress, SavedDraft } from './draft-store.ts';
import type { Identity, IdentityBook } from './identities.svelte.ts';
import {
  forwardSubject,
  newMessageId,
  pickIdentity,
  referencesFor,
  replyRecipients,
  replySubject,
  type MailAddress,
} from './mime.ts';
import {
  hasHtml,
  messageIds,
  type OriginalLoader,
  type OriginalMessage,
  type ShownMessage,
} from './original.ts';
import { decodeDraftInfo, DRAFT_INFO_HEADER } from './outgoing.ts';
import { forwardBody, newBody, replyBody, sanitizedBody, type BodyFormat } from './quote.ts';

export interface StartContext {
  readonly identities: IdentityBook;
  readonly loader: OriginalLoader;
  /** The user allowed remote content for this message in the reader. */
  readonly remoteAllowed: (message: MessageAddress) => boolean;
  /** The reader's parse of this message, when it shows it. */
  readonly shown: (message: MessageAddress) => ShownMessage | null;
  readonly appOrigin: string;
  /** The format of a new message. */
  readonly format: BodyFormat;
}

export interface Started {
  readonly draft: DraftState;
  /** The version in Drafts already (a continued draft). */
  readonly saved: SavedDraft | null;
}

export function startNew(context: StartContext, to: readonly MailAddress[] = []): Started {
  const identity = context.identities.defaultIdentity;
  return {
    draft: new DraftState({
      mode: 'new',
      identity,
      to,
      body: newBody(context.format, identity?.signature ?? ''),
      messageId: newMessageId(domainOf(identity)),
    }),
    saved: null,
  };
}

/**
 * The original: the reader's parse of it when it shows it, else fetched and parsed. `withAttachments`: the
 * reader is asked for the bytes of its attachments (for an inline forward).
 */
function loadOriginal(
  context: StartContext,
  message: MessageAddress,
  withAttachments: boolean,
): Promise<OriginalMessage> {
  const shown = context.shown(message);
  return shown ? context.loader.loadShown(message, shown, withAttachments) : context.loader.load(message);
}

export async function startReply(
  context: StartContext,
  message: MessageAddress,
  mode: 'reply' | 'replyAll',
): Promise<Started> {
  const original = await loadOriginal(context, message, false);
  const identities = context.identities;
  const identity = pickIdentity(original.headers, identities.all) ?? identities.defaultIdentity;
  const { to, cc } = replyRecipients(
    original.headers,
    identities.addresses,
    mode === 'replyAll' ? 'all' : 'reply',
  );
  const thread = referencesFor(original.headers);
  const body = replyBody(original, {
    format: hasHtml(original) ? 'html' : 'text',
    signature: identity?.signature ?? '',
    locale: i18n.locale,
    allowRemote: context.remoteAllowed(message),
    appOrigin: context.appOrigin,
  });
  return {
    draft: new DraftState({
      mode,
      identity,
      to,
      cc,
      subject: replySubject(original.subject),
      body,
      messageId: newMessageId(domainOf(identity)),
      inReplyTo: thread.inReplyTo ?? null,
      references: thread.references,
      origin: { kind: 'reply', message },
    }),
    saved: null,
  };
}

export async function startForward(
  context: StartContext,
  message: MessageAddress,
  mode: 'forward' | 'forwardAttachment',
): Promise<Started> {
  const original = await loadOriginal(context, message, mode === 'forward');
  const identities = context.identities;
  const identity = pickIdentity(original.headers, identities.all) ?? identities.defaultIdentity;
  const signature = identity?.signature ?? '';
  const inline = mode === 'forward';
  const draft = new DraftState({
    mode,
    identity,
    subject: forwardSubject(original.subject),
    body: inline
      ? forwardBody(original, {
          format: hasHtml(original) ? 'html' : 'text',
          signature,
          locale: i18n.locale,
          allowRemote: context.remoteAllowed(message),
          appOrigin: context.appOrigin,
        })
      : newBody(context.format, signature),
    messageId: newMessageId(domainOf(identity)),
    origin: { kind: 'forward', message },
  });
  if (inline) addOriginalAttachments(draft.attachments, original);
  else
    draft.attachments.addLoading(
      {
        filename: `${fileName(original.subject) || 'message'}.eml`,
        contentType: 'message/rfc822',
        size: original.size,
      },
      () => context.loader.rawMessage(message),
    );
  return { draft, saved: null };
}

export async function startFromDraft(context: StartContext, message: MessageAddress): Promise<Started> {
  const original = await context.loader.load(message);
  const identities = context.identities;
  const from = original.headers.from[0];
  const identity = (from ? identities.byAddress(from.address) : null) ?? identities.defaultIdentity;
  const html = hasHtml(original)
    ? sanitizedBody(original, { allowRemote: false, appOrigin: context.appOrigin })
    : null;
  const mode: ComposeMode = 'draft';
  const draft = new DraftState({
    mode,
    identity,
    to: original.headers.to,
    cc: original.headers.cc,
    bcc: original.bcc,
    subject: original.subject,
    body:
      html !== null
        ? { format: 'html', html, text: '' }
        : { format: 'text', html: '', text: original.text ?? '' },
    // The same Message-ID for every version of a draft and for the message sent.
    messageId: messageIds(original.headers.messageId ?? '')[0] ?? newMessageId(domainOf(identity)),
    inReplyTo: messageIds(original.headers.inReplyTo ?? '')[0] ?? null,
    references: messageIds(original.headers.references ?? ''),
    origin: decodeDraftInfo(original.fields.get(DRAFT_INFO_HEADER.toLowerCase()) ?? ''),
  });
  addOriginalAttachments(draft.attachments, original);
  return { draft, saved: { ...message } };
}

/** The original's attachments (not the images its HTML shows inline: those travel in the quoted HTML). */
function addOriginalAttachments(set: AttachmentSet, original: OriginalMessage): void {
  for (const attachment of original.attachments) {
    if (attachment.related && attachment.contentId && original.inlineImages.has(attachment.contentId))
      continue;
    const meta = {
      filename: attachment.filename ?? 'attachment',
      contentType: attachment.mimeType,
      size: attachment.size,
    };
    const bytes = attachment.bytes;
    if (typeof bytes === 'function') set.addLoading(meta, async () => new Uint8Array(await bytes()));
    else set.addBytes(meta, new Uint8Array(bytes));
  }
}

/** A subject as a file name: no path separators or characters file systems refuse, one space between words. */
function fileName(subject: string): string {
  return subject
    .replace(/[\\/:*?"<>|\p{Cc}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 120);
}

function domainOf(identity: Identity | null): string {
  const address = identity?.address ?? '';
  return address.slice(address.lastIndexOf('@') + 1) || 'localhost';
}
