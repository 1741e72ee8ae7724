import { describe, expect, it } from 'vitest';
import { decodeBase64, decodeEncodedWords } from './rfc2047.ts';

describe('decodeEncodedWords', () => {
  it.each([
    ['plain text stays as it is', 'Quarterly report', 'Quarterly report'],
    ['a B word in UTF-8', '=?UTF-8?B?5bel5L2c?=', '工作'],
    ['a Q word with underscores and hex', '=?ISO-8859-1?Q?Gr=FC=DFe_aus_K=F6ln?=', 'Grüße aus Köln'],
    ['a lower-case q and charset', '=?iso-8859-1?q?Gr=fc=dfe?=', 'Grüße'],
    ['a GBK B word', '=?GBK?B?tdrI/by+tsg=?=', '第三季度'],
    ['a gb2312 label read as GBK (镕 is not in GB2312)', '=?gb2312?Q?=E9=46?=', '镕'],
    ['a GB18030 four-byte character', '=?GB18030?B?lTSyNdKwvNI=?=', '𠮷野家'],
    ['KOI8-R', '=?KOI8-R?B?79Teo9Q=?=', 'Отчёт'],
    ['text around a word keeps its spaces', 'Re: =?UTF-8?B?5bel5L2c?= today', 'Re: 工作 today'],
    ['whitespace between two words is dropped', '=?UTF-8?Q?a?= \r\n =?UTF-8?Q?b?=', 'ab'],
    [
      'a character split across two words is joined',
      '=?UTF-8?B?5aSa5a2X6A==?= =?UTF-8?B?ioLlrZfnrKbooqvmi4blvIDkuoY=?=',
      '多字节字符被拆开了',
    ],
    ['different charsets side by side', '=?UTF-8?Q?caf=C3=A9?= =?ISO-8859-1?Q?_cr=E8me?=', 'café crème'],
    ['an RFC 2231 language suffix', '=?UTF-8*en?Q?Hello?=', 'Hello'],
    ['a word glued to text', 'Fwd:=?UTF-8?Q?x?=', 'Fwd:x'],
    ['a word inside quotes', '"=?UTF-8?B?5bel5L2c?=" <a@b>', '"工作" <a@b>'],
    ['an unknown charset decodes as UTF-8', '=?x-unknown?Q?ok?=', 'ok'],
    ['a malformed word is left alone', '=?UTF-8?X?abc?=', '=?UTF-8?X?abc?='],
    ['a stray = in Q is kept', '=?UTF-8?Q?a=ZZb?=', 'a=ZZb'],
    ['folded text is unfolded', 'a long\r\n subject', 'a long subject'],
  ])('%s', (_name, input, expected) => {
    expect(decodeEncodedWords(input)).toBe(expected);
  });

  it('never produces markup from encoded angle brackets: it is text', () => {
    expect(decodeEncodedWords('=?UTF-8?Q?=3Cb=3Ebold=3C/b=3E?=')).toBe('<b>bold</b>');
  });
});

describe('decodeBase64', () => {
  it('tolerates missing padding and stray characters', () => {
    expect(new TextDecoder().decode(decodeBase64('aGVs bG8'))).toBe('hello');
  });
});
