// What a new message, a reply and a forward start with: the signature, then (replies) a localized attribution
// line and the original quoted, or (forwards) the original under a "Forwarded message" header block.
//
// HTML originals are quoted as the reader shows them: through the reader's sanitizer (lib/mail/sanitize.ts, the
// same frozen DOMPurify configuration: no script, no event handler, no form; remote images removed unless the
// user allowed them for that message; cid: images as data: URLs). The editor's ProseMirror schema then keeps only
// the nodes and marks it knows: a second filter. Text goes into HTML only escaped. Plain-text replies quote with
// '> ' (quotePlainText).

import './compose-messages.ts';
import { t } from '../../i18n/i18n.svelte.ts';
import { sanitizePart } from '../../mail/shown-body.ts';
import { escapeHtml, htmlToText, quotedTextToHtml, textToHtml } from './html-text.ts';
import { quotePlainText, type MailAddress } from './mime.ts';
import { hasHtml, type OriginalMessage } from './original.ts';

export type BodyFormat = 'html' | 'text';

/** What the editor holds: HTML for the rich editor, text for the plain one (the other is ''). */
export interface BodyContent {
  readonly format: BodyFormat;
  readonly html: string;
  readonly text: string;
}

export interface QuoteOptions {
  readonly format: BodyFormat;
  /** The identity's signature (plain text), '' for none. */
  readonly signature: string;
  readonly locale: string;
  /** The user allowed remote content for the original (in the reader). */
  readonly allowRemote: boolean;
  readonly appOrigin: string;
}

/** RFC 3676 4.3: "-- " on a line of its own starts a signature. */
export const SIGNATURE_SEPARATOR = '-- ';

/** "4 Dec 2026, 09:30" in the interface language, the user's time zone. */
export function attributionDate(date: Date, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

export function signatureText(signature: string): string {
  return signature.trim() === ''
    ? ''
    : `${SIGNATURE_SEPARATOR}\n${signature.replace(/\r\n?/g, '\n').trimEnd()}`;
}

export function signatureHtml(signature: string): string {
  const text = signatureText(signature);
  return text === '' ? '' : textToHtml(text);
}

export function newBody(format: BodyFormat, signature: string): BodyContent {
  if (format === 'text') {
    const sig = signatureText(signature);
    return { format, html: '', text: sig === '' ? '' : `\n\n${sig}` };
  }
  return { format, html: `<p></p>${signatureHtml(signature)}`, text: '' };
}

export function replyBody(original: OriginalMessage, options: QuoteOptions): BodyContent {
  const sender = original.headers.from[0];
  const attribution = original.date
    ? t('compose.quote.attribution', {
        date: attributionDate(original.date, options.locale),
        name: nameOf(sender),
      })
    : t('compose.quote.attributionNoDate', { name: nameOf(sender) });
  if (options.format === 'text') {
    const quoted = quotePlainText(originalText(original, options));
    return {
      format: 'text',
      html: '',
      text: join(['', signatureText(options.signature), `${attribution}\n${quoted}`]),
    };
  }
  const quoted = hasHtml(original)
    ? sanitizedBody(original, options)
    : quotedTextToHtml(originalText(original, options));
  const html = `<p></p>${signatureHtml(options.signature)}<p>${escapeHtml(attribution)}</p><blockquote>${quoted}</blockquote>`;
  return { format: 'html', html, text: '' };
}

export function forwardBody(original: OriginalMessage, options: QuoteOptions): BodyContent {
  const headers = forwardHeaderLines(original, options.locale);
  if (options.format === 'text') {
    const body = originalText(original, options);
    return {
      format: 'text',
      html: '',
      text: join(['', signatureText(options.signature), `${headers.join('\n')}\n\n${body}`]),
    };
  }
  const body = hasHtml(original)
    ? sanitizedBody(original, options)
    : textToHtml(originalText(original, options));
  const block = `<p>${headers.map(escapeHtml).join('<br>')}</p>`;
  return { format: 'html', html: `<p></p>${signatureHtml(options.signature)}${block}${body}`, text: '' };
}

/** "---------- Forwarded message ----------", then From, Date, Subject, To, Cc of the original. */
export function forwardHeaderLines(original: OriginalMessage, locale: string): string[] {
  const { headers } = original;
  const lines = [t('compose.forward.separator')];
  const list = (addresses: readonly MailAddress[]) => addresses.map(formatAddress).join(', ');
  if (headers.from.length > 0) lines.push(`${t('compose.forward.from')}: ${list(headers.from)}`);
  if (original.date) lines.push(`${t('compose.forward.date')}: ${attributionDate(original.date, locale)}`);
  lines.push(`${t('compose.forward.subject')}: ${original.subject}`);
  if (headers.to.length > 0) lines.push(`${t('compose.forward.to')}: ${list(headers.to)}`);
  if (headers.cc.length > 0) lines.push(`${t('compose.forward.cc')}: ${list(headers.cc)}`);
  return lines;
}

export function formatAddress(address: MailAddress): string {
  return address.name ? `${address.name} <${address.address}>` : address.address;
}

function nameOf(address: MailAddress | undefined): string {
  return address ? address.name || address.address : t('compose.quote.someone');
}

/**
 * The original's body as HTML: each HTML part through the reader's sanitizer on its own, text escaped. The
 * message the reader shows was sanitized with the same options for its frame: that result is used.
 */
export function sanitizedBody(
  original: Pick<OriginalMessage, 'parts' | 'inlineImages'>,
  options: Pick<QuoteOptions, 'allowRemote' | 'appOrigin'>,
): string {
  return original.parts
    .map((part) =>
      part.kind === 'text'
        ? textToHtml(part.text)
        : sanitizePart(part.html, {
            inlineImages: original.inlineImages,
            allowRemote: options.allowRemote,
            appOrigin: options.appOrigin,
          }).html,
    )
    .join('');
}

/** The original's text, or its parts read as text (HTML sanitized first) when it has no text part. */
function originalText(original: OriginalMessage, options: QuoteOptions): string {
  if (original.text !== null && original.text.trim() !== '') return original.text;
  return original.parts
    .map((part) =>
      part.kind === 'text'
        ? part.text
        : htmlToText(sanitizedBody({ ...original, parts: [part] }, { ...options, allowRemote: false })),
    )
    .join('\n\n');
}

function join(parts: readonly string[]): string {
  return parts.filter((part, i) => i === 0 || part !== '').join('\n\n');
}
