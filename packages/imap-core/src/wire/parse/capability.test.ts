import { describe, expect, it } from 'vitest';
import { parseSplitEverywhere } from '../../../test/support/wire-fixtures.ts';

describe('CAPABILITY and ENABLED (RFC 9051 7.2.2, RFC 5161)', () => {
  it.each([
    [
      '* CAPABILITY IMAP4rev1 LITERAL+ SASL-IR AUTH=PLAIN\r\n',
      ['IMAP4REV1', 'LITERAL+', 'SASL-IR', 'AUTH=PLAIN'],
    ],
    ['* CAPABILITY IMAP4rev2 \r\n', ['IMAP4REV2']],
  ])('reads %j with names upper-cased', (line, capabilities) => {
    expect(parseSplitEverywhere(line)).toEqual({ kind: 'capability', capabilities });
  });

  it('reads ENABLED, including an empty one', () => {
    expect(parseSplitEverywhere('* ENABLED CONDSTORE QRESYNC\r\n')).toEqual({
      kind: 'enabled',
      capabilities: ['CONDSTORE', 'QRESYNC'],
    });
    expect(parseSplitEverywhere('* ENABLED\r\n')).toEqual({ kind: 'enabled', capabilities: [] });
  });
});
