// Bench child: the loopback "mail servers" the relay is measured against, one port per behaviour.
// source8k: streams 8 KiB writes as fast as the reader takes them, the block size of Dovecot's output
// streams (IO_BLOCK_SIZE), the way it sends a FETCH of message bodies; source64k: the same in 64 KiB
// writes, a server faster than any real one (a stress case); sink: reads, and answers one byte per
// SINK_RECEIPT_BYTES received; command: answers every line with a NOOP-sized tagged response, like an IMAP server answering
// a small command; idle: greets once and holds the connection.
import { createServer, type Socket } from 'node:net';
import { COMMAND_ANSWER, SINK_RECEIPT, SINK_RECEIPT_BYTES } from './imap-shapes.ts';

const SOURCE_CHUNK = Buffer.alloc(64 * 1024, 0x61);
const DOVECOT_BLOCK = Buffer.alloc(8 * 1024, 0x61);

function streamer(chunk: Buffer): (socket: Socket) => void {
  return (socket) => {
    const pump = (): void => {
      while (!socket.destroyed && socket.write(chunk));
    };
    socket.on('drain', pump);
    pump();
  };
}

function sink(socket: Socket): void {
  let received = 0;
  socket.on('data', (chunk: Buffer) => {
    received += chunk.length;
    while (received >= SINK_RECEIPT_BYTES) {
      received -= SINK_RECEIPT_BYTES;
      socket.write(SINK_RECEIPT);
    }
  });
}

const LF = 0x0a;

function command(socket: Socket): void {
  socket.on('data', (chunk: Buffer) => {
    for (let at = chunk.indexOf(LF); at !== -1; at = chunk.indexOf(LF, at + 1)) socket.write(COMMAND_ANSWER);
  });
}

function idle(socket: Socket): void {
  socket.write('* OK idle bench server ready\r\n');
}

async function listen(handler: (socket: Socket) => void): Promise<number> {
  const server = createServer({ noDelay: true }, (socket) => {
    socket.on('error', () => socket.destroy());
    handler(socket);
  });
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no address');
  return address.port;
}

const ports = {
  source8k: await listen(streamer(DOVECOT_BLOCK)),
  source64k: await listen(streamer(SOURCE_CHUNK)),
  sink: await listen(sink),
  command: await listen(command),
  idle: await listen(idle),
};
process.send?.({ ports });
process.on('disconnect', () => process.exit(0));
