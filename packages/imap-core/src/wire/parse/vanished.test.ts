import { describe, expect, it } from 'vitest';
import { DOVECOT_VANISHED, parseOne, parseSplitEverywhere } from '../../../test/support/wire-fixtures.ts';

describe('VANISHED (RFC 7162 3.2.10)', () => {
  it('reads VANISHED (EARLIER) as ranges, never expanded', () => {
    expect(parseSplitEverywhere(DOVECOT_VANISHED)).toEqual({
      kind: 'vanished',
      earlier: true,
      uids: [
        { start: 41, end: 41 },
        { start: 43, end: 116 },
        { start: 118, end: 118 },
        { start: 120, end: 211 },
        { start: 214, end: 540 },
      ],
    });
  });

  it('reads an unsolicited VANISHED', () => {
    expect(parseSplitEverywhere('* VANISHED 405,407,410,425:4294967295\r\n')).toEqual({
      kind: 'vanished',
      earlier: false,
      uids: [
        { start: 405, end: 405 },
        { start: 407, end: 407 },
        { start: 410, end: 410 },
        { start: 425, end: 4294967295 },
      ],
    });
  });

  it.each(['* VANISHED (LATER) 1\r\n', '* VANISHED 1:*\r\n', '* VANISHED\r\n', '* VANISHED (EARLIER)\r\n'])(
    'refuses %j',
    (line) => {
      expect(() => parseOne(line)).toThrow(/expected/);
    },
  );
});
