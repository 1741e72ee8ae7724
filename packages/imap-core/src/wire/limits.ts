// Limits on what a server may make us buffer or recurse into. A hostile or broken server controls every byte we
// read, so each dimension that costs memory or stack is bounded, and the bound is checked before the cost is paid.

/** Defaults for FrameLimits (see framer.ts). Chosen so that real mail passes and a runaway server does not. */
export const DEFAULT_FRAME_LIMITS = Object.freeze({
  /**
   * 16 MiB per line (CRLF excluded). The longest real lines are untagged SEARCH results of large mailboxes:
   * 1.5 million UIDs of up to 10 digits is about 16 MB. Lines between literals count separately.
   */
  maxLineLength: 16 * 1024 * 1024,
  /**
   * 64 MiB per literal. A message with a 25 MB attachment is about 34 MB once base64-encoded, and BODY[] of it
   * must pass; a 1 GB literal must not.
   */
  maxLiteralSize: 64 * 1024 * 1024,
  /** 128 MiB for one whole response (every line and literal of it): room for a few large BODY[] sections. */
  maxResponseSize: 128 * 1024 * 1024,
  /**
   * 10 significant digits in a literal's size: anything longer is at least 10 GB, far beyond maxLiteralSize,
   * and is rejected before being converted to a number. Leading zeros are not counted (RFC 9051 number allows
   * them); the line length limit bounds how many there can be.
   */
  maxLiteralDigits: 10,
  /**
   * 100,000 literals in one response. Bytes alone do not bound memory: a response of millions of one-byte
   * literals stays under maxResponseSize while each literal costs a record far larger than its bytes. Real
   * responses hold a few (one per BODY[] section, mailbox name or 8-bit string); 100,000 records are about 5 MB.
   */
  maxLiterals: 100_000,
  /**
   * 500,000 values (atoms, strings, NILs, parenthesized lists, UID ranges) in one response, counted by the
   * parser. Each becomes an object or an array slot worth ten to a hundred times its bytes, so this keeps what
   * one response can make us hold to about 50 MB whatever its size; the largest real responses (a 1,000-part
   * BODYSTRUCTURE, an ESEARCH ALL of 50,000 ranges) hold far fewer. SEARCH results are not counted: their
   * numbers go into a typed array of 4 bytes each.
   */
  maxItems: 500_000,
});

/**
 * Maximum depth of nested parentheses the parsers descend into: body structures (each multipart and each
 * message/rfc822 adds levels), generic lists and skipped extension data. Real messages stay under 20; the bound
 * keeps a hostile "((((((..." from exhausting the stack.
 */
export const MAX_NESTING_DEPTH = 64;

/**
 * Upper bound accepted for maxLiteralDigits: 15 digits always convert to a double exactly (2^53 has 16 digits),
 * so a size check on the converted number cannot be fooled by rounding.
 */
export const MAX_LITERAL_DIGITS_CAP = 15;
