// The WebSocket close codes the proxy sends, the browser's contract for "what went wrong".
// RFC 6455 §7.4.2 reserves 4000-4999 for applications. These numbers are stable: the web UI
// maps them to words a user can act on, so never renumber one; add new codes instead.
// Reasons are short ASCII (a close reason is at most 123 bytes) and never carry hosts or payload.

export const CloseCode = {
  /** Standard: the proxy is shutting down (SIGTERM). */
  goingAway: 1001,
  /** Standard: the browser sent a text frame; the relay carries binary IMAP bytes only. */
  unsupportedData: 1003,
  /** Standard: a frame larger than `maxPayloadBytes`. */
  messageTooBig: 1009,

  /** The proxy hit an unexpected internal error; the session is gone. */
  internalError: 4000,
  /** `/imap/<name>` names no configured upstream. */
  unknownUpstream: 4001,

  /** The mail server actively refused the TCP connection (ECONNREFUSED). */
  upstreamRefused: 4010,
  /** The TCP connection (or TLS/STARTTLS setup) to the mail server did not complete in time. */
  upstreamTimeout: 4011,
  /** The mail server's address could not be resolved or reached (DNS, no route). */
  upstreamUnreachable: 4012,
  /** The mail server closed the connection (FIN), e.g. after LOGOUT or an autologout. */
  upstreamClosed: 4013,
  /** The mail server connection was reset or failed mid-session (RST, socket error). */
  upstreamReset: 4014,

  /** The mail server's certificate failed verification (untrusted, expired, wrong name, pin mismatch). */
  tlsVerificationFailed: 4020,
  /** The TLS handshake with the mail server failed for another reason (protocol, version, cipher). */
  tlsHandshakeFailed: 4021,
  /** STARTTLS could not be done safely: not offered, refused, injected bytes, or PREAUTH. */
  starttlsFailed: 4022,
  /** The mail server's greeting was not usable (BYE, garbage, too long). */
  upstreamProtocolError: 4023,

  /** A per-client limit was reached (sessions from this address, or new sessions per minute). */
  clientLimitReached: 4029,
  /** The proxy is at its global session cap (or, with workers, its limits could not be asked in time). */
  serverFull: 4030,
  /** No byte crossed the session in either direction for `idleTimeoutMs`. */
  idleTimeout: 4040,
  /** The browser stopped answering WebSocket pings. Never seen by that browser; logged. */
  heartbeatTimeout: 4041,
} as const;

export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];
