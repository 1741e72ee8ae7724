import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkStructure, contentTypeTree, topHeaderLines } from '../../../test/compose/structure.ts';
import { decodeEncodedWords } from '../format/rfc2047.ts';
import { buildMessage } from './build-message.ts';
import type { BuildOptions, OutgoingAttachment, OutgoingMessage } from './types.ts';

const base: OutgoingMessage = {
  from: { name: 'Ann Lee', address: 'ann@example.com' },
  to: [{ address: 'bob@example.org' }],
  cc: [],
  bcc: [],
  subject: 'Hello',
  date: new Date('2026-12-04T07:00:00Z'),
  messageId: '<1.abc@example.com>',
  text: 'Hi Bob',
  attachments: [],
};
const pdf: OutgoingAttachment = {
  filename: 'a.pdf',
  contentType: 'application/pdf',
  content: new Uint8Array([1, 2]),
};
const png: OutgoingAttachment = {
  filename: 'logo.png',
  contentType: 'image/png',
  content: new Uint8Array([0x89, 0x50]),
  contentId: 'logo@example.com',
};

function build(overrides: Partial<OutgoingMessage>, options: Partial<BuildOptions> = {}) {
  const built = buildMessage({ ...base, ...overrides }, { bcc: 'omit', utcOffsetMinutes: 0, ...options });
  expect(
    checkStructure(built.bytes, { eightBit: built.eightBit, utf8Headers: options.utf8Headers === true }),
  ).toEqual([]);
  return built;
}

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

/** One header field, unfolded. */
function field(bytes: Uint8Array, name: string): string | undefined {
  const unfolded = topHeaderLines(bytes)
    .join('\r\n')
    .replace(/\r\n(?=[ \t])/g, '');
  const line = unfolded.split('\r\n').find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(name.length + 1).trim();
}

describe('buildMessage: structure', () => {
  it.each([
    ['text only', {}, 'text/plain'],
    ['text and html', { html: '<p>Hi</p>' }, 'multipart/alternative(text/plain,text/html)'],
    [
      'html with an inline image',
      { html: '<img src="cid:logo@example.com">', attachments: [png] },
      'multipart/alternative(text/plain,multipart/related(text/html,image/png))',
    ],
    ['text with an attachment', { attachments: [pdf] }, 'multipart/mixed(text/plain,application/pdf)'],
    [
      'everything',
      { html: '<p>x</p>', attachments: [pdf, png] },
      'multipart/mixed(multipart/alternative(text/plain,multipart/related(text/html,image/png)),application/pdf)',
    ],
    [
      'an inline part without html is an attachment',
      { attachments: [png] },
      'multipart/mixed(text/plain,image/png)',
    ],
  ])('%s', (_name, overrides, tree) => {
    expect(contentTypeTree(build(overrides).bytes)).toBe(tree);
  });

  it('gives multipart/related its type parameter (RFC 2387 3.1)', () => {
    const { bytes } = build({ html: '<p>x</p>', attachments: [png] });
    expect(text(bytes)).toMatch(/Content-Type: multipart\/related; type="text\/html";\r\n boundary=/);
    expect(text(bytes)).toContain('Content-ID: <logo@example.com>\r\n');
    expect(text(bytes)).toContain('Content-Disposition: inline; filename=logo.png\r\n');
  });

  describe('boundaries', () => {
    afterEach(() => {
      vi.restoreAllMocks();
    });

    it('draws again when a body written as it is contains the boundary', () => {
      const real = crypto.getRandomValues.bind(crypto);
      let calls = 0;
      vi.spyOn(crypto, 'getRandomValues').mockImplementation(
        <T extends ArrayBufferView | null>(array: T): T => {
          // The first draw is all zeros: "=_000...0", which the text below contains.
          if (calls++ === 0 && array instanceof Uint8Array) return array.fill(0) as unknown as T;
          return real(array as Uint8Array) as unknown as T;
        },
      );
      const collision = `--=_${'0'.repeat(24)}`;
      const { bytes } = build({ text: `${collision}\r\nsee above`, attachments: [pdf] });
      expect(text(bytes)).toContain(`\r\n\r\n${collision}\r\nsee above`);
      expect(text(bytes)).not.toMatch(new RegExp(`boundary="=_${'0'.repeat(24)}"`));
      expect(calls).toBeGreaterThan(1);
    });
  });
});

describe('buildMessage: header fields', () => {
  it('writes the fields every message has, in ASCII', () => {
    const { bytes, eightBit } = build({ cc: [{ address: 'carol@example.org' }] });
    expect(eightBit).toBe(false);
    expect(topHeaderLines(bytes)).toEqual([
      'Date: Fri, 4 Dec 2026 07:00:00 +0000',
      'From: Ann Lee <ann@example.com>',
      'To: bob@example.org',
      'Cc: carol@example.org',
      'Subject: Hello',
      'Message-ID: <1.abc@example.com>',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 7bit',
    ]);
  });

  it.each([
    [180, 'Fri, 4 Dec 2026 10:00:00 +0300'],
    [480, 'Fri, 4 Dec 2026 15:00:00 +0800'],
    [-300, 'Fri, 4 Dec 2026 02:00:00 -0500'],
    [-480, 'Thu, 3 Dec 2026 23:00:00 -0800'],
    [330, 'Fri, 4 Dec 2026 12:30:00 +0530'],
  ])('writes Date in the sender offset %i', (offset, expected) => {
    expect(field(build({}, { utcOffsetMinutes: offset }).bytes, 'Date')).toBe(expected);
  });

  it('keeps Bcc for drafts and the Sent copy, and omits it for SMTP', () => {
    const bcc = [{ name: 'Секретарь', address: 'sec@example.org' }];
    expect(field(build({ bcc }, { bcc: 'keep' }).bytes, 'Bcc')).toBe(
      '=?UTF-8?B?0KHQtdC60YDQtdGC0LDRgNGM?= <sec@example.org>',
    );
    expect(field(build({ bcc }, { bcc: 'omit' }).bytes, 'Bcc')).toBeUndefined();
  });

  it('writes In-Reply-To and References, folded between ids', () => {
    const references = Array.from(
      { length: 6 },
      (_, i) => `<message-number-${i}.1234567890@lists.example.org>`,
    );
    const { bytes } = build({ inReplyTo: references[5] as string, references });
    expect(field(bytes, 'In-Reply-To')).toBe(references[5]);
    expect(field(bytes, 'References')).toBe(references.join(' '));
    for (const line of topHeaderLines(bytes)) expect(line.length).toBeLessThanOrEqual(78);
  });

  it.each([
    ['Message-ID without brackets', { messageId: 'abc@example.com' }],
    ['Message-ID with a space', { messageId: '<a b@example.com>' }],
    ['In-Reply-To with a line break', { inReplyTo: '<a@b>\r\nBcc: x@y' }],
    ['References with a non-ASCII id', { references: ['<ид@пример>'] }],
  ])('refuses %s', (_name, overrides) => {
    expect(() => build(overrides)).toThrow(expect.objectContaining({ code: 'COMPOSE_BAD_MESSAGE_ID' }));
  });

  it('cannot be made to write another header through the subject', () => {
    const { bytes } = build({ subject: 'Hi\r\nBcc: everyone@example.org\r\n\r\nbody' });
    expect(field(bytes, 'Subject')).toBe('Hi Bcc: everyone@example.org body');
    expect(field(bytes, 'Bcc')).toBeUndefined();
  });

  it('writes extra headers and refuses ones it writes itself or that are no field names', () => {
    const { bytes } = build({ extraHeaders: [['X-Draft-Info', 'internal/draft; vcard=0']] });
    expect(field(bytes, 'X-Draft-Info')).toBe('internal/draft; vcard=0');
    for (const name of ['Content-Type', 'bcc', 'X Bad', 'X:Bad', ''])
      expect(() => build({ extraHeaders: [[name, 'x']] })).toThrow(
        expect.objectContaining({ code: 'COMPOSE_BAD_HEADER' }),
      );
  });

  it('refuses an address that is not one', () => {
    expect(() => build({ to: [{ address: 'bob' }] })).toThrow(
      expect.objectContaining({ code: 'COMPOSE_BAD_ADDRESS' }),
    );
    expect(() => build({ to: [{ address: 'bob@example.org\r\nBcc: x@y.org' }] })).toThrow(
      expect.objectContaining({ code: 'COMPOSE_BAD_ADDRESS' }),
    );
  });
});

describe('buildMessage: header text (RFC 2047, RFC 6532)', () => {
  const encodedWords = (value: string): string[] => value.match(/=\?[^?]+\?[BQ]\?[^?]*\?=/g) ?? [];

  it.each([
    ['ASCII', 'Quarterly report'],
    ['Chinese', '第三季度财务报表（请查收）'],
    ['Russian', 'Отчёт за третий квартал'],
    ['mixed words', 'Re: 会议 at 10:00 — Совещание'],
    ['emoji, one a surrogate pair and a ZWJ sequence', 'Party 🎉👩‍👩‍👧 tonight'],
    ['a 200-character subject', 'Очень длинная тема письма '.repeat(8)],
    ['a long word without spaces', 'x'.repeat(300)],
    ['a long Chinese sentence', '这是一个没有空格的很长的中文句子'.repeat(10)],
    ['text that looks like an encoded word', 'see =?UTF-8?B?abc?= literally'],
    ['several spaces', 'a   b'],
  ])('round-trips %s through encoded words, folded at 78, every word whole', (_name, subject) => {
    const { bytes } = build({ subject });
    const lines = topHeaderLines(bytes);
    const start = lines.findIndex((line) => line.startsWith('Subject:'));
    const subjectLines = [lines[start] as string];
    for (let i = start + 1; (lines[i] ?? '').startsWith(' '); i++) subjectLines.push(lines[i] as string);
    for (const line of subjectLines) {
      expect(line.length).toBeLessThanOrEqual(78);
      expect(line).toMatch(/^[\x20-\x7e]*$/);
    }
    const value = field(bytes, 'Subject') as string;
    for (const word of encodedWords(value)) {
      expect(word.length).toBeLessThanOrEqual(75);
      // Each word decodes on its own: no character is split between two words (RFC 2047 5).
      expect(decodeEncodedWords(word)).not.toContain('\uFFFD');
    }
    expect(decodeEncodedWords(value)).toBe(subject.trim());
  });

  it('chooses Q for mostly-ASCII words and B for the rest', () => {
    expect(field(build({ subject: 'Zürichsee-Dampfschiff' }).bytes, 'Subject')).toBe(
      '=?UTF-8?Q?Z=C3=BCrichsee-Dampfschiff?=',
    );
    expect(field(build({ subject: 'café' }).bytes, 'Subject')).toBe('=?UTF-8?B?Y2Fmw6k=?=');
    expect(field(build({ subject: '会议' }).bytes, 'Subject')).toBe('=?UTF-8?B?5Lya6K6u?=');
  });

  it('encodes display names, never addresses, and writes IDN domains as A-labels', () => {
    const { bytes } = build({
      from: { name: 'Иван Петров', address: 'ivan@пример.рф' },
      to: [
        { name: '王芳', address: 'wang@例子.中国' },
        { name: 'Lee, Ann "the boss"', address: 'ann@example.com' },
        { name: 'O.K. Corral', address: 'ok@example.com' },
      ],
    });
    expect(field(bytes, 'From')).toBe(
      '=?UTF-8?B?0JjQstCw0L0g0J/QtdGC0YDQvtCy?= <ivan@xn--e1afmkfd.xn--p1ai>',
    );
    expect(field(bytes, 'To')).toBe(
      '=?UTF-8?B?546L6Iqz?= <wang@xn--fsqu00a.xn--fiqs8s>, "Lee, Ann \\"the boss\\"" <ann@example.com>, "O.K. Corral" <ok@example.com>',
    );
  });

  it('refuses a UTF-8 local part without utf8Headers, and writes raw UTF-8 with them', () => {
    const message = { to: [{ name: '用户', address: '用户@例子.中国' }], subject: '你好' };
    expect(() => build(message)).toThrow(expect.objectContaining({ code: 'COMPOSE_UTF8_REQUIRED' }));
    const { bytes, eightBit } = build(message, { utf8Headers: true });
    expect(eightBit).toBe(false);
    expect(field(bytes, 'To')).toBe('用户 <用户@例子.中国>');
    expect(field(bytes, 'Subject')).toBe('你好');
  });

  it('with utf8Headers writes a long raw subject on the field name line, and folds a long extra header name', () => {
    const subject = '这是一个没有空格的很长的中文句子';
    const { bytes } = build(
      { subject, extraHeaders: [['X-A-Rather-Long-Extra-Header-Name-For-Testing', 'value '.repeat(9)]] },
      { utf8Headers: true },
    );
    expect(topHeaderLines(bytes)).toContain(`Subject: ${subject}`);
    expect(topHeaderLines(bytes)).toContain(
      'X-A-Rather-Long-Extra-Header-Name-For-Testing: value value value value value',
    );
    expect(field(bytes, 'X-A-Rather-Long-Extra-Header-Name-For-Testing')).toBe('value '.repeat(9).trim());
    const fieldName = 'X-' + 'N'.repeat(70);
    const folded = topHeaderLines(build({ extraHeaders: [[fieldName, 'x'.repeat(70)]] }).bytes);
    expect(folded).toContain(`${fieldName}:`);
    expect(folded).toContain(` ${'x'.repeat(70)}`);
  });

  it('with utf8Headers still encodes a word too long for one line', () => {
    const subject = '很'.repeat(400);
    const { bytes } = build({ subject }, { utf8Headers: true });
    for (const line of text(bytes).split('\r\n'))
      expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(998);
    expect(decodeEncodedWords(field(bytes, 'Subject') as string)).toBe(subject);
  });
});

describe('buildMessage: bodies', () => {
  const bodyOf = (bytes: Uint8Array): string => text(bytes).slice(text(bytes).indexOf('\r\n\r\n') + 4);

  it.each([
    ['short ASCII lines go as 7bit', 'Hi Bob,\nsee you.', '7bit'],
    ['a long ASCII line goes as quoted-printable', 'word '.repeat(40), 'quoted-printable'],
    [
      'mostly ASCII with accents goes as quoted-printable',
      'Grüße aus Köln, see you at the café tomorrow',
      'quoted-printable',
    ],
    ['Russian goes as base64', 'Привет! Это письмо на русском языке.', 'base64'],
    ['Chinese goes as base64', '你好，这是一封中文邮件。', 'base64'],
    ['a "From " line is protected', 'From here on\nwe go', 'quoted-printable'],
    ['a line of one dot is protected', 'a\n.\nb', 'quoted-printable'],
    ['trailing spaces are protected', 'signature   \nx', 'quoted-printable'],
  ])('%s', (_name, body, encoding) => {
    const { bytes } = build({ text: body });
    expect(field(bytes, 'Content-Transfer-Encoding')).toBe(encoding);
  });

  it('protects "From " and dots in quoted-printable', () => {
    const { bytes } = build({ text: 'From me\n.\n..\nend   ' });
    expect(bodyOf(bytes)).toBe('=46rom me\r\n=2E\r\n=2E.\r\nend  =20\r\n');
  });

  it('turns every line break into CRLF and strips NUL and control characters', () => {
    const { bytes } = build({ text: 'a\rb\nc\r\nd\u0000e\u0007f\u001bg\tend' });
    expect(bodyOf(bytes)).toBe('a\r\nb\r\nc\r\ndefg\tend\r\n');
  });

  it('writes an empty body', () => {
    const { bytes } = build({ text: '' });
    expect(bodyOf(bytes)).toBe('\r\n');
  });
});

describe('buildMessage: attachments', () => {
  const headersOf = (bytes: Uint8Array, type: string): string => {
    const all = text(bytes);
    const at = all.indexOf(`Content-Type: ${type}`);
    return all.slice(at, all.indexOf('\r\n\r\n', at)).replace(/\r\n(?=[ \t])/g, '');
  };

  it('names a plain file with quoted strings', () => {
    const { bytes } = build({ attachments: [{ ...pdf, filename: 'Q3 report.pdf' }] });
    expect(headersOf(bytes, 'application/pdf')).toBe(
      'Content-Type: application/pdf; name="Q3 report.pdf"\r\nContent-Disposition: attachment; filename="Q3 report.pdf"\r\nContent-Transfer-Encoding: base64',
    );
  });

  it('names a Chinese file with RFC 2231 and an RFC 2047 fallback', () => {
    const { bytes } = build({ attachments: [{ ...pdf, filename: '报表.pdf' }] });
    expect(headersOf(bytes, 'application/pdf')).toBe(
      'Content-Type: application/pdf; name="=?UTF-8?B?5oql6KGoLnBkZg==?="\r\nContent-Disposition: attachment; filename*=utf-8\'\'%E6%8A%A5%E8%A1%A8.pdf\r\nContent-Transfer-Encoding: base64',
    );
  });

  it('continues a long name over RFC 2231 sections that never split a character', () => {
    const filename = `${'Отчёт_'.repeat(20)}.pdf`;
    const { bytes } = build({ attachments: [{ ...pdf, filename }] });
    const disposition = headersOf(bytes, 'application/pdf').split('\r\n')[1] as string;
    const sections = [...disposition.matchAll(/filename\*(\d+)\*=([^;]*)/g)];
    expect(sections.length).toBeGreaterThan(3);
    sections.forEach((section, i) => {
      expect(section[1]).toBe(String(i));
      const value = (section[2] as string).replace(/^utf-8''/, '');
      // Each section decodes on its own: whole characters only.
      expect(() => decodeURIComponent(value)).not.toThrow();
    });
    expect(decodeURIComponent(sections.map((s) => (s[2] as string).replace(/^utf-8''/, '')).join(''))).toBe(
      filename,
    );
  });

  it('writes attachment bytes as base64 in 76-character lines', () => {
    const content = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7) & 0xff);
    const { bytes } = build({ attachments: [{ ...pdf, content }] });
    const all = text(bytes);
    const body = all
      .slice(all.indexOf('\r\n\r\n', all.indexOf('application/pdf')) + 4)
      .split('\r\n--')[0] as string;
    expect(body.split('\r\n').every((line) => line.length <= 76)).toBe(true);
    expect(Uint8Array.from(atob(body.replace(/\r\n/g, '')), (c) => c.charCodeAt(0))).toEqual(content);
  });

  it.each([
    ['', 'application/octet-stream'],
    ['TEXT/CSV; charset=windows-1251', 'text/csv; charset=windows-1251'],
    ['text/plain; name="evil.exe"; charset=koi8-r', 'text/plain; charset=koi8-r'],
    ['multipart/mixed; boundary=x', 'application/octet-stream'],
    ['message/partial; id=1', 'application/octet-stream'],
    ['not a type', 'application/octet-stream'],
  ])('writes content type %j as %j', (contentType, expected) => {
    const { bytes } = build({ attachments: [{ ...pdf, filename: 'f', contentType }] });
    expect(text(bytes)).toContain(`Content-Type: ${expected}; name=f\r\n`);
  });

  it('refuses a Content-ID that is not a msg-id inside', () => {
    expect(() => build({ html: 'x', attachments: [{ ...png, contentId: 'a b' }] })).toThrow(
      expect.objectContaining({ code: 'COMPOSE_BAD_CONTENT_ID' }),
    );
  });
});

describe('buildMessage: forwarding as message/rfc822 (RFC 2046 5.2.1)', () => {
  const original = (body: string | Uint8Array): OutgoingAttachment => ({
    filename: 'Original.eml',
    contentType: 'message/rfc822',
    content: typeof body === 'string' ? new TextEncoder().encode(body) : body,
  });
  const seven = 'From: a@example.com\r\nSubject: hi\r\n\r\nhello\r\n';

  it('attaches a 7-bit original as 7bit, byte for byte', () => {
    const { bytes, eightBit } = build({ attachments: [original(seven)] });
    expect(eightBit).toBe(false);
    expect(text(bytes)).toContain(
      `Content-Type: message/rfc822; name=Original.eml\r\nContent-Disposition: attachment; filename=Original.eml\r\nContent-Transfer-Encoding: 7bit\r\n\r\n${seven}\r\n--`,
    );
  });

  it('attaches an 8-bit original as 8bit and says the message needs 8BITMIME', () => {
    const gbk = Uint8Array.from([
      ...new TextEncoder().encode('Subject: x\r\n\r\n'),
      0xc4,
      0xe3,
      0xba,
      0xc3,
      0x0d,
      0x0a,
    ]);
    const { bytes, eightBit } = build({ attachments: [original(gbk)] });
    expect(eightBit).toBe(true);
    expect(text(bytes)).toContain('Content-Transfer-Encoding: 8bit\r\n\r\nSubject: x');
    // The enclosing multipart says 8bit too (RFC 2045 6.4).
    expect(field(bytes, 'Content-Transfer-Encoding')).toBe('8bit');
  });

  it('writes bare LF and bare CR line ends of the original as CRLF', () => {
    const { bytes } = build({ attachments: [original('Subject: x\n\nline one\rline two\n')] });
    expect(text(bytes)).toContain('\r\n\r\nSubject: x\r\n\r\nline one\r\nline two\r\n\r\n--');
  });

  it.each([
    ['a line over 998 octets', `Subject: x\r\n\r\n${'a'.repeat(999)}\r\n`],
    ['a NUL byte', 'Subject: x\r\n\r\na\u0000b\r\n'],
  ])('attaches an original with %s as application/octet-stream .eml in base64', (_name, body) => {
    const { bytes, eightBit } = build({ attachments: [original(body)] });
    expect(eightBit).toBe(false);
    expect(text(bytes)).toContain(
      'Content-Type: application/octet-stream; name=Original.eml\r\nContent-Disposition: attachment; filename=Original.eml\r\nContent-Transfer-Encoding: base64',
    );
    expect(text(bytes)).not.toContain('message/rfc822');
  });
});
