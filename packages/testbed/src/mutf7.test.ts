import { describe, expect, it } from 'vitest';
import { decodeMailboxName, encodeMailboxName } from './mutf7.ts';

// Expected values are built from the RFC 3501 §5.1.3 rules directly (UTF-16BE, base64 with ',' for '/',
// no padding), not copied from anywhere.
function reference(name: string): string {
  return name
    .split('&')
    .map((piece) =>
      piece.replace(/[^\x20-\x7e]+/g, (run) => {
        const utf16be = Buffer.from(run, 'utf16le').swap16();
        return `&${utf16be.toString('base64').replace(/=+$/, '').replace(/\//g, ',')}-`;
      }),
    )
    .join('&-');
}

describe('modified UTF-7 mailbox names', () => {
  it.each([
    ['INBOX', 'INBOX'],
    ['Работа', reference('Работа')],
    ['工作/项目', reference('工作') + '/' + reference('项目')],
    ['Tom & Jerry', 'Tom &- Jerry'],
    ['Entwürfe', reference('Entwürfe')],
    ['📁 Files', reference('📁 Files')],
  ])('encodes %s as %s', (name, wire) => {
    expect(encodeMailboxName(name)).toBe(wire);
    expect(decodeMailboxName(wire)).toBe(name);
  });

  it('matches the RFC 3501 example for 台北日本語', () => {
    expect(encodeMailboxName('~peter/mail/台北/日本語')).toBe('~peter/mail/&U,BTFw-/&ZeVnLIqe-');
  });

  it('uses "," where base64 has "/"', () => {
    // U+FFFF -> bytes FF FF -> base64 "//8" -> "&,,8-"
    expect(encodeMailboxName('\uffff')).toBe('&,,8-');
  });

  it('rejects an unterminated shift', () => {
    expect(() => decodeMailboxName('&BCAE')).toThrow(/unterminated/);
  });
});
