import { describe, expect, it } from 'vitest';
import { RecipientField } from './recipients.svelte.ts';

const addresses = (field: RecipientField) =>
  field.chips.map((chip) => [chip.name, chip.address, chip.problem]);

describe('RecipientField', () => {
  it('turns a pasted list into chips: quoted names, commas, semicolons, Cyrillic names, IDN domains', () => {
    const field = new RecipientField();
    field.setText('"Doe, Jane" <jane@example.org>, c@example.org; Иван <ivan@пример.рф>');
    field.commit();
    expect(addresses(field)).toEqual([
      ['Doe, Jane', 'jane@example.org', null],
      ['', 'c@example.org', null],
      ['Иван', 'ivan@пример.рф', null],
    ]);
    expect(field.text).toBe('');
  });

  it('makes chips at each separator as the user types, keeping the unfinished rest as text', () => {
    const field = new RecipientField();
    for (const text of ['a', 'a@example.org', 'a@example.org,', 'a@example.org, b']) field.setText(text);
    // The field hands back what is left after each cut, as the input shows it.
    expect(addresses(field)).toEqual([['', 'a@example.org', null]]);
    expect(field.text).toBe('b');
    field.setText('b@example.org');
    expect(field.commit()).toBe(true);
    expect(addresses(field).map(([, address]) => address)).toEqual(['a@example.org', 'b@example.org']);
  });

  it('waits for a closing quote or bracket before it cuts at a comma', () => {
    const field = new RecipientField();
    field.setText('"Petrov, Ivan');
    field.setText('"Petrov, Ivan" <ivan@example.ru');
    expect(field.chips).toEqual([]);
    field.setText('"Petrov, Ivan" <ivan@example.ru>, ');
    expect(addresses(field)).toEqual([['Petrov, Ivan', 'ivan@example.ru', null]]);
  });

  it('keeps what is not an address as a marked chip with the reason, and leaves it out of the recipients', () => {
    const field = new RecipientField();
    field.setText('ann@example.org, just a name, bob@');
    field.commit();
    expect(field.chips.map((chip) => [chip.address, chip.problem])).toEqual([
      ['ann@example.org', null],
      ['just a name', 'missing-at'],
      ['bob@', 'bad-domain'],
    ]);
    expect(field.addresses).toEqual([{ address: 'ann@example.org' }]);
    expect(field.hasProblems).toBe(true);
  });

  it('adds an address once, whatever its case', () => {
    const field = new RecipientField([{ address: 'Ann@Example.org' }]);
    field.setText('ann@example.org, ANN@EXAMPLE.ORG');
    field.commit();
    expect(field.addresses).toEqual([{ address: 'Ann@Example.org' }]);
  });

  it('puts a chip back into the text to be corrected, named chips with their name', () => {
    const field = new RecipientField([
      { name: 'Иван Петров', address: 'ivan@example.ru' },
      { address: 'x@example.org' },
    ]);
    field.edit(field.chips[0]!.id);
    expect(field.text).toBe('Иван Петров <ivan@example.ru>');
    field.editLast();
    expect(field.text).toBe('x@example.org, Иван Петров <ivan@example.ru>');
    expect(field.chips).toEqual([]);
    field.commit();
    expect(field.addresses).toEqual([
      { address: 'x@example.org' },
      { name: 'Иван Петров', address: 'ivan@example.ru' },
    ]);
  });

  it('marks refused addresses with the server reply and clears marks no longer given', () => {
    const field = new RecipientField([{ address: 'a@example.org' }, { address: 'B@example.org' }]);
    const reply = { code: 550, enhanced: '5.1.1', text: 'User unknown' };
    field.setRefusals(new Map([['b@example.org', { kind: 'server', reply }]]));
    expect(field.chips.map((chip) => chip.refusal?.reply ?? null)).toEqual([null, reply]);
    expect(field.hasProblems).toBe(true);
    field.setRefusals(new Map());
    expect(field.hasProblems).toBe(false);
  });

  it('tells its owner of every change', () => {
    let changes = 0;
    const field = new RecipientField([], () => changes++);
    field.setText('a');
    field.setText('a@example.org,');
    field.remove(field.chips[0]!.id);
    field.choose({ address: 'c@example.org' });
    expect(changes).toBe(4);
    expect(field.commit()).toBe(false);
    expect(changes).toBe(4);
  });
});
