// The page side of sanitize-cost.ts: the app's sanitizer, timed one call at a time.
import { sanitizeMailHtml } from '../src/lib/mail/sanitize.ts';

const options = {
  inlineImages: new Map<string, string>(),
  allowRemote: false,
  appOrigin: 'https://mail.example.org',
};

/** Sanitizes `html` once; returns the milliseconds it took. */
function sanitizeOnce(html: string): number {
  const start = performance.now();
  sanitizeMailHtml(html, options);
  return performance.now() - start;
}

(window as unknown as { sanitizeOnce: typeof sanitizeOnce }).sanitizeOnce = sanitizeOnce;

/** The whole result for `html` (sanitize-equivalence.ts compares two builds by it). */
function sanitizeResult(html: string, allowRemote: boolean, inlineImages: [string, string][]): unknown {
  return sanitizeMailHtml(html, { ...options, allowRemote, inlineImages: new Map(inlineImages) });
}

(window as unknown as { sanitizeResult: typeof sanitizeResult }).sanitizeResult = sanitizeResult;
