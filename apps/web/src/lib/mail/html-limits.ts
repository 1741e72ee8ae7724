// The limits html-fit.ts applies to an HTML part before the app sanitizes and shows it (see there for why);
// a module of their own so that the reader can name them without loading parse5.

/** Deepest element nesting rendered as HTML (html and body count). */
export const MAX_HTML_DEPTH = 256;

/**
 * Most attributes on one element: DOMPurify removes and sets each attribute again, and each removal costs the
 * element's attribute count, so 15,000 attributes on one element took 600 ms. Mail writes a dozen at most.
 */
export const MAX_ATTRIBUTES_PER_ELEMENT = 128;

/**
 * Main-thread microseconds sanitizing costs per unit, in Chromium on the 2-core CI machine (bench/sanitize-cost.ts
 * measures them: about twice what a quiet run takes, for a loaded machine): each element, each attribute, each style attribute on top (the CSS
 * filter's call), each byte of CSS the filter reads, each byte the HTML parser reads and the serializer writes.
 */
export const SANITIZE_COST_US = Object.freeze({
  element: 6,
  attribute: 3,
  styleAttribute: 12,
  cssByte: 0.15,
  byte: 0.02,
});

/** Estimated main-thread time all the HTML parts of one message may take to sanitize. */
export const SANITIZE_BUDGET_MS = 150;
