import { describe, expect, it } from 'vitest';
import { SmtpErrorCodes } from '../errors.ts';
import { checkAddress } from './address.ts';

describe('checkAddress', () => {
  it.each([
    'alice@example.org',
    'a.b+tag@sub.example.org',
    '"john smith"@example.org',
    'user@[192.0.2.1]',
    '张伟@例子.中国',
    'иван@пример.рф',
  ])('accepts %s', (address) => {
    expect(() => checkAddress(address, 'recipient')).not.toThrow();
  });

  it('accepts the null reverse-path for a sender only', () => {
    expect(() => checkAddress('', 'sender')).not.toThrow();
    expect(() => checkAddress('', 'recipient')).toThrow(/is empty/);
  });

  it.each([
    ['a CRLF that would start a command of its own', 'a@b.org\r\nRCPT TO:evil@x.org', 'control character'],
    ['a bare LF', 'a@b.org\nDATA', 'control character'],
    ['NUL', 'a\0@b.org', 'control character'],
    ['a closing bracket', 'a@b.org> SIZE=1', "'<' or '>'"],
    ['an opening bracket', '<a@b.org', "'<' or '>'"],
    ['a space outside quotes', 'a b@c.org', 'space'],
    ['a space in the domain', 'a@c .org', 'space'],
    ['no @', 'alice', 'local-part@domain'],
    ['nothing after @', 'alice@', 'local-part@domain'],
    ['nothing before @', '@example.org', 'local-part@domain'],
    ['a C1 control', 'a\u0085@b.org', 'control character'],
    ['more than 512 bytes', `${'a'.repeat(510)}@b.org`, 'longer than 512'],
  ])('refuses %s', (_name, address, why) => {
    expect(() => checkAddress(address, 'recipient')).toThrow(
      expect.objectContaining({
        code: SmtpErrorCodes.INVALID_ARGUMENT,
        message: expect.stringContaining(why),
      }),
    );
  });
});
