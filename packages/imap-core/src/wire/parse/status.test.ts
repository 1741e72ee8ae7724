import { describe, expect, it } from 'vitest';
import { parseOne, parseSplitEverywhere } from '../../../test/support/wire-fixtures.ts';

describe('STATUS (RFC 9051 7.3.3, RFC 7162)', () => {
  it('reads every attribute, HIGHESTMODSEQ as bigint beyond 2^53', () => {
    expect(
      parseSplitEverywhere(
        '* STATUS blurdybloop (MESSAGES 231 UIDNEXT 44292 UIDVALIDITY 1 UNSEEN 3 DELETED 0 SIZE 7340032 RECENT 1 HIGHESTMODSEQ 9007199254740993)\r\n',
      ),
    ).toEqual({
      kind: 'mailbox-status',
      mailbox: 'blurdybloop',
      wireName: 'blurdybloop',
      status: {
        messages: 231,
        uidNext: 44292,
        uidValidity: 1,
        unseen: 3,
        deleted: 0,
        size: 7340032,
        recent: 1,
        highestModseq: 9007199254740993n,
      },
    });
  });

  it('decodes the mailbox name and skips attributes it does not know', () => {
    expect(parseSplitEverywhere('* STATUS "Entw&APw-rfe" (X-FUTURE 5 MESSAGES 2 )\r\n')).toEqual({
      kind: 'mailbox-status',
      mailbox: 'Entwürfe',
      wireName: 'Entw&APw-rfe',
      status: { messages: 2 },
    });
    expect(parseSplitEverywhere('* STATUS INBOX ()\r\n')).toMatchObject({ mailbox: 'INBOX', status: {} });
  });

  it.each(['* STATUS INBOX (MESSAGES)\r\n', '* STATUS INBOX MESSAGES 1\r\n', '* STATUS (MESSAGES 1)\r\n'])(
    'refuses %j',
    (line) => {
      expect(() => parseOne(line)).toThrow(/expected/);
    },
  );
});
