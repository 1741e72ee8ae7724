import { describe, expect, it } from 'vitest';
import { displayAddress, displayDomain } from './domains.ts';

describe('displayDomain', () => {
  it.each([
    ['ASCII', 'example.org', 'example.org'],
    ['a Russian domain', 'почта.рф', 'почта.рф'],
    ['a Russian name under .com', 'яндекс.com', 'яндекс.com'],
    ['a Chinese domain', '中国.cn', '中国.cn'],
    ['Japanese: kanji, kana and Latin together', '例えtest.jp', '例えtest.jp'],
    ['a German umlaut', 'bücher.de', 'bücher.de'],
    ['Cyrillic look-alikes under a Cyrillic top-level domain', 'аррӏе.рф', 'аррӏе.рф'],
  ])('shows %s as written, without a warning', (_what, domain, text) => {
    expect(displayDomain(domain)).toMatchObject({ text, warning: null });
  });

  it.each([
    ['one Cyrillic а among Latin letters', 'pаypal.com', 'xn--pypal-4ve.com', 'mixed-scripts'],
    ['Greek ο in a Latin word', 'gοogle.com', 'xn--gogle-rce.com', 'mixed-scripts'],
    ['Cyrillic letters that all look Latin, under .com', 'аррӏе.com', 'xn--80ak6aa92e.com', 'look-alike'],
    ['the same in a subdomain', 'login.аррӏе.com', 'login.xn--80ak6aa92e.com', 'look-alike'],
    ['a Latin IPA letter imitating g', 'ɡoogle.com', 'xn--oogle-qmc.com', 'look-alike'],
    ['Cyrillic with Armenian', 'аօ.com', 'xn--80a69d.com', 'mixed-scripts'],
  ])('shows %s in punycode, with a warning', (_what, domain, ascii, warning) => {
    expect(displayDomain(domain)).toEqual({ text: ascii, ascii, warning });
  });

  it('shows fullwidth Latin letters as the ASCII name they resolve to', () => {
    expect(displayDomain('ＰＡＹＰＡＬ.com')).toEqual({
      text: 'paypal.com',
      ascii: 'paypal.com',
      warning: null,
    });
  });

  it.each([
    ['an override', 'ex\u202Eпример.com', 'ex[U+202E]пример.com'],
    ['a path', 'пример.com/x', 'пример.com/x'],
    ['a space', 'при мер.com', 'при мер.com'],
  ])(
    'warns that a non-ASCII domain with %s is no valid name, and shows it as written',
    (_what, domain, text) => {
      expect(displayDomain(domain)).toEqual({ text, ascii: null, warning: 'invalid' });
    },
  );

  it('warns about an override in an otherwise Latin domain (it is no valid name)', () => {
    expect(displayDomain('ex\u202Eelpmaxe.com')).toEqual({
      text: 'ex[U+202E]elpmaxe.com',
      ascii: null,
      warning: 'invalid',
    });
  });

  it('shows an ASCII domain with a control character written out, as no mail server would accept it anyway', () => {
    expect(displayDomain('ex\u0007ample.com')).toMatchObject({ text: 'ex[U+0007]ample.com', warning: null });
  });
});

describe('displayAddress', () => {
  it('keeps the local part, revealing hidden characters, and shows the domain per displayDomain', () => {
    expect(displayAddress('service@pаypal.com')).toMatchObject({
      text: 'service@xn--pypal-4ve.com',
      domain: { warning: 'mixed-scripts' },
    });
    expect(displayAddress('ad\u202Emin@example.org').text).toBe('ad[U+202E]min@example.org');
    expect(displayAddress('почта@почта.рф').text).toBe('почта@почта.рф');
  });

  it('shows an address without a domain as it is', () => {
    expect(displayAddress('undisclosed-recipients')).toEqual({
      text: 'undisclosed-recipients',
      domain: null,
    });
  });
});
