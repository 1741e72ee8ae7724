import { ProxyError, ProxyErrorCode } from './errors.ts';
import { MAX_LINE_BYTES, type StarttlsStep } from './starttls.ts';

// The proxy's side of SMTP STARTTLS (RFC 3207), sans-I/O like the IMAP one (starttls.ts): feed it the
// submission server's bytes, send what it asks, until it says the socket may be upgraded. It reads replies
// (RFC 5321 §4.2: `250-` continues, `250 ` ends; every line of one reply has the same code) and nothing else:
// - the greeting must be 220 (a 554 or 421 greeting refuses service);
// - our EHLO must be answered 250 and list STARTTLS (RFC 3207 §4);
// - STARTTLS must be answered 220, and nothing may follow that reply in the same read: those bytes were written
//   before TLS and would be taken for the server's first protected ones (CVE-2011-0411, the same injection class
//   as IMAP's). Nor may anything follow the greeting or the EHLO reply: the server speaks only when asked.
// Nothing of the plaintext phase reaches the browser: it gets FIXED_GREETING and starts afresh with EHLO over TLS,
// so capabilities seen before TLS are discarded (RFC 3207 §4.2).

/** Lines of the greeting and EHLO reply: a generous bound (Postfix sends about a dozen). */
const MAX_LINES = 64;
const REPLY_LINE = /^([2-5][0-9][0-9])(?:([ -])(.*))?$/s;

/** What the browser receives as the greeting once the proxy has done STARTTLS. */
export function smtpGreetingForBrowser(upstreamName: string): Buffer {
  return Buffer.from(`220 ${upstreamName} ESMTP ready (TLS by the relay)\r\n`, 'latin1');
}

interface Reply {
  readonly code: number;
  /** Text of every line after the first (EHLO keywords). */
  readonly rest: readonly string[];
}

type Phase = 'greeting' | 'ehlo' | 'starttls' | 'done';

function fail(code: ProxyErrorCode, message: string): ProxyError {
  return new ProxyError(code, `SMTP STARTTLS: ${message}`);
}

function offersStarttls(reply: Reply): boolean {
  return reply.rest.some((line) => line.trim().split(/\s+/, 1)[0]?.toUpperCase() === 'STARTTLS');
}

export class SmtpStarttlsNegotiation {
  readonly #upstreamName: string;
  readonly #ehloName: string;
  #phase: Phase = 'greeting';
  #pending: Buffer = Buffer.alloc(0);
  #lines = 0;
  /** The reply being read: its code (from its first line) and the lines after it. */
  #code: number | null = null;
  #rest: string[] = [];

  /** `ehloName`: a domain or an address literal, already validated (RFC 5321 §4.1.1.1). */
  constructor(upstreamName: string, ehloName: string) {
    this.#upstreamName = upstreamName;
    this.#ehloName = ehloName;
  }

  /** Feeds server bytes; returns what to do next, or null when more bytes are needed. */
  receive(chunk: Buffer): StarttlsStep {
    if (this.#phase === 'done')
      throw fail(ProxyErrorCode.starttlsInjection, 'bytes after the STARTTLS reply');
    this.#pending = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    for (;;) {
      const end = this.#pending.indexOf('\r\n');
      if (end === -1) {
        if (this.#pending.length > MAX_LINE_BYTES)
          throw fail(ProxyErrorCode.upstreamProtocol, 'line too long');
        return null;
      }
      if (end > MAX_LINE_BYTES) throw fail(ProxyErrorCode.upstreamProtocol, 'line too long');
      if (++this.#lines > MAX_LINES) throw fail(ProxyErrorCode.upstreamProtocol, 'too many lines before TLS');
      const line = this.#pending.subarray(0, end).toString('latin1');
      this.#pending = this.#pending.subarray(end + 2);
      const reply = this.#onLine(line);
      if (reply === null) continue;
      // The server must wait for our command (or, after STARTTLS, for the TLS handshake): anything already
      // behind the reply we act on was not asked for.
      if (this.#pending.length > 0)
        throw fail(ProxyErrorCode.starttlsInjection, 'unsolicited bytes before TLS');
      return this.#onReply(reply);
    }
  }

  /** Collects one line; returns the reply once its last line is in. */
  #onLine(line: string): Reply | null {
    const match = REPLY_LINE.exec(line);
    if (match === null) throw fail(ProxyErrorCode.upstreamProtocol, 'a line that is not an SMTP reply');
    const code = Number(match[1]);
    if (this.#code === null) this.#code = code;
    else {
      if (code !== this.#code)
        throw fail(ProxyErrorCode.upstreamProtocol, 'a reply whose lines disagree on the code');
      this.#rest.push(match[3] ?? '');
    }
    if (match[2] === '-') return null;
    const reply = { code: this.#code, rest: this.#rest };
    this.#code = null;
    this.#rest = [];
    return reply;
  }

  #onReply(reply: Reply): StarttlsStep {
    switch (this.#phase) {
      case 'greeting':
        if (reply.code !== 220) {
          throw fail(ProxyErrorCode.upstreamProtocol, `server greeted with ${reply.code}`);
        }
        this.#phase = 'ehlo';
        return { send: `EHLO ${this.#ehloName}\r\n` };
      case 'ehlo':
        if (reply.code !== 250)
          throw fail(ProxyErrorCode.upstreamProtocol, `server answered EHLO with ${reply.code}`);
        if (!offersStarttls(reply))
          throw fail(ProxyErrorCode.starttlsUnsupported, 'server does not offer it');
        this.#phase = 'starttls';
        return { send: 'STARTTLS\r\n' };
      case 'starttls':
        if (reply.code !== 220) throw fail(ProxyErrorCode.starttlsRejected, `server answered ${reply.code}`);
        this.#phase = 'done';
        return { upgrade: true, greeting: smtpGreetingForBrowser(this.#upstreamName) };
      case 'done':
        throw fail(ProxyErrorCode.starttlsInjection, 'bytes after the STARTTLS reply');
    }
  }
}
