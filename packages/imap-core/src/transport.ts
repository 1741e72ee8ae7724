// The byte pipe under a client: a browser WebSocket to the proxy (websocket-transport.ts) or a Node TCP/TLS
// socket (node/tcp-transport.ts). Transports know nothing of IMAP; the session knows nothing of sockets.

import type { ConnectionError } from './errors.ts';

export interface TransportHandlers {
  /** Bytes from the server, in order. The transport hands over each buffer and never touches it again. */
  data(bytes: Uint8Array): void;
  /** The connection ended: null when it closed normally, else why. Called once. */
  close(error: ConnectionError | null): void;
}

export interface Transport {
  /** Starts delivering to `handlers` (bytes that arrived earlier are delivered first). Called once. */
  open(handlers: TransportHandlers): void;
  send(bytes: Uint8Array): void;
  /** Closes the connection; handlers.close(null) follows. */
  close(): void;
  /**
   * Upgrades the connection to TLS in place after a STARTTLS OK (RFC 9051 6.2.1). Absent when the transport
   * cannot (the browser's WebSocket: the proxy does STARTTLS itself, before the first byte reaches us).
   */
  startTls?(): Promise<void>;
  /** Whether the bytes travel encrypted to the server (or to a proxy that encrypts them onward). */
  readonly secure: boolean;
  /**
   * The transport was configured to be encrypted (TLS from the start, or STARTTLS): the client refuses any
   * session over it that is not `secure` by the time it is handed out, whatever the server's greeting (a
   * PREAUTH greeting would otherwise run the whole session in plaintext). Absent: false.
   */
  readonly requiresTls?: boolean;
  /**
   * Bytes given to send() and not yet handed to the network, when the transport can tell. The response
   * watchdog treats a shrinking amount as progress, so a slow upload is not taken for a hung server.
   */
  readonly bufferedAmount?: number;
}

/** Timers, passed in so that the core needs no DOM or Node types and tests can drive time. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

interface GlobalTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The host's timers (every browser and Node has them; the ES2022 lib does not declare them). */
export function defaultTimers(): Timers {
  const host = globalThis as unknown as GlobalTimers;
  return {
    setTimeout: (callback, ms) => host.setTimeout(callback, ms),
    clearTimeout: (handle) => host.clearTimeout(handle),
  };
}
