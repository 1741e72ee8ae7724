import net from 'node:net';
import tls from 'node:tls';

// A deliberately tiny IMAP client for the harness's readiness check and for tests that must see the exact
// bytes on the wire. It frames responses (lines + literals) and matches tags; it does not parse grammar.

/** One complete server response: `text` has each literal's bytes replaced by its `{n}` marker. */
export interface RawImapResponse {
  text: string;
  literals: Buffer[];
}

export interface RawImapResult {
  status: 'OK' | 'NO' | 'BAD';
  /** The tagged completion line without the tag, e.g. `OK [READ-WRITE] Select completed`. */
  completion: string;
  untagged: RawImapResponse[];
}

export interface RawImapConnectOptions {
  host?: string;
  port: number;
  /** Implicit TLS, verifying the server against `ca` for `servername` (default 'localhost'). */
  tls?: { ca: string; servername?: string };
  /** Per-wait timeout in ms; default 10 000. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const LITERAL_MARKER = /\{(\d+)\+?\}$/;
// Dovecot's imap-login sends this first when its auth process is not connected yet; the real greeting follows.
const DOVECOT_AUTH_WAIT = 'Waiting for authentication process';

interface Waiter {
  resolve: (response: RawImapResponse) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export class RawImap {
  greeting: RawImapResponse = { text: '', literals: [] };
  private socket: net.Socket | tls.TLSSocket;
  private buffer: Buffer = Buffer.alloc(0);
  private readonly queue: RawImapResponse[] = [];
  private readonly waiters: Waiter[] = [];
  private failure: Error | undefined;
  private nextTag = 1;
  private readonly timeoutMs: number;
  private readonly onData = (chunk: Buffer): void => this.receive(chunk);
  private readonly onEnd = (): void => this.fail(new Error('connection closed by server'));
  private readonly onError = (error: Error): void => this.fail(error);

  private constructor(socket: net.Socket | tls.TLSSocket, timeoutMs: number) {
    this.socket = socket;
    this.timeoutMs = timeoutMs;
    this.attach(socket);
  }

  static async connect(options: RawImapConnectOptions): Promise<RawImap> {
    const host = options.host ?? '127.0.0.1';
    const socket = await new Promise<net.Socket | tls.TLSSocket>((resolve, reject) => {
      const s = options.tls
        ? tls.connect({
            host,
            port: options.port,
            ca: options.tls.ca,
            servername: options.tls.servername ?? 'localhost',
          })
        : net.connect({ host, port: options.port });
      const ready = options.tls ? 'secureConnect' : 'connect';
      s.once(ready, () => {
        s.off('error', reject);
        resolve(s);
      });
      s.once('error', reject);
    });
    const client = new RawImap(socket, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    let greeting = await client.next();
    while (greeting.text.startsWith('* OK') && greeting.text.includes(DOVECOT_AUTH_WAIT))
      greeting = await client.next();
    client.greeting = greeting;
    return client;
  }

  /** The underlying socket, e.g. to inspect the peer certificate after STARTTLS. */
  get transport(): net.Socket | tls.TLSSocket {
    return this.socket;
  }

  /** Sends `<tag> <command>\r\n` and collects responses up to the tagged completion. */
  async command(command: string | Buffer): Promise<RawImapResult> {
    const tag = `T${this.nextTag++}`;
    this.write(Buffer.concat([Buffer.from(`${tag} `), Buffer.from(command), Buffer.from('\r\n')]));
    const untagged: RawImapResponse[] = [];
    for (;;) {
      const response = await this.next();
      if (!response.text.startsWith(`${tag} `)) {
        untagged.push(response);
        continue;
      }
      const completion = response.text.slice(tag.length + 1);
      const status = completion.split(' ', 1)[0];
      if (status !== 'OK' && status !== 'NO' && status !== 'BAD')
        throw new Error(`bad tagged status: ${completion}`);
      return { status, completion, untagged };
    }
  }

  /** Like command() but throws unless the server answers OK. */
  async ok(command: string | Buffer): Promise<RawImapResult> {
    const result = await this.command(command);
    if (result.status !== 'OK')
      throw new Error(`${String(command).split(' ')[0]} failed: ${result.completion}`);
    return result;
  }

  /** Writes raw bytes (continuations, IDLE's DONE). */
  write(bytes: string | Buffer): void {
    this.socket.write(bytes);
  }

  /** Reads responses until one satisfies `match`; the ones before it are dropped. */
  async waitFor(
    match: (response: RawImapResponse) => boolean,
    timeoutMs = this.timeoutMs,
  ): Promise<RawImapResponse> {
    for (;;) {
      const response = await this.next(timeoutMs);
      if (match(response)) return response;
    }
  }

  /** The next complete response from the server. */
  next(timeoutMs = this.timeoutMs): Promise<RawImapResponse> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          reject(new Error(`no IMAP response within ${timeoutMs} ms`));
        }, timeoutMs),
      };
      this.waiters.push(waiter);
    });
  }

  /** STARTTLS (RFC 3501 §6.2.1), then TLS on the same socket verified against `ca` for `servername`. */
  async startTls(options: { ca: string; servername?: string }): Promise<tls.TLSSocket> {
    await this.ok('STARTTLS');
    const plain = this.socket;
    this.detach(plain);
    const secure = await new Promise<tls.TLSSocket>((resolve, reject) => {
      const s = tls.connect({ socket: plain, ca: options.ca, servername: options.servername ?? 'localhost' });
      s.once('secureConnect', () => {
        s.off('error', reject);
        resolve(s);
      });
      s.once('error', reject);
    });
    this.socket = secure;
    this.attach(secure);
    return secure;
  }

  close(): void {
    this.detach(this.socket);
    this.socket.destroy();
    this.fail(new Error('connection closed by client'));
  }

  private attach(socket: net.Socket): void {
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('error', this.onError);
  }

  private detach(socket: net.Socket): void {
    socket.off('data', this.onData);
    socket.off('end', this.onEnd);
    socket.off('error', this.onError);
  }

  private receive(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (let response = this.frame(); response; response = this.frame()) {
      const waiter = this.waiters.shift();
      if (waiter) {
        clearTimeout(waiter.timer);
        waiter.resolve(response);
      } else {
        this.queue.push(response);
      }
    }
  }

  /** Cuts one complete response (lines joined by their literals) off the buffer, or returns undefined. */
  private frame(): RawImapResponse | undefined {
    let offset = 0;
    let text = '';
    const literals: Buffer[] = [];
    for (;;) {
      const eol = this.buffer.indexOf('\r\n', offset);
      if (eol < 0) return undefined;
      const line = this.buffer.toString('utf8', offset, eol);
      text += line;
      const marker = LITERAL_MARKER.exec(line);
      if (!marker) {
        this.buffer = this.buffer.subarray(eol + 2);
        return { text, literals };
      }
      const size = Number(marker[1]);
      const start = eol + 2;
      if (this.buffer.length < start + size) return undefined;
      literals.push(Buffer.from(this.buffer.subarray(start, start + size)));
      offset = start + size;
    }
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiter of this.waiters.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.reject(this.failure);
    }
  }
}

/** IMAP quoted string (RFC 3501 §4.3) for ASCII arguments such as user names and passwords. */
export function quoted(value: string): string {
  if (/[\r\n]/.test(value)) throw new Error('a quoted string cannot hold CR or LF');
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
