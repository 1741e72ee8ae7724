// Node transport over TCP: plaintext, implicit TLS (port 993, RFC 8314) or plaintext upgraded by STARTTLS
// (RFC 9051 6.2.1). For tests, tools and the testbed; the browser uses websocket-transport.ts.

import net from 'node:net';
import tls from 'node:tls';
import { ConnectionError, ErrorCodes } from '../errors.ts';
import type { Transport, TransportHandlers } from '../transport.ts';

export interface TcpTransportOptions {
  readonly host: string;
  readonly port: number;
  /** 'implicit': TLS from the first byte. 'starttls' or 'none': plaintext (the client sends STARTTLS). */
  readonly tls?: 'implicit' | 'starttls' | 'none';
  /** Trusted CA certificates (PEM) instead of the system store. */
  readonly ca?: string | readonly string[];
  /** Name the certificate must match (SNI and hostname check). Default: host. */
  readonly servername?: string;
  /** Default 30,000 ms. */
  readonly connectTimeoutMs?: number;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 30_000;

function socketError(error: NodeJS.ErrnoException, phase: string): ConnectionError {
  const tlsFailure = error.code?.startsWith('ERR_TLS') || /certificate|self.signed|SSL/i.test(error.message);
  return new ConnectionError(
    tlsFailure ? ErrorCodes.TLS : ErrorCodes.TRANSPORT,
    `${phase}: ${error.message}`,
    error.code,
    { cause: error },
  );
}

export function connectTcp(options: TcpTransportOptions): Promise<Transport> {
  const mode = options.tls ?? 'implicit';
  const servername = options.servername ?? options.host;
  const ca = options.ca === undefined ? undefined : [options.ca].flat();
  const timeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;

  return new Promise<Transport>((resolve, reject) => {
    let socket: net.Socket =
      mode === 'implicit'
        ? tls.connect({
            host: options.host,
            port: options.port,
            servername,
            ...(ca ? { ca } : {}),
            minVersion: 'TLSv1.2',
          })
        : net.connect({ host: options.host, port: options.port });
    let handlers: TransportHandlers | null = null;
    const early: Uint8Array[] = [];
    let earlyClose: ConnectionError | null | undefined;
    let failure: ConnectionError | null = null;
    let connected = false;
    let secure = mode === 'implicit';

    const timer = setTimeout(() => {
      socket.destroy(new ConnectionError(ErrorCodes.TIMEOUT, `no connection within ${timeoutMs} ms`));
    }, timeoutMs);

    function onData(chunk: Buffer): void {
      const bytes = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length);
      if (handlers) handlers.data(bytes);
      else early.push(bytes);
    }
    function onError(error: Error): void {
      failure =
        error instanceof ConnectionError
          ? error
          : socketError(error, connected ? 'connection failed' : 'connect failed');
    }
    function onClose(): void {
      clearTimeout(timer);
      if (!connected)
        return reject(
          failure ?? new ConnectionError(ErrorCodes.CONNECTION_CLOSED, 'closed while connecting'),
        );
      if (handlers) handlers.close(failure);
      else earlyClose = failure;
    }
    function attach(s: net.Socket): void {
      s.on('data', onData);
      s.on('error', onError);
      s.on('close', onClose);
    }
    attach(socket);

    socket.once(mode === 'implicit' ? 'secureConnect' : 'connect', function onConnected() {
      connected = true;
      clearTimeout(timer);
      resolve(transport);
    });

    const transport: Transport = {
      get secure() {
        return secure;
      },
      requiresTls: mode !== 'none',
      get bufferedAmount() {
        return socket.writableLength;
      },
      open(h) {
        handlers = h;
        for (const bytes of early.splice(0)) h.data(bytes);
        if (earlyClose !== undefined) h.close(earlyClose);
      },
      send(bytes) {
        if (!socket.destroyed) socket.write(bytes);
      },
      close() {
        socket.end();
        socket.destroySoon();
      },
      ...(mode === 'starttls'
        ? {
            startTls(): Promise<void> {
              return new Promise<void>((resolveTls, rejectTls) => {
                const plain = socket;
                // The plaintext socket's own listeners go: from now on only the TLS layer reads it, so stray
                // plaintext can never be delivered as if it had been encrypted.
                plain.removeListener('data', onData);
                plain.removeListener('error', onError);
                plain.removeListener('close', onClose);
                const secured = tls.connect({
                  socket: plain,
                  servername,
                  ...(ca ? { ca } : {}),
                  minVersion: 'TLSv1.2',
                });
                socket = secured;
                attach(secured);
                secured.once('secureConnect', () => {
                  secure = true;
                  resolveTls();
                });
                secured.once('error', (error) => rejectTls(socketError(error, 'STARTTLS handshake failed')));
              });
            },
          }
        : {}),
    };
  });
}
