// `pnpm bench` for @webmail/smtp-core, written to <repo root>/bench-results/smtp-core.json:
//   - preparing DATA: scanMessage (SIZE, 8-bit) plus DotStuffer over a 25 MB message in BODY_PIECE writes,
//     for ordinary mail (base64 lines of 76 bytes) and for a worst case (every line a lone dot);
//   - sending over a real loopback TCP socket through connectTcp to a minimal sink in this process (it reads
//     lines and answers at once): 200 small messages on one connection, and one 10 MB message.
// Each figure is the median of RUNS after a warm-up; the sink shares the event loop, so the send figures
// include its cost and are an upper bound on the client's.

import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Socket } from 'node:net';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { connectTcp } from '@webmail/imap-core/node';
import { SmtpClient } from '../src/client.ts';
import { BODY_PIECE } from '../src/commands/data.ts';
import { DotStuffer, scanMessage } from '../src/wire/dot-stuffing.ts';

const RUNS = 5;
const BIG = 25 * 1024 * 1024;
const encoder = new TextEncoder();

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

async function measure(run: () => Promise<void> | void): Promise<number> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  return median(times);
}

function message(line: string, size: number): Uint8Array {
  return encoder.encode(`Subject: bench\r\n\r\n${line.repeat(Math.ceil(size / line.length))}`);
}

function prepare(data: Uint8Array): void {
  scanMessage(data);
  const stuffer = new DotStuffer();
  for (let at = 0; at < data.length; at += BODY_PIECE) stuffer.write(data.subarray(at, at + BODY_PIECE));
  stuffer.end();
}

/** A sink that accepts everything: 250 to each command, 354 to DATA, 250 to the final dot. */
async function sink(): Promise<{ port: number; close(): void }> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => {
    sockets.push(socket);
    let buffer = '';
    let inData = false;
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      let replies = '';
      for (let end = buffer.indexOf('\r\n'); end !== -1; end = buffer.indexOf('\r\n')) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            replies += '250 2.0.0 Ok: queued\r\n';
          }
        } else if (line.startsWith('EHLO')) replies += '250-sink\r\n250-PIPELINING\r\n250 8BITMIME\r\n';
        else if (line === 'DATA') {
          inData = true;
          replies += '354 go\r\n';
        } else replies += line === 'QUIT' ? '221 bye\r\n' : '250 ok\r\n';
      }
      if (replies) socket.write(replies);
    });
    socket.write('220 sink ESMTP\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    close() {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}

const ordinary = message(
  `${'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0'}\r\n`,
  BIG,
);
const dots = message('.\r\n', BIG);
const prepareOrdinaryMs = await measure(() => prepare(ordinary));
const prepareDotsMs = await measure(() => prepare(dots));

const server = await sink();
const client = await SmtpClient.connect(
  await connectTcp({ host: '127.0.0.1', port: server.port, tls: 'none' }),
);
const envelope = { from: 'a@example.org', recipients: ['b@example.org', 'c@example.org'] };
const small = message('Hello, this is a short message.\r\n', 1024);
const smallSends = 200;
const smallMs = await measure(async () => {
  for (let i = 0; i < smallSends; i++) await client.send(envelope, small);
});
const tenMegabytes = message(`${'x'.repeat(76)}\r\n`, 10 * 1024 * 1024);
const bigMs = await measure(async () => {
  await client.send(envelope, tenMegabytes);
});
await client.quit();
server.close();

const mbPerSecond = (bytes: number, ms: number) => Math.round((bytes / 1e6 / (ms / 1000)) * 10) / 10;
const results = {
  date: new Date().toISOString(),
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  runs: RUNS,
  prepareData: {
    ordinaryMail: {
      bytes: ordinary.length,
      medianMs: Math.round(prepareOrdinaryMs),
      mbPerSecond: mbPerSecond(ordinary.length, prepareOrdinaryMs),
    },
    everyLineADot: {
      bytes: dots.length,
      medianMs: Math.round(prepareDotsMs),
      mbPerSecond: mbPerSecond(dots.length, prepareDotsMs),
    },
  },
  loopbackSend: {
    smallMessages: {
      count: smallSends,
      bytes: small.length,
      medianMs: Math.round(smallMs),
      perMessageMs: Math.round((smallMs / smallSends) * 100) / 100,
    },
    tenMegabytes: {
      bytes: tenMegabytes.length,
      medianMs: Math.round(bigMs),
      mbPerSecond: mbPerSecond(tenMegabytes.length, bigMs),
    },
  },
};
const dir = new URL('../../../bench-results/', import.meta.url);
mkdirSync(dir, { recursive: true });
writeFileSync(new URL('smtp-core.json', dir), `${JSON.stringify(results, null, 2)}\n`);
console.log(JSON.stringify(results, null, 2));
