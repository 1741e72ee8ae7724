// Address suggestions as the user types a recipient: people the user received mail from (the From of envelopes
// the app fetched) and wrote to (To, Cc and Bcc of the Sent folder's envelopes, which count more), ranked by how
// often and how recently. In memory, bounded (ADDRESS_BOOK_LIMIT people); every query is answered locally.

import type { Address, Envelope } from '@webmail/imap-core';
import { addressEmail, addressLabel, mailboxesOf } from '../../format/envelope-text.ts';
import type { LoggedPerson } from './envelope-log.ts';
import type { MailAddress } from './mime.ts';

export const ADDRESS_BOOK_LIMIT = 2000;
/** Writing to someone says more about whom the user will write to next than receiving from them. */
const WRITTEN_WEIGHT = 3;
const RECEIVED_WEIGHT = 1;
/** A contact's score halves every this many days since they were last seen. */
const HALF_LIFE_DAYS = 60;
const DAY_MS = 86_400_000;

interface Contact {
  address: string;
  name: string;
  weight: number;
  /** When last seen (the message's date, ms). */
  last: number;
  /** Lower-cased words of the name and address a query may start. */
  keys: readonly string[];
  /** The name and address in lower case, for scripts written without spaces (Chinese, Japanese). */
  haystack: string;
}

export interface Suggestion {
  readonly name: string;
  readonly address: string;
}

export class AddressBook {
  readonly #contacts = new Map<string, Contact>();
  readonly #limit: number;
  readonly #now: () => number;

  constructor(options: { limit?: number; now?: () => number } = {}) {
    this.#limit = options.limit ?? ADDRESS_BOOK_LIMIT;
    this.#now = options.now ?? Date.now;
  }

  get size(): number {
    return this.#contacts.size;
  }

  /** Notes the people of one envelope: its From when received, its recipients when it is in Sent. */
  addEnvelope(envelope: Envelope, sent: boolean): void {
    const at = envelope.date === null ? NaN : Date.parse(envelope.date);
    const when = Number.isNaN(at) ? this.#now() : at;
    if (sent) {
      for (const list of [envelope.to, envelope.cc, envelope.bcc])
        for (const address of mailboxesOf(list)) this.#note(fromEnvelope(address), WRITTEN_WEIGHT, when);
    } else {
      for (const address of mailboxesOf(envelope.from))
        this.#note(fromEnvelope(address), RECEIVED_WEIGHT, when);
    }
  }

  /**
   * People the envelope log gathered (envelope-log.ts), each counted as often as it was seen: the From of mail
   * received, the recipients of mail in Sent (`sentPath`), as addEnvelope() counts them.
   */
  addLogged(person: LoggedPerson, sentPath: string | null): void {
    const inSent = sentPath !== null && person.mailbox === sentPath;
    if ((person.role === 'to') !== inSent) return;
    const when = Number.isNaN(person.last) ? this.#now() : person.last;
    const weight = (inSent ? WRITTEN_WEIGHT : RECEIVED_WEIGHT) * person.seen;
    this.#note(fromEnvelope(person.address), weight, when);
  }

  /** Someone the user just sent to. */
  addSent(address: MailAddress): void {
    this.#note({ name: address.name ?? '', address: address.address }, WRITTEN_WEIGHT, this.#now());
  }

  /**
   * Up to `count` people whose address, or a word of whose name, starts with `query` (or whose name contains it,
   * for scripts without spaces), best first; addresses in `exclude` (lower case) are left out.
   */
  suggest(query: string, exclude: ReadonlySet<string> = new Set(), count = 8): Suggestion[] {
    const wanted = query.trim().toLowerCase();
    if (wanted === '') return [];
    const now = this.#now();
    const found: { contact: Contact; score: number }[] = [];
    for (const [id, contact] of this.#contacts) {
      if (exclude.has(id)) continue;
      const prefix = contact.keys.some((key) => key.startsWith(wanted));
      if (!prefix && !contact.haystack.includes(wanted)) continue;
      // A word that starts with the query beats one that only contains it.
      found.push({ contact, score: this.#score(contact, now) * (prefix ? 2 : 1) });
    }
    found.sort((a, b) => b.score - a.score || a.contact.address.localeCompare(b.contact.address));
    return found.slice(0, count).map(({ contact }) => ({ name: contact.name, address: contact.address }));
  }

  #score(contact: Contact, now: number): number {
    const ageDays = Math.max(0, now - contact.last) / DAY_MS;
    return contact.weight * 0.5 ** (ageDays / HALF_LIFE_DAYS);
  }

  #note(person: { name: string; address: string }, weight: number, when: number): void {
    const address = person.address.trim();
    if (!address.includes('@')) return;
    const id = address.toLowerCase();
    const known = this.#contacts.get(id);
    if (known) {
      known.weight += weight;
      if (when >= known.last) {
        known.last = when;
        if (person.name !== '' && person.name !== known.name) {
          known.name = person.name;
          Object.assign(known, indexOf(known.name, known.address));
        }
      }
      return;
    }
    this.#contacts.set(id, {
      address,
      name: person.name,
      weight,
      last: when,
      ...indexOf(person.name, address),
    });
    if (this.#contacts.size > this.#limit) this.#trim();
  }

  /** Drops the lowest-scoring tenth, so a long session stays within the limit. */
  #trim(): void {
    const now = this.#now();
    const ranked = [...this.#contacts].sort(([, a], [, b]) => this.#score(a, now) - this.#score(b, now));
    const drop = Math.max(1, Math.ceil(this.#limit / 10));
    for (const [id] of ranked.slice(0, drop)) this.#contacts.delete(id);
  }
}

function fromEnvelope(address: Address): { name: string; address: string } {
  const email = addressEmail(address);
  const label = addressLabel(address);
  return { address: email, name: label === email ? '' : label };
}

function indexOf(name: string, address: string): { keys: string[]; haystack: string } {
  const lowerName = name.toLowerCase();
  const lowerAddress = address.toLowerCase();
  const keys = [
    lowerAddress,
    ...lowerName.split(/[\s,.'"()<>_-]+/u),
    ...lowerAddress.slice(0, lowerAddress.indexOf('@')).split(/[._+-]+/),
  ].filter((key) => key !== '');
  return { keys, haystack: `${lowerName} ${lowerAddress}` };
}
