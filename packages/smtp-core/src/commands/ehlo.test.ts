import { describe, expect, it } from 'vitest';
import { authMechanisms, checkEhloName, parseEhloKeywords, sizeLimit } from './ehlo.ts';

describe('EHLO keywords', () => {
  it('maps each keyword (upper case) to its parameters, skipping the greeting line', () => {
    const keywords = parseEhloKeywords([
      'mx.example.org Hello',
      'PIPELINING',
      'size 35882577',
      'AUTH PLAIN  LOGIN ',
      'X-Foo-1 a b',
    ]);
    expect([...keywords]).toEqual([
      ['PIPELINING', ''],
      ['SIZE', '35882577'],
      ['AUTH', 'PLAIN  LOGIN'],
      ['X-FOO-1', 'a b'],
    ]);
  });

  it('skips lines that are not ehlo-keywords (AUTH=LOGIN, empty) and keeps the first of a repeated one', () => {
    const keywords = parseEhloKeywords(['mx', 'AUTH=LOGIN PLAIN', '', '-X', 'SIZE 10', 'SIZE 20']);
    expect([...keywords]).toEqual([['SIZE', '10']]);
  });

  it.each([
    ['10240000', 10240000],
    ['0', null],
    ['', null],
    ['abc', null],
    ['1234567890123456', null],
  ])('SIZE %j is a limit of %s', (value, limit) => {
    expect(sizeLimit(new Map([['SIZE', value]]))).toBe(limit);
  });

  it('has no SIZE limit when SIZE is absent', () => {
    expect(sizeLimit(new Map())).toBeNull();
  });

  it('lists AUTH mechanisms in upper case', () => {
    expect(authMechanisms(new Map([['AUTH', 'plain login XOAUTH2']]))).toEqual(['PLAIN', 'LOGIN', 'XOAUTH2']);
    expect(authMechanisms(new Map())).toEqual([]);
  });

  it.each(['[127.0.0.1]', '[IPv6:::1]', 'client.example.org', 'localhost'])(
    'takes %s as an EHLO name',
    (name) => {
      expect(() => checkEhloName(name)).not.toThrow();
    },
  );

  it.each(['', 'a b', 'x\r\nMAIL FROM:<a@b>', '-bad', '[unclosed', 'bad-'])(
    'refuses %j as an EHLO name',
    (name) => {
      expect(() => checkEhloName(name)).toThrow(/not a domain or an address literal/);
    },
  );
});
