import { createHash, X509Certificate } from 'node:crypto';
import { connect as connectTcp, isIP, type OnReadOpts, type Socket } from 'node:net';
import { checkServerIdentity, connect as connectTls, type PeerCertificate } from 'node:tls';
import type { RelayProtocol } from '@webmail/relay-contract';
import type { Endpoint, SmtpEndpoint, Timeouts, Upstream } from './config.ts';
import { ProxyError, ProxyErrorCode } from './errors.ts';
import { encodeProxyV2Header, type ProxiedConnection } from './proxy-protocol.ts';
import { SmtpStarttlsNegotiation } from './smtp-starttls.ts';
import { StarttlsNegotiation, type StarttlsStep } from './starttls.ts';

// Opens the connection to one configured server (an upstream's IMAP server or its submission server) and
// makes it ready to relay: TCP, then the optional PROXY header, then implicit TLS or the proxy's own
// STARTTLS. Verification is never optional: the system CAs or the endpoint's `ca`, the host name, TLS 1.2
// or later, and the SPKI pins if any.

/** What a session connects to: one protocol of one upstream. */
export interface UpstreamTarget {
  readonly upstream: Upstream;
  readonly protocol: RelayProtocol;
}

/** The server a target names; null when the upstream has none for that protocol (no `smtp`). */
export function targetEndpoint(target: UpstreamTarget): Endpoint | SmtpEndpoint | null {
  return target.protocol === 'imap' ? target.upstream : target.upstream.smtp;
}

export interface UpstreamConnection {
  /** What the session reads and writes: the TCP socket, or the TLS socket over it. */
  readonly socket: Socket;
  /** The TCP socket under it (the same one without TLS). Both allow half-open: the session ends its side. */
  readonly tcp: Socket;
  /** For STARTTLS, the greeting the browser must receive first; otherwise the server sends its own. */
  readonly greeting: Buffer | null;
}

export interface ConnectOptions {
  readonly timeouts: Pick<Timeouts, 'connectMs' | 'setupMs'>;
  /** The browser's connection, announced with PROXY protocol v2 when the upstream asks for it. */
  readonly client: ProxiedConnection;
}

function ignoreError(): void {}

const PIN_MISMATCH = 'ERR_TLS_PIN_MISMATCH';

/** The HPKP-style pin (RFC 7469 §2.4): SHA-256 of the DER SubjectPublicKeyInfo, base64. */
function spkiSha256(cert: PeerCertificate): string {
  // `cert.pubkey` is the raw key for EC certificates, not the SPKI, so re-read it from the certificate.
  const spki = new X509Certificate(cert.raw).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

function verifyIdentity(endpoint: Endpoint, host: string, cert: PeerCertificate): Error | undefined {
  const error = checkServerIdentity(host, cert);
  if (error !== undefined) return error;
  if (endpoint.pinSha256.length > 0 && !endpoint.pinSha256.includes(spkiSha256(cert))) {
    return Object.assign(new Error(`certificate of ${host} matches no configured pin`), {
      code: PIN_MISMATCH,
    });
  }
  return undefined;
}

const VERIFY_ERROR = /CERT|VERIFY|SELF_SIGNED|ALTNAME|ISSUER|PIN_MISMATCH/;

/** Maps a socket or TLS error to the stable code the browser's close code is chosen by. */
export function classifySocketError(error: unknown, during: 'tcp' | 'tls'): ProxyError {
  if (error instanceof ProxyError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const text = typeof code === 'string' ? code : '';
  const message = error instanceof Error ? error.message : String(error);
  const wrap = (mapped: ProxyErrorCode): ProxyError => new ProxyError(mapped, message, { cause: error });
  if (VERIFY_ERROR.test(text)) return wrap(ProxyErrorCode.tlsVerify);
  switch (text) {
    case 'ECONNREFUSED':
      return wrap(ProxyErrorCode.upstreamRefused);
    case 'ETIMEDOUT':
      return wrap(ProxyErrorCode.upstreamTimeout);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EADDRNOTAVAIL':
      return wrap(ProxyErrorCode.upstreamUnreachable);
    // The proxy's own limit (RLIMIT_NOFILE), not the server's fault: tell the browser the proxy is full.
    case 'EMFILE':
    case 'ENFILE':
      return wrap(ProxyErrorCode.outOfFileDescriptors);
  }
  if (during === 'tls' && (text.startsWith('ERR_SSL') || text.startsWith('ERR_TLS'))) {
    return wrap(ProxyErrorCode.tlsHandshake);
  }
  return wrap(ProxyErrorCode.upstreamReset);
}

/** tls.connect passes `allowHalfOpen` on to the TLSSocket; @types/node leaves it out of its options. */
const HALF_OPEN = { allowHalfOpen: true };

function startTls(endpoint: Endpoint, tcp: Socket): Socket {
  const host = endpoint.servername ?? endpoint.host;
  return connectTls({
    socket: tcp,
    host,
    ...HALF_OPEN,
    // RFC 6066 §3: SNI carries host names only.
    ...(isIP(host) === 0 ? { servername: host } : {}),
    ...(endpoint.ca === null ? {} : { ca: endpoint.ca }),
    minVersion: 'TLSv1.2',
    rejectUnauthorized: true,
    checkServerIdentity: (name, cert) => verifyIdentity(endpoint, name, cert),
  });
}

type ConnectCallback = (outcome: ProxyError | UpstreamConnection) => void;

/**
 * Receives the upstream's bytes once the connection is ready. The chunk may be a view into a read buffer
 * that the next read (of any session) overwrites: use or copy it before returning.
 */
type UpstreamDataListener = (chunk: Buffer) => void;

/**
 * Plaintext upstreams are read into one buffer shared by every session of the process (JavaScript runs
 * one read callback at a time, and the relay copies out what it sends before returning). A read takes up
 * to this much of what the kernel holds, so while the browser is behind, the server's small writes are
 * coalesced into one large frame instead of one frame each, and no memory is held per idle session.
 * TLS sockets cannot read into a caller's buffer and keep Node's own 64 KiB reads.
 */
export const READ_BUFFER_BYTES = 256 * 1024;
const sharedReadBuffer = Buffer.allocUnsafe(READ_BUFFER_BYTES);

function sharedBufferReads(onData: UpstreamDataListener): OnReadOpts {
  return {
    buffer: sharedReadBuffer,
    callback(length, buffer) {
      onData(Buffer.from(buffer.buffer, buffer.byteOffset, length));
      // Pausing goes through socket.pause(), which works in this mode too.
      return true;
    },
  };
}

/** The sans-I/O plaintext phase of STARTTLS, for either protocol. */
interface StarttlsNegotiator {
  receive(chunk: Buffer): StarttlsStep;
}

/** RFC 5321 §4.1.3: our own address as an EHLO address literal, when no `ehloName` is configured. */
function addressLiteral(address: string | undefined): string {
  if (address === undefined) return '[127.0.0.1]';
  const v4 = address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
  return isIP(v4) === 6 ? `[IPv6:${v4}]` : `[${v4}]`;
}

function negotiatorFor(target: UpstreamTarget, tcp: Socket): StarttlsNegotiator {
  if (target.protocol === 'imap') return new StarttlsNegotiation(target.upstream.name);
  const ehloName = target.upstream.smtp?.ehloName ?? addressLiteral(tcp.localAddress);
  return new SmtpStarttlsNegotiation(target.upstream.name, ehloName);
}

/**
 * Connects and prepares one session's server connection, then calls `done` once with the ready connection
 * or a ProxyError naming what failed. A callback, not a Promise, so the caller attaches its own listeners in
 * the same tick as ours come off and no socket event can fall between them. Once ready, the server's
 * bytes go to `onData` (already wired; the caller must not add a 'data' listener). Returns a function
 * that abandons the attempt (the browser left); `done` is then called with ERR_UPSTREAM_CLOSED.
 * The target must have an endpoint (`targetEndpoint`): the browser was refused before otherwise.
 */
export function connectUpstream(
  target: UpstreamTarget,
  options: ConnectOptions,
  onData: UpstreamDataListener,
  done: ConnectCallback,
): () => void {
  const endpoint = targetEndpoint(target);
  if (endpoint === null) throw new Error(`${target.upstream.name} has no ${target.protocol} server`);
  const name = target.protocol === 'imap' ? target.upstream.name : `${target.upstream.name} (smtp)`;
  const plaintext = endpoint.tls === 'none';
  const tcp = connectTcp({
    host: endpoint.host,
    port: endpoint.port,
    noDelay: true,
    keepAlive: true,
    keepAliveInitialDelay: 60_000,
    // The session decides when to end its side: first it asks whether the server closed or reset (relay.ts).
    allowHalfOpen: true,
    // Plaintext is handed to the session at 'connect', before the first read can happen.
    ...(plaintext ? { onread: sharedBufferReads(onData) } : {}),
  });
  let socket: Socket = tcp;
  let phase: 'tcp' | 'tls' = 'tcp';
  let settled = false;
  let timer = setTimeout(() => {
    finish(new ProxyError(ProxyErrorCode.upstreamTimeout, `connect to ${name} timed out`));
  }, options.timeouts.connectMs);

  const finish = (outcome: ProxyError | UpstreamConnection): void => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    for (const watched of new Set([tcp, socket])) {
      watched.removeListener('error', onError);
      watched.removeListener('close', onClose);
      watched.removeListener('end', onClose);
    }
    // Under TLS the raw socket is TLS's transport; its errors reach the TLS socket too, but one with no
    // listener would throw, so it keeps a silent one.
    if (socket !== tcp) tcp.on('error', ignoreError);
    if (outcome instanceof ProxyError) socket.destroy();
    else if (!plaintext) socket.on('data', onData);
    done(outcome);
  };
  const onError = (error: Error): void => finish(classifySocketError(error, phase));
  const onClose = (): void => {
    finish(new ProxyError(ProxyErrorCode.upstreamClosed, `${name} closed during setup`));
  };
  const onAbort = (): void => {
    finish(new ProxyError(ProxyErrorCode.upstreamClosed, 'browser left during setup'));
  };
  const watch = (next: Socket): void => {
    socket = next;
    socket.on('error', onError);
    socket.on('close', onClose);
    // Half-open sockets stay open after the server's FIN: during setup that is the end too.
    socket.on('end', onClose);
  };
  const upgrade = (greeting: Buffer | null): void => {
    phase = 'tls';
    watch(startTls(endpoint, socket));
    socket.once('secureConnect', () => finish({ socket, tcp, greeting }));
  };

  watch(socket);
  socket.once('connect', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      finish(new ProxyError(ProxyErrorCode.upstreamTimeout, `setup of ${name} timed out`));
    }, options.timeouts.setupMs);
    if (endpoint.proxyProtocol) socket.write(encodeProxyV2Header(options.client));
    if (plaintext) return finish({ socket, tcp, greeting: null });
    if (endpoint.tls === 'implicit') return upgrade(null);
    const negotiation = negotiatorFor(target, tcp);
    const onData = (chunk: Buffer): void => {
      let step;
      try {
        step = negotiation.receive(chunk);
      } catch (error) {
        return finish(classifySocketError(error, 'tcp'));
      }
      if (step === null) return;
      if ('send' in step) {
        socket.write(step.send);
        return;
      }
      socket.removeListener('data', onData);
      upgrade(step.greeting);
    };
    socket.on('data', onData);
  });
  return onAbort;
}
