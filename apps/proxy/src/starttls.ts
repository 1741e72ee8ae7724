import { ProxyError, ProxyErrorCode } from './errors.ts';

// The proxy's side of STARTTLS (RFC 9051 §6.2.1, RFC 3501 §6.2.1), sans-I/O: feed it the bytes the
// server sent, send what it asks, until it says the socket may be upgraded. It is deliberately strict,
// because a man in the middle can write into the plaintext phase:
// - PREAUTH means the server logged us in before TLS: refused (RFC 2595 §3.1 "STARTTLS after PREAUTH").
// - The server's answer to STARTTLS must be our tagged OK and nothing after it in the same read; bytes
//   there were sent before TLS and would be taken as the server's first TLS-protected words
//   (the injection class of CVE-2011-0411 / CVE-2021-33515).
// - No line may exceed MAX_LINE_BYTES, and no more than MAX_LINES arrive before TLS.
// - Nothing the server wrote before TLS reaches the browser: anyone on the path could have written it (an
//   injected `* OK [ALERT] ...` would be shown to the user as the server's). The browser gets a fixed greeting.

export const MAX_LINE_BYTES = 8 * 1024;
const MAX_LINES = 32;
const CAPABILITY_TAG = 'P1';
const STARTTLS_TAG = 'P2';

export type StarttlsStep =
  { readonly send: string } | { readonly upgrade: true; readonly greeting: Buffer } | null;

type Phase = 'greeting' | 'capability' | 'starttls' | 'done';

function fail(code: ProxyErrorCode, message: string): ProxyError {
  return new ProxyError(code, `STARTTLS: ${message}`);
}

function hasStarttls(capabilities: string): boolean {
  return capabilities.toUpperCase().split(' ').includes('STARTTLS');
}

/**
 * The greeting the browser receives after the proxy's STARTTLS: a fixed line, with no text and no
 * capabilities of the plaintext phase (those must be discarded, RFC 9051 §6.2.1); the browser's core asks
 * CAPABILITY afresh over the protected connection.
 */
export function greetingForBrowser(upstreamName: string): Buffer {
  return Buffer.from(`* OK ${upstreamName} ready (TLS by the relay)\r\n`, 'latin1');
}

export class StarttlsNegotiation {
  readonly #upstreamName: string;
  #phase: Phase = 'greeting';
  #pending: Buffer = Buffer.alloc(0);
  #capabilities = '';
  #lines = 0;

  constructor(upstreamName: string) {
    this.#upstreamName = upstreamName;
  }

  /** Feeds server bytes; returns what to do next, or null when more bytes are needed. */
  receive(chunk: Buffer): StarttlsStep {
    if (this.#phase === 'done')
      throw fail(ProxyErrorCode.starttlsInjection, 'bytes after the STARTTLS answer');
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
      const step = this.#onLine(line);
      if (step !== null) {
        // The server must wait for our command (or, after STARTTLS, for the TLS handshake): anything
        // already behind the line we acted on was not asked for.
        if (this.#pending.length > 0) {
          throw fail(ProxyErrorCode.starttlsInjection, 'unsolicited bytes before TLS');
        }
        return step;
      }
    }
  }

  #onLine(line: string): StarttlsStep {
    switch (this.#phase) {
      case 'greeting':
        return this.#onGreeting(line);
      case 'capability':
        return this.#onCapabilityLine(line);
      case 'starttls':
        return this.#onStarttlsAnswer(line);
      case 'done':
        throw fail(ProxyErrorCode.starttlsInjection, 'bytes after the STARTTLS answer');
    }
  }

  #onGreeting(line: string): StarttlsStep {
    const upper = line.toUpperCase();
    if (upper.startsWith('* PREAUTH')) throw fail(ProxyErrorCode.upstreamPreauth, 'server sent PREAUTH');
    if (upper.startsWith('* BYE')) throw fail(ProxyErrorCode.upstreamProtocol, 'server greeted with BYE');
    if (!upper.startsWith('* OK')) throw fail(ProxyErrorCode.upstreamProtocol, 'greeting is not * OK');
    const code = /^\* OK \[CAPABILITY ([^\]]*)\]/i.exec(line);
    if (code === null) {
      this.#phase = 'capability';
      return { send: `${CAPABILITY_TAG} CAPABILITY\r\n` };
    }
    return this.#requestStarttls(code[1] ?? '');
  }

  #onCapabilityLine(line: string): StarttlsStep {
    const upper = line.toUpperCase();
    if (upper.startsWith('* CAPABILITY ')) {
      this.#capabilities = line.slice('* CAPABILITY '.length);
      return null;
    }
    if (upper.startsWith(`${CAPABILITY_TAG} OK`)) return this.#requestStarttls(this.#capabilities);
    if (upper.startsWith(`${CAPABILITY_TAG} `))
      throw fail(ProxyErrorCode.upstreamProtocol, 'CAPABILITY failed');
    if (upper.startsWith('* ')) return null;
    throw fail(ProxyErrorCode.upstreamProtocol, 'unexpected line before TLS');
  }

  #requestStarttls(capabilities: string): StarttlsStep {
    if (!hasStarttls(capabilities))
      throw fail(ProxyErrorCode.starttlsUnsupported, 'server does not offer it');
    this.#phase = 'starttls';
    return { send: `${STARTTLS_TAG} STARTTLS\r\n` };
  }

  #onStarttlsAnswer(line: string): StarttlsStep {
    const upper = line.toUpperCase();
    if (upper.startsWith(`${STARTTLS_TAG} OK`)) {
      this.#phase = 'done';
      return { upgrade: true, greeting: greetingForBrowser(this.#upstreamName) };
    }
    if (upper.startsWith(`${STARTTLS_TAG} `))
      throw fail(ProxyErrorCode.starttlsRejected, 'server refused it');
    throw fail(ProxyErrorCode.starttlsInjection, 'unexpected line before the STARTTLS answer');
  }
}
