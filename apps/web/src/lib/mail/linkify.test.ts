import { describe, expect, it } from 'vitest';
import { impersonation } from './addresses.ts';
import { linkify, textBlocks } from './linkify.ts';

describe('linkify', () => {
  it('links http(s), www. and e-mail addresses, and trims trailing punctuation', () => {
    expect(linkify('See https://a.example/x?y=1, www.b.example. Mail me@c.example!')).toEqual([
      { kind: 'text', text: 'See ' },
      { kind: 'link', text: 'https://a.example/x?y=1', href: 'https://a.example/x?y=1' },
      { kind: 'text', text: ', ' },
      { kind: 'link', text: 'www.b.example', href: 'https://www.b.example/' },
      { kind: 'text', text: '. Mail ' },
      { kind: 'link', text: 'me@c.example', href: 'mailto:me@c.example' },
      { kind: 'text', text: '!' },
    ]);
  });

  it('keeps a balanced closing parenthesis', () => {
    expect(linkify('(https://en.example/wiki/A_(b))')[1]).toMatchObject({
      text: 'https://en.example/wiki/A_(b)',
    });
  });

  it('never links javascript: or other schemes', () => {
    expect(
      linkify('javascript:alert(1) data:text/html,x ftp://f.example').every((p) => p.kind === 'text'),
    ).toBe(true);
  });

  it('groups lines by quote depth', () => {
    expect(textBlocks('a\n> b\n> > c\nd').map((b) => b.depth)).toEqual([0, 1, 2, 0]);
  });
});

describe('display names that imitate an address', () => {
  it.each([
    [{ name: 'security@bank.example', address: 'alerts@phish.example' }, true],
    [{ name: 'PayPal <service@paypal.example>', address: 'x@paypal.example.evil.example' }, true],
    [{ name: 'ceo@corp.example', address: 'intern@corp.example' }, false],
    [{ name: 'Alice@Example.org', address: 'alice@example.org' }, null],
    [{ name: 'Alice Martin', address: 'alice@example.org' }, null],
  ])('%o', (sender, differentDomain) => {
    const result = impersonation(sender);
    if (differentDomain === null) expect(result).toBeNull();
    else expect(result?.differentDomain).toBe(differentDomain);
  });
});
