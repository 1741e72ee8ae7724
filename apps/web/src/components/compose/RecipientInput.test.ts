import { flushSync } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { RecipientField } from '../../lib/state/compose/recipients.svelte.ts';
import type { Suggestion } from '../../lib/state/compose/address-book.ts';
import { mountInBody, unmountAll } from '../../testing/dom.ts';
import RecipientInput from './RecipientInput.svelte';

afterEach(unmountAll);

const PEOPLE: Suggestion[] = [
  { name: 'Иван Петров', address: 'ivan@example.ru' },
  { name: 'Ирина', address: 'irina@example.ru' },
];

function render(field = new RecipientField()) {
  const asked: string[] = [];
  mountInBody(RecipientInput, {
    field,
    label: 'To',
    name: 'to',
    suggest: (query: string, exclude: ReadonlySet<string>) => {
      asked.push(query);
      return PEOPLE.filter(
        (p) =>
          !exclude.has(p.address) &&
          (p.name.toLowerCase().startsWith(query.toLowerCase()) || p.address.startsWith(query)),
      );
    },
  });
  flushSync();
  const input = document.querySelector<HTMLInputElement>('input[role="combobox"]')!;
  return { field, input, asked };
}

const type = (input: HTMLInputElement, value: string) => {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  flushSync();
};
const press = (target: Element, key: string) => {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true });
  target.dispatchEvent(event);
  flushSync();
  return event.defaultPrevented;
};
const chips = () => [...document.querySelectorAll('.chip')].map((chip) => chip.getAttribute('data-address'));

describe('RecipientInput', () => {
  it('is a combobox labelled by its field, and a pasted list becomes chips at once', () => {
    const { input, field } = render();
    expect(document.querySelector(`label[for="${input.id}"]`)?.textContent).toBe('To');
    const paste = new Event('paste', { bubbles: true, cancelable: true }) as ClipboardEvent;
    Object.defineProperty(paste, 'clipboardData', {
      value: { getData: () => '"Doe, Jane" <jane@example.org>; c@example.org\nИван <ivan@пример.рф>' },
    });
    input.dispatchEvent(paste);
    flushSync();
    expect(chips()).toEqual(['jane@example.org', 'c@example.org', 'ivan@пример.рф']);
    expect(field.addresses.map((a) => a.name ?? '')).toEqual(['Doe, Jane', '', 'Иван']);
    expect(input.value).toBe('');
  });

  it('suggests people as the user types, chosen with the arrows and Enter', () => {
    const { input, field } = render();
    type(input, 'и');
    const options = [...document.querySelectorAll('[role="option"]')];
    expect(options.map((o) => o.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      'Иван Петров ivan@example.ru',
      'Ирина irina@example.ru',
    ]);
    expect(input.getAttribute('aria-expanded')).toBe('true');
    press(input, 'ArrowDown');
    press(input, 'ArrowDown');
    expect(input.getAttribute('aria-activedescendant')).toBe(options[1]!.id);
    expect(press(input, 'Enter')).toBe(true);
    expect(field.addresses).toEqual([{ name: 'Ирина', address: 'irina@example.ru' }]);
    expect(document.querySelector('[role="listbox"]')).toBeNull();
    // Someone already a recipient is not suggested again.
    type(input, 'ир');
    expect(document.querySelector('[role="listbox"]')).toBeNull();
  });

  it('says under the field why a chip is not an address, and Backspace puts the last chip back to be fixed', () => {
    const { input, field } = render();
    type(input, 'ann@example.org, just a name');
    input.dispatchEvent(new FocusEvent('blur'));
    flushSync();
    const problem = document.querySelector('[role="alert"]');
    expect(problem?.textContent).toBe('just a name: Not an address: it has no @');
    const bad = document.querySelector('.chip.bad')!;
    expect(bad.getAttribute('aria-describedby')).toBe(problem?.id);
    press(input, 'Backspace');
    expect(input.value).toBe('just a name');
    expect(field.chips.map((c) => c.address)).toEqual(['ann@example.org']);
  });

  it("shows the server's words for a refused recipient", () => {
    const field = new RecipientField([{ address: 'refused@webmail.test' }]);
    render(field);
    field.setRefusals(
      new Map([
        [
          'refused@webmail.test',
          {
            kind: 'server',
            reply: { code: 550, enhanced: '5.7.1', text: 'Refused on purpose by the testbed' },
          },
        ],
      ]),
    );
    flushSync();
    expect(document.querySelector('[role="alert"]')?.textContent).toBe(
      'refused@webmail.test: Refused by the server: 550 5.7.1 Refused on purpose by the testbed',
    );
  });

  it('removes a chip with its button', () => {
    const { field } = render(
      new RecipientField([{ address: 'a@example.org' }, { address: 'b@example.org' }]),
    );
    document.querySelector<HTMLButtonElement>('button[aria-label="Remove a@example.org"]')?.click();
    flushSync();
    expect(field.addresses).toEqual([{ address: 'b@example.org' }]);
  });
});
