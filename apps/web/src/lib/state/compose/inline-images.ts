// Images in the rich editor are data: URLs (pasted, dropped, or an original's cid: images the sanitizer turned
// into data: URLs). In the message they become inline parts referenced by cid: (RFC 2392) in a
// multipart/related (RFC 2387), as every mail client expects; a continued draft turns them back.
// The editor's HTML is read with DOMParser (an inert document) and written back with the element's own
// serializer: no string surgery on markup.

import type { OutgoingAttachment } from './mime.ts';

const DATA_URL = /^data:(image\/[a-z0-9.+-]+);base64,([a-z0-9+/=\s]*)$/i;

/** The HTML with data: images as cid: references, and the parts they reference. */
export function extractInlineImages(
  html: string,
  domain: string,
): { html: string; images: OutgoingAttachment[] } {
  if (!html.includes('data:')) return { html, images: [] };
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
  const images: OutgoingAttachment[] = [];
  const byUrl = new Map<string, string>();
  for (const img of Array.from(doc.body.querySelectorAll('img'))) {
    const src = img.getAttribute('src') ?? '';
    const match = DATA_URL.exec(src);
    if (!match) continue;
    let cid = byUrl.get(src);
    if (cid === undefined) {
      const contentType = (match[1] ?? 'image/png').toLowerCase();
      cid = `${randomId()}@${domain || 'localhost'}`;
      byUrl.set(src, cid);
      images.push({
        filename: `image-${images.length + 1}.${extensionOf(contentType)}`,
        contentType,
        content: base64Bytes(match[2] ?? ''),
        contentId: cid,
      });
    }
    img.setAttribute('src', `cid:${cid}`);
  }
  return { html: doc.body.innerHTML, images };
}

export function base64Bytes(base64: string): Uint8Array {
  const binary = atob(base64.replace(/\s+/g, ''));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function bytesToDataUrl(bytes: Uint8Array, contentType: string): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  const type = /^image\/[a-z0-9.+-]+$/i.test(contentType) ? contentType : 'application/octet-stream';
  return `data:${type};base64,${btoa(binary)}`;
}

function extensionOf(contentType: string): string {
  const subtype = contentType.split('/')[1] ?? 'bin';
  return subtype === 'jpeg' ? 'jpg' : subtype === 'svg+xml' ? 'svg' : subtype.replace(/[^a-z0-9]/g, '');
}

function randomId(): string {
  return [...crypto.getRandomValues(new Uint8Array(9))].map((b) => b.toString(16).padStart(2, '0')).join('');
}
