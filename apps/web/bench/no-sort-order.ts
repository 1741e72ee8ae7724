// The folder's whole order without SORT, measured against a real Dovecot of the testbed's Courier-style layout
// (no SORT, ESEARCH, CONDSTORE...), beside the same folder's order with SORT (ESORT) on the default layout.
// Each sample, in turn on each server: a fresh connection (imap-core over TCP, COMPRESS=DEFLATE as the app
// asks for it) EXAMINEs Big and computes the order as the app's side connection does (side-sort.ts). Dovecot
// warm (the folder's cache as a client that had it open leaves it) and, with --cold, after its
// dovecot.index.cache was removed.
//
// Without SORT, each sample also times Dovecot alone: the same UID FETCH 1:* (INTERNALDATE) on a plain
// socket that only looks for the tagged OK, compressed as the app asks (inflated by node:zlib) and not. What
// the order takes beyond `raw deflate` is ours: imap-core framing, parsing and routing 100,000 responses, and
// the sort on the client.
//
//   pnpm exec tsx apps/web/bench/no-sort-order.ts [--size 100000] [--samples 5] [--cold]
//
// Prints one line per sample and the medians, with the load average.

import { rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createDeflateRaw, createInflateRaw, constants as zlib } from 'node:zlib';
import { ImapClient } from '@webmail/imap-core';
import { connectTcp } from '@webmail/imap-core/node';
import { startDovecot, type DovecotServer } from '@webmail/testbed';
import { folderByInternalDate, sortedByDate } from '../src/lib/state/message-list/folder-order.ts';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '100000' },
    samples: { type: 'string', default: '5' },
    cold: { type: 'boolean', default: false },
  },
});
const SIZE = Number(values.size);
const SAMPLES = Number(values.samples);

const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');

async function signedIn(server: DovecotServer): Promise<ImapClient> {
  const user = server.users[0];
  if (!user) throw new Error('no test user');
  const transport = await connectTcp({ host: server.host, port: server.imapPort, tls: 'none' });
  const client = await ImapClient.connect(transport, { startTls: 'never', compress: true });
  await client.login(user.name, user.password);
  return client;
}

/** ms for one side order of Big on a fresh connection (signing in not counted). */
async function sample(server: DovecotServer): Promise<{ ms: number; length: number }> {
  const client = await signedIn(server);
  try {
    const started = performance.now();
    const examined = await client.examine(server.folderName('Big'));
    if (examined.uidValidity === null) throw new Error('Big has no UIDVALIDITY');
    const order = client.capabilities.has('SORT')
      ? await sortedByDate(client, { all: true })
      : await folderByInternalDate(client, examined.exists, examined.uidValidity);
    return { ms: performance.now() - started, length: order.length };
  } finally {
    await client.logout().catch(() => undefined);
    client.close();
  }
}

/**
 * ms from sending `UID FETCH 1:* (INTERNALDATE)` to its tagged OK on a plain socket that parses nothing (signing
 * in and EXAMINE not counted): Dovecot's time to produce and send the answer, and with `deflate` to compress
 * it (and node:zlib's to inflate it).
 */
async function rawFetch(server: DovecotServer, deflate: boolean): Promise<{ ms: number; bytes: number }> {
  const user = server.users[0];
  if (!user) throw new Error('no test user');
  const socket: Socket = connect({ host: server.host, port: server.imapPort });
  let write = (text: string): void => void socket.write(text);
  let received = 0;
  let tail = '';
  let waiting: { readonly done: string; readonly resolve: () => void } | null = null;
  const heard = (bytes: Buffer): void => {
    // The last 4 KB are enough to find a tagged line (the LOGIN OK with its capabilities is the longest).
    tail = (tail + bytes.toString('latin1')).slice(-4096);
    if (waiting !== null && tail.includes(waiting.done)) {
      const { resolve } = waiting;
      waiting = null;
      tail = '';
      resolve();
    }
  };
  let onData = heard;
  socket.on('data', (bytes: Buffer) => {
    received += bytes.length;
    onData(bytes);
  });
  const command = (tag: string, line: string): Promise<void> =>
    new Promise((resolve, reject) => {
      waiting = { done: `\r\n${tag} OK`, resolve };
      socket.once('error', reject);
      write(`${tag} ${line}\r\n`);
    });
  try {
    await new Promise<void>((resolve) => (waiting = { done: '* OK', resolve }));
    tail = '\r\n';
    await command('a1', `LOGIN ${user.name} "${user.password}"`);
    tail = '\r\n';
    if (deflate) {
      await command('a2', 'COMPRESS DEFLATE');
      const inflater = createInflateRaw();
      inflater.on('data', heard);
      onData = (bytes) => void inflater.write(bytes);
      const deflater = createDeflateRaw();
      deflater.on('data', (bytes: Buffer) => socket.write(bytes));
      write = (text) => {
        deflater.write(text);
        deflater.flush(zlib.Z_SYNC_FLUSH);
      };
    }
    tail = '\r\n';
    await command('a3', `EXAMINE "${server.folderName('Big')}"`);
    tail = '\r\n';
    received = 0;
    const started = performance.now();
    await command('a4', 'UID FETCH 1:* (INTERNALDATE)');
    const result = { ms: performance.now() - started, bytes: received };
    await command('a5', 'LOGOUT');
    return result;
  } finally {
    socket.destroy();
  }
}

function makeCold(server: DovecotServer): void {
  const user = server.users[0];
  if (!user) throw new Error('no test user');
  rmSync(join(server.maildir(user.name), server.folderName('Big'), 'dovecot.index.cache'), { force: true });
}

const median = (xs: number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};

console.error(`starting two Dovecots with Big of ${SIZE} (load ${load()})`);
const servers = {
  sort: await startDovecot({ corpus: true, bigFolderSize: SIZE, variant: 'full' }),
  'no-sort': await startDovecot({ corpus: true, bigFolderSize: SIZE, variant: 'courier' }),
};
const times: Record<string, number[]> = { sort: [], 'no-sort': [], 'raw plain': [], 'raw deflate': [] };
try {
  // Warm-up: what a client that had the folder open leaves in Dovecot's cache.
  for (const server of Object.values(servers)) await sample(server);
  for (let i = 1; i <= SAMPLES; i++) {
    for (const [name, server] of Object.entries(servers)) {
      if (values.cold) makeCold(server);
      const { ms, length } = await sample(server);
      times[name]?.push(ms);
      console.error(`${i} ${name}: ${ms.toFixed(0)} ms (${length} UIDs; load ${load()})`);
    }
  }
  // Dovecot alone, after the orders: in between, the closing of its connections ran beside the next order.
  for (let i = 1; i <= SAMPLES; i++) {
    for (const deflate of [false, true]) {
      const name = deflate ? 'raw deflate' : 'raw plain';
      if (values.cold) makeCold(servers['no-sort']);
      const { ms, bytes } = await rawFetch(servers['no-sort'], deflate);
      times[name]?.push(ms);
      console.error(`${i} ${name}: ${ms.toFixed(0)} ms (${bytes} bytes; load ${load()})`);
    }
  }
} finally {
  for (const server of Object.values(servers)) await server.stop();
}
for (const [name, list] of Object.entries(times)) {
  console.error(
    `${name}: median ${median(list).toFixed(0)} ms, ${Math.min(...list).toFixed(0)}-${Math.max(...list).toFixed(0)}`,
  );
}
console.error(`load ${load()}`);
