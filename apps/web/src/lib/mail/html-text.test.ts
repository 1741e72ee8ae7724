import { describe, expect, it } from 'vitest';
import { htmlText } from './html-text.ts';

describe('htmlText', () => {
  it('reads the text: character references decoded, block elements on lines of their own', () => {
    expect(
      htmlText('<p>Hello&nbsp;<b>w&eacute;rld</b></p><div>one<br>two</div>a &lt;tag&gt; &#x4E2D;&#25991;'),
    ).toBe('Hello\u00a0wérld\none\ntwo\na <tag> 中文');
  });

  it('leaves out style sheets, scripts and titles, and keeps what looks like markup inside them out too', () => {
    expect(htmlText('<style>p{}</style><script>if (a < b) x("<p>")</script><title>T</title>text')).toBe(
      'text',
    );
  });

  it('reads 100,000 nested elements in one pass', () => {
    expect(htmlText(`${'<div>'.repeat(100_000)}deep${'</div>'.repeat(100_000)}`)).toBe('deep');
  });

  it('reads Chinese and Russian text as it is', () => {
    expect(htmlText('<table><tr><td>第三季度</td><td>Отчёт</td></tr></table>')).toBe('第三季度\nОтчёт');
  });
});
