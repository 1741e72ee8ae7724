import { describe, expect, it } from 'vitest';
import { IdentityBook, loginAddress, type ComposeAccount } from './identities.svelte.ts';

function memory(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
  };
}

const account = (user: string, upstream: Partial<ComposeAccount['upstream']> = {}): ComposeAccount => ({
  user,
  upstream: { name: 'main', ...upstream },
});

describe('IdentityBook', () => {
  it.each([
    ['a login that is an address', account('ann@example.org'), 'ann@example.org'],
    [
      'a login with the operator mail domain',
      account('ann', { mailDomain: 'example.org' }),
      'ann@example.org',
    ],
    ['a login without either', account('ann'), null],
  ])('sends as %s', (_, given, expected) => {
    expect(loginAddress(given)).toBe(expected);
    expect(new IdentityBook(given, null).defaultIdentity?.address ?? null).toBe(expected);
  });

  it("adds the operator's identities with {user} replaced, and leaves out invalid ones", () => {
    const book = new IdentityBook(
      account('ann', {
        mailDomain: 'example.org',
        identities: [
          { name: 'Support', address: 'support@example.org' },
          { address: '{user}@lists.example.org' },
          { address: 'broken' },
        ],
      }),
      null,
    );
    expect(book.all.map((i) => [i.origin, i.name, i.address])).toEqual([
      ['login', '', 'ann@example.org'],
      ['operator', 'Support', 'support@example.org'],
      ['operator', '', 'ann@lists.example.org'],
    ]);
  });

  it('keeps added addresses, names and signatures in storage for this upstream and login only', () => {
    const storage = memory();
    const book = new IdentityBook(account('ann', { mailDomain: 'example.org' }), storage);
    expect(
      book.save({ address: 'ann@example.org', name: 'Анна', signature: 'Анна\nОтдел продаж' }),
    ).toBeNull();
    expect(book.save({ address: 'анна@пример.рф', name: '', signature: '' })).toBeNull();
    expect(book.save({ address: 'not an address', name: '', signature: '' })).toBe('missing-at');
    expect([...storage.items.keys()]).toEqual(['webmail.identities.main.ann']);

    const again = new IdentityBook(account('ann', { mailDomain: 'example.org' }), storage);
    expect(again.all.map((i) => [i.origin, i.name, i.address, i.signature])).toEqual([
      ['login', 'Анна', 'ann@example.org', 'Анна\nОтдел продаж'],
      ['user', '', 'анна@пример.рф', ''],
    ]);
    again.remove('АННА@пример.рф');
    expect(new IdentityBook(account('ann', { mailDomain: 'example.org' }), storage).all).toHaveLength(1);
    expect(new IdentityBook(account('bob', { mailDomain: 'example.org' }), storage).all[0]?.name).toBe('');
  });

  it('ignores a stored value it does not understand', () => {
    for (const stored of [
      '{',
      '[]',
      '{"version":2,"entries":[]}',
      '{"version":1,"entries":[{"address":"x"}]}',
    ]) {
      const book = new IdentityBook(
        account('ann@example.org'),
        memory({ 'webmail.identities.main.ann@example.org': stored }),
      );
      expect(book.all.map((i) => i.address)).toEqual(['ann@example.org']);
    }
  });
});
