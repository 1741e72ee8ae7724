import type { Socket } from 'node:net';
import type { RawData, WebSocket } from 'ws';
import { CloseCode, type RelayProtocol } from '@webmail/relay-contract';
import type { Upstream } from './config.ts';
import { BrowserFrameWriter } from './binary-frame.ts';
import { ProxyError, ProxyErrorCode } from './errors.ts';
import {
  classifySocketError,
  connectUpstream,
  READ_BUFFER_BYTES,
  type ConnectOptions,
  type UpstreamConnection,
  type UpstreamTarget,
} from './upstream.ts';

// One browser session: a WebSocket on one side, the upstream TCP/TLS socket on the other (the IMAP server,
// or for /smtp/ the submission server), bytes copied both ways with backpressure. Browser input stays paused
// until the upstream is ready, so nothing the browser sends can reach the server before TLS/STARTTLS is done.
// Payload bytes are only counted; the relay never reads them.

export interface SessionSettings {
  /** Bytes queued toward one side before the other side stops being read. */
  readonly highWaterMarkBytes: number;
  readonly connect: ConnectOptions;
}

export interface SessionSummary {
  readonly id: string;
  readonly upstream: string;
  readonly protocol: RelayProtocol;
  readonly clientIp: string;
  readonly bytesUp: number;
  readonly bytesDown: number;
  readonly durationMs: number;
  readonly code: number;
  readonly reason: string;
  readonly error: string | null;
}

/**
 * Frames toward browsers, for every session of this process. Never compressed: perMessageDeflate is
 * off, and compressing attacker-influenced data next to secrets invites CRIME-style leaks.
 */
const browserFrames = new BrowserFrameWriter(READ_BUFFER_BYTES);
/** What `ws.ping()` without a payload writes: a 2-byte frame header (RFC 6455 §5.2, unmasked). */
const PING_FRAME_BYTES = 2;
/**
 * Bytes handed to the socket's handle that the kernel has not taken yet: libuv's write queue, which
 * Node's own socket timeouts watch to see a large write progressing (`_handle` is not in the typings).
 */
function unsentBytes(socket: Socket): number {
  return (socket as unknown as { _handle?: { writeQueueSize?: number } | null })._handle?.writeQueueSize ?? 0;
}

const EMPTY = Buffer.alloc(0);

/** RFC 6455 §7.4.1: what ws closes with for the errors it finds in the browser's frames. */
const WS_PROTOCOL_ERROR = 1002;
const WS_ERROR_CLOSE_CODES = new Map<string, number>([
  ['WS_ERR_UNSUPPORTED_MESSAGE_LENGTH', CloseCode.messageTooBig],
  ['WS_ERR_TOO_MANY_BUFFERED_PARTS', CloseCode.policyViolation],
  ['WS_ERR_INVALID_UTF8', 1007],
]);

/** After the browser is gone, how long the upstream gets to take our last bytes and FIN. */
const UPSTREAM_LINGER_MS = 2_000;

export class RelaySession {
  readonly id: string;
  readonly upstream: Upstream;
  readonly protocol: RelayProtocol;
  readonly clientIp: string;
  readonly #ws: WebSocket;
  readonly #browserSocket: Socket;
  readonly #settings: SessionSettings;
  readonly #onEnd: (summary: SessionSummary) => void;
  readonly #startedAt = Date.now();
  #socket: Socket | null = null;
  #cancelConnect: (() => void) | null;
  #bytesUp = 0;
  #bytesDown = 0;
  #lastActivity = this.#startedAt;
  /** Bytes moved since the last sweep: the sweep turns it into #lastActivity (no clock read per chunk). */
  #movedSinceSweep = false;
  #answeredPing = true;
  /** When the ping now waiting for its pong was sent. */
  #pingSentAt = 0;
  /** Bytes of completed writes toward the browser at the last sweep. */
  #sentToBrowser = 0;
  /** Bytes read from the browser socket at the last sweep. */
  #receivedFromBrowser = 0;
  /** Bytes of the write in flight the kernel had not taken yet, at the last sweep. */
  #unsentToBrowser = 0;
  #corked = false;
  #closeCode: number = CloseCode.internalError;
  #closeReason = '';
  #error: string | null = null;
  #ended = false;

  constructor(
    id: string,
    ws: WebSocket,
    browserSocket: Socket,
    target: UpstreamTarget,
    clientIp: string,
    settings: SessionSettings,
    onEnd: (summary: SessionSummary) => void,
  ) {
    this.id = id;
    this.#ws = ws;
    this.#browserSocket = browserSocket;
    this.upstream = target.upstream;
    this.protocol = target.protocol;
    this.clientIp = clientIp;
    this.#settings = settings;
    this.#onEnd = onEnd;
    ws.pause();
    // Frame boundaries mean nothing to the relay: a fragmented message is forwarded piece by piece
    // instead of being joined into one more copy of up to maxPayloadBytes.
    ws.binaryType = 'fragments';
    ws.on('message', (data, isBinary) => this.#onBrowserMessage(data, isBinary));
    ws.on('close', (code, reason) => this.#onBrowserClose(code, reason));
    ws.on('error', (error) => this.#onBrowserError(error));
    ws.on('pong', () => {
      this.#answeredPing = true;
    });
    browserSocket.on('drain', () => this.#socket?.resume());
    this.#cancelConnect = connectUpstream(
      target,
      settings.connect,
      (chunk) => this.#onUpstreamData(chunk),
      (outcome) => this.#onUpstreamReady(outcome),
    );
  }

  #onUpstreamReady(outcome: ProxyError | UpstreamConnection): void {
    this.#cancelConnect = null;
    if (outcome instanceof ProxyError) {
      this.#error = outcome.code;
      const [code, reason] = outcome.close;
      this.closeBrowser(code, reason);
      return;
    }
    if (this.#ws.readyState !== this.#ws.OPEN) {
      outcome.socket.destroy();
      return;
    }
    const socket = outcome.socket;
    this.#socket = socket;
    socket.on('drain', () => this.#ws.resume());
    socket.on('error', (error) => this.#noteError(classifySocketError(error, 'tcp')));
    socket.on('end', () => this.#onUpstreamEnd(socket, outcome.tcp));
    socket.on('close', () => this.#onUpstreamClose());
    if (outcome.greeting !== null) this.#onUpstreamData(outcome.greeting);
    this.#ws.resume();
  }

  /** `chunk` may be a view into the shared read buffer: it is copied into the frame before returning. */
  #onUpstreamData(chunk: Buffer): void {
    this.#bytesDown += chunk.length;
    this.#movedSinceSweep = true;
    // After our close frame nothing else may be sent (ws.send would drop it too).
    if (this.#ws.readyState !== this.#ws.OPEN) return;
    browserFrames.write(this.#browserSocket, chunk);
    // Stop reading the server while the browser is behind; the browser socket's 'drain' resumes it.
    // Meanwhile the kernel holds what the server sends, and the first read after it takes all of it
    // (up to READ_BUFFER_BYTES) into one frame.
    if (this.#browserSocket.writableLength > this.#settings.highWaterMarkBytes) this.#socket?.pause();
  }

  #onBrowserMessage(data: RawData, isBinary: boolean): void {
    if (!isBinary) {
      this.closeBrowser(CloseCode.unsupportedData, 'binary frames only');
      return;
    }
    // Any frame proves the browser alive; its pong may be queued behind a backlog of these.
    this.#answeredPing = true;
    const socket = this.#socket;
    // binaryType 'fragments': a message comes as the payloads of its frames, never joined into a copy.
    const pieces = data as Buffer[];
    if (socket === null || this.#ended) return;
    let length = 0;
    for (const piece of pieces) length += piece.length;
    if (length === 0) return;
    this.#bytesUp += length;
    this.#movedSinceSweep = true;
    // Frames parsed from one TCP read arrive in one tick; corking until the tick ends turns a flood of
    // tiny frames into one write instead of one syscall each.
    if (!this.#corked) {
      this.#corked = true;
      socket.cork();
      process.nextTick(this.#uncorkUpstream);
    }
    for (const piece of pieces) socket.write(piece);
    // Stop reading the browser while the server is behind; the upstream's 'drain' resumes it.
    if (socket.writableLength > this.#settings.highWaterMarkBytes) this.#ws.pause();
  }

  readonly #uncorkUpstream = (): void => {
    this.#corked = false;
    this.#socket?.uncork();
  };

  /**
   * ws found the browser breaking the protocol or a limit and closes with a code of its own; the session
   * is logged with that code (the close handshake that follows often ends in 1006).
   */
  #onBrowserError(error: Error): void {
    this.#noteError(error);
    if (this.#ended) return;
    this.#ended = true;
    const code = (error as { code?: string }).code ?? '';
    this.#closeCode = WS_ERROR_CLOSE_CODES.get(code) ?? WS_PROTOCOL_ERROR;
    this.#closeReason = error.message;
  }

  #noteError(error: Error): void {
    this.#error ??=
      error instanceof ProxyError ? error.code : ((error as { code?: string }).code ?? error.message);
  }

  /**
   * The server's side ended: a FIN, or an RST that libuv reported as end of stream (it takes the hang-up
   * for EOF when the reset arrives behind data in one read). A zero-length write tells them apart: on a reset
   * connection the kernel refuses it (ECONNRESET/EPIPE), on a half-closed one it sends nothing. Then our side
   * ends too, and 'close' decides between 4013 and 4014 by whether an error was noted.
   */
  #onUpstreamEnd(socket: Socket, tcp: Socket): void {
    if (tcp.destroyed) return;
    tcp.write(EMPTY, (error) => {
      if (error) this.#noteError(classifySocketError(error, 'tcp'));
      socket.end();
    });
  }

  #onUpstreamClose(): void {
    if (this.#ended) return;
    const error = this.#error;
    const reset = error !== null && error !== ProxyErrorCode.upstreamClosed;
    if (reset) this.closeBrowser(CloseCode.upstreamReset, 'upstream reset');
    else this.closeBrowser(CloseCode.upstreamClosed, 'upstream closed');
  }

  #onBrowserClose(code: number, reason: Buffer): void {
    if (!this.#ended) {
      this.#closeCode = code;
      this.#closeReason = reason.toString('utf8');
    }
    this.#ended = true;
    this.#cancelConnect?.();
    const socket = this.#socket;
    if (socket !== null && !socket.destroyed) {
      // Let the server take what the browser sent last (often LOGOUT), then cut it loose.
      socket.end();
      setTimeout(() => socket.destroy(), UPSTREAM_LINGER_MS).unref();
    }
    this.#onEnd({
      id: this.id,
      upstream: this.upstream.name,
      protocol: this.protocol,
      clientIp: this.clientIp,
      bytesUp: this.#bytesUp,
      bytesDown: this.#bytesDown,
      durationMs: Date.now() - this.#startedAt,
      code: this.#closeCode,
      reason: this.#closeReason,
      error: this.#error,
    });
  }

  /** Ends the session with a close code the browser can act on; the upstream follows. */
  closeBrowser(code: number, reason: string): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#closeCode = code;
    this.#closeReason = reason;
    this.#socket?.pause();
    this.#ws.close(code, reason);
    // Read on, or the browser's answering close frame is never seen and the close waits for its timeout.
    this.#ws.resume();
  }

  /**
   * Called by the periodic sweep: drops browsers that stopped answering pings and idle sessions.
   * `pongDeadlineMs`: the longest a ping may wait for its pong while the browser is still taking bytes.
   */
  sweep(now: number, idleMs: number, pongDeadlineMs: number): void {
    if (this.#ended) return;
    if (this.#movedSinceSweep) {
      this.#movedSinceSweep = false;
      this.#lastActivity = now;
    }
    if (now - this.#lastActivity >= idleMs) {
      this.closeBrowser(CloseCode.idleTimeout, 'idle timeout');
      return;
    }
    // While browser input is paused (upstream setup, or a server that is not reading) pongs cannot be
    // read either, so a missing pong would prove nothing: skip the heartbeat, and start afresh once
    // reading resumes.
    if (this.#ws.isPaused) {
      this.#answeredPing = true;
      return;
    }
    // Progress toward the browser since the last sweep: writes completed (beyond our own ping), or the
    // kernel taking part of the write in flight, which may be one large writev of everything queued.
    const sent = this.#browserSocket.bytesWritten - this.#browserSocket.writableLength;
    const unsent = unsentBytes(this.#browserSocket);
    const progressed = sent - this.#sentToBrowser > PING_FRAME_BYTES || unsent !== this.#unsentToBrowser;
    this.#sentToBrowser = sent;
    this.#unsentToBrowser = unsent;
    // Bytes from the browser prove it alive as a pong does (its pong may wait behind them): a frame can take
    // longer than an interval to arrive whole while the server is slow to take what the browser sends.
    const received = this.#browserSocket.bytesRead;
    if (received !== this.#receivedFromBrowser) {
      this.#receivedFromBrowser = received;
      this.#answeredPing = true;
    }
    if (!this.#answeredPing) {
      // A pong may wait behind megabytes queued toward a slow link (our queue, both kernels' buffers), so a
      // browser still taking bytes gets more time, but not forever: a frozen browser whose kernel keeps
      // accepting a chatty server's bytes once stayed more than ten minutes. Without progress one interval
      // is enough; with it, pongDeadlineMs.
      if (!progressed || now - this.#pingSentAt >= pongDeadlineMs) this.#dropUnanswering();
      return;
    }
    this.#answeredPing = false;
    this.#pingSentAt = now;
    this.#ws.ping();
  }

  #dropUnanswering(): void {
    this.#ended = true;
    this.#closeCode = CloseCode.heartbeatTimeout;
    this.#closeReason = 'no pong';
    this.#ws.terminate();
  }

  /** Ends the session for a shutdown (1001), or cuts it when the grace period is over. */
  shutdown(force: boolean): void {
    if (force) {
      this.#ended = true;
      this.#ws.terminate();
      this.#socket?.destroy();
      return;
    }
    this.closeBrowser(CloseCode.goingAway, 'server shutting down');
  }
}
