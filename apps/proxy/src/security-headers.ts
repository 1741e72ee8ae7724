import type { ServerResponse } from 'node:http';

// Headers on every HTTP answer. The app runs untrusted mail HTML, so the page itself must not run
// anything but its own scripts, must not be framed, and must not leak the URL to remote hosts.

/**
 * The SHA-256 of the one script the web app's mail frame runs (apps/web/src/lib/mail/frame-script.ts): the srcdoc
 * frame inherits this policy, so its script must be allowed here too. It only reports the mail's height to the
 * app; the web app's tests check that this is its hash.
 */
export const MAIL_FRAME_SCRIPT_HASH = "'sha256-lriIQxrXleAYhbd5RxovSdny1ACEIZ727Obk5D97dD0='";

export const DEFAULT_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  `script-src 'self' ${MAIL_FRAME_SCRIPT_HASH}`,
  // Mail HTML is rendered in a sandboxed srcdoc iframe, which inherits this policy, and mail styles are
  // inline; styles cannot run code.
  "style-src 'self' 'unsafe-inline'",
  // Inline images of a message arrive as data: / blob: URLs. `https:` is there for one reason: the srcdoc mail
  // frame inherits this policy, and a request from it must pass both this policy and the frame's own <meta> CSP
  // (apps/web/src/lib/mail/frame-document.ts). The frame's policy allows data:/blob: images only, and https:
  // images only after the user clicks "load remote content" for that message; without https: here, consent
  // could never load anything. The app document itself never shows remote images (it renders no mail markup:
  // text bodies are text, HTML bodies live in the frame), and script-src stays 'self'.
  "img-src 'self' data: blob: https:",
  "font-src 'self'",
  // 'self' covers the same-origin ws:/wss: endpoint (CSP Level 3).
  "connect-src 'self'",
  // The MIME parser runs in a module worker built as its own file (never a blob: URL).
  "worker-src 'self'",
  "frame-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function setSecurityHeaders(response: ServerResponse, contentSecurityPolicy: string): void {
  response.setHeader('Content-Security-Policy', contentSecurityPolicy);
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('X-Content-Type-Options', 'nosniff');
  // frame-ancestors covers modern browsers; this covers the rest.
  response.setHeader('X-Frame-Options', 'DENY');
  response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  response.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  response.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()');
}
