import { describe, expect, it } from 'vitest';
import { CloseCode } from '@webmail/relay-contract';
import { ErrorCodes } from './errors.ts';
import { closeError, connectWebSocket, imapWebSocketUrl, PROXY_CLOSE_CODES } from './websocket-transport.ts';
import type { WebSocketLike } from './websocket-transport.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- one listener list for every event shape
type Listener = (event: any) => void;

/** A WebSocket double that the test drives: open, message, close. */
class FakeWebSocket implements WebSocketLike {
  static last: FakeWebSocket | null = null;
  binaryType = 'blob';
  readyState = 0;
  bufferedAmount = 0;
  readonly sent: Uint8Array[] = [];
  closedWith: [number | undefined, string | undefined] | null = null;
  private readonly listeners = new Map<string, Listener[]>();
  constructor(readonly url: string) {
    FakeWebSocket.last = this;
  }
  addEventListener(type: string, listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  send(data: Uint8Array): void {
    this.sent.push(data);
  }
  close(code?: number, reason?: string): void {
    this.closedWith = [code, reason];
    this.fire('close', { code: code ?? 1005, reason: reason ?? '' });
  }
  fire(type: string, event?: unknown): void {
    if (type === 'open') this.readyState = 1;
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }
}

describe('WebSocket transport', () => {
  it('builds the proxy URL from the page origin and an upstream name', () => {
    expect(imapWebSocketUrl('https://mail.example.org', 'main')).toBe('wss://mail.example.org/imap/main');
    expect(imapWebSocketUrl('http://localhost:8080/', 'a b')).toBe('ws://localhost:8080/imap/a%20b');
  });

  it('carries binary frames both ways and delivers bytes that arrived before open()', async () => {
    const connecting = connectWebSocket('wss://x/imap/main', { WebSocket: FakeWebSocket });
    const socket = FakeWebSocket.last as FakeWebSocket;
    socket.fire('open');
    const transport = await connecting;
    expect(socket.binaryType).toBe('arraybuffer');
    socket.fire('message', { data: new TextEncoder().encode('* OK hi\r\n').buffer });
    const received: string[] = [];
    transport.open({ data: (b) => received.push(new TextDecoder().decode(b)), close: () => undefined });
    expect(received).toEqual(['* OK hi\r\n']);
    transport.send(Uint8Array.of(1, 2));
    expect(socket.sent).toEqual([Uint8Array.of(1, 2)]);
    expect(transport.startTls).toBeUndefined();
  });

  it('rejects the connection with a typed error when the proxy closes before opening', async () => {
    const connecting = connectWebSocket('wss://x/imap/nope', { WebSocket: FakeWebSocket });
    (FakeWebSocket.last as FakeWebSocket).fire('close', { code: 4001, reason: 'unknown upstream' });
    await expect(connecting).rejects.toMatchObject({ code: ErrorCodes.TRANSPORT, transportCode: 4001 });
  });

  it.each([
    [4010, ErrorCodes.TRANSPORT, 'refused'],
    [4011, ErrorCodes.TIMEOUT, 'in time'],
    [4013, ErrorCodes.CONNECTION_CLOSED, 'closed the connection'],
    [4020, ErrorCodes.TLS, 'certificate'],
    [4022, ErrorCodes.TLS, 'STARTTLS'],
    [4029, ErrorCodes.TRANSPORT, 'too many'],
    [4999, ErrorCodes.TRANSPORT, '4999'],
  ])('maps close code %i to %s with a readable message', (code, errorCode, words) => {
    const error = closeError(code, '');
    expect(error).toMatchObject({ code: errorCode, transportCode: code });
    expect(error?.message).toContain(words);
  });

  it('treats a normal close as no error', () => {
    expect(closeError(1000, '')).toBeNull();
  });

  it('knows every close code the proxy defines', () => {
    for (const code of Object.values(CloseCode)) expect(PROXY_CLOSE_CODES.has(code)).toBe(true);
  });
});
