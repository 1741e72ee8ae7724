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

  it('links addresses next to other @s, and not what only looks like one', () => {
    expect(linkify('a@b.example@c.example x@y @z.example').filter((p) => p.kind === 'link')).toEqual([
      { kind: 'link', text: 'a@b.example', href: 'mailto:a@b.example' },
    ]);
  });

  // Each took seconds to minutes when the patterns were retried from every position.
  it.each([
    ['a 1,000,000-letter word', 'x'.repeat(1_000_000)],
    ['500,000 @ signs', 'a@'.repeat(500_000)],
    ['a URL with 1,000,000 trailing dots', `https://a.example/${'.'.repeat(1_000_000)}x`],
    [
      'a URL with 500,000 nested parentheses',
      `https://a.example/${'('.repeat(500_000)}${')'.repeat(500_000)}`,
    ],
  ])('reads %s in one pass', (_what, line) => {
    expect(
      linkify(line)
        .map((piece) => piece.text)
        .join(''),
    ).toBe(line);
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
