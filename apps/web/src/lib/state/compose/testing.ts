// Small stand-ins for the composer's tests: a draft with an identity, and a draft store that records what it
// was asked and can be told to refuse. Only for tests.

import type { Address, Envelope } from '@webmail/imap-core';
import { DraftState, type DraftInit } from './draft.svelte.ts';
import type { DraftStore, MessageAddress, SaveOutcome, SavedDraft } from './draft-store.ts';
import type { Identity } from './identities.svelte.ts';

export const ANN: Identity = {
  id: 'ann@example.org',
  address: 'ann@example.org',
  name: 'Ann',
  signature: '',
  origin: 'login',
};

export function testDraft(init: Partial<DraftInit> = {}): DraftState {
  return new DraftState({
    mode: 'new',
    identity: ANN,
    to: [{ name: 'Иван', address: 'ivan@example.ru' }],
    subject: 'Hello',
    body: { format: 'text', html: '', text: 'Hi there' },
    messageId: '<test-1@example.org>',
    ...init,
  });
}

export type StoreCall =
  | { op: 'save'; previous: SavedDraft | null; bytes: number }
  | { op: 'remove'; draft: SavedDraft }
  | { op: 'appendSent'; text: string }
  | { op: 'addFlag'; message: MessageAddress; flag: string };

export class FakeDraftStore implements Pick<DraftStore, 'save' | 'remove' | 'appendSent' | 'addFlag'> {
  readonly calls: StoreCall[] = [];
  /** Makes the next call of that kind reject with this error. */
  readonly refuse = new Map<StoreCall['op'], Error>();
  /** Holds the next save until released. */
  hold: Promise<void> | null = null;
  #uid = 100;

  async save(bytes: Uint8Array, _messageId: string, previous: SavedDraft | null): Promise<SaveOutcome> {
    this.calls.push({ op: 'save', previous, bytes: bytes.length });
    if (this.hold) await this.hold;
    this.#throwIfRefused('save');
    return {
      saved: { mailbox: 'Drafts', uidValidity: 9, uid: ++this.#uid },
      createdFolder: null,
      previous: previous ? 'expunged' : 'none',
    };
  }

  async remove(draft: SavedDraft): Promise<'expunged' | 'flagged'> {
    this.calls.push({ op: 'remove', draft });
    this.#throwIfRefused('remove');
    return 'expunged';
  }

  async appendSent(bytes: Uint8Array): Promise<{ path: string; created: boolean }> {
    this.calls.push({ op: 'appendSent', text: new TextDecoder().decode(bytes) });
    this.#throwIfRefused('appendSent');
    return { path: 'Sent', created: false };
  }

  async addFlag(message: MessageAddress, flag: '\\Answered' | '$Forwarded'): Promise<void> {
    this.calls.push({ op: 'addFlag', message, flag });
    this.#throwIfRefused('addFlag');
  }

  ops(): string[] {
    return this.calls.map((call) => call.op);
  }

  #throwIfRefused(op: StoreCall['op']): void {
    const error = this.refuse.get(op);
    if (error) {
      this.refuse.delete(op);
      throw error;
    }
  }
}

/** An IMAP address from `user@host` and a display name. */
export function testAddress(address: string, name: string | null = null): Address {
  const [mailbox, host] = address.split('@');
  return { name, adl: null, mailbox: mailbox ?? null, host: host ?? null };
}

/** An envelope with these people, dated `daysAgo` days before `now`. */
export function testEnvelope(
  now: number,
  parts: { from?: Address[]; to?: Address[]; cc?: Address[]; daysAgo?: number },
): Envelope {
  return {
    date: new Date(now - (parts.daysAgo ?? 0) * 86_400_000).toUTCString(),
    subject: null,
    from: parts.from ?? [],
    sender: [],
    replyTo: [],
    to: parts.to ?? [],
    cc: parts.cc ?? [],
    bcc: [],
    inReplyTo: null,
    messageId: null,
  };
}
