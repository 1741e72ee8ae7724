// The editor's schema is the second filter after the sanitizer (and the only one for pasted HTML): fed hostile
// markup directly, it keeps text and the formatting it knows, and nothing that runs, loads or navigates.
import { Editor } from '@tiptap/core';
import { afterEach, describe, expect, it } from 'vitest';
import { editorExtensions } from './editor-extensions.ts';

let editor: Editor | null = null;
afterEach(() => editor?.destroy());

function load(html: string): string {
  const element = document.createElement('div');
  document.body.append(element);
  editor = new Editor({ element, extensions: editorExtensions(), content: html });
  return editor.getHTML();
}

describe('the editor schema', () => {
  it.each([
    ['a script', '<p>a</p><script>alert(1)</script>', '<script'],
    [
      'an event handler',
      '<p onclick="alert(1)">a</p><img src="data:image/png;base64,AAAA" onerror="alert(1)">',
      'on',
    ],
    ['a javascript: link', '<p><a href="javascript:alert(1)">x</a></p>', 'javascript:'],
    ['a data: link', '<p><a href="data:text/html,<script>alert(1)</script>">x</a></p>', 'data:text'],
    ['an http image', '<img src="http://tracker.example/p.gif">', 'tracker.example'],
    ['an SVG image', '<img src="data:image/svg+xml;base64,PHN2Zz4=">', 'svg'],
    [
      'a frame, a form and its controls',
      '<iframe src="https://x.example"></iframe><form><input value="pw"><button>go</button></form>',
      'iframe',
    ],
    [
      'a style element and attribute',
      '<style>body{display:none}</style><p style="background:url(https://x.example/a)">a</p>',
      'x.example',
    ],
  ])('drops %s', (_, html, absent) => {
    const out = load(html);
    expect(out.toLowerCase()).not.toContain(absent);
    expect(out).not.toMatch(/<(script|iframe|form|input|button|style|svg)\b/i);
  });

  it('keeps text, bold, italic, lists, quotes, https and mailto links, and data: images', () => {
    const html =
      '<p><strong>b</strong> <em>i</em> <a href="https://example.org/">web</a> <a href="mailto:a@example.org">mail</a></p>' +
      '<ul><li><p>one</p></li></ul><blockquote><p>quoted</p></blockquote><img src="data:image/png;base64,iVBORw0KGgo=">';
    const out = load(html);
    for (const kept of [
      '<strong>b</strong>',
      '<em>i</em>',
      'href="https://example.org/"',
      'href="mailto:a@example.org"',
      '<ul><li><p>one</p></li></ul>',
      '<blockquote><p>quoted</p></blockquote>',
      'src="data:image/png;base64,iVBORw0KGgo="',
    ])
      expect(out).toContain(kept);
  });
});
