import net from 'node:net';
import tls from 'node:tls';

// A deliberately tiny SMTP client for the harness's readiness check and for tests that must see the exact
// replies: it frames replies (RFC 5321 §4.2: `code-text` lines, then `code text`) and nothing else. The
// real client is @webmail/smtp-core; this one must stay independent of it.

export interface RawSmtpReply {
  code: number;
  /** Text of each line after the code and separator, e.g. ['mx.webmail.test', 'PIPELINING', 'SIZE 1000']. */
  lines: string[];
  /** The lines joined with '\n'. */
  text: string;
}

export interface RawSmtpConnectOptions {
  host?: string;
  port: number;
  /** Implicit TLS (RFC 8314), verifying the server against `ca` for `servername` (default 'localhost'). */
  tls?: { ca: string; servername?: string };
  /** Per-reply timeout in ms; default 10 000. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const REPLY_LINE = /^(\d{3})([ -])(.*)$/;

interface Waiter {
  resolve: (reply: RawSmtpReply) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export class RawSmtp {
  greeting: RawSmtpReply = { code: 0, lines: [], text: '' };
  private socket: net.Socket | tls.TLSSocket;
  private buffer = '';
  private pending: string[] = [];
  private readonly queue: RawSmtpReply[] = [];
  private readonly waiters: Waiter[] = [];
  private failure: Error | undefined;
  private readonly timeoutMs: number;
  private readonly onData = (chunk: Buffer): void => this.receive(chunk);
  private readonly onEnd = (): void => this.fail(new Error('connection closed by server'));
  private readonly onError = (error: Error): void => this.fail(error);

  private constructor(socket: net.Socket | tls.TLSSocket, timeoutMs: number) {
    this.socket = socket;
    this.timeoutMs = timeoutMs;
    this.attach(socket);
  }

  static async connect(options: RawSmtpConnectOptions): Promise<RawSmtp> {
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
      s.once(options.tls ? 'secureConnect' : 'connect', () => {
        s.off('error', reject);
        resolve(s);
      });
      s.once('error', reject);
    });
    const client = new RawSmtp(socket, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    try {
      client.greeting = await client.next();
    } catch (error) {
      client.close();
      throw error;
    }
    return client;
  }

  /** The underlying socket, e.g. to inspect the peer certificate. */
  get transport(): net.Socket | tls.TLSSocket {
    return this.socket;
  }

  /** Sends one command line (CRLF added) and reads its reply. */
  async command(line: string): Promise<RawSmtpReply> {
    this.write(`${line}\r\n`);
    return this.next();
  }

  /** EHLO; returns the keywords (upper case) with their parameters: 'SIZE' -> '10240000'. */
  async ehlo(name = '[127.0.0.1]'): Promise<Map<string, string>> {
    const reply = await this.command(`EHLO ${name}`);
    if (reply.code !== 250) throw new Error(`EHLO failed: ${reply.code} ${reply.text}`);
    const keywords = new Map<string, string>();
    for (const line of reply.lines.slice(1)) {
      const [keyword = '', ...rest] = line.split(' ');
      keywords.set(keyword.toUpperCase(), rest.join(' '));
    }
    return keywords;
  }

  /** AUTH PLAIN with an initial response (RFC 4954, RFC 4616). */
  authPlain(username: string, password: string): Promise<RawSmtpReply> {
    const token = Buffer.from(`\0${username}\0${password}`, 'utf8').toString('base64');
    return this.command(`AUTH PLAIN ${token}`);
  }

  /**
   * DATA, then the message (dot-stuffed here, RFC 5321 §4.5.2) and the final dot. Returns the reply to DATA
   * when it is not 354, else the reply to the final dot.
   */
  async data(message: Uint8Array | string): Promise<RawSmtpReply> {
    const start = await this.command('DATA');
    if (start.code !== 354) return start;
    const bytes = Buffer.from(message);
    const text = bytes.toString('latin1');
    const stuffed = Buffer.from(text.replace(/^\./, '..').replace(/\r\n\./g, '\r\n..'), 'latin1');
    const ending = text.endsWith('\r\n') || text === '' ? '.\r\n' : '\r\n.\r\n';
    this.write(Buffer.concat([stuffed, Buffer.from(ending)]));
    return this.next();
  }

  /** Writes raw bytes. */
  write(bytes: string | Uint8Array): void {
    this.socket.write(bytes);
  }

  /** The next complete reply from the server. */
  next(timeoutMs = this.timeoutMs): Promise<RawSmtpReply> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          reject(new Error(`no SMTP reply within ${timeoutMs} ms`));
        }, timeoutMs),
      };
      this.waiters.push(waiter);
    });
  }

  /** STARTTLS (RFC 3207), then TLS on the same socket verified against `ca` for `servername`. */
  async startTls(options: { ca: string; servername?: string }): Promise<tls.TLSSocket> {
    const reply = await this.command('STARTTLS');
    if (reply.code !== 220) throw new Error(`STARTTLS failed: ${reply.code} ${reply.text}`);
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
    // Replies are text; UTF-8 can appear in them (RFC 6531 §3.7.4) and is decoded whole per line.
    this.buffer += chunk.toString('latin1');
    for (let eol = this.buffer.indexOf('\r\n'); eol >= 0; eol = this.buffer.indexOf('\r\n')) {
      const line = Buffer.from(this.buffer.slice(0, eol), 'latin1').toString('utf8');
      this.buffer = this.buffer.slice(eol + 2);
      const match = REPLY_LINE.exec(line);
      if (!match) {
        this.fail(new Error(`malformed SMTP reply line: ${JSON.stringify(line)}`));
        return;
      }
      this.pending.push(match[3] ?? '');
      if (match[2] === ' ') this.deliver({ code: Number(match[1]), lines: this.pending, text: '' });
    }
  }

  private deliver(reply: RawSmtpReply): void {
    this.pending = [];
    reply.text = reply.lines.join('\n');
    const waiter = this.waiters.shift();
    if (waiter) {
      clearTimeout(waiter.timer);
      waiter.resolve(reply);
    } else {
      this.queue.push(reply);
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
