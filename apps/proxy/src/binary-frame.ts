import type { Socket } from 'node:net';

// Server-to-browser binary frames, built by the relay itself (RFC 6455 §5.2): FIN set, opcode 0x2, no
// mask (§5.1: a server never masks). Header and payload go into one buffer, so each frame is one socket
// write, where `ws.send()` writes header and payload as two (a writev) and allocates for the header.
// Control frames (ping, pong, close) stay with `ws`; both write to the same socket, whose queue keeps
// them in order.

const FIN_BINARY = 0x82;
const LENGTH_16 = 126;
const LENGTH_64 = 127;
/** The longest header: 2 bytes and a 64-bit length. */
const MAX_HEADER_BYTES = 10;

/** Writes the header for a payload of `length` bytes at the start of `frame`; returns its length. */
function writeHeader(frame: Buffer, length: number): number {
  frame[0] = FIN_BINARY;
  if (length < LENGTH_16) {
    frame[1] = length;
    return 2;
  }
  if (length <= 0xffff) {
    frame[1] = LENGTH_16;
    frame.writeUInt16BE(length, 2);
    return 4;
  }
  frame[1] = LENGTH_64;
  // Payloads here are bounded by a read buffer, far below 2^32.
  frame.writeUInt32BE(0, 2);
  frame.writeUInt32BE(length, 6);
  return MAX_HEADER_BYTES;
}

function headerLength(length: number): number {
  return length < LENGTH_16 ? 2 : length <= 0xffff ? 4 : MAX_HEADER_BYTES;
}

/** One binary frame holding a copy of `payload`, in an exactly-sized buffer. */
export function encodeBinaryFrame(payload: Uint8Array): Buffer {
  const frame = Buffer.allocUnsafe(headerLength(payload.length) + payload.length);
  frame.set(payload, writeHeader(frame, payload.length));
  return frame;
}

/**
 * Writes binary frames to browser sockets, copying the payload (which may be a view into a read buffer
 * that the next read overwrites) into a frame buffer that is reused whenever the kernel took the
 * previous frame whole. Allocating a fresh buffer per frame instead costs more than the relaying itself
 * at large frame sizes (page faults of fresh memory, then its collection). A socket with a backlog
 * keeps what it is given until it is sent: such a socket gets an exactly-sized copy, and if a write
 * from the reusable buffer is only partly taken, that buffer stays with the socket and a new one is
 * made for the next frame. So at most one reusable buffer per congested socket, on top of its queue.
 */
export class BrowserFrameWriter {
  readonly #maxPayload: number;
  #reusable: Buffer | null = null;

  constructor(maxPayload: number) {
    this.#maxPayload = maxPayload;
  }

  write(socket: Socket, payload: Uint8Array): void {
    if (socket.writableLength > 0 || payload.length > this.#maxPayload) {
      socket.write(encodeBinaryFrame(payload));
      return;
    }
    const buffer = (this.#reusable ??= Buffer.allocUnsafe(MAX_HEADER_BYTES + this.#maxPayload));
    const offset = writeHeader(buffer, payload.length);
    buffer.set(payload, offset);
    socket.write(buffer.subarray(0, offset + payload.length));
    // Written at once to the kernel (the usual case), or queued in the socket: then it is the socket's.
    if (socket.writableLength > 0) this.#reusable = null;
  }
}
