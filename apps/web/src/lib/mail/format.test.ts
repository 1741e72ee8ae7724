import { describe, expect, it } from 'vitest';
import { fileExtension, safeFilename } from './format.ts';

describe('safeFilename', () => {
  it.each([
    ['an override that reverses the extension', 'invoice\u202Etxt.exe', 'invoicetxt.exe'],
    ['an isolate around a fake extension', 'photo\u2067gpj.\u2069scr', 'photogpj.scr'],
    ['a zero-width space before the dot', 'report\u200B.pdf', 'report.pdf'],
    ['control characters', 'a\u0000b\u0007.txt', 'ab.txt'],
    ['a path', '../../etc/passwd', '_.._etc_passwd'],
    ['leading dots', '...hidden', 'hidden'],
    ['Chinese and Russian names', '报表 Отчёт.xlsx', '报表 Отчёт.xlsx'],
  ])('cleans %s', (_what, name, expected) => {
    expect(safeFilename(name, 'fallback')).toBe(expected);
  });

  it('falls back when nothing is left', () => {
    expect(safeFilename('\u202E\u202C', 'attachment-1')).toBe('attachment-1');
    expect(safeFilename(null, 'attachment-1')).toBe('attachment-1');
  });

  it('cuts at 200 characters without splitting a surrogate pair', () => {
    const name = safeFilename('😀'.repeat(300), 'x');
    expect([...name]).toHaveLength(200);
    expect(encodeURIComponent(name)).toBe(encodeURIComponent('😀'.repeat(200)));
  });
});

describe('fileExtension', () => {
  it.each([
    ['invoicetxt.exe', 'exe'],
    ['archive.tar.GZ', 'gz'],
    ['README', null],
    ['trailing.', null],
  ])('of %s is %s', (name, expected) => {
    expect(fileExtension(name)).toBe(expected);
  });
});
