import { describe, expect, it } from 'vitest';
import { parseOne, parseSplitEverywhere } from '../../../test/support/wire-fixtures.ts';

describe('NAMESPACE (RFC 2342, RFC 9051 7.3.5)', () => {
  it.each([
    [
      '* NAMESPACE (("" "/")) NIL NIL\r\n',
      { personal: [{ prefix: '', delimiter: '/' }], other: null, shared: null },
    ],
    [
      '* NAMESPACE (("INBOX." ".")) (("Other Users." ".")) (("Public Folders." ".")("#news." "."))\r\n',
      {
        personal: [{ prefix: 'INBOX.', delimiter: '.' }],
        other: [{ prefix: 'Other Users.', delimiter: '.' }],
        shared: [
          { prefix: 'Public Folders.', delimiter: '.' },
          { prefix: '#news.', delimiter: '.' },
        ],
      },
    ],
    [
      '* NAMESPACE (("" "/" "X-PARAM" ("FLAG1" "FLAG2"))) NIL (("&BB4-bщ/" NIL) ("x" "/"))\r\n',
      {
        personal: [{ prefix: '', delimiter: '/' }],
        other: null,
        shared: [
          // Not modified UTF-7 (raw 8-bit): kept verbatim, its bytes behind U+DC00 (mailbox-names.ts).
          { prefix: '\uDC00&BB4-b\xD1\x89/', delimiter: null },
          { prefix: 'x', delimiter: '/' },
        ],
      },
    ],
    [
      '* NAMESPACE (("&BB4-/" "/")) NIL NIL\r\n',
      { personal: [{ prefix: 'О/', delimiter: '/' }], other: null, shared: null },
    ],
  ])('reads %j', (line, expected) => {
    expect(parseSplitEverywhere(line)).toEqual({ kind: 'namespace', ...expected });
  });

  it.each(['* NAMESPACE NIL NIL\r\n', '* NAMESPACE () NIL NIL\r\n', '* NAMESPACE (("" "/") NIL NIL\r\n'])(
    'refuses %j',
    (line) => {
      expect(() => parseOne(line)).toThrow(/expected/);
    },
  );
});
