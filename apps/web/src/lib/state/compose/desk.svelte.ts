// Every message being written in the session: several can be open at once, one shown and the others minimized
// (a dock of their subjects). Opening, showing, minimizing, closing (saved to Drafts first), discarding
// (removed from Drafts), and sending, whose countdown and outcome the dock shows while the composer is away:
// a sent message closes its composer; one that was not sent comes back with the reason.
//
// The desk holds the services its messages share: the composer's IMAP connection, the draft store, the
// identities, the address suggestions and the loader of originals.

import type { ImapClient, Transport } from '@webmail/imap-core';
import type { MessageParser } from '../../mail/parser-client.ts';
import type { MailClient } from '../mail-client.ts';
import { describeError, type UserMessage } from '../user-message.ts';
import { AddressBook, type Suggestion } from './address-book.ts';
import { describeSendError } from './compose-errors.ts';
import { ComposeImap } from './compose-imap.ts';
import { DraftSaver } from './draft-saver.svelte.ts';
import { DraftSender, type SentWarning } from './draft-sender.svelte.ts';
import { DraftStore, type ComposeFolders, type MessageAddress } from './draft-store.ts';
import type { DraftState } from './draft.svelte.ts';
import type { EnvelopeLog } from './envelope-log.ts';
import {
  browserStorage,
  IdentityBook,
  type ComposeAccount,
  type IdentityStorage,
} from './identities.svelte.ts';
import { buildMessage, needsSmtpUtf8, type MailAddress } from './mime.ts';
import { OriginalLoader, type ShownMessage } from './original.ts';
import { outgoingMessage } from './outgoing.ts';
import type { BodyFormat } from './quote.ts';
import { ComposeSettings } from './settings.svelte.ts';
import type { SmtpConnect } from './smtp.ts';
import {
  startForward,
  startFromDraft,
  startNew,
  startReply,
  type StartContext,
  type Started,
} from './starts.ts';
import { submit } from './submission.ts';

export type ComposeRequest =
  | { readonly kind: 'new'; readonly to?: readonly MailAddress[] }
  | {
      readonly kind: 'reply' | 'replyAll' | 'forward' | 'forwardAttachment' | 'draft';
      readonly message: MessageAddress;
    };

export interface Composition {
  readonly draft: DraftState;
  readonly saver: DraftSaver;
  readonly sender: DraftSender;
}

/** What the dock says after the composer has gone (or when it could not open). */
export type DeskNotice =
  | { readonly kind: 'sent' }
  | { readonly kind: 'sent-but'; readonly step: SentWarning['step']; readonly message: UserMessage }
  | { readonly kind: 'folder-created'; readonly folder: string }
  | { readonly kind: 'open-failed'; readonly message: UserMessage }
  | { readonly kind: 'discard-failed'; readonly message: UserMessage };

export interface ComposeDeskDeps {
  readonly account: ComposeAccount;
  /** The session's connection: originals in the folder open there are read on it. */
  readonly client: MailClient;
  /** A new signed-in IMAP connection for the composer. */
  readonly openImap: (wrap: (transport: Transport) => Transport) => Promise<ImapClient>;
  /** The relay's WebSocket to this upstream's submission server. */
  readonly openSmtp: () => Promise<Transport>;
  readonly smtpConnect: SmtpConnect;
  readonly withCredentials: <T>(use: (credentials: { username: string; password: string }) => T) => T;
  readonly folders: ComposeFolders & { sentPath(): string | null };
  readonly parser: MessageParser;
  readonly envelopes?: EnvelopeLog;
  readonly remoteAllowed?: (message: MessageAddress) => boolean;
  /** The reader's parse of a message it shows (a reply to it then fetches only a few header fields). */
  readonly shown?: (message: MessageAddress) => ShownMessage | null;
  /** Default: localStorage (identities and settings); null keeps nothing. */
  readonly storage?: IdentityStorage | null;
  readonly appOrigin?: string;
  /** Default AUTOSAVE_DELAY_MS. */
  readonly autosaveMs?: number;
}

/** How many of the Sent folder's newest envelopes seed the suggestions. */
const SENT_ENVELOPES = 300;

export class ComposeDesk {
  readonly identities: IdentityBook;
  readonly settings: ComposeSettings;
  #open = $state.raw<readonly Composition[]>([]);
  #shown = $state<number | null>(null);
  #wide = $state(false);
  #opening = $state(false);
  #notice = $state.raw<DeskNotice | null>(null);
  readonly #deps: ComposeDeskDeps;
  readonly #imap: ComposeImap;
  readonly #store: DraftStore;
  readonly #loader: OriginalLoader;
  readonly #book = new AddressBook();
  #sentLoaded: Promise<void> | null = null;
  /** Compositions sent or discarded: an older address naming one of their drafts is not reopened. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- read on demand, never rendered
  readonly #ended = new Set<Composition>();
  #disposed = false;

  constructor(deps: ComposeDeskDeps) {
    this.#deps = deps;
    const storage = deps.storage === undefined ? browserStorage() : deps.storage;
    this.identities = new IdentityBook(deps.account, storage);
    this.settings = new ComposeSettings(storage);
    this.#imap = new ComposeImap({ open: deps.openImap });
    this.#store = new DraftStore(this.#imap, deps.folders);
    this.#loader = new OriginalLoader(deps.client, this.#imap, deps.parser);
  }

  get compositions(): readonly Composition[] {
    return this.#open;
  }

  /** The composer on screen: the one chosen, unless it is away sending. */
  get shown(): Composition | null {
    const found = this.#open.find((c) => c.draft.id === this.#shown);
    return found && !found.sender.busy ? found : null;
  }

  /** The others, as the dock lists them. */
  get minimized(): readonly Composition[] {
    const shown = this.shown;
    return this.#open.filter((c) => c !== shown && !c.sender.busy);
  }

  /** Messages in their undo window or being sent. */
  get sending(): readonly Composition[] {
    return this.#open.filter((c) => c.sender.busy);
  }

  /** The composer is popped out over the list. */
  get wide(): boolean {
    return this.#wide;
  }

  /** An original is being loaded for a reply, forward or draft. */
  get opening(): boolean {
    return this.#opening;
  }

  get notice(): DeskNotice | null {
    return this.#notice;
  }

  /** Something would be lost if the page went now. */
  get unsaved(): boolean {
    return this.#open.some((c) => c.sender.busy || c.saver.dirty || c.saver.status === 'saving');
  }

  get canSend(): boolean {
    return this.#deps.account.upstream.canSend !== false;
  }

  async open(request: ComposeRequest): Promise<Composition | null> {
    if (this.#disposed) return null;
    if (request.kind === 'draft') {
      const already = this.#open.find((c) => sameMessage(c.saver.saved, request.message));
      if (already) {
        this.show(already.draft.id);
        return already;
      }
    }
    if (request.kind === 'new') return this.#add(startNew(this.#startContext(), request.to));
    this.#opening = true;
    try {
      const context = this.#startContext();
      const started =
        request.kind === 'draft'
          ? await startFromDraft(context, request.message)
          : request.kind === 'reply' || request.kind === 'replyAll'
            ? await startReply(context, request.message, request.kind)
            : await startForward(context, request.message, request.kind);
      if (this.#disposed) return null;
      return this.#add(started);
    } catch (error) {
      this.#notice = { kind: 'open-failed', message: describeError(error) };
      return null;
    } finally {
      this.#opening = false;
    }
  }

  show(id: number): void {
    this.#shown = id;
  }

  minimize(id: number): void {
    if (this.#shown === id) this.#shown = null;
  }

  /** Minimized, and saved now rather than after the pause (the browser's Back took it away). */
  putAway(id: number): void {
    const composition = this.#find(id);
    if (!composition) return;
    this.minimize(id);
    if (!composition.sender.busy) composition.saver.saveNow().catch(() => undefined);
  }

  /** `ref` names a version of a draft that was sent or discarded in this session. */
  ended(ref: MessageAddress): boolean {
    for (const composition of this.#ended) if (composition.saver.wasSaved(ref)) return true;
    return false;
  }

  setWide(wide: boolean): void {
    this.#wide = wide;
  }

  /** Saves (when anything changed) and closes. A failed save keeps the composer, minimized, with the reason. */
  async close(id: number): Promise<boolean> {
    const composition = this.#find(id);
    if (!composition || composition.sender.busy) return false;
    try {
      await composition.saver.saveNow();
    } catch {
      this.minimize(id);
      return false;
    }
    this.#remove(composition);
    return true;
  }

  /** Throws the message away, from Drafts too. */
  async discard(id: number): Promise<void> {
    const composition = this.#find(id);
    if (!composition || composition.sender.busy) return;
    this.#remove(composition);
    this.#ended.add(composition);
    try {
      await composition.saver.removeSaved();
    } catch (error) {
      this.#notice = { kind: 'discard-failed', message: describeError(error) };
    }
  }

  async send(id: number, options: { resend?: boolean; withoutDraft?: boolean } = {}): Promise<void> {
    const composition = this.#find(id);
    if (!composition) return;
    this.#notice = null;
    await composition.sender.send(options);
    const { phase, warnings } = composition.sender;
    if (phase === 'sent') {
      this.#remove(composition);
      this.#ended.add(composition);
      for (const address of [...composition.draft.to.addresses, ...composition.draft.cc.addresses])
        this.#book.addSent(address);
      const warning = warnings[0];
      this.#notice = warning
        ? { kind: 'sent-but', step: warning.step, message: warning.message }
        : { kind: 'sent' };
    } else {
      // Not sent (refused, uncertain, or undone): back on screen as it was, with the reason.
      this.show(id);
    }
  }

  undoSend(id: number): void {
    this.#find(id)?.sender.undo();
  }

  dismissNotice(): void {
    this.#notice = null;
  }

  /** People to suggest for what is typed; `exclude` (lower case) are already recipients. */
  suggest(query: string, exclude: ReadonlySet<string>): Suggestion[] {
    this.#drainEnvelopes();
    void this.#loadSent();
    const mine = this.identities.addresses.map((a) => a.toLowerCase());
    return this.#book.suggest(query, excluding(exclude, mine));
  }

  /** Saves every changed draft (before signing out); resolves when all have settled. */
  async saveAll(): Promise<void> {
    await Promise.allSettled(this.#open.map((c) => (c.sender.busy ? null : c.saver.saveNow())));
  }

  dispose(): void {
    this.#disposed = true;
    // Signed out during an undo window: as Undo (the message is in Drafts), never a send after the session.
    for (const composition of this.#open) composition.sender.undo();
    for (const composition of this.#open) composition.saver.dispose();
    this.#open = [];
    this.#imap.dispose();
    this.#deps.parser.dispose();
  }

  #startContext(): StartContext {
    return {
      identities: this.identities,
      loader: this.#loader,
      remoteAllowed: this.#deps.remoteAllowed ?? (() => false),
      shown: this.#deps.shown ?? (() => null),
      appOrigin: this.#deps.appOrigin ?? (typeof location === 'undefined' ? 'null' : location.origin),
      format: this.settings.format,
    };
  }

  #add(started: Started): Composition {
    const { draft } = started;
    const deps = this.#deps;
    const saver = new DraftSaver(draft, {
      store: this.#store,
      build: (d) => draftBytes(d),
      saved: started.saved,
      describe: describeSendError,
      ...(deps.autosaveMs !== undefined ? { delayMs: deps.autosaveMs } : {}),
      onFolderCreated: (path) => this.#folderCreated(path),
    });
    const sender = new DraftSender(draft, saver, {
      submit: (submission) =>
        submit(
          { openTransport: deps.openSmtp, connect: deps.smtpConnect, withCredentials: deps.withCredentials },
          submission,
        ),
      store: this.#store,
      savesSentCopy: deps.account.upstream.savesSentCopy === true,
      undoMs: () => this.settings.undoSeconds * 1000,
      onFolderCreated: (path) => this.#folderCreated(path),
      describe: describeSendError,
    });
    const composition: Composition = { draft, saver, sender };
    this.#open = [...this.#open, composition];
    this.#shown = draft.id;
    return composition;
  }

  #remove(composition: Composition): void {
    composition.saver.dispose();
    this.#open = this.#open.filter((c) => c !== composition);
    if (this.#shown === composition.draft.id) this.#shown = null;
  }

  #find(id: number): Composition | undefined {
    return this.#open.find((c) => c.draft.id === id);
  }

  #folderCreated(path: string): void {
    this.#notice = { kind: 'folder-created', folder: path };
  }

  #drainEnvelopes(): void {
    const logged = this.#deps.envelopes?.take() ?? [];
    const sent = this.#deps.folders.sentPath();
    for (const person of logged) this.#book.addLogged(person, sent);
  }

  /** Once per session: the Sent folder's newest envelopes, on the composer's connection. */
  #loadSent(): Promise<void> {
    this.#sentLoaded ??= (async () => {
      const sent = this.#deps.folders.sentPath();
      if (sent === null) return;
      const envelopes = await this.#imap.run(async (client) => {
        const selected = await client.examine(sent);
        const next = selected.uidNext;
        if (selected.exists === 0 || next === null || next <= 1) return [];
        const start = Math.max(1, next - SENT_ENVELOPES);
        const result = await client.fetch([{ start, end: next - 1 }], { envelope: true });
        return result.messages.map((m) => m.attributes.envelope);
      });
      for (const envelope of envelopes) if (envelope) this.#book.addEnvelope(envelope, true);
    })().catch(() => undefined);
    return this.#sentLoaded;
  }
}

function excluding(exclude: ReadonlySet<string>, more: readonly string[]): ReadonlySet<string> {
  return new Set([...exclude, ...more]);
}

/**
 * A draft's bytes (Bcc kept). An address whose local part is not ASCII can only be written as UTF-8 (RFC 6532),
 * which IMAP APPEND takes.
 */
function draftBytes(draft: DraftState): Uint8Array {
  const message = outgoingMessage(draft, draft.content(), { date: new Date(), forDraft: true });
  const utf8Headers = needsSmtpUtf8([message.from, ...message.to, ...message.cc, ...message.bcc]);
  return buildMessage(message, { bcc: 'keep', utf8Headers }).bytes;
}

function sameMessage(
  saved: { mailbox: string; uidValidity: number; uid: number } | null,
  ref: MessageAddress,
): boolean {
  return (
    saved !== null &&
    saved.mailbox === ref.mailbox &&
    saved.uidValidity === ref.uidValidity &&
    saved.uid === ref.uid
  );
}

export type { BodyFormat };
