import { describe, expect, it } from 'vitest';
import { LABEL_PALETTE, keywordToLabel, labelColor, labelToKeyword } from './labels.ts';

describe('labelToKeyword', () => {
  it.each([
    ['Work', 'Work'],
    ['  To do  ', 'To_do'],
    ['a(b)c{d}%*"\\]', 'a_b_c_d}_____'],
    ['R&D', 'R&-D'],
    ['Работа', '&BCAEMAQxBD4EQgQw-'],
    ['工作', '&XeVPXA-'],
    ['Café ☕', 'Caf&AOk-_&JhU-'],
    ['\\Seen', '_Seen'],
    ['   ', null],
    ['\ud800', null],
  ])('%j -> %j', (name, keyword) => {
    expect(labelToKeyword(name)).toBe(keyword);
  });

  it('makes only atoms (RFC 9051 9: no atom-specials, CTLs or 8-bit)', () => {
    for (const name of ['a b', 'tab\there', 'x\u007fy', 'новый ярлык', '[x]', 'q"u\\o', '😀 party']) {
      expect(labelToKeyword(name)).toMatch(/^[\x21-\x7e]+$/);
      expect(labelToKeyword(name)).not.toMatch(/[(){%*"\\\] ]/);
    }
  });
});

describe('keywordToLabel', () => {
  it.each(['Work', 'Работа', '工作', 'R&D', 'Café ☕', 'To do'])('reads back %j', (name) => {
    expect(keywordToLabel(labelToKeyword(name) as string)).toBe(name);
  });

  it('names Thunderbird\u2019s default tags', () => {
    expect(keywordToLabel('$label1')).toBe('Important');
    expect(keywordToLabel('$Label4')).toBe('To Do');
  });

  it('shows a keyword that is not modified UTF-7 as it is', () => {
    expect(keywordToLabel('R&D')).toBe('R&D');
    expect(keywordToLabel('&bad')).toBe('&bad');
  });
});

describe('labelColor', () => {
  it('gives a keyword the same color every time, whatever its case', () => {
    expect(labelColor('Project-X')).toBe(labelColor('project-x'));
    expect(LABEL_PALETTE).toContain(labelColor('&BCAEMAQxBD4EQgQw-'));
  });

  it('spreads keywords over the palette', () => {
    const colors = new Set(Array.from({ length: 200 }, (_, i) => labelColor(`label${i}`)));
    expect(colors.size).toBe(LABEL_PALETTE.length);
  });

  it('gives Thunderbird\u2019s tags their usual hues', () => {
    expect(['$label1', '$label2', '$label3', '$label4', '$label5'].map(labelColor)).toEqual(
      LABEL_PALETTE.slice(0, 5),
    );
  });

  it('keeps white text readable on every color (WCAG AA, 4.5:1)', () => {
    const channel = (hex: string) => {
      const c = parseInt(hex, 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    for (const color of LABEL_PALETTE) {
      const [r, g, b] = [1, 3, 5].map((i) => channel(color.slice(i, i + 2))) as [number, number, number];
      const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
      expect(1.05 / (luminance + 0.05), color).toBeGreaterThanOrEqual(4.5);
    }
  });
});
