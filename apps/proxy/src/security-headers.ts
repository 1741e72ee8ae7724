import type { ServerResponse } from 'node:http';

// Headers on every HTTP answer. The app runs untrusted mail HTML, so the page itself must not run
// anything but its own scripts, must not be framed, and must not leak the URL to remote hosts.

/**
 * The SHA-256 of the one script the web app's mail frame runs (apps/web/src/lib/mail/frame-script.ts): the srcdoc
 * frame inherits this policy, so its script must be allowed here too. It only reports the mail's height to the
 * app; the web app's tests check that this is its hash.
 */
export const MAIL_FRAME_SCRIPT_HASH = "'sha256-k4E25xOvIcbdDOMRCbDPgvYrJKP0W93z05JMmKlvg08='";

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
  // The MIME parser runs in a module worker built as its own file (never a blob: URL), and the app's service
  // worker (sw.js, which keeps only the app's own files) is registered from the same origin.
  "worker-src 'self'",
  // The web app manifest (installing the app), from the app's origin; default-src says the same, this says so.
  "manifest-src 'self'",
  "frame-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The headers every answer carries, refusals and errors included, in the order they are written. */
export function securityHeaders(contentSecurityPolicy: string): readonly (readonly [string, string])[] {
  return [
    ['Content-Security-Policy', contentSecurityPolicy],
    ['Referrer-Policy', 'no-referrer'],
    ['X-Content-Type-Options', 'nosniff'],
    // frame-ancestors covers modern browsers; this covers the rest.
    ['X-Frame-Options', 'DENY'],
    ['Cross-Origin-Opener-Policy', 'same-origin'],
    ['Cross-Origin-Resource-Policy', 'same-origin'],
    ['Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()'],
  ];
}

export function setSecurityHeaders(response: ServerResponse, contentSecurityPolicy: string): void {
  for (const [name, value] of securityHeaders(contentSecurityPolicy)) response.setHeader(name, value);
}

/** The same headers as raw `Name: value\r\n` lines, for answers written straight to a socket. */
export function rawSecurityHeaders(contentSecurityPolicy: string): string {
  return securityHeaders(contentSecurityPolicy)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
}
