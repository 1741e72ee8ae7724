import { describe, expect, it } from 'vitest';
import { escapeHtml, htmlToText, quotedTextToHtml, textToHtml } from './html-text.ts';

describe('htmlToText', () => {
  it.each([
    [
      'paragraphs, one a line; an empty one an empty line',
      '<p>Hi Ann,</p><p></p><p>see you</p>',
      'Hi Ann,\n\nsee you',
    ],
    ['line breaks', '<p>one<br>two</p>', 'one\ntwo'],
    [
      'lists',
      '<ul><li><p>a</p></li><li><p>b</p></li></ul><ol><li>x</li><li>y</li></ol>',
      '- a\n- b\n1. x\n2. y',
    ],
    [
      'quotes with their depth',
      '<p>me</p><blockquote><p>you</p><blockquote><p>them</p></blockquote></blockquote>',
      'me\n> you\n>> them',
    ],
    [
      'links with their address when it differs from their text',
      '<p><a href="https://example.org/x">here</a> and <a href="mailto:a@example.org">a@example.org</a></p>',
      'here <https://example.org/x> and a@example.org',
    ],
    [
      'images by their alt text',
      '<p><img src="data:image/png;base64,AAAA" alt="chart"> done</p>',
      'chart done',
    ],
    ['no style or script text', '<style>p{color:red}</style><script>alert(1)</script><p>text</p>', 'text'],
  ])('writes %s', (_, html, text) => {
    expect(htmlToText(html)).toBe(text);
  });
});

describe('text into HTML', () => {
  it('escapes everything it is given', () => {
    expect(escapeHtml(`<img src=x onerror="alert('1')">&`)).toBe(
      '&#60;img src=x onerror=&#34;alert(&#39;1&#39;)&#34;&#62;&#38;',
    );
    expect(textToHtml('<b>hi</b>\nthere\n\nnext')).toBe(
      '<p>&#60;b&#62;hi&#60;/b&#62;<br>there</p><p>next</p>',
    );
  });

  it("turns '>' lines into nested blockquotes and back", () => {
    const text = 'Thanks!\n> On Monday you wrote:\n> hello\n>> earlier\n> after';
    const html = quotedTextToHtml(text);
    expect(html).toBe(
      '<p>Thanks!</p><blockquote><p>On Monday you wrote:<br>hello</p><blockquote><p>earlier</p></blockquote><p>after</p></blockquote>',
    );
    expect(htmlToText(html)).toBe(text);
  });
});
