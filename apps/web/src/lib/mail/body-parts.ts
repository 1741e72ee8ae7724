// The body of a message as the parts it is made of, in order, each kept apart: an HTML part is sanitized and
// rendered on its own (its own DOMPurify run, its own frame), a text part is text, an inline message/rfc822
// shows its header. Nothing is ever joined as HTML before sanitizing: postal-mime's `email.html` joins every
// inline text part into one string (converting text parts to HTML), and an unclosed attribute in one part then
// swallows the next part's text, say into an image URL fetched once the user allows remote content (the shape
// of EFAIL's direct exfiltration, Poddebniak et al., USENIX Security 2018).
//
// The parts come from the same decision postal-mime makes for `email.html` (one representation of each
// multipart/alternative, HTML preferred; inline text parts of multipart/mixed in order; nested messages), read
// from the parser's per-part record once the parse is done. That record (`textMap`) is internal to postal-mime;
// the catalog pins its version, and readTextEntries checks the shape it reads so that an upgrade that changes
// it fails loudly in the tests instead of showing mail wrong.

import type { Address, Email } from 'postal-mime';
import { decodeFlowed } from './flowed.ts';
import type { HtmlCount } from './html-fit.ts';

export interface PartAddress {
  readonly name: string;
  readonly address: string;
}

export type BodyPart =
  | { readonly kind: 'text'; readonly text: string }
  | {
      /** HTML that html-fit.ts found fit to sanitize and show (fitBody measures each one). */
      readonly kind: 'html';
      readonly html: string;
      /** The text/plain of the same multipart/alternative, shown when the HTML cannot be (see html-fit.ts). */
      readonly alternative: string | null;
    }
  | {
      /** HTML too much for the browser to sanitize and show without freezing the app: shown as this text. */
      readonly kind: 'html-as-text';
      readonly text: string;
      /** The text is the part's text/plain alternative (else it is read from the HTML, html-text.ts). */
      readonly fromAlternative: boolean;
      readonly reason: 'depth' | 'cost';
      readonly count: HtmlCount;
    }
  | {
      /** The header of an inline message/rfc822 part; its own parts follow. */
      readonly kind: 'message';
      readonly subject: string;
      readonly from: readonly PartAddress[];
      readonly to: readonly PartAddress[];
      readonly cc: readonly PartAddress[];
      /** ISO 8601 when the Date header parses, else null. */
      readonly date: string | null;
    };

type TextEntryItem =
  { readonly type: 'text'; readonly value: string } | { readonly type: 'subMessage'; readonly value: Email };

interface TextEntry {
  readonly plain?: readonly TextEntryItem[];
  readonly html?: readonly TextEntryItem[];
}

function isItem(item: unknown): item is TextEntryItem {
  if (typeof item !== 'object' || item === null) return false;
  const { type, value } = item as { type?: unknown; value?: unknown };
  return (
    (type === 'text' && typeof value === 'string') || (type === 'subMessage' && typeof value === 'object')
  );
}

/** postal-mime's per-part text record of a finished parse, checked. */
export function readTextEntries(parser: object): TextEntry[] {
  const map: unknown = (parser as { textMap?: unknown }).textMap;
  if (!(map instanceof Map))
    throw new Error('postal-mime keeps no text parts where the reader looks for them');
  const entries: TextEntry[] = [];
  for (const entry of map.values() as Iterable<unknown>) {
    const { plain, html } = (entry ?? {}) as { plain?: unknown; html?: unknown };
    for (const list of [plain, html]) {
      if (list !== undefined && !(Array.isArray(list) && list.every(isItem))) {
        throw new Error('postal-mime keeps its text parts in a shape the reader does not know');
      }
    }
    entries.push(entry as TextEntry);
  }
  return entries;
}

function addresses(list: Address | readonly Address[] | undefined): PartAddress[] {
  const out: PartAddress[] = [];
  for (const entry of list === undefined ? [] : Array.isArray(list) ? list : [list as Address]) {
    if (entry.group !== undefined)
      for (const member of entry.group) out.push({ name: member.name, address: member.address });
    else out.push({ name: entry.name, address: entry.address });
  }
  return out;
}

function messageHeader(email: Email): BodyPart {
  return {
    kind: 'message',
    subject: email.subject ?? '',
    from: addresses(email.from),
    to: addresses(email.to),
    cc: addresses(email.cc),
    date: email.date && !Number.isNaN(Date.parse(email.date)) ? email.date : null,
  };
}

export interface BodyPartOptions {
  /** The message's one text/plain part is format=flowed (prepare-raw.ts): reflow it. */
  readonly flowed: { readonly delSp: boolean } | null;
}

/** The body parts of a finished parse, in order (see the top of this file). */
export function bodyPartsOf(entries: readonly TextEntry[], options: BodyPartOptions): BodyPart[] {
  const text = (value: string): string =>
    options.flowed ? decodeFlowed(value, options.flowed.delSp) : value;
  const parts: BodyPart[] = [];
  for (const entry of entries) {
    const html = entry.html ?? [];
    const plainTexts = (entry.plain ?? []).filter((item) => item.type === 'text');
    // The alternative text stands in for the HTML only when it is the one HTML part of its alternative.
    const alternative =
      html.length === 1 && plainTexts.length > 0
        ? plainTexts.map((item) => text(item.value)).join('\n')
        : null;
    for (const item of html.length > 0 ? html : (entry.plain ?? [])) {
      if (item.type === 'subMessage') parts.push(messageHeader(item.value));
      else if (html.length > 0) parts.push({ kind: 'html', html: item.value, alternative });
      else parts.push({ kind: 'text', text: text(item.value) });
    }
  }
  return parts;
}
