// The WebSocket close codes the relay sends, the browser's contract for "what went wrong". Both WebSocket paths
// (/imap/ and /smtp/) use the same codes. RFC 6455 §7.4.2 reserves 4000-4999 for applications. These numbers are
// stable: the web UI maps them to words a user can act on, so never renumber one; add new codes instead.
// Reasons are short ASCII (a close reason is at most 123 bytes) and never carry hosts or payload.

export const CloseCode = {
  /** Standard: the relay is shutting down (SIGTERM). */
  goingAway: 1001,
  /** Standard: the browser sent a text frame; the relay carries binary protocol bytes only. */
  unsupportedData: 1003,
  /** Standard: a message split into more frames than the relay takes (1,024). */
  policyViolation: 1008,
  /** Standard: a frame larger than the relay's `maxPayloadBytes`. */
  messageTooBig: 1009,

  /** The relay hit an unexpected internal error; the session is gone. */
  internalError: 4000,
  /** `/imap/<name>` names no configured upstream, or `/smtp/<name>` one without a submission server. */
  unknownUpstream: 4001,

  /** The mail server actively refused the TCP connection (ECONNREFUSED). */
  upstreamRefused: 4010,
  /** The TCP connection (or TLS/STARTTLS setup) to the mail server did not complete in time. */
  upstreamTimeout: 4011,
  /** The mail server's address could not be resolved or reached (DNS, no route). */
  upstreamUnreachable: 4012,
  /** The mail server closed the connection (FIN), e.g. after LOGOUT/QUIT or an autologout. */
  upstreamClosed: 4013,
  /** The mail server connection was reset or failed mid-session (RST, socket error). */
  upstreamReset: 4014,

  /** The mail server's certificate failed verification (untrusted, expired, wrong name, pin mismatch). */
  tlsVerificationFailed: 4020,
  /** The TLS handshake with the mail server failed for another reason (protocol, version, cipher). */
  tlsHandshakeFailed: 4021,
  /** STARTTLS could not be done safely: not offered, refused, injected bytes, or PREAUTH. */
  starttlsFailed: 4022,
  /** The mail server's greeting was not usable (BYE or a 4xx/5xx greeting, garbage, too long). */
  upstreamProtocolError: 4023,

  /** A per-client limit was reached (sessions from this address, or new sessions per minute). */
  clientLimitReached: 4029,
  /** The relay is at its global session cap (or, with workers, its limits could not be asked in time). */
  serverFull: 4030,
  /** No byte crossed the session in either direction for the relay's idle timeout. */
  idleTimeout: 4040,
  /** The browser stopped answering WebSocket pings. Never seen by that browser; logged. */
  heartbeatTimeout: 4041,
} as const;

export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/**
 * The class of a close, which a client maps onto its own error codes: `closed` (the session ended, a reconnect
 * may work), `timeout`, `tls` (the relay could not secure the server connection), `transport` (anything else).
 */
export type CloseKind = 'closed' | 'timeout' | 'tls' | 'transport';

export interface CloseMeaning {
  readonly kind: CloseKind;
  /** What happened, in English words a user can act on (the UI may translate by code). */
  readonly words: string;
}

const meanings: readonly (readonly [CloseCode, CloseKind, string])[] = [
  [CloseCode.goingAway, 'closed', 'the proxy is restarting'],
  [CloseCode.unsupportedData, 'transport', 'the proxy refused a text frame'],
  [CloseCode.policyViolation, 'transport', 'a message was split into more frames than the proxy allows'],
  [CloseCode.messageTooBig, 'transport', 'a frame was larger than the proxy allows'],
  [CloseCode.internalError, 'transport', 'the proxy hit an internal error'],
  [CloseCode.unknownUpstream, 'transport', 'the proxy knows no mail server by that name'],
  [CloseCode.upstreamRefused, 'transport', 'the mail server refused the connection'],
  [CloseCode.upstreamTimeout, 'timeout', 'the mail server did not answer in time'],
  [CloseCode.upstreamUnreachable, 'transport', 'the mail server could not be reached'],
  [CloseCode.upstreamClosed, 'closed', 'the mail server closed the connection'],
  [CloseCode.upstreamReset, 'closed', 'the connection to the mail server was reset'],
  [CloseCode.tlsVerificationFailed, 'tls', "the mail server's certificate failed verification"],
  [CloseCode.tlsHandshakeFailed, 'tls', 'the TLS handshake with the mail server failed'],
  [CloseCode.starttlsFailed, 'tls', 'STARTTLS with the mail server failed'],
  [CloseCode.upstreamProtocolError, 'transport', 'the mail server greeting was unusable'],
  [CloseCode.clientLimitReached, 'transport', 'too many connections from this address; try again later'],
  [CloseCode.serverFull, 'transport', 'the proxy is full; try again later'],
  [CloseCode.idleTimeout, 'timeout', 'the connection was idle for too long'],
  [CloseCode.heartbeatTimeout, 'timeout', 'the browser stopped answering heartbeats'],
];

/** Every close code the relay sends, with its kind and words. */
export const CLOSE_MEANINGS: ReadonlyMap<number, CloseMeaning> = new Map(
  meanings.map(([code, kind, words]) => [code, Object.freeze({ kind, words })]),
);
