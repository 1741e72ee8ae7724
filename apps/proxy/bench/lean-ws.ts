// A WebSocket client that costs its process what a browser's WebSocket costs the page: close to nothing
// per byte. Browsers parse frames and mask in native code; the `ws` library does both in JavaScript
// (masking byte by byte without the optional `bufferutil` addon), which would charge the client's own
// framing work to the relay. This client reads the stream the way the direct TCP client does (the same
// 'data' events) and only walks frame headers; it sends frames that were built and masked once, so a
// send is one socket write like the direct client's. The relay still receives masked frames with a
// random key and must unmask every byte (RFC 6455 §5.3), as it must for a browser.
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import type { Socket } from 'node:net';

const OPCODE_CONTINUATION = 0x0;
const OPCODE_BINARY = 0x2;

export interface LeanWebSocket {
  readonly socket: Socket;
  /** Bytes that arrived with the handshake answer, before any 'data' event. */
  readonly head: Buffer;
}

/** Completes the opening handshake (RFC 6455 §4.1) and hands over the raw socket. */
export function openLeanWebSocket(url: string, origin: string): Promise<LeanWebSocket> {
  const { hostname, port, pathname } = new URL(url);
  return new Promise((resolve, reject) => {
    const handshake = request({
      host: hostname,
      port,
      path: pathname,
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
        Origin: origin,
      },
    });
    handshake.once('upgrade', (_response, socket: Socket, head: Buffer) => {
      socket.setNoDelay(true);
      resolve({ socket, head });
    });
    handshake.once('response', (response) => reject(new Error(`HTTP ${response.statusCode}`)));
    handshake.once('error', reject);
    handshake.end();
  });
}

/** One client-to-server binary frame: FIN, masked with a fresh random key (RFC 6455 §5.2, §5.3). */
export function maskedFrame(payload: Buffer): Buffer {
  const length = payload.length;
  const lengthBytes = length < 126 ? 0 : length < 65_536 ? 2 : 8;
  const headerLength = 2 + lengthBytes + 4;
  const frame = Buffer.allocUnsafe(headerLength + length);
  frame[0] = 0x80 | OPCODE_BINARY;
  if (lengthBytes === 0) frame[1] = 0x80 | length;
  else if (lengthBytes === 2) {
    frame[1] = 0x80 | 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 0x80 | 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  const mask = randomBytes(4);
  mask.copy(frame, 2 + lengthBytes);
  for (let i = 0; i < length; i++) frame[headerLength + i] = (payload[i] ?? 0) ^ (mask[i & 3] ?? 0);
  return frame;
}

/**
 * Walks server-to-client frames (unmasked, §5.1) in a byte stream and hands on the payload of data
 * frames as views into the received chunks: no copy, no per-byte work. Control frames are skipped.
 */
export class FrameReader {
  readonly #header = Buffer.alloc(14);
  #headerHave = 0;
  #payloadLeft = 0;
  #isData = false;
  readonly #onPayload: (payload: Buffer) => void;

  constructor(onPayload: (payload: Buffer) => void) {
    this.#onPayload = onPayload;
  }

  push(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.#payloadLeft > 0) {
        const end = Math.min(chunk.length, at + this.#payloadLeft);
        if (this.#isData) this.#onPayload(chunk.subarray(at, end));
        this.#payloadLeft -= end - at;
        at = end;
        continue;
      }
      at = this.#readHeader(chunk, at);
    }
  }

  #readHeader(chunk: Buffer, at: number): number {
    const header = this.#header;
    while (at < chunk.length) {
      header[this.#headerHave++] = chunk[at++] ?? 0;
      const lengthCode = (header[1] ?? 0) & 0x7f;
      const need = this.#headerHave < 2 ? 2 : 2 + (lengthCode === 126 ? 2 : lengthCode === 127 ? 8 : 0);
      if (this.#headerHave < need) continue;
      const opcode = (header[0] ?? 0) & 0x0f;
      this.#isData = opcode === OPCODE_BINARY || opcode === OPCODE_CONTINUATION;
      this.#payloadLeft =
        lengthCode === 126
          ? header.readUInt16BE(2)
          : lengthCode === 127
            ? Number(header.readBigUInt64BE(2))
            : lengthCode;
      this.#headerHave = 0;
      return at;
    }
    return at;
  }
}
