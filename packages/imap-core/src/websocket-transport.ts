// Browser transport: raw protocol bytes in binary WebSocket frames to the proxy at /imap/<upstream-name> (or
// /smtp/<upstream-name> for smtp-core; the paths and close codes are @webmail/relay-contract's). The proxy has
// done TLS and STARTTLS before the first byte we get, so this transport has no startTls. When the proxy cannot
// reach the mail server or loses it, it closes the WebSocket with a code in 4000-4999; those become
// ConnectionErrors with words a user can act on.
//
// No DOM lib types: the few WebSocket members used are declared here.

import { CLOSE_MEANINGS, type CloseKind } from '@webmail/relay-contract';
import { ConnectionError, ErrorCodes } from './errors.ts';
import type { ErrorCode } from './errors.ts';
import type { Transport, TransportHandlers } from './transport.ts';

interface MessageEventLike {
  readonly data: unknown;
}
interface CloseEventLike {
  readonly code: number;
  readonly reason: string;
}

/** The members of the WHATWG WebSocket this transport uses. */
export interface WebSocketLike {
  binaryType: string;
  readonly readyState: number;
  readonly bufferedAmount: number;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: MessageEventLike) => void): void;
  addEventListener(type: 'close', listener: (event: CloseEventLike) => void): void;
  addEventListener(type: 'error', listener: () => void): void;
}

export type WebSocketConstructor = new (url: string) => WebSocketLike;

const ERROR_OF_KIND: Readonly<Record<CloseKind, ErrorCode>> = {
  closed: ErrorCodes.CONNECTION_CLOSED,
  timeout: ErrorCodes.TIMEOUT,
  tls: ErrorCodes.TLS,
  transport: ErrorCodes.TRANSPORT,
};

/** The proxy's close codes (relay-contract's CLOSE_MEANINGS), each with this core's error code and words. */
export const PROXY_CLOSE_CODES: ReadonlyMap<number, { readonly code: ErrorCode; readonly message: string }> =
  new Map(
    [...CLOSE_MEANINGS].map(([closeCode, { kind, words }]) => [
      closeCode,
      { code: ERROR_OF_KIND[kind], message: words },
    ]),
  );

/** The error for a WebSocket close, or null for a normal close (1000, or 1005 "no status"). */
export function closeError(code: number, reason: string): ConnectionError | null {
  if (code === 1000 || code === 1005) return null;
  const known = PROXY_CLOSE_CODES.get(code);
  const detail = reason ? ` (${reason})` : '';
  if (known) return new ConnectionError(known.code, `${known.message}${detail}`, code);
  if (code >= 4000 && code <= 4999) {
    return new ConnectionError(
      ErrorCodes.TRANSPORT,
      `the proxy closed the connection with code ${code}${detail}`,
      code,
    );
  }
  return new ConnectionError(
    ErrorCodes.CONNECTION_CLOSED,
    `the WebSocket closed with code ${code}${detail}`,
    code,
  );
}

/** Kept here for the existing public API; it is relay-contract's. */
export { imapWebSocketUrl } from '@webmail/relay-contract';

const OPEN = 1;

/** Opens the WebSocket; resolves once it is open, rejects with a ConnectionError if it closes first. */
export function connectWebSocket(
  url: string,
  options: { readonly WebSocket?: WebSocketConstructor } = {},
): Promise<Transport> {
  const Ctor = options.WebSocket ?? (globalThis as unknown as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (Ctor === undefined) {
    return Promise.reject(new ConnectionError(ErrorCodes.TRANSPORT, 'this environment has no WebSocket'));
  }
  const socket = new Ctor(url);
  socket.binaryType = 'arraybuffer';
  return new Promise<Transport>((resolve, reject) => {
    let opened = false;
    let handlers: TransportHandlers | null = null;
    let ended = false;
    const early: Uint8Array[] = [];
    let earlyClose: ConnectionError | null | undefined;

    const finish = (error: ConnectionError | null): void => {
      if (ended) return;
      ended = true;
      if (!opened) reject(error ?? new ConnectionError(ErrorCodes.CONNECTION_CLOSED, 'the WebSocket closed'));
      else if (handlers) handlers.close(error);
      else earlyClose = error;
    };

    socket.addEventListener('message', function onMessage(event) {
      const bytes = toBytes(event.data);
      if (bytes === null)
        return finish(new ConnectionError(ErrorCodes.TRANSPORT, 'the proxy sent a text frame'));
      if (handlers) handlers.data(bytes);
      else early.push(bytes);
    });
    socket.addEventListener('close', function onClose(event) {
      finish(closeError(event.code, event.reason));
    });
    socket.addEventListener('error', function onError() {
      // An 'error' is always followed by 'close', which carries the code; nothing to do here.
    });
    socket.addEventListener('open', function onOpen() {
      opened = true;
      resolve({
        secure: url.startsWith('wss:'),
        get bufferedAmount() {
          return socket.bufferedAmount;
        },
        open(h) {
          handlers = h;
          for (const bytes of early.splice(0)) h.data(bytes);
          if (earlyClose !== undefined) h.close(earlyClose);
        },
        send(bytes) {
          if (socket.readyState === OPEN) socket.send(bytes);
        },
        close() {
          socket.close(1000, 'logout');
        },
      });
    });
  });
}

function toBytes(data: unknown): Uint8Array | null {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (data instanceof Uint8Array) return data;
  return null;
}
