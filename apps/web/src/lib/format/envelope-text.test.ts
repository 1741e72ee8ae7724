import type { Address } from '@webmail/imap-core';
import { describe, expect, it } from 'vitest';
import {
  LOOKALIKE_SIGN,
  addressEmail,
  addressLabel,
  addressListLabel,
  displaySubject,
} from './envelope-text.ts';

const address = (name: string | null, mailbox: string | null, host: string | null): Address => ({
  name,
  adl: null,
  mailbox,
  host,
});

describe('displaySubject', () => {
  it('decodes RFC 2047 words', () => {
    expect(displaySubject({ subject: '=?UTF-8?B?5bel5L2c?=' })).toBe('工作');
  });

  it('decodes raw 8-bit GBK bytes with a guessed charset', () => {
    const bytes = Uint8Array.from([0xb5, 0xda, 0xc8, 0xfd, 0xbc, 0xbe, 0xb6, 0xc8]);
    expect(displaySubject({ subject: '\uFFFD\uFFFD', subjectBytes: bytes })).toBe('第三季度');
  });

  it.each([
    ['a reversed extension at its end', 'Your invoice \u202Efdp.exe', 'Your invoice [U+202E]fdp.exe'],
    ['an isolate that hides its order', 'Payment \u2067due\u2069', 'Payment [U+2067]due[U+2069]'],
    ['an encoded override', '=?UTF-8?B?aW52b2ljZeKArnR4dC5leGU=?=', 'invoice[U+202E]txt.exe'],
  ])('writes out hidden characters: %s', (_what, subject, expected) => {
    expect(displaySubject({ subject })).toBe(expected);
  });

  it('is empty without a subject', () => {
    expect(displaySubject({ subject: null })).toBe('');
  });
});

describe('addressLabel', () => {
  it.each([
    ['a decoded name', address('=?UTF-8?B?546L6Iqz?=', 'wang', 'example.cn'), '王芳'],
    ['the address without a name', address(null, 'ops', 'example.org'), 'ops@example.org'],
    [
      'the address when the name is mojibake',
      address('\uFFFD\uFFFD', 'wang', 'example.cn'),
      'wang@example.cn',
    ],
    ['a name without stray quotes', address('=?UTF-8?Q?=22Ann=22?=', 'ann', 'x.org'), 'Ann'],
    [
      'a raw 8-bit GBK name, from its bytes',
      {
        ...address('\uFFFD\uFFFD', 'wang', 'example.cn'),
        nameBytes: Uint8Array.from([0xcd, 0xf5, 0xb7, 0xbc]),
      },
      '王芳',
    ],
    [
      'a name with an override, written out',
      address('Support \u202Emoc.lapyap@ecivres', 'x', 'phish.example'),
      'Support [U+202E]moc.lapyap@ecivres',
    ],
    [
      'a look-alike domain in punycode, with a warning sign',
      address(null, 'service', 'pаypal.com'),
      `service@xn--pypal-4ve.com ${LOOKALIKE_SIGN}`,
    ],
    [
      'a name from a look-alike domain, with a warning sign',
      address('PayPal', 'service', 'аррӏе.com'),
      `PayPal ${LOOKALIKE_SIGN}`,
    ],
    ['a Russian domain as it is', address(null, 'info', 'почта.рф'), 'info@почта.рф'],
  ])('%s', (_name, input, expected) => {
    expect(addressLabel(input)).toBe(expected);
  });
});

describe('addressEmail', () => {
  it('shows a look-alike domain in punycode and writes out hidden characters', () => {
    expect(addressEmail(address('PayPal', 'service', 'pаypal.com'))).toBe('service@xn--pypal-4ve.com');
    expect(addressEmail(address(null, 'ad\u202Emin', 'example.org'))).toBe('ad[U+202E]min@example.org');
  });
});

describe('addressListLabel', () => {
  it('joins mailboxes and skips group markers', () => {
    const list = [
      address(null, 'team', null),
      address('Ann', 'ann', 'x.org'),
      address(null, 'bob', 'x.org'),
      address(null, null, null),
    ];
    expect(addressListLabel(list)).toBe('Ann, bob@x.org');
  });
});
