import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, TLSSocket } from 'node:tls';

// Loopback stand-ins for a mail server. Each counts the connections it accepted, which is how the threat
// tests prove that a refused browser cost no upstream connection.

export interface TestUpstream {
  readonly port: number;
  /** Connections accepted so far. */
  readonly accepted: number;
  readonly sockets: Socket[];
  close(): Promise<void>;
}

export interface TlsIdentity {
  readonly key: string;
  readonly cert: string;
}

export async function startTestUpstream(
  onSocket: (socket: Socket) => void,
  options: { tls?: TlsIdentity } = {},
): Promise<TestUpstream> {
  const sockets: Socket[] = [];
  let accepted = 0;
  const handle = (socket: Socket): void => {
    accepted += 1;
    sockets.push(socket);
    socket.on('error', () => {});
    onSocket(socket);
  };
  const server: Server =
    options.tls === undefined
      ? createServer(handle)
      : createTlsServer({ key: options.tls.key, cert: options.tls.cert }, handle);
  // A failed TLS handshake (the proxy refusing the certificate) is expected in these tests.
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no address');
  return {
    port: address.port,
    get accepted() {
      return accepted;
    },
    sockets,
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

export const TEST_GREETING = '* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] test server ready\r\n';

/** Greets, then echoes every byte back: the simplest IMAP-shaped peer. */
export function greetAndEcho(greeting = TEST_GREETING): (socket: Socket) => void {
  return (socket) => {
    socket.write(greeting);
    socket.pipe(socket);
  };
}

/** Greets, then keeps every byte it receives in `received` and answers nothing. */
export function greetAndRecord(received: Buffer[]): (socket: Socket) => void {
  return (socket) => {
    socket.write(TEST_GREETING);
    socket.on('data', (chunk: Buffer) => received.push(chunk));
  };
}

export interface StarttlsScript {
  greeting?: string;
  /** Sent as the answer to STARTTLS (our tag is substituted for `{tag}`). */
  answer?: string;
  /** Answer to CAPABILITY when the greeting carries none. */
  capability?: string;
  /** Whether to actually switch to TLS after answering. */
  upgrade?: boolean;
}

/** A plaintext server that speaks STARTTLS as scripted, then echoes over TLS. */
export function starttlsServer(identity: TlsIdentity, script: StarttlsScript = {}): (socket: Socket) => void {
  const greeting = script.greeting ?? '* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] ready\r\n';
  return (socket) => {
    socket.write(greeting);
    let buffered = '';
    const onData = (chunk: Buffer): void => {
      buffered += chunk.toString('latin1');
      let end;
      while ((end = buffered.indexOf('\r\n')) !== -1) {
        const line = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const [tag = '', command = ''] = line.split(' ');
        if (command.toUpperCase() === 'CAPABILITY') {
          socket.write(script.capability ?? '* CAPABILITY IMAP4rev1 STARTTLS\r\n');
          socket.write(`${tag} OK done\r\n`);
        } else if (command.toUpperCase() === 'STARTTLS') {
          socket.removeListener('data', onData);
          socket.write((script.answer ?? '{tag} OK Begin TLS negotiation now\r\n').replaceAll('{tag}', tag));
          if (script.upgrade === false) return;
          const secure = new TLSSocket(socket, { isServer: true, key: identity.key, cert: identity.cert });
          secure.on('error', () => {});
          secure.pipe(secure);
          return;
        }
      }
    };
    socket.on('data', onData);
  };
}

export const TEST_SMTP_GREETING = '220 smtp.test ESMTP test server\r\n';
