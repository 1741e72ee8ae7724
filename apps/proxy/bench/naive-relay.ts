// Bench child: the naive relay the baseline numbers describe (ws defaults, no backpressure, no
// corking), measured in the same run so our relay's numbers can be read against it on this machine.
import { createServer } from 'node:http';
import { connect } from 'node:net';
import { WebSocketServer } from 'ws';
import { settledRss } from '../src/running-proxy.ts';

const ports = JSON.parse(process.env['BENCH_PORTS'] ?? '{}') as Record<string, number>;
const server = createServer();
const wss = new WebSocketServer({ server });
wss.on('connection', (ws, request) => {
  const port = ports[(request.url ?? '').replace('/imap/', '')] ?? 0;
  const socket = connect(port, '127.0.0.1');
  socket.on('data', (data) => ws.send(data));
  socket.on('error', () => ws.terminate());
  socket.on('close', () => ws.close());
  ws.on('message', (data: Buffer) => socket.write(data));
  ws.on('close', () => socket.destroy());
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.send?.({
    type: 'ready',
    url: `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`,
  });
});
process.on('message', (message: { type: string }) => {
  if (message.type === 'rss') {
    const rss = settledRss();
    process.send?.({ type: 'rss', rss, processes: 1, byProcess: [rss], sessions: wss.clients.size });
  }
  if (message.type === 'close') process.exit(0);
});
process.on('disconnect', () => process.exit(0));
