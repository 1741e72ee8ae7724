import { describe, expect, it } from 'vitest';
import { ErrorCodes, ProtocolError } from '../errors.ts';
import { asSeqNum } from '../types.ts';
import { bytesOf, parseOne, parseSplitEverywhere } from '../../test/support/wire-fixtures.ts';
import type { Response } from './response.ts';

describe('parseResponse', () => {
  const responses: ReadonlyArray<readonly [line: string, response: Response]> = [
    [
      'A1 OK LOGIN completed\r\n',
      { kind: 'tagged', tag: 'A1', status: 'OK', code: null, text: 'LOGIN completed' },
    ],
    [
      'a.2 no [ALERT] Quota\r\n',
      { kind: 'tagged', tag: 'a.2', status: 'NO', code: { name: 'ALERT' }, text: 'Quota' },
    ],
    ['A3 BAD\r\n', { kind: 'tagged', tag: 'A3', status: 'BAD', code: null, text: '' }],
    ['* OK [CLOSED] x\r\n', { kind: 'status', status: 'OK', code: { name: 'CLOSED' }, text: 'x' }],
    [
      '* PREAUTH IMAP4rev2 server ready\r\n',
      { kind: 'status', status: 'PREAUTH', code: null, text: 'IMAP4rev2 server ready' },
    ],
    [
      '* BYE Autologout; idle for too long\r\n',
      { kind: 'status', status: 'BYE', code: null, text: 'Autologout; idle for too long' },
    ],
    ['+ Ready for literal data\r\n', { kind: 'continuation', code: null, text: 'Ready for literal data' }],
    ['+ \r\n', { kind: 'continuation', code: null, text: '' }],
    ['+\r\n', { kind: 'continuation', code: null, text: '' }],
    ['+ dGVzdA==\r\n', { kind: 'continuation', code: null, text: 'dGVzdA==' }],
    ['* 172 EXISTS\r\n', { kind: 'exists', count: 172 }],
    ['* 0 EXISTS\r\n', { kind: 'exists', count: 0 }],
    ['* 1 RECENT\r\n', { kind: 'recent', count: 1 }],
    ['* 44 EXPUNGE\r\n', { kind: 'expunge', seq: asSeqNum(44) }],
  ];

  it.each(responses)('reads %j', (line, response) => {
    expect(parseSplitEverywhere(line)).toEqual(response);
  });

  it.each([
    ['* QUOTAROOT INBOX ""\r\n', 'QUOTAROOT'],
    ['* 3 XFOO bar\r\n', 'XFOO'],
    // A literal inside an unknown response is kept with it (METADATA, RFC 5464, has a parser of its own now).
    ['* ANNOTATION "INBOX" "/comment" ("value.priv" {3}\r\nabc)\r\n', 'ANNOTATION'],
    ['* thread (1 2)\r\n', 'THREAD'],
  ])('keeps the unknown untagged response %j raw, never fatal', (line, name) => {
    expect(parseSplitEverywhere(line)).toEqual({ kind: 'unknown', name, raw: bytesOf(line) });
  });

  const malformed: ReadonlyArray<readonly [line: string, message: string]> = [
    ['A1  OK x\r\n', 'expected OK, NO or BAD at byte 3'],
    ['A1OK\r\n', 'expected SP after tag at byte 4'],
    ['+tag OK\r\n', "expected SP after '+' at byte 1"],
    ['A1 MAYBE x\r\n', 'expected OK, NO or BAD at byte 3'],
    ['A1 BYE x\r\n', 'expected OK, NO or BAD at byte 3'],
    ['*OK\r\n', "expected SP after '*' at byte 1"],
    ['* 12EXISTS\r\n', 'expected SP after number at byte 4'],
    ['* 12 EXISTS now\r\n', 'expected end of response at byte 11'],
    ['* 0 EXPUNGE\r\n', 'expected nz-number before EXPUNGE at byte 2'],
    ['* (foo)\r\n', 'expected response name at byte 2'],
    ['A1 OK done {3}\r\nabc\r\n', 'expected end of response at byte 14'],
  ];

  it.each(malformed)('refuses %j: %s', (line, message) => {
    let error: unknown;
    try {
      parseOne(line);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error).toMatchObject({ code: ErrorCodes.PARSE, message });
  });
});
