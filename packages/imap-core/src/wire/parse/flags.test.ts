import { describe, expect, it } from 'vitest';
import { parseOne, parseSplitEverywhere } from '../../../test/support/wire-fixtures.ts';
import type { Response } from '../response.ts';

const flagsOf = (response: Response): readonly string[] => {
  if (response.kind !== 'flags') throw new Error(response.kind);
  return response.flags;
};

describe('flag lists (RFC 9051 7.3.5)', () => {
  it.each([
    [
      '* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n',
      ['\\Answered', '\\Flagged', '\\Deleted', '\\Seen', '\\Draft'],
    ],
    ['* FLAGS ()\r\n', []],
    ['* FLAGS (\\SEEN \\deleted $Forwarded NonJunk)\r\n', ['\\Seen', '\\Deleted', '$Forwarded', 'NonJunk']],
    ['* FLAGS (\\Seen \\X-Custom)\r\n', ['\\Seen', '\\X-Custom']],
    ['* FLAGS (\\Seen )\r\n', ['\\Seen']],
  ])('reads %j, system flags in canonical case and keywords as sent', (line, flags) => {
    expect(flagsOf(parseSplitEverywhere(line))).toEqual(flags);
  });

  it('shares one frozen list between responses with the same flags', () => {
    const first = flagsOf(parseOne('* FLAGS (\\Seen \\Answered)\r\n'));
    const second = flagsOf(parseOne('* FLAGS (\\Seen \\Answered)\r\n'));
    const third = flagsOf(parseOne('* FLAGS (\\Seen \\Answered)\r\n'));
    expect(third).toBe(second);
    expect(first).toEqual(third);
    expect(Object.isFrozen(third)).toBe(true);
  });

  it.each(['* FLAGS (\\)\r\n', '* FLAGS (\\Seen\r\n', '* FLAGS (a  b)\r\n', '* FLAGS ("quoted")\r\n'])(
    'refuses %j',
    (line) => {
      expect(() => parseOne(line)).toThrow(/expected/);
    },
  );
});
