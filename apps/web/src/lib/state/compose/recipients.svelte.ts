// One recipient field (To, Cc or Bcc) as chips. Typed or pasted text becomes chips at each separator (',' ';' or
// a line break outside quotes and angle brackets: `"Doe, Jane" <jane@example.org>` stays one), and the rest
// when the field is left (commit). A piece that is not an address becomes a chip too, marked with the reason,
// so that nothing the user typed silently disappears; it can be edited back into text. After a send the
// submission server's refusal of an address is shown on its chip, in the server's words.

import { parseAddressList, type AddressProblem, type MailAddress } from './mime.ts';
import type { SmtpReply } from './smtp.ts';

export interface RecipientRefusal {
  /** 'server': the submission server refused it (its reply); 'smtputf8': it needs SMTPUTF8, which the server lacks. */
  readonly kind: 'server' | 'smtputf8';
  readonly reply: SmtpReply | null;
}

export interface RecipientChip {
  readonly id: number;
  /** Display name, '' for none. */
  readonly name: string;
  /** The address, or the text as typed when it is not one. */
  readonly address: string;
  readonly problem: AddressProblem | null;
  readonly refusal: RecipientRefusal | null;
}

/** A separator outside quotes and angle brackets: what is before the last one is complete. */
function lastSeparator(text: string): number {
  let quoted = false;
  let angle = false;
  let last = -1;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '\\' && quoted) i++;
    else if (char === '"') quoted = !quoted;
    else if (!quoted && char === '<') angle = true;
    else if (!quoted && char === '>') angle = false;
    else if (!quoted && !angle && (char === ',' || char === ';' || char === '\n' || char === '\r')) last = i;
  }
  return last;
}

let nextId = 1;

export class RecipientField {
  #chips = $state.raw<readonly RecipientChip[]>([]);
  #text = $state('');
  readonly #onChange: () => void;

  /** `onChange` runs after every change of the chips or the typed text (the draft's autosave listens). */
  constructor(initial: readonly MailAddress[] = [], onChange: () => void = () => undefined) {
    this.#append(initial, []);
    this.#onChange = onChange;
  }

  get chips(): readonly RecipientChip[] {
    return this.#chips;
  }

  /** What is typed and not yet a chip. */
  get text(): string {
    return this.#text;
  }

  /** The usable addresses, in order. */
  get addresses(): MailAddress[] {
    return this.#chips
      .filter((chip) => chip.problem === null)
      .map((chip) => (chip.name ? { name: chip.name, address: chip.address } : { address: chip.address }));
  }

  /** A chip says what is wrong with it (not an address, or refused by the server). */
  get hasProblems(): boolean {
    return this.#chips.some((chip) => chip.problem !== null || chip.refusal !== null);
  }

  get isEmpty(): boolean {
    return this.#chips.length === 0 && this.#text.trim() === '';
  }

  /** The input's text changed (typing or a paste): complete pieces become chips. */
  setText(text: string): void {
    const cut = lastSeparator(text);
    if (cut < 0) {
      this.#text = text;
    } else {
      this.#add(text.slice(0, cut));
      this.#text = text.slice(cut + 1).trimStart();
    }
    this.#onChange();
  }

  /** The field was left, or Enter pressed: whatever is typed becomes chips. Returns whether any were added. */
  commit(): boolean {
    const text = this.#text;
    this.#text = '';
    const added = this.#add(text) > 0;
    if (text !== '') this.#onChange();
    return added;
  }

  /** A suggestion was chosen: it replaces what was typed. */
  choose(address: MailAddress): void {
    this.#text = '';
    this.#append([address], []);
    this.#onChange();
  }

  add(addresses: readonly MailAddress[]): void {
    if (this.#append(addresses, []) > 0) this.#onChange();
  }

  remove(id: number): void {
    this.#chips = this.#chips.filter((chip) => chip.id !== id);
    this.#onChange();
  }

  /** Backspace in an empty input: the last chip goes back to text to be corrected. */
  editLast(): void {
    const last = this.#chips.at(-1);
    if (last) this.edit(last.id);
  }

  /** The chip goes back into the input as text. */
  edit(id: number): void {
    const chip = this.#chips.find((c) => c.id === id);
    if (!chip) return;
    this.remove(id);
    const text =
      chip.problem !== null || !chip.name ? chip.address : `${quoteName(chip.name)} <${chip.address}>`;
    this.#text = this.#text ? `${text}, ${this.#text}` : text;
  }

  /** Marks the chips of refused addresses (by address, case-insensitive); others lose an earlier mark. */
  setRefusals(refusals: ReadonlyMap<string, RecipientRefusal>): void {
    this.#chips = this.#chips.map((chip) => {
      const refusal = chip.problem === null ? (refusals.get(chip.address.toLowerCase()) ?? null) : null;
      return refusal === chip.refusal ? chip : { ...chip, refusal };
    });
  }

  #add(text: string): number {
    if (text.trim() === '') return 0;
    const { addresses, invalid } = parseAddressList(text);
    return this.#append(addresses, invalid);
  }

  #append(
    addresses: readonly MailAddress[],
    invalid: readonly { text: string; reason: AddressProblem }[],
  ): number {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local index, never rendered
    const known = new Set(this.#chips.filter((c) => c.problem === null).map((c) => c.address.toLowerCase()));
    const added: RecipientChip[] = [];
    for (const address of addresses) {
      const key = address.address.toLowerCase();
      if (known.has(key)) continue;
      known.add(key);
      added.push({
        id: nextId++,
        name: address.name ?? '',
        address: address.address,
        problem: null,
        refusal: null,
      });
    }
    for (const piece of invalid)
      added.push({
        id: nextId++,
        name: '',
        address: piece.text.trim(),
        problem: piece.reason,
        refusal: null,
      });
    if (added.length > 0) this.#chips = [...this.#chips, ...added];
    return added.length;
  }
}

function quoteName(name: string): string {
  return /^[\p{L}\p{N} ._-]*$/u.test(name) ? name : `"${name.replace(/[\\"]/g, '\\$&')}"`;
}
