// The document inside the sandboxed mail frame (MailFrame.svelte sets it as srcdoc; one frame per HTML part).
//
// The frame has an opaque origin (sandbox without allow-same-origin), so Chromium renders it in a process of its
// own: what the mail's CSS costs (animations, filters, huge tables) is paid there and the app stays smooth; its
// requests carry no Referer (an opaque origin sends none) and, in CORS mode, `Origin: null`, never the app's
// address; and it can never act as the app (no storage, no cookies, no access to the app's document).
//
// Two Content Security Policies apply to it, and a request or script must pass both:
//   1. the app's own CSP, which an srcdoc document inherits from its parent (HTML: the "policy container" of an
//      about:srcdoc document is a clone of the parent's). The app's default (apps/proxy/src/security-headers.ts)
//      allows `img-src 'self' data: blob: https:` so that remote images can load here after consent, and lists
//      the hash of the frame's one script;
//   2. the frame's own <meta> policy below: images from data:/blob: only until the user clicks "load remote
//      content" for this message, then https: images too (http: image URLs are upgraded by the sanitizer); no
//      script but ours (FRAME_SCRIPT, allowed by its hash: no inline handler, no javascript: URL, no other
//      <script> can run, even one a sanitizer bypass let through); nothing else at all (default-src 'none').
// The meta policy stands alone as well: it holds even if an operator replaces the app's CSP.
//
// The mail keeps its own light background whatever the app's theme: newsletters assume white paper.

import { FRAME_SCRIPT, FRAME_SCRIPT_HASH } from './frame-script.ts';

function policy(images: string): string {
  return `default-src 'none'; script-src ${FRAME_SCRIPT_HASH}; img-src ${images}; style-src 'unsafe-inline'; font-src data:; base-uri 'none'; form-action 'none'`;
}

/** The frame's policy before consent. */
export const FRAME_CSP = policy('data: blob:');

/** After the user allowed remote content for this message: remote images over https, nothing else. */
export const FRAME_CSP_REMOTE_IMAGES = policy('data: blob: https:');

/** Our defaults; mail CSS comes later in the document and wins where it says something. */
const FRAME_STYLE = `
html { color-scheme: light only; background: #fff; color: #1f1f1f; }
body { margin: 0; padding: 16px; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "PingFang SC", "Microsoft YaHei", sans-serif; overflow-wrap: anywhere; }
img { max-width: 100%; height: auto; }
table { max-width: 100%; }
pre { white-space: pre-wrap; }
blockquote { margin: 0 0 0 0.5em; padding-left: 0.75em; border-left: 3px solid #c8c8d0; color: #444; }
`;

export interface FrameDocumentOptions {
  /** The user clicked "load remote content" for this message. */
  readonly allowRemoteImages: boolean;
}

/** The full srcdoc for sanitized body markup (sanitizeMailHtml's html). */
export function frameDocument(sanitizedBody: string, options: FrameDocumentOptions): string {
  const csp = options.allowRemoteImages ? FRAME_CSP_REMOTE_IMAGES : FRAME_CSP;
  return (
    '<!doctype html><html><head><meta charset="utf-8">' +
    // First in <head>: a meta CSP only governs what comes after it, our script included.
    `<meta http-equiv="Content-Security-Policy" content="${csp}">` +
    '<meta name="referrer" content="no-referrer">' +
    // Before any mail markup exists (see frame-script.ts).
    `<script>${FRAME_SCRIPT}</script>` +
    '<meta name="color-scheme" content="light only">' +
    `<style>${FRAME_STYLE}</style></head><body>${sanitizedBody}</body></html>`
  );
}
