import { describe, expect, it } from 'vitest';
import { VIEWPORT_HEIGHT_PX, filterDeclarations, filterStylesheet, type CssUrlPolicy } from './css-filter.ts';
import { tokenizeCss } from './css-tokens.ts';

// Blocks everything remote, keeps data: and fragments, rewrites cid:.
const policy: CssUrlPolicy = (url) => {
  if (url.startsWith('data:') || url.startsWith('#')) return { action: 'keep' };
  if (url.startsWith('cid:')) return { action: 'rewrite', url: 'data:image/png;base64,AA==' };
  return { action: 'block', remote: /^(https?:)?\/\//.test(url) };
};

describe('the CSS tokenizer', () => {
  it.each([
    ['url(x)', 'url', 'x'],
    ['u\\72l(x)', 'url', 'x'],
    ['\\75 rl( x )', 'url', 'x'],
    ['URL("x")', 'function', 'URL'],
    ['@\\69mport', 'at-keyword', 'import'],
    ['url(a b)', 'bad-url', ''],
  ])('reads %s as a %s token', (css, type, value) => {
    const token = tokenizeCss(css)[0];
    expect(token?.type).toBe(type);
    if (value) expect(token?.value).toBe(value);
  });
});

describe('the CSS filter', () => {
  it('keeps everything that loads nothing byte for byte', () => {
    const css =
      '.a > b:hover { color: #fff !important; margin: 0 auto } @media (max-width: 600px) { .b { width: 100% } }';
    expect(filterStylesheet(css, policy)).toEqual({ css, blockedRemote: 0 });
  });

  it('returns CSS that holds no function, escape, at-rule or viewport unit as it is, asking the policy nothing', () => {
    const asked: string[] = [];
    const css =
      'padding:16px 24px;border-bottom:1px solid #e5e5ea;font:14px/1.5 Georgia,serif;overflow:visible';
    const result = filterDeclarations(css, (url) => {
      asked.push(url);
      return policy(url, { property: null });
    });
    expect(result).toEqual({ css, blockedRemote: 0 });
    expect(asked).toEqual([]);
  });

  it.each([
    ['an at-rule', '@import "https://t.example/a.css"; p { color: red }', ' p { color: red }', 1],
    ['an escaped at-rule', '@\\69mport "https://t.example/a.css";', '', 1],
    ['a unit written in capitals', 'height: 1E1SVH', 'height: 80px', 0],
    ['a unit after an exponent', 'height: 1e+1lvmin', 'height: min(10vw, 80px)', 0],
    ['a carriage return', 'color: red;\r\nmargin: 0', 'color: red;\nmargin: 0', 0],
    ['a NUL', 'font-family: a\0b', 'font-family: a\uFFFDb', 0],
  ])('still filters CSS whose only sign is %s', (_sign, css, expected, blockedRemote) => {
    expect(filterStylesheet(css, policy)).toEqual({ css: expected, blockedRemote });
  });

  it('replaces blocked URLs with none and counts the remote ones', () => {
    const result = filterDeclarations(
      'background: url(https://t.example/a.png) red; list-style: url(rel.png)',
      policy,
    );
    expect(result.css).toBe('background:  none  red; list-style:  none ');
    expect(result.blockedRemote).toBe(1);
  });

  it('rewrites cid: URLs as quoted CSS strings', () => {
    expect(filterDeclarations('background:url(cid:logo)', policy).css).toBe(
      'background:url("data:image/png;base64,AA==")',
    );
  });

  it('removes @import and @font-face whole, including a nested block, and keeps what follows', () => {
    const result = filterStylesheet(
      '@import "//t.example/a.css" screen; @font-face { src: url(//t.example/f.woff) format("woff") } p { color: red }',
      policy,
    );
    expect(result.css.trim()).toBe('p { color: red }');
    expect(result.blockedRemote).toBe(2);
  });

  it('treats image-set strings as URLs', () => {
    const result = filterDeclarations(
      'background-image: image-set("//t.example/a.png" 1x, "data:image/png;base64,AA==" 2x)',
      policy,
    );
    expect(result.css).not.toContain('t.example');
    expect(result.blockedRemote).toBe(1);
  });

  it('keeps #fragment references where the policy says so', () => {
    expect(filterDeclarations('filter: url(#f)', policy).css).toBe('filter: url(#f)');
  });

  it('tells the policy which property a URL belongs to', () => {
    const seen: (string | null)[] = [];
    filterStylesheet('a { fill: url(#g); background: url(x) } b{ --v : url(y) }', (_url, { property }) => {
      seen.push(property);
      return { action: 'keep' };
    });
    expect(seen).toEqual(['fill', 'background', '--v']);
  });

  describe('viewport height units, which would grow a frame as tall as its content with every resize', () => {
    it('takes a viewport 800 px tall', () => {
      expect(VIEWPORT_HEIGHT_PX).toBe(800);
    });

    it.each([
      ['height: 1000vh', 'height: 8000px'],
      ['min-height: calc(100vh - 20px)', 'min-height: calc(800px - 20px)'],
      ['height: 100VH', 'height: 800px'],
      ['height: 100\\76h', 'height: 800px'],
      ['height: .5dvh', 'height: 4px'],
      ['height: 50svb', 'height: 400px'],
      ['height: 10vmin', 'height: min(10vw, 80px)'],
      ['height: 10lvmax', 'height: max(10vw, 80px)'],
      ['width: 50vw; height: 50%', 'width: 50vw; height: 50%'],
      ['margin: 1e1vh 0', 'margin: 80px 0'],
    ])('writes %s as %s', (css, expected) => {
      expect(filterDeclarations(css, policy).css).toBe(expected);
    });

    it('does so in style sheets and SVG presentation values too', () => {
      expect(filterStylesheet('.hero { height: 100vh }', policy).css).toBe('.hero { height: 800px }');
      expect(filterDeclarations('100vh', policy, 'height').css).toBe('800px');
    });
  });

  it('filters a sheet of 50,000 src() in one @font-face in one pass (each src was a copy of the rest)', () => {
    const css = `@font-face { src: ${'src("https://t.example/f.woff"), '.repeat(50_000)}x }`;
    expect(filterStylesheet(css, policy)).toEqual({ css: '', blockedRemote: 50_000 });
  });
});
