// The rich editor's schema (tiptap 3 over ProseMirror): paragraphs, line breaks, bold, italic, strike, lists,
// quotes and links, and images. It is the second filter for quoted mail (after the reader's sanitizer) and the
// only one for pasted HTML: ProseMirror keeps the nodes and marks listed here and drops everything else
// (scripts, styles, forms, frames, event handlers, unknown attributes). Links keep http:, https: and mailto:
// only, and never open on a click in the editor; images keep data: images (pasted, dropped, an original's
// inline parts; not SVG, which can carry script) and https: images, which the sanitizer lets into a quote only after the user allowed the
// original's remote content.

import Image from '@tiptap/extension-image';
import StarterKit from '@tiptap/starter-kit';
import type { Extensions } from '@tiptap/core';

const SAFE_LINK = /^(https?:|mailto:)/i;
const SAFE_IMAGE = /^(data:image\/(png|jpeg|gif|webp|bmp);base64,|https:\/\/)/i;

export function isSafeImageSource(src: string): boolean {
  return SAFE_IMAGE.test(src.trim());
}

const SafeImage = Image.extend({
  parseHTML() {
    return [
      {
        tag: 'img[src]',
        getAttrs: (element: HTMLElement) =>
          isSafeImageSource(element.getAttribute('src') ?? '') ? null : false,
      },
    ];
  },
});

export function editorExtensions(): Extensions {
  return [
    StarterKit.configure({
      heading: false,
      code: false,
      codeBlock: false,
      horizontalRule: false,
      link: {
        openOnClick: false,
        autolink: true,
        linkOnPaste: true,
        defaultProtocol: 'https',
        isAllowedUri: (url) => SAFE_LINK.test(url.trim()),
        HTMLAttributes: { rel: 'noopener noreferrer nofollow', target: '_blank' },
      },
    }),
    SafeImage.configure({ allowBase64: true, HTMLAttributes: { referrerpolicy: 'no-referrer' } }),
  ];
}
