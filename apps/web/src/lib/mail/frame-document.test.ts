import { describe, expect, it } from 'vitest';
import { FRAME_CSP, FRAME_CSP_REMOTE_IMAGES, frameDocument } from './frame-document.ts';

describe('the mail frame document', () => {
  it('starts with the CSP that allows data:/blob: images only', () => {
    const html = frameDocument('<p>x</p>', { allowRemoteImages: false });
    expect(FRAME_CSP).toMatch(
      /^default-src 'none'; script-src 'sha256-[A-Za-z0-9+/]{43}='; img-src data: blob:; style-src 'unsafe-inline'; font-src data:/,
    );
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<style>'));
    expect(html).toContain(`content="${FRAME_CSP}"`);
    expect(html).toContain('<body><p>x</p></body>');
  });

  it('widens to https: images, and nothing else, after consent', () => {
    expect(frameDocument('', { allowRemoteImages: true })).toContain(`content="${FRAME_CSP_REMOTE_IMAGES}"`);
    expect(FRAME_CSP_REMOTE_IMAGES.replace(' https:', '')).toBe(FRAME_CSP);
  });
});
