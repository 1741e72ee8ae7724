import { describe, expect, it } from 'vitest';
import { parseOne, parseSplitEverywhere } from '../../../test/support/wire-fixtures.ts';

describe('ID (RFC 2971)', () => {
  it.each([
    [
      '* ID ("name" "Dovecot" "Version" "2.3.21" "support-url" NIL)\r\n',
      new Map([
        ['name', 'Dovecot'],
        ['version', '2.3.21'],
        ['support-url', null],
      ]),
    ],
    ['* ID NIL\r\n', null],
    ['* ID ()\r\n', new Map()],
    ['* ID ("name" "Cyrus" )\r\n', new Map([['name', 'Cyrus']])],
  ])('reads %j with field names lower-cased', (line, params) => {
    expect(parseSplitEverywhere(line)).toEqual({ kind: 'id', params });
  });

  it.each(['* ID ("name")\r\n', '* ID "name" "x"\r\n', '* ID\r\n'])('refuses %j', (line) => {
    expect(() => parseOne(line)).toThrow(/expected/);
  });
});
