import { describe, expect, it } from 'vitest';
import { DOVECOT_LIST, parseSplitEverywhere } from '../../../test/support/wire-fixtures.ts';
import type { ListedMailbox } from '../../types.ts';
import type { ParseOptions } from '../response.ts';

const mailboxOf = (line: string, options?: ParseOptions): ListedMailbox => {
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
    ['* LIST () "/" inbox\r\n', { name: 'INBOX', wireName: 'INBOX' }],
    ['* LIST (\\Noselect) NIL ""\r\n', { name: '', delimiter: null, attributes: ['\\Noselect'] }],
    ['* LIST () "\\\\" "Work\\\\Projects"\r\n', { delimiter: '\\', name: 'Work\\Projects' }],
    ['* LIST () "." {9}\r\nTom & Bob\r\n', { name: 'Tom & Bob', wireName: 'Tom & Bob' }],
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

  it('keeps a name that is not valid modified UTF-7 as sent instead of failing', () => {
    expect(mailboxOf('* LIST () "/" "&Jjo!"\r\n')).toMatchObject({ name: '&Jjo!', wireName: '&Jjo!' });
    expect(mailboxOf('* LIST () "/" {5}\r\nTäst\r\n')).toMatchObject({ name: 'Täst', wireName: 'Täst' });
  });

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
