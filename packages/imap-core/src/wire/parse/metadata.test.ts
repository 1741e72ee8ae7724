import { describe, expect, it } from 'vitest';
import { parseOne, parseSplitEverywhere } from '../../../test/support/wire-fixtures.ts';

describe('METADATA (RFC 5464 4.4)', () => {
  it('reads entry values: quoted, literal, NIL, and a literal8', () => {
    expect(
      parseSplitEverywhere(
        '* METADATA "INBOX/Sent Items" (/private/specialuse {5}\r\n\\Sent /shared/comment NIL /private/x "a \\"b\\"" /private/y ~{2}\r\nhi)\r\n',
      ),
    ).toEqual({
      kind: 'metadata',
      mailbox: 'INBOX/Sent Items',
      wireName: 'INBOX/Sent Items',
      values: new Map([
        ['/private/specialuse', '\\Sent'],
        ['/shared/comment', null],
        ['/private/x', 'a "b"'],
        ['/private/y', 'hi'],
      ]),
      changed: [],
    });
  });

  it('decodes the mailbox name (modified UTF-7) and reads server entries under ""', () => {
    expect(
      parseOne('* METADATA INBOX.&BB4EQgQ,BEAEMAQyBDsENQQ9BD0ESwQ1- (/private/specialuse "\\\\Sent")\r\n'),
    ).toMatchObject({
      mailbox: 'INBOX.Отправленные',
      values: new Map([['/private/specialuse', '\\Sent']]),
    });
    expect(parseOne('* METADATA "" (/shared/admin "mailto:postmaster@example.org")\r\n')).toMatchObject({
      mailbox: '',
      values: new Map([['/shared/admin', 'mailto:postmaster@example.org']]),
    });
  });

  it('reads an unsolicited entry-list as the entries that changed', () => {
    expect(parseOne('* METADATA INBOX /shared/comment /private/comment\r\n')).toEqual({
      kind: 'metadata',
      mailbox: 'INBOX',
      wireName: 'INBOX',
      values: null,
      changed: ['/shared/comment', '/private/comment'],
    });
  });

  it('keeps the last value of an entry named twice', () => {
    expect(parseOne('* METADATA INBOX (/private/a "1" /private/a "2")\r\n')).toMatchObject({
      values: new Map([['/private/a', '2']]),
    });
  });

  it.each([
    '* METADATA INBOX\r\n',
    '* METADATA INBOX ()\r\n',
    '* METADATA INBOX (/private/a)\r\n',
    '* METADATA INBOX (/private/a "1"\r\n',
    '* METADATA INBOX (/private/a "1" )\r\n',
    '* METADATA (/private/a "1")\r\n',
  ])('refuses %j', (line) => {
    expect(() => parseOne(line)).toThrow(/expected/);
  });
});
