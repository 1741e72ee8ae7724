// The draft as the message the builder writes (contracts.md 4, OutgoingMessage): the text alternative of a rich
// body, its data: images as cid: parts, the attachments, and for a saved draft an X-Webmail-Draft header that
// says what the draft answers, so that a draft continued later (after a reload) still marks its original
// \Answered or $Forwarded when it is sent. The header is ours and ASCII; other clients ignore it.

import type { DraftOrigin, DraftState } from './draft.svelte.ts';
import { htmlToText } from './html-text.ts';
import { extractInlineImages } from './inline-images.ts';
import type { OutgoingMessage } from './mime.ts';
import type { BodyContent } from './quote.ts';

export const DRAFT_INFO_HEADER = 'X-Webmail-Draft';

export class NoSenderError extends Error {
  override name = 'NoSenderError';
}

/** The message for `draft` with `body` (the editor's content now). */
export function outgoingMessage(
  draft: DraftState,
  body: BodyContent,
  options: { readonly date: Date; readonly forDraft: boolean },
): OutgoingMessage {
  const identity = draft.identity;
  if (!identity) throw new NoSenderError('no From address');
  const domain = identity.address.slice(identity.address.lastIndexOf('@') + 1);
  const rich = body.format === 'html' ? extractInlineImages(body.html, domain) : null;
  const info = draft.origin && options.forDraft ? encodeDraftInfo(draft.origin) : null;
  return {
    from: identity.name ? { name: identity.name, address: identity.address } : { address: identity.address },
    to: draft.to.addresses,
    cc: draft.cc.addresses,
    bcc: draft.bcc.addresses,
    subject: draft.subject,
    date: options.date,
    messageId: draft.messageId,
    ...(draft.inReplyTo ? { inReplyTo: draft.inReplyTo } : {}),
    ...(draft.references.length > 0 ? { references: [...draft.references] } : {}),
    text: rich ? htmlToText(body.html) : body.text,
    ...(rich ? { html: rich.html } : {}),
    attachments: [...(rich?.images ?? []), ...draft.attachments.contents()],
    ...(info ? { extraHeaders: [[DRAFT_INFO_HEADER, info] as const] } : {}),
  };
}

/** `reply; mailbox=<base64url of the UTF-8 name>; uidvalidity=<n>; uid=<n>` */
export function encodeDraftInfo(origin: DraftOrigin): string {
  const { mailbox, uidValidity, uid } = origin.message;
  return `${origin.kind}; mailbox=${base64Url(mailbox)}; uidvalidity=${uidValidity}; uid=${uid}`;
}

/** The origin an X-Webmail-Draft header names, or null when it does not parse. */
export function decodeDraftInfo(value: string): DraftOrigin | null {
  const match = /^(reply|forward); mailbox=([A-Za-z0-9_-]*); uidvalidity=(\d{1,10}); uid=(\d{1,10})$/.exec(
    value.trim(),
  );
  if (!match) return null;
  const [, kind, mailbox = '', uidValidity, uid] = match;
  const name = fromBase64Url(mailbox);
  const validity = Number(uidValidity);
  const number = Number(uid);
  if (
    name === null ||
    name === '' ||
    validity < 1 ||
    number < 1 ||
    validity > 0xffffffff ||
    number > 0xffffffff
  )
    return null;
  return {
    kind: kind === 'forward' ? 'forward' : 'reply',
    message: { mailbox: name, uidValidity: validity, uid: number },
  };
}

function base64Url(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(value: string): string | null {
  try {
    const binary = atob(value.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}
