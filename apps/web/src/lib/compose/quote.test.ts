import { describe, expect, it } from 'vitest';
import { quotePlainText } from './quote.ts';

describe('quotePlainText', () => {
  it.each([
    ['one line', 'Hello', '> Hello'],
    ['lines and an empty line', 'Hi,\n\nsee you', '> Hi,\n>\n> see you'],
    ['quoted lines get one more mark, no space', '> earlier\n>> older\nnew', '>> earlier\n>>> older\n> new'],
    ['CRLF and CR line ends', 'a\r\nb\rc', '> a\n> b\n> c'],
    ['trailing line breaks', 'a\n\n\n', '> a'],
    ['a long line stays one line', 'word '.repeat(40).trim(), `> ${'word '.repeat(40).trim()}`],
    ['Chinese and Russian text', '你好\nПривет', '> 你好\n> Привет'],
    ['the signature separator', 'text\n-- \nAnn', '> text\n> -- \n> Ann'],
  ])('quotes %s', (_name, input, expected) => {
    expect(quotePlainText(input)).toBe(expected);
  });

  it('unwraps format=flowed text with its quote depth before quoting (RFC 3676 4.5)', () => {
    const flowed = 'This paragraph was \nsoft-broken.\n> Quoted and \n> flowed too.\n';
    expect(quotePlainText(flowed, { flowed: { delSp: false } })).toBe(
      '> This paragraph was soft-broken.\n>> Quoted and flowed too.',
    );
  });

  it('removes the space DelSp=yes added before a soft break', () => {
    expect(quotePlainText('中文 \n句子', { flowed: { delSp: true } })).toBe('> 中文句子');
  });
});
