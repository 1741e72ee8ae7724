// Bench child: the loopback "mail servers" the relay is measured against, one port per behaviour.
// source: streams 64 KiB writes as fast as the reader takes them; source8k: the same in 8 KiB writes, the
// block size of Dovecot's output streams (IO_BLOCK_SIZE), closer to a real server's pace; sink: reads BENCH_SINK_BYTES then answers
// "done\n"; echo: echoes; idle: greets once and holds the connection.
import { createServer, type Socket } from 'node:net';

const SOURCE_CHUNK = Buffer.alloc(64 * 1024, 0x61);
const DOVECOT_BLOCK = Buffer.alloc(8 * 1024, 0x61);
const SINK_BYTES = Number(process.env['BENCH_SINK_BYTES'] ?? 0);

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
    if (received >= SINK_BYTES) {
      received -= SINK_BYTES;
      socket.write('done\n');
    }
  });
}

function echo(socket: Socket): void {
  socket.on('data', (chunk: Buffer) => socket.write(chunk));
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
  source: await listen(streamer(SOURCE_CHUNK)),
  source8k: await listen(streamer(DOVECOT_BLOCK)),
  sink: await listen(sink),
  echo: await listen(echo),
  idle: await listen(idle),
};
process.send?.({ ports });
process.on('disconnect', () => process.exit(0));
