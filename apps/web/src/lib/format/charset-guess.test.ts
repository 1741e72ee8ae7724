import { describe, expect, it } from 'vitest';
import { decodeRawHeader, guessCharset } from './charset-guess.ts';

const hex = (text: string): Uint8Array =>
  Uint8Array.from(text.match(/../g) ?? [], (pair) => parseInt(pair, 16));
const latin1 = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));

// Bytes made with Python's codecs: 'text'.encode(charset).hex().
describe('guessCharset on raw 8-bit header bytes', () => {
  it.each([
    ['第三季度财务报表（请查收）', 'gbk', 'b5dac8fdbcbeb6c8b2c6cef1b1a8b1eda3a8c7ebb2e9cad5a3a9'],
    ['王芳', 'gbk', 'cdf5b7bc'],
    ['工作周报：项目进度', 'gbk', 'b9a4d7f7d6dcb1a8a3bacfeec4bfbdf8b6c8'],
    ['Привет, как дела', 'windows-1251', 'cff0e8e2e5f22c20eae0ea20e4e5ebe0'],
    ['Привет', 'windows-1251', 'cff0e8e2e5f2'],
    ['Отчёт за квартал', 'windows-1251', 'cef2f7b8f220e7e020eae2e0f0f2e0eb'],
    ['Привет, как дела', 'koi8-r', 'f0d2c9d7c5d42c20cbc1cb20c4c5ccc1'],
    ['Привет мир', 'koi8-r', 'f0d2c9d7c5d420cdc9d2'],
    ['請查收附件', 'big5', 'bdd0ac64a6acaafea5f3'],
    ['見積書の送付について', 'shift_jis', '8ca990cf8f9182cc9197957482c982c282a282c4'],
    [
      'Menu for Friday: crème brûlée',
      'windows-1252',
      '4d656e7520666f72204672696461793a206372e86d65206272fb6ce965',
    ],
    ['Grüße aus Köln', 'windows-1252', '4772fcdf6520617573204bf66c6e'],
    ['Привет (UTF-8)', 'utf-8', 'd09fd180d0b8d0b2d0b5d182'],
  ])('%s is read as %s', (text, charset, bytes) => {
    const decoded = decodeRawHeader(hex(bytes));
    expect(decoded.charset).toBe(charset);
    expect(decoded.text).toBe(text.replace(' (UTF-8)', ''));
  });

  it('reads ASCII as UTF-8', () => {
    expect(guessCharset(latin1('plain'))).toBe('utf-8');
  });
});
