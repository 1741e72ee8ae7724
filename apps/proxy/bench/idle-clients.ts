// Bench child: opens BENCH_IDLE_SESSIONS WebSocket sessions to the proxy's idle upstream and holds them,
// so the proxy's memory per idle session can be read from the proxy's own process.
import { WebSocket } from 'ws';

const url = process.env['BENCH_IDLE_URL'] ?? '';
const target = Number(process.env['BENCH_IDLE_SESSIONS'] ?? 0);
const origin = process.env['BENCH_ORIGIN'] ?? '';
const CONCURRENT_OPENS = 200;

const held: WebSocket[] = [];
let failed = 0;
let lastError = '';

function openOne(): Promise<void> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { origin, perMessageDeflate: false });
    ws.once('message', () => {
      held.push(ws);
      resolve();
    });
    ws.on('error', (error) => {
      lastError = error.message;
    });
    ws.once('close', (code) => {
      if (!held.includes(ws)) {
        failed += 1;
        lastError ||= `closed ${code}`;
        resolve();
      }
    });
  });
}

const started = Date.now();
let next = 0;
async function worker(): Promise<void> {
  while (next < target) {
    next += 1;
    await openOne();
  }
}
await Promise.all(Array.from({ length: CONCURRENT_OPENS }, worker));
process.send?.({ type: 'held', held: held.length, failed, lastError, openMs: Date.now() - started });
process.on('message', (message: { type: string }) => {
  if (message.type !== 'close') return;
  for (const ws of held) ws.terminate();
  setTimeout(() => process.exit(0), 200);
});
process.on('disconnect', () => process.exit(0));
