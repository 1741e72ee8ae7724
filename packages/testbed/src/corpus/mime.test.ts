import { describe, expect, it } from 'vitest';
// The suites' own MIME reader, written apart from src/corpus on purpose, decodes the words back.
import { decodeCharset } from '../../test/support/mime.ts';
import { encodeText } from './charsets.ts';
import { encodeWords, extendedParam, formatDate, quotedPrintable } from './mime.ts';

describe('encodeWords (RFC 2047)', () => {
  it.each([
    ['GBK', 'B', '关于下周项目评审会议的安排以及其他一些需要大家提前准备的事项和材料清单'],
    ['UTF-8', 'Q', 'Re: [项目] API 接口文档 v2.3 更新 — 请在周五前完成'],
    ['KOI8-R', 'B', 'Отчёт о командировке в Новосибирск и Екатеринбург'],
    ['ISO-2022-JP', 'B', '来週の打ち合わせについてのご案内と資料の送付'],
  ] as const)('keeps every %s %s word under 75 characters and decodes back', (charset, mode, text) => {
    const words = encodeWords(text, charset, mode).split(' ');
    expect(words.length).toBeGreaterThan(1);
    let decoded = '';
    for (const word of words) {
      expect(word.length).toBeLessThanOrEqual(75);
      const match = /^=\?([^?]+)\?([BQ])\?([^?]*)\?=$/.exec(word);
      expect(match).not.toBeNull();
      const payload = match?.[3] ?? '';
      const bytes =
        mode === 'B'
          ? Buffer.from(payload, 'base64')
          : Buffer.from(
              payload
                .replace(/_/g, ' ')
                .replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
              'latin1',
            );
      decoded += decodeCharset(bytes, charset);
    }
    expect(decoded).toBe(text);
  });
});

describe('ISO-2022-JP', () => {
  it('starts in ASCII, shifts with ESC $ B and ends with ESC ( B', () => {
    const bytes = encodeText('A来週B', 'ISO-2022-JP');
    expect([...bytes]).toEqual([0x41, 0x1b, 0x24, 0x42, 0x4d, 0x68, 0x3d, 0x35, 0x1b, 0x28, 0x42, 0x42]);
  });

  it('refuses characters outside JIS X 0208', () => {
    expect(() => encodeText('😀', 'ISO-2022-JP')).toThrow(/JIS X 0208/);
  });
});

describe('quotedPrintable (RFC 2045 §6.7)', () => {
  it('soft-breaks long lines at 76 characters and encodes trailing spaces', () => {
    const text = `${'x'.repeat(200)}\r\nend with space \r\n=`;
    const encoded = quotedPrintable(Buffer.from(text));
    for (const line of encoded.split('\r\n')) expect(line.length).toBeLessThanOrEqual(76);
    expect(encoded).toContain('end with space=20');
    expect(encoded.endsWith('=3D')).toBe(true);
    const decoded = encoded
      .replace(/=\r\n/g, '')
      .replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
    expect(decoded).toBe(text);
  });
});

describe('extendedParam (RFC 2231)', () => {
  it('writes one segment for a short value', () => {
    expect(extendedParam('filename', 'файл.txt', 'windows-1251')).toBe(
      "filename*=windows-1251''%F4%E0%E9%EB.txt",
    );
  });

  it('splits a long value into numbered continuations with the charset only on the first', () => {
    const param = extendedParam('filename', '2025年度预算（草案）— 研发中心与市场部联合编制 终版.xlsx');
    const segments = param.split(';\r\n ');
    expect(segments.length).toBeGreaterThan(2);
    segments.forEach((segment, i) => expect(segment.startsWith(`filename*${i}*=`)).toBe(true));
    expect(segments[0]).toContain("utf-8''");
    const joined = segments.map((segment, i) => segment.replace(`filename*${i}*=`, '')).join('');
    expect(decodeURIComponent(joined.replace("utf-8''", ''))).toBe(
      '2025年度预算（草案）— 研发中心与市场部联合编制 终版.xlsx',
    );
  });
});

describe('formatDate (RFC 5322 §3.3)', () => {
  it('prints the local time of the given zone', () => {
    const instant = new Date('2025-01-31T20:05:09Z');
    expect(formatDate(instant, 480)).toBe('Sat, 01 Feb 2025 04:05:09 +0800');
    expect(formatDate(instant, -300)).toBe('Fri, 31 Jan 2025 15:05:09 -0500');
  });
});
