// The folder's whole order without SORT, measured against a real Dovecot of the testbed's Courier-style layout
// (no SORT, ESEARCH, CONDSTORE...), beside the same folder's order with SORT (ESORT) on the default layout.
// Each sample, in turn on each server: a fresh connection (imap-core over TCP, COMPRESS=DEFLATE as the app
// asks for it) EXAMINEs Big and computes the order as the app's side connection does (side-sort.ts). Dovecot
// warm (the folder's cache as a client that had it open leaves it) and, with --cold, after its
// dovecot.index.cache was removed.
//
//   pnpm exec tsx apps/web/bench/no-sort-order.ts [--size 100000] [--samples 5] [--cold]
//
// Prints one line per sample and the medians, with the load average.

import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
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
const times: Record<string, number[]> = { sort: [], 'no-sort': [] };
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
} finally {
  for (const server of Object.values(servers)) await server.stop();
}
for (const [name, list] of Object.entries(times)) {
  console.error(
    `${name}: median ${median(list).toFixed(0)} ms, ${Math.min(...list).toFixed(0)}-${Math.max(...list).toFixed(0)}`,
  );
}
console.error(`load ${load()}`);
