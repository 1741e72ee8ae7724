// The limits html-fit.ts applies to an HTML part before the app sanitizes and shows it (see there for why);
// a module of their own so that the reader can name them without loading parse5.

/** Deepest element nesting rendered as HTML (html and body count). */
export const MAX_HTML_DEPTH = 256;

/**
 * Main-thread microseconds sanitizing costs per unit, in Chromium on the 2-core CI machine (bench/sanitize-cost.ts
 * measures them): each element, each attribute (DOMPurify removes and sets each one again), each byte of CSS
 * the style filter tokenizes, each byte the HTML parser reads and the serializer writes.
 */
export const SANITIZE_COST_US = Object.freeze({ element: 5, attribute: 6, cssByte: 0.25, byte: 0.05 });

/** Estimated main-thread time all the HTML parts of one message may take to sanitize. */
export const SANITIZE_BUDGET_MS = 100;
