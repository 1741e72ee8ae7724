// The people of the envelopes the app has fetched (list rows, mostly), noted as they arrive so that the composer
// can suggest addresses the user has received mail from or written to without a server round trip per
// keystroke. Kept per person, not per envelope: who (imap-core's Address, not decoded here: that waits for the
// composer's first suggestion), where (the mailbox selected; the Sent folder's recipients are people written to),
// how often and how recently. A 100,000-message folder scrolled through leaves as many entries as it has
// correspondents, where whole envelopes held 0.8 MB more of the tab's heap (subjects, Message-IDs...). At most
// ENVELOPE_LOG_LIMIT people, the least recently noted dropped first. In memory only.

import type { Address, MailboxSnapshot, UntaggedResponse } from '@webmail/imap-core';
import { mailboxesOf } from '../../format/envelope-text.ts';

export interface LoggedPerson {
  readonly address: Address;
  /** The mailbox selected when they were seen. */
  readonly mailbox: string | null;
  /** 'from' for an envelope's From, 'to' for its To, Cc and Bcc. */
  readonly role: 'from' | 'to';
  /** How many envelopes named them so (in that mailbox). */
  readonly seen: number;
  /** The newest Date of those envelopes (ms), NaN when none had one; `address` is as that envelope gave it. */
  readonly last: number;
}

export const ENVELOPE_LOG_LIMIT = 3000;

interface EventSource {
  readonly mailbox: Pick<MailboxSnapshot, 'name'> | null;
  on(name: 'untagged', listener: (response: UntaggedResponse) => void): () => void;
}

type Entry = { -readonly [K in keyof LoggedPerson]: LoggedPerson[K] };

export class EnvelopeLog {
  /** By mailbox, role and lower-cased address; in the order last noted. */
  readonly #people = new Map<string, Entry>();
  readonly #limit: number;
  readonly #stop: () => void;

  constructor(client: EventSource, limit = ENVELOPE_LOG_LIMIT) {
    this.#limit = limit;
    this.#stop = client.on('untagged', (response) => {
      if (response.kind !== 'fetch') return;
      const envelope = response.attributes.envelope;
      if (!envelope) return;
      const mailbox = client.mailbox?.name ?? null;
      const date = envelope.date === null ? NaN : Date.parse(envelope.date);
      for (const address of mailboxesOf(envelope.from)) this.#note(address, mailbox, 'from', date);
      for (const list of [envelope.to, envelope.cc, envelope.bcc])
        for (const address of mailboxesOf(list)) this.#note(address, mailbox, 'to', date);
    });
  }

  /** Hands over what was noted since the last call and forgets it. */
  take(): LoggedPerson[] {
    const people = [...this.#people.values()];
    this.#people.clear();
    return people;
  }

  dispose(): void {
    this.#stop();
    this.#people.clear();
  }

  #note(address: Address, mailbox: string | null, role: 'from' | 'to', date: number): void {
    const key = `${mailbox ?? ''}\0${role}\0${address.mailbox ?? ''}@${address.host ?? ''}`.toLowerCase();
    const known = this.#people.get(key);
    if (known) {
      this.#people.delete(key);
      known.seen++;
      if (Number.isNaN(known.last) || date >= known.last) {
        known.last = date;
        known.address = address;
      }
      this.#people.set(key, known);
      return;
    }
    this.#people.set(key, { address, mailbox, role, seen: 1, last: date });
    if (this.#people.size > this.#limit) {
      const oldest = this.#people.keys().next();
      if (!oldest.done) this.#people.delete(oldest.value);
    }
  }
}
