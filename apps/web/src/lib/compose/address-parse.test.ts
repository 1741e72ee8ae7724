import { describe, expect, it } from 'vitest';
import { parseAddressList } from './address-parse.ts';

describe('parseAddressList', () => {
  it.each([
    ['a bare address', 'a@example.com', [{ address: 'a@example.com' }]],
    ['a quoted name', '"Ann Lee" <ann@example.com>', [{ name: 'Ann Lee', address: 'ann@example.com' }]],
    ['an unquoted name', 'Ann Lee <ann@example.com>', [{ name: 'Ann Lee', address: 'ann@example.com' }]],
    [
      "the issue's paste: quotes, comma, semicolon, Cyrillic name, IDN domain",
      '"Name" <a@b.example>, c@d.example; Иван <ivan@пример.рф>',
      [
        { name: 'Name', address: 'a@b.example' },
        { address: 'c@d.example' },
        { name: 'Иван', address: 'ivan@пример.рф' },
      ],
    ],
    [
      'one address per line, no commas',
      'a@example.com\nb@example.com\r\n  c@example.com  ',
      [{ address: 'a@example.com' }, { address: 'b@example.com' }, { address: 'c@example.com' }],
    ],
    [
      'named addresses one per line, no commas',
      'Ann <ann@example.com>\nBob <bob@example.com>',
      [
        { name: 'Ann', address: 'ann@example.com' },
        { name: 'Bob', address: 'bob@example.com' },
      ],
    ],
    [
      'a name without brackets',
      'Иван Петров ivan@example.ru',
      [{ name: 'Иван Петров', address: 'ivan@example.ru' }],
    ],
    [
      'a group, flattened (RFC 5322 3.4)',
      'Team: a@example.com, b@example.com;, c@example.com',
      [{ address: 'a@example.com' }, { address: 'b@example.com' }, { address: 'c@example.com' }],
    ],
    ['an empty group', 'undisclosed-recipients:;', []],
    ['a comment as the name', 'ann@example.com (Ann Lee)', [{ name: 'Ann Lee', address: 'ann@example.com' }]],
    [
      'a comment next to a name is not the name',
      'Ann <ann@example.com> (work)',
      [{ name: 'Ann', address: 'ann@example.com' }],
    ],
    ['a mailto link', 'mailto:ann@example.com', [{ address: 'ann@example.com' }]],
    [
      'a mailto link with a query and escapes',
      'MAILTO:%D0%B8%D0%B2%D0%B0%D0%BD@example.ru?subject=hi',
      [{ address: 'иван@example.ru' }],
    ],
    [
      'a mailto link in brackets',
      'Ann <mailto:ann@example.com>',
      [{ name: 'Ann', address: 'ann@example.com' }],
    ],
    [
      "Outlook's Last, First <address>",
      'Petrov, Ivan <ivan@example.ru>; Lee, Ann <ann@example.com>',
      [
        { name: 'Petrov, Ivan', address: 'ivan@example.ru' },
        { name: 'Lee, Ann', address: 'ann@example.com' },
      ],
    ],
    [
      'an encoded word copied from a raw header',
      '=?UTF-8?B?546L6Iqz?= <wang@example.cn>',
      [{ name: '王芳', address: 'wang@example.cn' }],
    ],
    ['a quoted local part', '"john doe"@example.com', [{ address: '"john doe"@example.com' }]],
    [
      'a name equal to the address is dropped',
      'a@example.com <a@example.com>',
      [{ address: 'a@example.com' }],
    ],
    ['stray separators and blanks', ' , ;; a@example.com ,, ', [{ address: 'a@example.com' }]],
    ['an internationalized address', '用户@例子.中国', [{ address: '用户@例子.中国' }]],
    ['a source route is dropped', '<@relay.example:a@example.com>', [{ address: 'a@example.com' }]],
    [
      'a quoted name with an escaped quote and a comma',
      '"Lee, \\"Ann\\"" <ann@example.com>',
      [{ name: 'Lee, "Ann"', address: 'ann@example.com' }],
    ],
    [
      'a missing closing bracket at the end is forgiven',
      'Ann <ann@example.com',
      [{ name: 'Ann', address: 'ann@example.com' }],
    ],
  ])('reads %s', (_name, input, expected) => {
    const result = parseAddressList(input);
    expect(result.invalid).toEqual([]);
    expect(result.addresses).toEqual(expected);
  });

  it.each([
    ['a name alone', 'Ann Lee', 'missing-at'],
    ['empty brackets', 'Ann <>', 'empty'],
    ['two @', 'a@b@example.com', 'bad-local-part'],
    ['a dot at the start of the local part', '.ann@example.com', 'bad-local-part'],
    ['two dots in a row', 'ann..lee@example.com', 'bad-local-part'],
    ['no domain', 'ann@', 'bad-domain'],
    ['a dotless domain', 'ann@localhost', 'bad-domain'],
    ['an underscore in the domain', 'ann@ex_ample.com', 'bad-domain'],
    ['a hyphen at a label end', 'ann@example-.com', 'bad-domain'],
    ['an IP address without brackets', 'ann@192.0.2.1', 'bad-domain'],
    ['a local part over 64 octets', `${'a'.repeat(65)}@example.com`, 'too-long'],
    ['a label over 63 characters', `a@${'b'.repeat(64)}.com`, 'too-long'],
    ['an unclosed quote', '"Ann <ann@example.com>', 'unterminated'],
    ['an unclosed comment', 'ann@example.com (Ann', 'unterminated'],
    ['a right-to-left override in the local part', 'ann\u202Egpj@example.com', 'bad-local-part'],
  ])('refuses %s', (_name, input, reason) => {
    const result = parseAddressList(input);
    expect(result.addresses).toEqual([]);
    expect(result.invalid).toEqual([{ text: expect.any(String), reason }]);
  });

  it('keeps the good addresses and lists the bad pieces with their text', () => {
    const result = parseAddressList('ann@example.com, Bob, carol@exa_mple.com; dave@example.org');
    expect(result.addresses).toEqual([{ address: 'ann@example.com' }, { address: 'dave@example.org' }]);
    expect(result.invalid).toEqual([
      { text: 'Bob', reason: 'missing-at' },
      { text: 'carol@exa_mple.com', reason: 'bad-domain' },
    ]);
  });

  it('never lets a line break or control character into a display name', () => {
    const result = parseAddressList('"Ann\u0007\r\nBcc: x" <ann@example.com>');
    expect(result.addresses).toEqual([{ name: 'Ann Bcc: x', address: 'ann@example.com' }]);
  });
});
