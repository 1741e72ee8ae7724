import { CloseCode } from '@webmail/relay-contract';

// One error class with stable codes (the `WS_ERR_*` habit of websockets/ws). A code names what failed;
// the message says where. Upstream codes carry the close code the browser receives for them.

export const ProxyErrorCode = {
  configFile: 'ERR_CONFIG_FILE',
  configInvalid: 'ERR_CONFIG_INVALID',
  configUnknownKey: 'ERR_CONFIG_UNKNOWN_KEY',
  configPlaintextUpstream: 'ERR_CONFIG_PLAINTEXT_UPSTREAM',
  configTlsVerifyDisabled: 'ERR_CONFIG_TLS_VERIFY_DISABLED',
  configArguments: 'ERR_CONFIG_ARGUMENTS',
  listen: 'ERR_LISTEN',
  workersFailing: 'ERR_WORKERS_FAILING',

  upstreamRefused: 'ERR_UPSTREAM_REFUSED',
  upstreamTimeout: 'ERR_UPSTREAM_TIMEOUT',
  upstreamUnreachable: 'ERR_UPSTREAM_UNREACHABLE',
  upstreamClosed: 'ERR_UPSTREAM_CLOSED',
  upstreamReset: 'ERR_UPSTREAM_RESET',
  tlsVerify: 'ERR_UPSTREAM_TLS_VERIFY',
  tlsHandshake: 'ERR_UPSTREAM_TLS_HANDSHAKE',
  starttlsUnsupported: 'ERR_STARTTLS_UNSUPPORTED',
  starttlsRejected: 'ERR_STARTTLS_REJECTED',
  starttlsInjection: 'ERR_STARTTLS_INJECTION',
  upstreamPreauth: 'ERR_UPSTREAM_PREAUTH',
  upstreamProtocol: 'ERR_UPSTREAM_PROTOCOL',
  outOfFileDescriptors: 'ERR_PROXY_OUT_OF_FDS',
} as const;

export type ProxyErrorCode = (typeof ProxyErrorCode)[keyof typeof ProxyErrorCode];

/** The close code and short reason the browser receives for each upstream failure. */
const upstreamClose = new Map<ProxyErrorCode, readonly [CloseCode, string]>([
  [ProxyErrorCode.upstreamRefused, [CloseCode.upstreamRefused, 'upstream refused connection']],
  [ProxyErrorCode.upstreamTimeout, [CloseCode.upstreamTimeout, 'upstream connect timeout']],
  [ProxyErrorCode.upstreamUnreachable, [CloseCode.upstreamUnreachable, 'upstream unreachable']],
  [ProxyErrorCode.upstreamClosed, [CloseCode.upstreamClosed, 'upstream closed']],
  [ProxyErrorCode.upstreamReset, [CloseCode.upstreamReset, 'upstream reset']],
  [ProxyErrorCode.tlsVerify, [CloseCode.tlsVerificationFailed, 'TLS verification failed']],
  [ProxyErrorCode.tlsHandshake, [CloseCode.tlsHandshakeFailed, 'TLS handshake failed']],
  [ProxyErrorCode.starttlsUnsupported, [CloseCode.starttlsFailed, 'STARTTLS not offered']],
  [ProxyErrorCode.starttlsRejected, [CloseCode.starttlsFailed, 'STARTTLS refused']],
  [ProxyErrorCode.starttlsInjection, [CloseCode.starttlsFailed, 'STARTTLS response injection']],
  [ProxyErrorCode.upstreamPreauth, [CloseCode.starttlsFailed, 'PREAUTH before STARTTLS']],
  [ProxyErrorCode.upstreamProtocol, [CloseCode.upstreamProtocolError, 'upstream protocol error']],
  [ProxyErrorCode.outOfFileDescriptors, [CloseCode.serverFull, 'server full']],
]);

export class ProxyError extends Error {
  override readonly name = 'ProxyError';
  readonly code: ProxyErrorCode;

  constructor(code: ProxyErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }

  /** What the browser is told when this error ends a session. */
  get close(): readonly [CloseCode, string] {
    return upstreamClose.get(this.code) ?? [CloseCode.internalError, 'internal error'];
  }
}

export function isProxyError(value: unknown): value is ProxyError {
  return value instanceof ProxyError;
}
