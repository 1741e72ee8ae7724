import { RELAY_PATHS, type RelayProtocol } from '@webmail/relay-contract';
import { WebSocket } from 'ws';

// A raw `ws` client playing the browser: records every byte it receives and how the session closed.

export const TEST_ORIGIN = 'https://mail.test';

export interface Closed {
  readonly code: number;
  readonly reason: string;
}

export class TestBrowser {
  readonly ws: WebSocket;
  readonly chunks: Buffer[] = [];
  readonly closed: Promise<Closed>;
  #waiters: (() => void)[] = [];

  constructor(url: string, options: { origin?: string | null; headers?: Record<string, string> } = {}) {
    const origin = options.origin === undefined ? TEST_ORIGIN : options.origin;
    this.ws = new WebSocket(url, {
      headers: { ...options.headers },
      perMessageDeflate: false,
      ...(origin === null ? {} : { origin }),
    });
    this.ws.on('error', () => {});
    this.ws.on('message', (data: Buffer) => {
      this.chunks.push(data);
      for (const wake of this.#waiters.splice(0)) wake();
    });
    this.closed = new Promise((resolve) => {
      this.ws.on('close', (code, reason) => {
        for (const wake of this.#waiters.splice(0)) wake();
        resolve({ code, reason: reason.toString() });
      });
    });
  }

  get text(): string {
    return Buffer.concat(this.chunks).toString('latin1');
  }

  get byteCount(): number {
    return this.chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  }

  opened(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.ws.readyState === WebSocket.OPEN) return resolve();
      this.ws.once('open', () => resolve());
      this.ws.once('close', () => reject(new Error('closed before open')));
      this.ws.once('unexpected-response', (_request, response) => {
        reject(new Error(`HTTP ${response.statusCode}`));
      });
    });
  }

  send(text: string): void {
    this.ws.send(Buffer.from(text, 'latin1'));
  }

  /** Resolves once the received bytes contain `needle`; rejects after `timeoutMs`. */
  async waitFor(needle: string, timeoutMs = 5_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (!this.text.includes(needle)) {
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${JSON.stringify(needle)}; got ${JSON.stringify(this.text)}`);
      if (this.ws.readyState === WebSocket.CLOSED) throw new Error(`closed before ${JSON.stringify(needle)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.text;
  }
}

/** Opens an upgrade that the proxy is expected to refuse with an HTTP status; resolves to that status. */
export function httpRefusal(url: string, options: { origin?: string | null } = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const origin = options.origin === undefined ? TEST_ORIGIN : options.origin;
    const ws = new WebSocket(url, origin === null ? {} : { origin });
    ws.on('error', () => {});
    ws.on('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      response.destroy();
    });
    ws.on('open', () => {
      ws.terminate();
      reject(new Error('upgrade was accepted'));
    });
  });
}

/** `ws://host:port/<protocol>/<name>` for the proxy listening at `httpUrl`; `name` unescaped, as hostile as given. */
export function relayWsUrl(httpUrl: string, protocol: RelayProtocol, name = 'test'): string {
  return `${httpUrl.replace('http:', 'ws:')}${RELAY_PATHS[protocol]}${name}`;
}

/** `ws://host:port/imap/<name>` for the proxy listening at `httpUrl`. */
export function imapWsUrl(httpUrl: string, name = 'test'): string {
  return relayWsUrl(httpUrl, 'imap', name);
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `condition` every 10 ms; rejects once `timeoutMs` passes without it holding. */
export async function waitUntil(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await delay(10);
  }
}
