import { describe, expect, it } from 'vitest';
import { DOVECOT_LIST, parseSplitEverywhere } from '../../../test/support/wire-fixtures.ts';
import type { ListedMailbox } from '../../types.ts';
import type { ParseOptions } from '../response.ts';
import { isVerbatimMailboxName, mailboxDisplayName, mailboxWireBytes } from '../../mailbox-names.ts';

const mailboxOf = (line: string | Uint8Array, options?: ParseOptions): ListedMailbox => {
  const response = parseSplitEverywhere(line, options);
  if (response.kind !== 'list' && response.kind !== 'lsub') throw new Error(response.kind);
  return response.mailbox;
};

describe('LIST / LSUB (RFC 9051 7.3.1, RFC 6154, RFC 5258)', () => {
  it("reads Dovecot's LIST with \\HasNoChildren \\Sent and a modified UTF-7 name", () => {
    expect(mailboxOf(DOVECOT_LIST)).toEqual({
      name: 'Отправленные',
      wireName: '&BB4EQgQ,BEAEMAQyBDsENQQ9BD0ESwQ1-',
      attributes: ['\\HasNoChildren', '\\Sent'],
      delimiter: '/',
      specialUse: '\\Sent',
    });
  });

  const lists: ReadonlyArray<readonly [line: string, expected: Partial<ListedMailbox>]> = [
    ['* LIST () "/" INBOX\r\n', { name: 'INBOX', wireName: 'INBOX', attributes: [] }],
    ['* LIST () "/" inbox\r\n', { name: 'INBOX', wireName: 'inbox' }],
    ['* LIST (\\Noselect) NIL ""\r\n', { name: '', delimiter: null, attributes: ['\\Noselect'] }],
    ['* LIST () "\\\\" "Work\\\\Projects"\r\n', { delimiter: '\\', name: 'Work\\Projects' }],
    ['* LIST () "." {10}\r\nTom &- Bob\r\n', { name: 'Tom & Bob', wireName: 'Tom &- Bob' }],
    ['* LIST () "/" Tom&-Jerry\r\n', { name: 'Tom&Jerry', wireName: 'Tom&-Jerry' }],
    [
      '* LIST (\\HasChildren \\trash) "/" Trash\r\n',
      { specialUse: '\\Trash', attributes: ['\\HasChildren', '\\trash'] },
    ],
    [
      '* LIST (\\All \\Archive) "/" "[Gmail]/All Mail"\r\n',
      { specialUse: '\\All', name: '[Gmail]/All Mail' },
    ],
    ['* LIST () "/" foo%\r\n', { name: 'foo%' }],
  ];

  it.each(lists)('reads %j', (line, expected) => {
    expect(mailboxOf(line)).toMatchObject(expected);
  });

  const latin1 = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));
  const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

  it.each([
    ['a broken shift sequence', latin1('* LIST () "/" "&Jjo!"\r\n'), latin1('&Jjo!'), '&Jjo!'],
    [
      'an unescaped ampersand',
      latin1('* LIST () "." {9}\r\nTom & Bob\r\n'),
      latin1('Tom & Bob'),
      'Tom & Bob',
    ],
    ['raw UTF-8', utf8('* LIST () "/" {5}\r\nTäst\r\n'), utf8('Täst'), 'T\\xC3\\xA4st'],
    [
      'raw GBK',
      latin1('* LIST () "/" {4}\r\n\xc4\xe3\xba\xc3\r\n'),
      latin1('\xc4\xe3\xba\xc3'),
      '\\xC4\\xE3\\xBA\\xC3',
    ],
    ['a quoted backslash', latin1('* LIST () "/" "a\\\\b&"\r\n'), latin1('a\\b&'), 'a\\\\b&'],
  ])(
    'names a mailbox whose wire name does not decode (%s) by its exact bytes',
    (_name, line, bytes, shown) => {
      const mailbox = mailboxOf(line);
      expect(isVerbatimMailboxName(mailbox.name)).toBe(true);
      expect(mailboxWireBytes(mailbox.name)).toEqual(bytes);
      expect(mailboxDisplayName(mailbox.name)).toBe(shown);
    },
  );

  it('reads names as UTF-8, not modified UTF-7, under UTF8=ACCEPT (RFC 6855)', () => {
    expect(mailboxOf('* LIST () "/" "&U,BTFw-"\r\n', { utf8Accept: true })).toMatchObject({
      name: '&U,BTFw-',
    });
    expect(mailboxOf('* LIST () "/" "台北"\r\n', { utf8Accept: true })).toMatchObject({ name: '台北' });
  });

  it('reads LSUB like LIST', () => {
    const response = parseSplitEverywhere('* LSUB () "." #news.comp.mail.misc\r\n');
    expect(response).toMatchObject({ kind: 'lsub', mailbox: { name: '#news.comp.mail.misc' } });
  });

  it('reads extended data: OLDNAME decoded, CHILDINFO options, others raw', () => {
    const mailbox = mailboxOf(
      '* LIST (\\HasChildren) "/" "Sent" ("OLDNAME" ("&BB4-ld") "CHILDINFO" ("SUBSCRIBED") "X-FOO" (1 2))\r\n',
    );
    expect(mailbox.extended).toEqual(
      new Map<string, unknown>([
        ['OLDNAME', 'Оld'],
        ['CHILDINFO', ['SUBSCRIBED']],
        ['X-FOO', '(1 2)'],
      ]),
    );
  });

  it.each(['* LIST \\Noselect "/" x\r\n', '* LIST () / x\r\n', '* LIST () "/"\r\n'])('refuses %j', (line) => {
    expect(() => parseSplitEverywhere(line)).toThrow(/expected/);
  });
});
