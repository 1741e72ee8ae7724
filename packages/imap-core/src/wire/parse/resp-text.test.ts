import { describe, expect, it } from 'vitest';
import {
  DOVECOT_APPENDUID,
  DOVECOT_COPYUID,
  DOVECOT_HIGHESTMODSEQ,
  parseSplitEverywhere,
} from '../../../test/support/wire-fixtures.ts';
import type { ResponseCode } from '../response.ts';

const codeOf = (line: string): ResponseCode | null => {
  const response = parseSplitEverywhere(line);
  if (response.kind !== 'tagged' && response.kind !== 'status' && response.kind !== 'continuation') {
    throw new Error(`unexpected ${response.kind}`);
  }
  return response.code;
};

describe('resp-text codes (RFC 9051 7.1)', () => {
  const codes: ReadonlyArray<readonly [line: string, code: ResponseCode | null]> = [
    ['* OK [ALERT] System shutdown in 10 minutes\r\n', { name: 'ALERT' }],
    ['* OK [read-only] Examined\r\n', { name: 'READ-ONLY' }],
    ['a NO [TRYCREATE] No such mailbox\r\n', { name: 'TRYCREATE' }],
    ['a NO [NONEXISTENT] Unknown mailbox\r\n', { name: 'NONEXISTENT' }],
    ['* OK [UIDNEXT 4392] Predicted next UID\r\n', { name: 'UIDNEXT', value: 4392 }],
    ['* OK [UIDVALIDITY 3857529045] UIDs valid\r\n', { name: 'UIDVALIDITY', value: 3857529045 }],
    ['* OK [UNSEEN 12] Message 12 is first unseen\r\n', { name: 'UNSEEN', value: 12 }],
    [DOVECOT_HIGHESTMODSEQ, { name: 'HIGHESTMODSEQ', value: 9007199254740993n }],
    [
      '* OK [PERMANENTFLAGS (\\Deleted \\Seen \\*)] Limited\r\n',
      { name: 'PERMANENTFLAGS', flags: ['\\Deleted', '\\Seen', '\\*'] },
    ],
    ['* OK [PERMANENTFLAGS ()] No permanent flags permitted\r\n', { name: 'PERMANENTFLAGS', flags: [] }],
    [
      '* OK [CAPABILITY IMAP4rev2 STARTTLS AUTH=PLAIN] Ready\r\n',
      { name: 'CAPABILITY', capabilities: ['IMAP4REV2', 'STARTTLS', 'AUTH=PLAIN'] },
    ],
    [
      'a NO [BADCHARSET (UTF-8 US-ASCII)] Unsupported\r\n',
      { name: 'BADCHARSET', charsets: ['UTF-8', 'US-ASCII'] },
    ],
    ['a NO [BADCHARSET] Unsupported\r\n', { name: 'BADCHARSET', charsets: [] }],
    [
      DOVECOT_COPYUID,
      {
        name: 'COPYUID',
        uidValidity: 38505,
        source: [
          { start: 304, end: 304 },
          { start: 319, end: 320 },
        ],
        destination: [{ start: 3956, end: 3958 }],
      },
    ],
    [DOVECOT_APPENDUID, { name: 'APPENDUID', uidValidity: 38505, uids: [{ start: 3955, end: 3957 }] }],
    [
      'a OK [MODIFIED 7,9:11] Conditional STORE failed\r\n',
      {
        name: 'MODIFIED',
        set: [
          { start: 7, end: 7 },
          { start: 9, end: 11 },
        ],
      },
    ],
    ['* OK [NOMODSEQ] No permanent modsequences\r\n', { name: 'NOMODSEQ' }],
    ['* OK [CLOSED] Previous mailbox closed\r\n', { name: 'CLOSED' }],
    ['* NO [REFERRAL imap://x/y] See there\r\n', { name: 'OTHER', atom: 'REFERRAL', raw: 'imap://x/y' }],
    ['* OK [X-DOVECOT-SPECIAL] hi\r\n', { name: 'OTHER', atom: 'X-DOVECOT-SPECIAL', raw: null }],
    ['* OK [METADATA LONGENTRIES 2000] x\r\n', { name: 'OTHER', atom: 'METADATA', raw: 'LONGENTRIES 2000' }],
    // Known codes with arguments that do not parse are kept raw, not fatal.
    ['* OK [UIDNEXT soon] Predicted\r\n', { name: 'OTHER', atom: 'UIDNEXT', raw: 'soon' }],
    ['* OK [ALERT extra] x\r\n', { name: 'OTHER', atom: 'ALERT', raw: 'extra' }],
    ['* OK no code at all\r\n', null],
    ['* OK [unclosed bracket text\r\n', null],
  ];

  it.each(codes)('reads %j', (line, code) => {
    expect(codeOf(line)).toEqual(code);
  });

  it('keeps the human-readable text verbatim, UTF-8 included', () => {
    const response = parseSplitEverywhere('a NO [ALERT] Postfach voll — bitte aufräumen\r\n');
    expect(response).toEqual({
      kind: 'tagged',
      tag: 'a',
      status: 'NO',
      code: { name: 'ALERT' },
      text: 'Postfach voll — bitte aufräumen',
    });
  });

  it('keeps a text that only looks like a code when it is not one', () => {
    expect(parseSplitEverywhere('* OK [] empty\r\n')).toMatchObject({ code: null, text: '[] empty' });
  });

  it('tolerates a code with no text after it', () => {
    expect(parseSplitEverywhere('a OK [READ-WRITE]\r\n')).toMatchObject({
      code: { name: 'READ-WRITE' },
      text: '',
    });
  });
});
