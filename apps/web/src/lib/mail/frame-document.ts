// The document inside the sandboxed mail frame (MailFrame.svelte sets it as srcdoc).
//
// Two Content Security Policies apply to it, and a request must pass both:
//   1. the app's own CSP, which an srcdoc document inherits from its parent (HTML: "policy container" of an
//      about:srcdoc document is a clone of the parent's). The app's default (apps/proxy/src/security-headers.ts)
//      allows `img-src 'self' data: blob: https:` so that remote images can load here after consent;
//   2. the frame's own <meta> policy below, which allows data:/blob: images only, until the user clicks "load
//      remote content" for this message: then https: images too (http: image URLs are upgraded by the sanitizer).
// The meta policy stands alone as well: it holds even if an operator replaces the app's CSP.
//
// The mail keeps its own light background whatever the app's theme: newsletters assume white paper.

/** The frame's policy before consent (the policy, plus base-uri/form-action, which default-src does not cover). */
export const FRAME_CSP =
  "default-src 'none'; img-src data: blob:; style-src 'unsafe-inline'; font-src data:; base-uri 'none'; form-action 'none'";

/** After the user allowed remote content for this message: remote images over https, nothing else. */
export const FRAME_CSP_REMOTE_IMAGES =
  "default-src 'none'; img-src data: blob: https:; style-src 'unsafe-inline'; font-src data:; base-uri 'none'; form-action 'none'";

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
    // First in <head>: a meta CSP only governs what comes after it.
    `<meta http-equiv="Content-Security-Policy" content="${csp}">` +
    '<meta name="referrer" content="no-referrer">' +
    '<meta name="color-scheme" content="light only">' +
    `<style>${FRAME_STYLE}</style></head><body>${sanitizedBody}</body></html>`
  );
}
