import type { Envelope } from '@webmail/imap-core';
import { describe, expect, it } from 'vitest';
import { AddressBook } from './address-book.ts';
import { testAddress, testEnvelope } from './testing.ts';

const NOW = Date.parse('2026-12-04T12:00:00Z');

const person = testAddress;
const envelope = (parts: Parameters<typeof testEnvelope>[1]): Envelope => testEnvelope(NOW, parts);

describe('AddressBook', () => {
  it('suggests people received from by a word of their name or their address, decoding encoded names', () => {
    const book = new AddressBook({ now: () => NOW });
    book.addEnvelope(
      envelope({ from: [person('ivan.petrov@example.ru', '=?utf-8?B?0JjQstCw0L0g0J/QtdGC0YDQvtCy?=')] }),
      false,
    );
    book.addEnvelope(envelope({ from: [person('zhang@example.cn', '张伟')] }), false);
    expect(book.suggest('пет')).toEqual([{ name: 'Иван Петров', address: 'ivan.petrov@example.ru' }]);
    expect(book.suggest('petrov')).toEqual([{ name: 'Иван Петров', address: 'ivan.petrov@example.ru' }]);
    // Chinese names are written without spaces: a part of the name finds them.
    expect(book.suggest('伟')).toEqual([{ name: '张伟', address: 'zhang@example.cn' }]);
    expect(book.suggest('nobody')).toEqual([]);
  });

  it('ranks people written to above people only received from, and recent above old', () => {
    const book = new AddressBook({ now: () => NOW });
    book.addEnvelope(envelope({ from: [person('anna.old@example.org', 'Anna Old')], daysAgo: 400 }), false);
    book.addEnvelope(envelope({ from: [person('anna.new@example.org', 'Anna New')] }), false);
    book.addEnvelope(envelope({ to: [person('anna.sent@example.org', 'Anna Sent')], daysAgo: 30 }), true);
    expect(book.suggest('anna').map((s) => s.address)).toEqual([
      'anna.sent@example.org',
      'anna.new@example.org',
      'anna.old@example.org',
    ]);
  });

  it('counts the recipients of sent mail, not its sender, and leaves out excluded addresses', () => {
    const book = new AddressBook({ now: () => NOW });
    book.addEnvelope(
      envelope({
        from: [person('me@example.org')],
        to: [person('bob@example.org')],
        cc: [person('carol@example.org')],
      }),
      true,
    );
    expect(
      book
        .suggest('example')
        .map((s) => s.address)
        .sort(),
    ).toEqual(['bob@example.org', 'carol@example.org']);
    expect(book.suggest('b', new Set(['bob@example.org']))).toEqual([]);
  });

  it('stays within its bound, dropping the least used', () => {
    const book = new AddressBook({ now: () => NOW, limit: 10 });
    for (let i = 0; i < 30; i++)
      book.addEnvelope(envelope({ from: [person(`p${i}@example.org`)], daysAgo: 30 - i }), false);
    expect(book.size).toBeLessThanOrEqual(10);
    expect(book.suggest('p29').map((s) => s.address)).toEqual(['p29@example.org']);
    expect(book.suggest('p0@')).toEqual([]);
  });
});
