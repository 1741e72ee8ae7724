import { describe, expect, it } from 'vitest';
import { hasHiddenCharacters, removeHidden, revealHidden } from './hidden-characters.ts';

describe('revealHidden', () => {
  it.each([
    ['a right-to-left override in a file name', 'invoice\u202Etxt.exe', 'invoice[U+202E]txt.exe'],
    [
      'a display name that reverses a fake address',
      'PayPal \u202Emoc.lapyap@ecivres\u202C',
      'PayPal [U+202E]moc.lapyap@ecivres[U+202C]',
    ],
    ['bidi isolates', 'a\u2066b\u2067c\u2068d\u2069', 'a[U+2066]b[U+2067]c[U+2068]d[U+2069]'],
    ['embeddings', '\u202Aa\u202Bb\u202Dc', '[U+202A]a[U+202B]b[U+202D]c'],
    ['a zero-width space and a BOM', 'Pay\u200BPal\uFEFF', 'Pay[U+200B]Pal[U+FEFF]'],
    ['C0 and C1 controls', 'a\u0000b\u0007c\u0085d\u007f', 'a[U+0000]b[U+0007]c[U+0085]d[U+007F]'],
    ['tag characters (hidden text)', 'ok\u{E0061}\u{E0062}', 'ok[U+E0061][U+E0062]'],
    ['a Hangul filler posing as a name', '\u3164', '[U+3164]'],
  ])('writes out %s', (_what, input, expected) => {
    expect(revealHidden(input)).toBe(expected);
    expect(hasHiddenCharacters(input)).toBe(true);
  });

  it.each([
    ['Russian', 'Отчёт за квартал'],
    ['Chinese', '第三季度财务报表（请查收）'],
    ['Arabic with a right-to-left mark', 'تقرير\u200F 2025'],
    ['Persian with a zero-width non-joiner', 'می\u200Cخواهم'],
    ['an emoji sequence with a zero-width joiner', 'team 👩\u200D💻'],
  ])('leaves %s as it is', (_what, text) => {
    expect(revealHidden(text)).toBe(text);
    expect(hasHiddenCharacters(text)).toBe(false);
  });

  it('answers the same for the same text twice (no regex state left over)', () => {
    expect(hasHiddenCharacters('a\u202Eb')).toBe(true);
    expect(hasHiddenCharacters('a\u202Eb')).toBe(true);
  });
});

describe('removeHidden', () => {
  it('takes the override out of a download name, so the real extension is last', () => {
    expect(removeHidden('invoice\u202Etxt.exe')).toBe('invoicetxt.exe');
    expect(removeHidden('report\u2067fdp.scr\u2069')).toBe('reportfdp.scr');
  });
});
