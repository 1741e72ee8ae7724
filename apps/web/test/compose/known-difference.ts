// A parser's reading of a composed case that is pinned as known (the case names it, differential.ts settles
// it). A leaf, so that the cases and the comparison can both name it without importing each other.

export type Parser = 'mailparser' | 'postal-mime';

/**
 * A parser's reading that is not what was composed although the message says it right, pinned to the exact
 * value, with why: the test fails if the parser changes its mind or any other field differs.
 */
export interface KnownDifference {
  readonly parser: Parser;
  /** Dotted path into ComparableMessage, e.g. `attachments.0.contentType`. */
  readonly path: string;
  readonly value: unknown;
  readonly why: string;
}
