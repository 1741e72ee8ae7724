import { randomBytes } from 'node:crypto';
import { relayTarget, RELAY_PATHS, type UpstreamInfo } from '@webmail/relay-contract';
import {
  createServer,
  STATUS_CODES,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { ClientAddressResolver } from './client-ip.ts';
import type { ProxyConfig, Upstream } from './config.ts';
import type { Logger } from './log.ts';
import { RelaySession, type SessionSettings, type SessionSummary } from './relay.ts';
import { rawSecurityHeaders, setSecurityHeaders } from './security-headers.ts';
import { ProxyError, ProxyErrorCode } from './errors.ts';
import { SessionLimits, type Admission, type Admissions } from './session-limits.ts';
import { serveStatic } from './static-files.ts';
import { RefusalLog } from './refusal-log.ts';
import {
  admissionDecision,
  checkRequest,
  rateRefusal,
  type Admitted,
  type Refused,
} from './upgrade-guard.ts';
import { requestPath } from './request-path.ts';
import type { UpstreamTarget } from './upstream.ts';

// The HTTP side: the web app's files, two small JSON endpoints, and the WebSocket upgrades (/imap/ and
// /smtp/), each admitted or refused before the handshake (see upgrade-guard.ts) and then handed to a
// RelaySession.

/** A whole request (head and body; the app only takes GETs) must arrive within this. */
const REQUEST_TIMEOUT_MS = 30_000;
/** How often Node looks for requests past their time (its default is 30 s). */
const CONNECTIONS_CHECK_MS = 1_000;

/** Node's parser and timeout errors that deserve a status more precise than 400. */
const CLIENT_ERROR_STATUS = new Map([
  ['HPE_HEADER_OVERFLOW', 431],
  // headersMs (or the request timeout) ran out.
  ['ERR_HTTP_REQUEST_TIMEOUT', 408],
]);

/**
 * Heartbeat intervals a ping may wait for its pong while the browser keeps taking bytes (2 minutes by
 * default): what a slow link needs to drain the megabytes that can sit ahead of the ping.
 */
const PONG_DEADLINE_INTERVALS = 4;

/**
 * Frames one browser message may be split into; more closes the session with 1008. ws holds the frames
 * of a message until its last one, a few hundred bytes of bookkeeping each: at ws's default of 16,384, a
 * 2 MiB message in 128-byte frames took five times its size. Browsers send a message as one frame.
 */
const MAX_FRAGMENTS = 1_024;

/** How long a refused-with-close-code browser gets to answer our close frame. */
const CLOSE_HANDSHAKE_MS = 5_000;

function ignoreError(): void {}

/** How long a refused socket may take to read our answer and close before it is cut. */
const REFUSAL_LINGER_MS = 1_000;

/**
 * After an answer has been ended (FIN sent), a client that never closes its side would otherwise hold the
 * descriptor for good: cut it after a moment.
 */
function lingerThenDestroy(socket: Duplex): void {
  if (socket.destroyed) return;
  socket.end();
  const timer = setTimeout(() => socket.destroy(), REFUSAL_LINGER_MS);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
}

/**
 * A bodiless HTTP/1.1 answer written straight to a socket that never reached the request handler
 * (refused upgrades, parser errors), with the security headers every answer carries.
 */
function bareResponse(status: number, securityLines: string, extraHeaders = ''): string {
  return (
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${securityLines}${extraHeaders}` +
    'Connection: close\r\nContent-Length: 0\r\n\r\n'
  );
}

/** RFC 6455 §4.4: a server refusing a version names the ones it speaks. */
const SUPPORTED_VERSIONS = 'Sec-WebSocket-Version: 13, 8\r\n';

/** The browser's view of an upstream (GET /api/upstreams): never a host or a port. */
export function upstreamInfo(upstream: Upstream): UpstreamInfo {
  const info: UpstreamInfo = { name: upstream.name, label: upstream.label, canSend: upstream.smtp !== null };
  if (upstream.mailDomain !== null) info.mailDomain = upstream.mailDomain;
  if (upstream.smtp !== null) info.savesSentCopy = upstream.savesSentCopy;
  if (upstream.identities.length > 0)
    info.identities = upstream.identities.map((identity) => ({ ...identity }));
  return info;
}

export class ProxyServer {
  readonly http: Server;
  readonly #config: ProxyConfig;
  readonly #log: Logger;
  readonly #wss: WebSocketServer;
  readonly #limits: Admissions;
  readonly #addresses: ClientAddressResolver;
  readonly #sessions = new Set<RelaySession>();
  readonly #refusals: RefusalLog;
  readonly #upstreamList: string;
  /** The security headers as raw lines, for answers written to the socket directly. */
  readonly #securityLines: string;
  readonly #idPrefix = randomBytes(3).toString('hex');
  #nextId = 0;
  #draining = false;
  #sweepTimer: NodeJS.Timeout | null = null;

  /** `admissions`: the limits to ask; by default this process's own. Workers pass the supervisor's. */
  constructor(config: ProxyConfig, log: Logger, admissions: Admissions = new SessionLimits(config.limits)) {
    this.#config = config;
    this.#log = log;
    this.#limits = admissions;
    this.#refusals = new RefusalLog(log);
    this.#addresses = new ClientAddressResolver(config.trustedProxies);
    this.#upstreamList = JSON.stringify([...config.upstreams.values()].map(upstreamInfo));
    this.#securityLines = rawSecurityHeaders(config.contentSecurityPolicy);
    // `closeTimeout` (ws >= 8.18) and `maxFragments` (8.19) are missing from @types/ws; the spread keeps
    // them out of its excess-property check.
    const closeTimeout = { closeTimeout: CLOSE_HANDSHAKE_MS, maxFragments: MAX_FRAGMENTS };
    this.#wss = new WebSocketServer({
      ...closeTimeout,
      noServer: true,
      clientTracking: false,
      perMessageDeflate: false,
      maxPayload: config.limits.maxPayloadBytes,
      // Text frames are refused unread, so validating their UTF-8 would be wasted work.
      skipUTF8Validation: true,
    });
    const { headersMs } = config.timeouts;
    this.http = createServer(
      {
        maxHeaderSize: config.limits.maxHeaderBytes,
        headersTimeout: headersMs,
        requestTimeout: Math.max(REQUEST_TIMEOUT_MS, headersMs),
        // Node enforces both timeouts only when it checks, every 30 s by default: a slow handshake then
        // lived up to 40 s. Checking every second keeps the bound at headersMs + 1 s.
        connectionsCheckingInterval: Math.min(CONNECTIONS_CHECK_MS, headersMs),
      },
      (request, response) => {
        this.#onRequest(request, response);
      },
    );
    // The 101 that completes a handshake carries the security headers too ("every answer").
    this.#wss.on('headers', (headers: string[]) => {
      for (const line of this.#securityLines.split('\r\n')) if (line !== '') headers.push(line);
    });
    // A malformed handshake (bad version or key) is answered here rather than by ws, so it carries them.
    this.#wss.on('wsClientError', (_error: Error, socket: Duplex, request: IncomingMessage) => {
      this.#onBadHandshake(socket, request);
    });
    this.http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      this.#onUpgrade(request, socket, head);
    });
    this.http.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
      this.#onClientError(error, socket);
    });
  }

  get sessionCount(): number {
    return this.#sessions.size;
  }

  /** Listens on `config.listen` (in a worker: the supervisor's shared socket); resolves with the port. */
  listen(): Promise<number> {
    const { host, port } = this.#config.listen;
    return new Promise((resolve, reject) => {
      const onError = (error: Error): void => {
        reject(
          new ProxyError(ProxyErrorCode.listen, `cannot listen on ${host}:${port}: ${error.message}`, {
            cause: error,
          }),
        );
      };
      this.http.once('error', onError);
      this.http.listen(port, host, () => {
        this.http.removeListener('error', onError);
        const address = this.http.address();
        resolve(typeof address === 'object' && address !== null ? address.port : port);
      });
    });
  }

  startSweeping(): void {
    const { heartbeatMs, idleMs } = this.#config.timeouts;
    this.#sweepTimer = setInterval(() => {
      const now = Date.now();
      for (const session of this.#sessions) session.sweep(now, idleMs, heartbeatMs * PONG_DEADLINE_INTERVALS);
      this.#limits.sweep(now);
      this.#refusals.sweep(now);
    }, heartbeatMs);
    this.#sweepTimer.unref();
  }

  #onClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
    socket.on('error', ignoreError);
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const code = error.code ?? 'unknown';
    const status = CLIENT_ERROR_STATUS.get(code) ?? 400;
    const client = (socket as Partial<Socket>).remoteAddress ?? '';
    this.#refusals.note('bad request', client, code, { status, error: code });
    socket.end(bareResponse(status, this.#securityLines));
    lingerThenDestroy(socket);
  }

  #onBadHandshake(socket: Duplex, request: IncomingMessage): void {
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    const version = request.headers['sec-websocket-version'];
    const status = request.method === 'GET' ? 400 : 405;
    const extra = version === '13' || version === '8' ? '' : SUPPORTED_VERSIONS;
    socket.end(bareResponse(status, this.#securityLines, extra));
    lingerThenDestroy(socket);
  }

  #onRequest(request: IncomingMessage, response: ServerResponse): void {
    setSecurityHeaders(response, this.#config.contentSecurityPolicy);
    const path = requestPath(request.url);
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/healthz') {
      const status = this.#draining ? 503 : 200;
      response.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      response.end(JSON.stringify({ status: this.#draining ? 'draining' : 'ok' }));
      return;
    }
    if (path === RELAY_PATHS.upstreams) {
      response.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      response.end(this.#upstreamList);
      return;
    }
    if (relayTarget(path) !== null) {
      response.writeHead(426, { Upgrade: 'websocket' }).end();
      return;
    }
    if (this.#config.staticDir === null) {
      response.writeHead(404).end();
      return;
    }
    serveStatic(this.#config.staticDir, request, response).then(
      (result) => {
        if (result === 'not-found') response.writeHead(404).end();
        else if (result === 'bad-request') response.writeHead(400).end();
      },
      () => response.destroy(),
    );
  }

  #onUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', ignoreError);
    const checked = checkRequest(request, this.#config, this.#addresses, this.#draining);
    if (!checked.ok && checked.chargesRate) {
      // Names that lead nowhere still spend the client's new-session budget: otherwise they are a free
      // way to make the proxy complete handshakes and write log lines.
      const charge = this.#limits.charge(checked.clientIp);
      const refuse = (answer: Admission): void =>
        this.#refuse(
          answer === 'client-rate' ? rateRefusal(checked.clientIp) : checked,
          request,
          socket,
          head,
        );
      if (typeof charge === 'string') refuse(charge);
      else void charge.then(refuse);
      return;
    }
    if (!checked.ok) {
      this.#refuse(checked, request, socket, head);
      return;
    }
    const admission = this.#limits.admit(checked.clientIp);
    if (typeof admission === 'string') {
      this.#onAdmission(admission, checked, request, socket, head);
      return;
    }
    // Workers: the supervisor answers over IPC (and the answer never rejects: it is 'unavailable').
    void admission.then((answer) => this.#onAdmission(answer, checked, request, socket, head));
  }

  #onAdmission(
    admission: Admission,
    checked: Admitted,
    request: IncomingMessage,
    socket: Duplex,
    head: Buffer,
  ): void {
    const decision = admissionDecision(admission, checked);
    if (!decision.ok) {
      this.#refuse(decision, request, socket, head);
      return;
    }
    const { target, clientIp } = decision;
    // While the answer travelled, the browser may have gone or the proxy begun to drain.
    if (socket.destroyed || this.#draining) {
      this.#limits.release(clientIp);
      socket.destroy();
      return;
    }
    // ws answers a bad handshake (wrong version, no key) itself and never calls back: give the slot back
    // when that socket goes away without a session.
    let opened = false;
    const releaseUnopened = (): void => {
      if (!opened) this.#limits.release(clientIp);
    };
    socket.once('close', releaseUnopened);
    this.#wss.handleUpgrade(request, socket, head, (ws: WebSocket) => {
      opened = true;
      socket.removeListener('close', releaseUnopened);
      this.#openSession(ws, socket as Socket, target, clientIp);
    });
  }

  #refuse(decision: Refused, request: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.#refusals.note('upgrade refused', decision.clientIp, decision.reason, {
      status: decision.status,
      code: decision.closeCode,
      reason: decision.reason,
    });
    // A browser cannot read the HTTP status of a failed handshake, so refusals it should be able to
    // explain (unknown upstream, limits) complete the handshake and close at once with a 4xxx code.
    // No upstream connection is made either way.
    if (decision.closeCode !== null && this.#config.refusalsAsCloseCodes) {
      const { closeCode, reason } = decision;
      this.#wss.handleUpgrade(request, socket, head, (ws: WebSocket) => {
        ws.on('error', ignoreError);
        ws.close(closeCode, reason);
        // RFC 6455 §7.1.1: the server closes TCP first. Not waiting for the browser's close frame keeps a
        // flood of refused upgrades from holding a descriptor each for ws's 5 s close timeout.
        lingerThenDestroy(socket);
      });
      return;
    }
    const status = decision.status;
    const retry = status === 429 || status === 503 ? 'Retry-After: 60\r\n' : '';
    socket.end(bareResponse(status, this.#securityLines, retry));
    lingerThenDestroy(socket);
  }

  #openSession(ws: WebSocket, socket: Socket, target: UpstreamTarget, clientIp: string): void {
    const settings: SessionSettings = {
      highWaterMarkBytes: this.#config.limits.highWaterMarkBytes,
      connect: {
        timeouts: this.#config.timeouts,
        client: {
          sourceAddress: clientIp,
          // Behind a reverse proxy the TCP peer's port is the proxy's, not the browser's.
          sourcePort: clientIp === socket.remoteAddress ? (socket.remotePort ?? 0) : 0,
          destinationAddress: socket.localAddress ?? '127.0.0.1',
          destinationPort: socket.localPort ?? 0,
        },
      },
    };
    socket.setKeepAlive(true, 60_000);
    const id = `${this.#idPrefix}-${(this.#nextId++).toString(36)}`;
    const session = new RelaySession(id, ws, socket, target, clientIp, settings, (summary) => {
      this.#sessions.delete(session);
      this.#limits.release(clientIp);
      this.#logSession(summary);
    });
    this.#sessions.add(session);
  }

  #logSession(summary: SessionSummary): void {
    this.#log.info('session', {
      id: summary.id,
      upstream: summary.upstream,
      protocol: summary.protocol,
      client: summary.clientIp,
      bytesUp: summary.bytesUp,
      bytesDown: summary.bytesDown,
      durationMs: summary.durationMs,
      code: summary.code,
      reason: summary.reason,
      error: summary.error,
    });
  }

  /** Stops accepting, closes every session with 1001, and cuts what is left after the grace period. */
  async shutdown(): Promise<void> {
    this.#draining = true;
    const closed = new Promise<void>((resolve) => this.http.close(() => resolve()));
    this.http.closeIdleConnections();
    for (const session of this.#sessions) session.shutdown(false);
    const deadline = Date.now() + this.#config.timeouts.shutdownGraceMs;
    while (this.#sessions.size > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    for (const session of this.#sessions) session.shutdown(true);
    this.http.closeAllConnections();
    if (this.#sweepTimer !== null) clearInterval(this.#sweepTimer);
    this.#refusals.sweep();
    await closed;
    this.#wss.close();
  }
}
