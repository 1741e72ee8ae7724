// The reading state: which message is open, its parsed content, and what the user asked for (remote content,
// "re-decode as", the raw source). The only reader code that talks to imap-core.
//
// Contract with the shell: one MessageReader per session (`new MessageReader(client)`); `open(ref)` when a row is
// opened, `clear()` when nothing is. The shell owns mailbox selection: the mailbox must already be selected on
// this connection, and `ref.uidValidity` must match it (else READER_UIDVALIDITY_MISMATCH, nothing is fetched).
// A message kept on the device (MessageBodies) opens from there, except that unread mail is asked of the server
// first (see #load). A message the list knows to be small (ref.size, at most WHOLE_MESSAGE_BYTES) is fetched
// whole in one FETCH; any other in two: BODYSTRUCTURE, then the sections it needs (assemble.ts), large
// attachments left on the server. Everything is fetched with BODY.PEEK; an unread message is then marked with a non-silent
// `UID STORE +FLAGS (\Seen)`, whose FETCH echo reaches the list through the client's `flags` event.
//
// This module imports neither postal-mime nor DOMPurify: the parser lives in a worker, the sanitizer in the
// lazily loaded reader components.

import { uidStoreCommand } from '@webmail/imap-core';
import type { FetchAttributes, FetchedSection, NumberRange } from '@webmail/imap-core';
import { inMailbox } from './bulk.ts';
import type { MailClient } from './mail-client.ts';
import { NOTHING_DEFERRED, WHOLE_MESSAGE_BYTES, assembleMessage, planFetch } from '../mail/assemble.ts';
import type { ParsedMessage } from '../mail/parse-message.ts';
import { WorkerMessageParser, type MessageParser } from '../mail/parser-client.ts';
import type { MessageRef } from './message-list/message-list.svelte.ts';
import {
  emptyContents,
  presentMessage,
  sectionsByName,
  type LoadedMessage,
  type MessageBodies,
  type ReaderAttachment,
  type ReaderMessage,
} from './reader-message.ts';

export type { KeptMessage, MessageBodies, ReaderAttachment, ReaderMessage } from './reader-message.ts';

export type ReaderErrorCode =
  | 'READER_NOT_SELECTED'
  | 'READER_UIDVALIDITY_MISMATCH'
  | 'READER_NOT_FOUND'
  | 'READER_FETCH_FAILED'
  | 'READER_PARSE_FAILED'
  | 'READER_UNREADABLE';

export class ReaderError extends Error {
  readonly code: ReaderErrorCode;
  constructor(code: ReaderErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ReaderError';
    this.code = code;
  }
}

export type SourceState =
  | { readonly status: 'closed' }
  | { readonly status: 'loading' }
  | { readonly status: 'open'; readonly text: string; readonly truncated: boolean; readonly size: number }
  | { readonly status: 'error'; readonly message: string };

/** "View source" shows at most this many bytes of the raw message. */
export const SOURCE_LIMIT_BYTES = 2 * 1024 * 1024;

export interface MessageReaderOptions {
  /** Default: the worker-backed parser. */
  readonly parser?: MessageParser;
  /** Messages read before, kept on the device: opened from there (offline too), and kept when fetched. */
  readonly bodies?: MessageBodies;
}

export class MessageReader {
  status = $state<'empty' | 'loading' | 'ready' | 'error'>('empty');
  message = $state.raw<ReaderMessage | null>(null);
  error = $state.raw<ReaderError | null>(null);
  /** The user allowed remote content for the open message (reset by every open). */
  remoteContentAllowed = $state(false);
  source = $state.raw<SourceState>({ status: 'closed' });
  /** A re-decode is running. */
  redecoding = $state(false);

  readonly #client: MailClient;
  readonly #parser: MessageParser;
  readonly #bodies: MessageBodies | null;
  #generation = 0;
  #loaded: LoadedMessage | null = null;

  constructor(client: MailClient, options: MessageReaderOptions = {}) {
    this.#client = client;
    this.#parser = options.parser ?? new WorkerMessageParser();
    this.#bodies = options.bodies ?? null;
  }

  /** Opens a message of the selected mailbox. Resolves when it is ready to show or has failed (see `status`). */
  async open(ref: MessageRef): Promise<void> {
    if (ref.unreadable) return this.#openUnreadable(ref);
    const generation = this.#reset();
    this.status = 'loading';
    try {
      const found = await this.#load(ref, generation);
      if (found === null || generation !== this.#generation) return;
      const { loaded, kept } = found;
      const parsed = await this.#parse(loaded.raw, null);
      if (generation !== this.#generation) return;
      if (!kept) this.#bodies?.put(ref, loaded);
      this.#loaded = loaded;
      this.message = presentMessage(loaded, parsed);
      this.status = 'ready';
      // Not awaited: the message is shown; the STORE's FETCH echo updates the list through the `flags` event.
      void this.#markSeen(ref, loaded);
    } catch (error) {
      if (generation !== this.#generation) return;
      this.error =
        error instanceof ReaderError
          ? error
          : new ReaderError('READER_FETCH_FAILED', messageOf(error), { cause: error });
      this.status = 'error';
    }
  }

  /**
   * A message the list could not read (imap-core reported its FETCH response unparseable): its structure is
   * not asked for again; the reader says so and shows the raw source (up to SOURCE_LIMIT_BYTES).
   */
  async #openUnreadable(ref: MessageRef): Promise<void> {
    const generation = this.#reset();
    this.error = new ReaderError('READER_UNREADABLE', `message UID ${ref.uid} could not be read`);
    this.status = 'error';
    this.source = { status: 'loading' };
    try {
      const { messages } = await this.#client.fetch(
        uidSet(ref.uid),
        { size: true, sections: [{ partial: { offset: 0, length: SOURCE_LIMIT_BYTES } }] },
        { expectedUidValidity: ref.uidValidity },
      );
      const bytes = sectionOf(messages[0]?.attributes.sections, '') ?? new Uint8Array(0);
      if (generation !== this.#generation) return;
      const size = messages[0]?.attributes.rfc822Size ?? bytes.length;
      this.source = { status: 'open', text: decodeSource(bytes, null), truncated: size > bytes.length, size };
    } catch (error) {
      if (generation === this.#generation) this.source = { status: 'error', message: messageOf(error) };
    }
  }

  /** Nothing is open. */
  clear(): void {
    this.#reset();
  }

  /** Loads remote images of the open message (its frame's CSP is widened to https: images). */
  allowRemoteContent(): void {
    if (this.message) this.remoteContentAllowed = true;
  }

  /** Re-reads the open message's text parts and raw 8-bit headers as `charset` (null: as declared). */
  async redecode(charset: string | null): Promise<void> {
    const loaded = this.#loaded;
    if (!loaded) return;
    const generation = this.#generation;
    this.redecoding = true;
    try {
      const parsed = await this.#parse(loaded.raw, charset);
      if (generation !== this.#generation) return;
      loaded.contents.clear();
      this.message = presentMessage(loaded, parsed);
    } finally {
      if (generation === this.#generation) this.redecoding = false;
    }
  }

  /** Fetches the raw message (up to SOURCE_LIMIT_BYTES) for "view source". */
  async showSource(): Promise<void> {
    const message = this.message;
    if (!message || this.source.status === 'loading') return;
    const generation = this.#generation;
    this.source = { status: 'loading' };
    try {
      const { messages } = await this.#client.fetch(
        uidSet(message.ref.uid),
        { sections: [{ partial: { offset: 0, length: SOURCE_LIMIT_BYTES } }] },
        { expectedUidValidity: message.ref.uidValidity },
      );
      const bytes = sectionOf(messages[0]?.attributes.sections, '') ?? new Uint8Array(0);
      if (generation !== this.#generation) return;
      this.source = {
        status: 'open',
        text: decodeSource(bytes, message.headerCharset ?? message.charsetOverride),
        truncated: message.size > bytes.length,
        size: message.size,
      };
    } catch (error) {
      if (generation === this.#generation) this.source = { status: 'error', message: messageOf(error) };
    }
  }

  hideSource(): void {
    this.source = { status: 'closed' };
  }

  /** The decoded bytes of an attachment, fetching its part now when it was left on the server. */
  async attachmentBytes(attachment: ReaderAttachment): Promise<ArrayBuffer> {
    const loaded = this.#loaded;
    if (!loaded) throw new ReaderError('READER_NOT_FOUND', 'no message is open');
    const known = loaded.contents.get(attachment.index);
    if (known) return known;
    const deferred = attachment.deferred;
    if (!deferred) throw new ReaderError('READER_NOT_FOUND', `attachment ${attachment.index} has no content`);
    const section = deferred.part === '' ? 'TEXT' : deferred.part;
    const { messages } = await this.#client.fetch(
      uidSet(loaded.ref.uid),
      { sections: [deferred.part === '' ? { specifier: 'TEXT' } : { part: deferred.part }] },
      { expectedUidValidity: loaded.ref.uidValidity },
    );
    const body = sectionOf(messages[0]?.attributes.sections, section);
    if (!body) throw new ReaderError('READER_NOT_FOUND', `the server sent no BODY[${section}]`);
    const content = await this.#parser.decodePart(body, deferred.encoding);
    loaded.contents.set(attachment.index, content);
    return content;
  }

  /** Stops the parser worker. The reader cannot be used afterwards. */
  dispose(): void {
    this.#reset();
    this.#parser.dispose();
  }

  #reset(): number {
    this.#loaded = null;
    this.message = null;
    this.error = null;
    this.status = 'empty';
    this.remoteContentAllowed = false;
    this.source = { status: 'closed' };
    this.redecoding = false;
    return ++this.#generation;
  }

  /**
   * The message's bytes: from the device when it kept them, else from the server; null when another open
   * superseded this one meanwhile. A message the list shows unread (ref.seen false) is new to this device as a
   * rule, so the server is asked first and the device only when the server cannot answer (offline): looking on
   * the device first cost 10-45 ms of every new message's open (an HMAC and an IndexedDB read, each a hop to
   * another thread) to find nothing.
   */
  async #load(ref: MessageRef, generation: number): Promise<{ loaded: LoadedMessage; kept: boolean } | null> {
    if (ref.seen === false) {
      try {
        return { loaded: await this.#fetch(ref), kept: false };
      } catch (error) {
        const kept = await this.#kept(ref);
        if (kept === null) throw error;
        return { loaded: kept, kept: true };
      }
    }
    const kept = await this.#kept(ref);
    if (kept !== null) return { loaded: kept, kept: true };
    if (generation !== this.#generation) return null;
    return { loaded: await this.#fetch(ref), kept: false };
  }

  async #fetch(ref: MessageRef): Promise<LoadedMessage> {
    const mailbox = this.#client.mailbox;
    if (!mailbox || mailbox.name !== ref.mailbox) {
      throw new ReaderError('READER_NOT_SELECTED', `mailbox ${JSON.stringify(ref.mailbox)} is not selected`);
    }
    if (mailbox.uidValidity !== ref.uidValidity) {
      throw new ReaderError(
        'READER_UIDVALIDITY_MISMATCH',
        `UIDVALIDITY of ${JSON.stringify(ref.mailbox)} is ${mailbox.uidValidity}, not ${ref.uidValidity}`,
      );
    }
    return ref.size !== undefined && ref.size <= WHOLE_MESSAGE_BYTES
      ? this.#fetchWhole(ref)
      : this.#fetchByParts(ref);
  }

  /** One round trip: the flags, the dates and the whole message in one FETCH. */
  async #fetchWhole(ref: MessageRef): Promise<LoadedMessage> {
    const { messages } = await this.#client.fetch(
      uidSet(ref.uid),
      { flags: true, internalDate: true, size: true, sections: [{}] },
      { expectedUidValidity: ref.uidValidity },
    );
    const found = messages[0]?.attributes;
    const raw = sectionOf(found?.sections, '');
    if (!found || !raw)
      throw new ReaderError('READER_NOT_FOUND', `message UID ${ref.uid} is not in ${ref.mailbox}`);
    return loadedMessage(ref, raw, found, NOTHING_DEFERRED);
  }

  /** BODYSTRUCTURE first, then the sections it calls for: what is large stays on the server. */
  async #fetchByParts(ref: MessageRef): Promise<LoadedMessage> {
    const uids = uidSet(ref.uid);
    const options = { expectedUidValidity: ref.uidValidity };
    const first = await this.#client.fetch(
      uids,
      { flags: true, internalDate: true, size: true, bodyStructure: true },
      options,
    );
    const found = first.messages[0]?.attributes;
    if (!found?.bodyStructure)
      throw new ReaderError('READER_NOT_FOUND', `message UID ${ref.uid} is not in ${ref.mailbox}`);
    const plan = planFetch(found.bodyStructure);
    const second = await this.#client.fetch(uids, { sections: plan.sections }, options);
    const raw = assembleMessage(
      found.bodyStructure,
      sectionsByName(second.messages[0]?.attributes.sections),
      plan,
    );
    return loadedMessage(ref, raw, found, plan.deferred);
  }

  /** The message as the device kept it; its flags unknown, so opening it still marks it \Seen. */
  async #kept(ref: MessageRef): Promise<LoadedMessage | null> {
    const kept = await this.#bodies?.get(ref).catch(() => null);
    if (!kept) return null;
    return { ref, ...kept, flags: [], contents: emptyContents() };
  }

  async #parse(raw: Uint8Array, charset: string | null): Promise<ParsedMessage> {
    try {
      return await this.#parser.parse(raw, charset);
    } catch (error) {
      throw new ReaderError('READER_PARSE_FAILED', messageOf(error), { cause: error });
    }
  }

  async #markSeen(ref: MessageRef, loaded: LoadedMessage): Promise<void> {
    const flags = loaded.flags;
    const mailbox = this.#client.mailbox;
    if (
      flags.includes('\\Seen') ||
      !mailbox ||
      mailbox.name !== ref.mailbox ||
      mailbox.access === 'read-only'
    )
      return;
    try {
      // Checked when it is sent, not only now: another folder may be opened meanwhile, and folders created in
      // the same second share a UIDVALIDITY on Dovecot.
      const store = uidStoreCommand(uidSet(ref.uid), {
        operation: 'add',
        flags: ['\\Seen'],
        silent: false,
        expectedUidValidity: ref.uidValidity,
      });
      await this.#client.run(inMailbox(store, ref.mailbox));
    } catch {
      // The message is shown either way; the list keeps it bold until a later open succeeds.
    }
  }
}

function uidSet(uid: number): NumberRange[] {
  return [{ start: uid, end: uid }];
}

function sectionOf(sections: readonly FetchedSection[] | undefined, name: string): Uint8Array | null {
  return sectionsByName(sections).get(name) ?? null;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Raw source as text: UTF-8 when it is, else the charset the headers were read with, else windows-1252. */
function decodeSource(bytes: Uint8Array, fallback: string | null): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    try {
      return new TextDecoder(fallback ?? 'windows-1252').decode(bytes);
    } catch {
      return new TextDecoder('windows-1252').decode(bytes);
    }
  }
}

/** A fetched message as the reader keeps it: its bytes, what the FETCH said of it, the parts left on the server. */
function loadedMessage(
  ref: MessageRef,
  raw: Uint8Array,
  found: Pick<FetchAttributes, 'internalDate' | 'rfc822Size' | 'flags'>,
  deferred: LoadedMessage['deferred'],
): LoadedMessage {
  return {
    ref,
    raw,
    internalDate: found.internalDate ?? null,
    size: found.rfc822Size ?? raw.length,
    flags: found.flags ?? [],
    deferred,
    contents: emptyContents(),
  };
}
