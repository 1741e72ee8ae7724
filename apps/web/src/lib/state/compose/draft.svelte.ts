// One message being written: From (an identity), To/Cc/Bcc, subject, body, attachments, and what it answers or
// forwards. The editor owns the body while it is shown (it is read when needed, not copied on every key: a
// 100 KB quoted original would cost a serialization per keystroke); it tells the draft that something changed
// (touch), and hands the body over when it goes (detach). Every change bumps `revision`, which the autosave
// watches.

import { AttachmentSet } from './attachments.svelte.ts';
import { htmlToText, normalizeHtml, quotedTextToHtml } from './html-text.ts';
import type { Identity } from './identities.svelte.ts';
import type { MessageAddress } from './draft-store.ts';
import type { MailAddress } from './mime.ts';
import { signatureHtml, signatureText, type BodyContent, type BodyFormat } from './quote.ts';
import { RecipientField } from './recipients.svelte.ts';

export type ComposeMode = 'new' | 'reply' | 'replyAll' | 'forward' | 'forwardAttachment' | 'draft';

/** The message a reply answers or a forward forwards: it gets \Answered or $Forwarded once this is sent. */
export interface DraftOrigin {
  readonly kind: 'reply' | 'forward';
  readonly message: MessageAddress;
}

export interface DraftInit {
  readonly mode: ComposeMode;
  readonly identity: Identity | null;
  readonly to?: readonly MailAddress[];
  readonly cc?: readonly MailAddress[];
  readonly bcc?: readonly MailAddress[];
  readonly subject?: string;
  readonly body: BodyContent;
  readonly messageId: string;
  readonly inReplyTo?: string | null;
  readonly references?: readonly string[];
  readonly origin?: DraftOrigin | null;
}

/** What the editor lends the draft while it is shown. */
export interface EditorPort {
  read(): BodyContent;
}

let nextId = 1;

export class DraftState {
  readonly id = nextId++;
  readonly mode: ComposeMode;
  readonly messageId: string;
  readonly inReplyTo: string | null;
  readonly references: readonly string[];
  readonly origin: DraftOrigin | null;
  readonly to: RecipientField;
  readonly cc: RecipientField;
  readonly bcc: RecipientField;
  readonly attachments: AttachmentSet;

  #identity = $state.raw<Identity | null>(null);
  #subject = $state('');
  #body = $state.raw<BodyContent>({ format: 'html', html: '', text: '' });
  /** Bumped when the draft replaces the body (format switch, signature swap): the editor loads it again. */
  #bodyVersion = $state(0);
  #showCc = $state(false);
  #showBcc = $state(false);
  #revision = $state(0);
  #editor: EditorPort | null = null;
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a listener registry, never rendered
  readonly #listeners = new Set<() => void>();

  constructor(init: DraftInit) {
    const changed = (): void => this.touch();
    this.mode = init.mode;
    this.messageId = init.messageId;
    this.inReplyTo = init.inReplyTo ?? null;
    this.references = init.references ?? [];
    this.origin = init.origin ?? null;
    this.to = new RecipientField(init.to, changed);
    this.cc = new RecipientField(init.cc, changed);
    this.bcc = new RecipientField(init.bcc, changed);
    this.attachments = new AttachmentSet(changed);
    this.#identity = init.identity;
    this.#subject = init.subject ?? '';
    this.#body = init.body;
    this.#showCc = (init.cc?.length ?? 0) > 0;
    this.#showBcc = (init.bcc?.length ?? 0) > 0;
  }

  get identity(): Identity | null {
    return this.#identity;
  }

  get subject(): string {
    return this.#subject;
  }

  get format(): BodyFormat {
    return this.#body.format;
  }

  /** The body as the draft last had it (the editor's current one: `content()`). */
  get body(): BodyContent {
    return this.#body;
  }

  get bodyVersion(): number {
    return this.#bodyVersion;
  }

  get showCc(): boolean {
    return this.#showCc;
  }

  get showBcc(): boolean {
    return this.#showBcc;
  }

  /** Counts changes; equal revisions mean the same content. */
  get revision(): number {
    return this.#revision;
  }

  /** Nothing typed, picked or attached. */
  get isEmpty(): boolean {
    const body = this.content();
    const text = body.format === 'text' ? body.text : htmlToText(body.html);
    const signature = signatureText(this.#identity?.signature ?? '');
    return (
      this.to.isEmpty &&
      this.cc.isEmpty &&
      this.bcc.isEmpty &&
      this.#subject.trim() === '' &&
      this.attachments.items.length === 0 &&
      (text.trim() === '' || text.trim() === signature.trim())
    );
  }

  /** The body now: the editor's when one is attached. */
  content(): BodyContent {
    return this.#editor?.read() ?? this.#body;
  }

  /**
   * The editor is shown: it owns the body until the returned function hands it back (a no-op once the draft
   * replaced the body, see bodyVersion: the editor then loads that and attaches again).
   */
  attachEditor(port: EditorPort): () => void {
    this.#editor = port;
    return () => {
      if (this.#editor !== port) return;
      this.#body = port.read();
      this.#editor = null;
    };
  }

  /** Something changed (the editor calls it on every change of the body). */
  touch(): void {
    this.#revision++;
    for (const listener of [...this.#listeners]) listener();
  }

  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  setSubject(subject: string): void {
    if (subject === this.#subject) return;
    this.#subject = subject;
    this.touch();
  }

  revealCc(): void {
    this.#showCc = true;
  }

  revealBcc(): void {
    this.#showBcc = true;
  }

  /** A new From; the old identity's signature, where it still stands as inserted, becomes the new one's. */
  setIdentity(identity: Identity): void {
    const old = this.#identity;
    if (old?.id === identity.id) return;
    this.#identity = identity;
    const body = this.content();
    const swapped = swapSignature(body, old?.signature ?? '', identity.signature);
    if (swapped !== body) this.#replaceBody(swapped);
    else this.touch();
  }

  /** Rich <-> plain text: the body is converted (quotes keep their '>' depth either way). */
  setFormat(format: BodyFormat): void {
    const body = this.content();
    if (body.format === format) return;
    this.#replaceBody(
      format === 'text'
        ? { format, html: '', text: htmlToText(body.html) }
        : { format, html: quotedTextToHtml(body.text), text: '' },
    );
  }

  #replaceBody(body: BodyContent): void {
    // The editor's content was read into `body`; it loads this one (bodyVersion) and attaches again. Its
    // hand-over when it goes must not put the old content back.
    this.#editor = null;
    this.#body = body;
    this.#bodyVersion++;
    this.touch();
  }
}

/** `body` with the signature `from` replaced by `to` where it stands as it was inserted; else `body` itself. */
export function swapSignature(body: BodyContent, from: string, to: string): BodyContent {
  if (body.format === 'text') {
    const old = signatureText(from);
    const next = signatureText(to);
    if (old === '') return next === '' ? body : { ...body, text: insertTextSignature(body.text, next) };
    return body.text.includes(old) ? { ...body, text: body.text.replace(old, next) } : body;
  }
  const old = normalizeHtml(signatureHtml(from));
  const next = normalizeHtml(signatureHtml(to));
  if (old === '') return next === '' ? body : { ...body, html: insertHtmlSignature(body.html, next) };
  return body.html.includes(old) ? { ...body, html: body.html.replace(old, next) } : body;
}

/** After the first paragraph (where the user writes), before any quote. */
function insertHtmlSignature(html: string, signature: string): string {
  const end = html.indexOf('</p>');
  return end < 0
    ? `<p></p>${signature}${html}`
    : `${html.slice(0, end + 4)}${signature}${html.slice(end + 4)}`;
}

function insertTextSignature(text: string, signature: string): string {
  return text.startsWith('\n\n') ? `\n\n${signature}${text.slice(1)}` : `${text}\n\n${signature}`;
}
