import { describe, expect, it } from 'vitest';
import { ErrorCodes, ProtocolError, UsageError } from './errors.ts';
import { decodeModifiedUtf7, encodeModifiedUtf7, tryDecodeModifiedUtf7 } from './utf7.ts';

// Known answers: RFC 3501 5.1.3's example plus the names real servers create (Dovecot, Gmail, Cyrus).
const knownAnswers: ReadonlyArray<readonly [display: string, wire: string]> = [
  ['INBOX', 'INBOX'],
  ['', ''],
  ['Tom & Jerry', 'Tom &- Jerry'],
  ['&', '&-'],
  ['&&', '&-&-'],
  ['~peter/mail/台北/日本語', '~peter/mail/&U,BTFw-/&ZeVnLIqe-'],
  ['Отправленные', '&BB4EQgQ,BEAEMAQyBDsENQQ9BD0ESwQ1-'],
  ['已发送', '&XfJT0ZAB-'],
  ['Entwürfe', 'Entw&APw-rfe'],
  ['[Gmail]/Gesendet', '[Gmail]/Gesendet'],
  ['Brouillons é&è', 'Brouillons &AOk-&-&AOg-'],
  ['emoji 📬 box', 'emoji &2D3c7A- box'],
  ['tab\there', 'tab&AAk-here'],
  ['del\x7f', 'del&AH8-'],
];

describe('modified UTF-7', () => {
  it.each(knownAnswers)('encodes %j as %j', (display, wire) => {
    expect(encodeModifiedUtf7(display)).toBe(wire);
  });

  it.each(knownAnswers)('decodes %j from %j', (display, wire) => {
    expect(decodeModifiedUtf7(wire)).toBe(display);
  });

  it('rejects a lone surrogate when encoding, before anything reaches the wire', () => {
    expect(() => encodeModifiedUtf7('bad \ud800 name')).toThrow(UsageError);
    expect(() => encodeModifiedUtf7('\udc00')).toThrow(UsageError);
  });

  const malformed: ReadonlyArray<readonly [wire: string, reason: RegExp]> = [
    ['&U,BTFw', /without closing/],
    ['&', /without closing/],
    ['&AGE-', /printable US-ASCII/],
    ['&U,BTFw-&ZeVnLIqe-', /null shift/],
    ['&U,B-', /trailing bits/],
    ['&AOl-', /trailing bits/],
    ['&A-', /trailing bits/],
    ['&U/BTFw-', /modified BASE64/],
    ['&U=BTFw-', /modified BASE64/],
    ['caf\u00e9', /outside printable/],
    ['tab\there', /outside printable/],
    ['&2D0-', /unpaired high surrogate/],
    ['&2D0AQQ-', /unpaired high surrogate/],
    ['&3KA-', /unpaired low surrogate/],
  ];

  it.each(malformed)('rejects %j with a typed error (%s)', (wire, reason) => {
    let error: unknown;
    try {
      decodeModifiedUtf7(wire);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as ProtocolError).code).toBe(ErrorCodes.BAD_UTF7);
    expect((error as ProtocolError).message).toMatch(reason);
    expect(tryDecodeModifiedUtf7(wire)).toBeNull();
  });

  it('names the offset of the problem', () => {
    expect(() => decodeModifiedUtf7('abc&U,B-')).toThrow(/at byte 7/);
  });
});
