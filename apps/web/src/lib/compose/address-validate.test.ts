import { describe, expect, it } from 'vitest';
import { envelopeAddress, needsSmtpUtf8, validateAddress } from './address-validate.ts';
import { ComposeError } from './errors.ts';

describe('validateAddress', () => {
  it.each([
    'a@example.com',
    'first.last+tag@sub.example.co.uk',
    "o'brien@example.ie",
    '"john doe"@example.com',
    '"a@b"@example.com',
    'ivan@пример.рф',
    '用户@例子.中国',
    'δοκιμή@παράδειγμα.δοκιμή',
    'a@[192.0.2.1]',
    'a@[IPv6:2001:db8::1]',
    'a@xn--e1afmkfd.xn--p1ai',
    `${'a'.repeat(64)}@example.com`,
  ])('accepts %s', (address) => {
    expect(validateAddress(address)).toBeNull();
  });

  it.each([
    ['', 'empty'],
    ['example.com', 'missing-at'],
    ['@example.com', 'bad-local-part'],
    ['a b@example.com', 'bad-local-part'],
    ['a\u0000@example.com', 'bad-local-part'],
    ['a\r\n@example.com', 'bad-local-part'],
    ['a.@example.com', 'bad-local-part'],
    ['a@example..com', 'bad-domain'],
    ['a@-example.com', 'bad-domain'],
    ['a@exa mple.com', 'bad-domain'],
    ['a@example.com.', 'bad-domain'],
    ['a@[300.0.0.1]', 'bad-domain'],
    ['a@[IPv6:zz::1]', 'bad-domain'],
    [`a@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.${'e'.repeat(63)}.com`, 'too-long'],
    [`${'я'.repeat(33)}@example.com`, 'too-long'],
  ])('refuses %j as %s', (address, problem) => {
    expect(validateAddress(address)).toBe(problem);
  });
});

describe('needsSmtpUtf8', () => {
  it.each([
    [['a@example.com'], false],
    [['ivan@пример.рф'], false],
    [[{ address: 'a@example.com' }, { name: 'Ю', address: 'юля@example.ru' }], true],
    [['用户@例子.中国'], true],
  ])('%j -> %s', (addresses, expected) => {
    expect(needsSmtpUtf8(addresses)).toBe(expected);
  });
});

describe('envelopeAddress', () => {
  it.each([
    ['a@example.com', false, 'a@example.com'],
    ['ivan@пример.рф', false, 'ivan@xn--e1afmkfd.xn--p1ai'],
    ['ivan@ПРИМЕР.РФ', false, 'ivan@xn--e1afmkfd.xn--p1ai'],
    ['a@例子。中国', false, 'a@xn--fsqu00a.xn--fiqs8s'],
    ['ivan@пример.рф', true, 'ivan@пример.рф'],
    ['用户@例子.中国', true, '用户@例子.中国'],
    // NFC (RFC 6531 3.2): e + combining acute becomes é.
    ['rene\u0301@example.fr', true, 'ren\u00e9@example.fr'],
  ])('%s with SMTPUTF8 %s -> %s', (address, smtputf8, expected) => {
    expect(envelopeAddress(address, smtputf8)).toBe(expected);
  });

  it('refuses a non-ASCII local part without SMTPUTF8', () => {
    expect(() => envelopeAddress('用户@例子.中国', false)).toThrow(
      expect.objectContaining({ code: 'COMPOSE_UTF8_REQUIRED' }),
    );
  });

  it('refuses what validateAddress refuses', () => {
    const attempt = (): string => envelopeAddress('a@b', true);
    expect(attempt).toThrow(ComposeError);
    expect(attempt).toThrow(expect.objectContaining({ code: 'COMPOSE_BAD_ADDRESS' }));
  });
});
