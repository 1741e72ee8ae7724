import { once } from 'node:events';
import { createServer, connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { BrowserFrameWriter, encodeBinaryFrame } from './binary-frame.ts';

/** Reads frames back (unmasked, FIN, binary) and returns their payloads. */
function decodeFrames(bytes: Buffer): Buffer[] {
  const payloads: Buffer[] = [];
  let at = 0;
  while (at < bytes.length) {
    expect(bytes[at]).toBe(0x82);
    const code = (bytes[at + 1] ?? 0) & 0x7f;
    let length = code;
    let offset = 2;
    if (code === 126) {
      length = bytes.readUInt16BE(at + 2);
      offset = 4;
    } else if (code === 127) {
      length = Number(bytes.readBigUInt64BE(at + 2));
      offset = 10;
    }
    payloads.push(bytes.subarray(at + offset, at + offset + length));
    at += offset + length;
  }
  return payloads;
}

async function socketPair(): Promise<{ writer: Socket; reader: Socket; close(): void }> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no address');
  const accepted = once(server, 'connection');
  const writer = connect(address.port, '127.0.0.1');
  const [reader] = (await accepted) as [Socket];
  await once(writer, 'connect');
  return {
    writer,
    reader,
    close() {
      writer.destroy();
      reader.destroy();
      server.close();
    },
  };
}

describe('encodeBinaryFrame', () => {
  it.each([0, 1, 125, 126, 65_535, 65_536, 300_000])('frames %i payload bytes (RFC 6455 §5.2)', (size) => {
    const payload = Buffer.alloc(size, 0x61);
    const frame = encodeBinaryFrame(payload);
    const headerBytes = size < 126 ? 2 : size <= 0xffff ? 4 : 10;
    expect(frame.length).toBe(headerBytes + size);
    expect(decodeFrames(frame)).toEqual([payload]);
  });
});

describe('BrowserFrameWriter', () => {
  it('never overwrites a frame the socket still holds while its peer is not reading', async () => {
    const pair = await socketPair();
    pair.reader.pause();
    const frames = new BrowserFrameWriter(256 * 1024);
    const read = new Uint8Array(256 * 1024);
    const sent: Buffer[] = [];
    // Distinct contents, written into the same reused buffer, until the kernel stops taking them.
    for (let i = 0; sent.length < 200 || pair.writer.writableLength === 0; i++) {
      read.fill(i % 251);
      const view = Buffer.from(read.buffer, 0, 1_000 + ((i * 7919) % (read.length - 1_000)));
      sent.push(Buffer.from(view));
      frames.write(pair.writer, view);
    }
    const received: Buffer[] = [];
    const total = sent.reduce(
      (sum, payload) => sum + payload.length + (payload.length <= 0xffff ? 4 : 10),
      0,
    );
    let length = 0;
    pair.reader.on('data', (chunk: Buffer) => {
      received.push(chunk);
      length += chunk.length;
    });
    pair.reader.resume();
    while (length < total) await new Promise((resolve) => setTimeout(resolve, 5));
    const payloads = decodeFrames(Buffer.concat(received));
    expect(payloads.length).toBe(sent.length);
    payloads.forEach((payload, i) => expect(payload.equals(sent[i] ?? Buffer.alloc(0))).toBe(true));
    pair.close();
  });
});
