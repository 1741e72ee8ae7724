// Bytes on the wire for opening a folder as the app does (SELECT, UID SORT (REVERSE DATE), the first 40 rows'
// UID FETCH), with and without COMPRESS=DEFLATE (RFC 4978), against the testbed's real Dovecot (imap_zlib at its
// default level 6), for a 10,000- and a 100,000-message folder. Counted on the transport under the client, so
// they are the bytes a WebSocket to the proxy would carry (plus its 2-14 bytes of framing per message). Each
// folder is sorted once before measuring, so both runs meet the same warm index. Bytes, not times: no figure
// here depends on the machine.

import { mkdirSync, writeFileSync } from 'node:fs';
import { BIG_FOLDER, startDovecot } from '@webmail/testbed';
import { ImapClient } from '../src/client.ts';
import type { FetchItems } from '../src/commands/fetch.ts';
import { connectTcp } from '../src/node/index.ts';
import { rangesFromNumbers } from '../src/seqset.ts';
import { CountingTransport } from '../test/support/counting-transport.ts';

const SIZES = [10_000, 100_000];
const FIRST_ROWS = 40;
/** apps/web message-row.ts ROW_FETCH_ITEMS. */
const ROW_ITEMS: FetchItems = {
  flags: true,
  envelope: true,
  size: true,
  internalDate: true,
  bodyStructure: true,
};
const USER = { name: 'bench', password: 'bench-Secret-1' };

interface Step {
  readonly received: number;
  readonly sent: number;
}

async function openFolder(server: { host: string; imapsPort: number; caPem: string }, compress: boolean) {
  const wire = new CountingTransport(
    await connectTcp({
      host: server.host,
      port: server.imapsPort,
      ca: server.caPem,
      servername: 'localhost',
    }),
  );
  const client = await ImapClient.connect(wire, { compress });
  await client.login(USER.name, USER.password);
  const signIn: Step = { received: wire.received, sent: wire.sent };
  let mark = { ...signIn };
  const step = (): Step => {
    const delta = wire.delta(mark);
    mark = { received: wire.received, sent: wire.sent };
    return delta;
  };
  await client.select(BIG_FOLDER);
  const select = step();
  const order = await client.sort([{ key: 'DATE', reverse: true }], { all: true });
  const sort = step();
  await client.fetch(rangesFromNumbers(Array.from(order.subarray(0, FIRST_ROWS))), ROW_ITEMS);
  const fetch = step();
  const compressed = client.session.compressed;
  await client.logout();
  const open = {
    received: select.received + sort.received + fetch.received,
    sent: select.sent + sort.sent + fetch.sent,
  };
  return { compressed, signIn, select, sort, firstFetch: fetch, open };
}

export async function runCompressBench(resultsDir: URL): Promise<void> {
  const folders = [];
  for (const size of SIZES) {
    process.stderr.write(`compress: starting Dovecot with a ${size}-message folder\n`);
    const server = await startDovecot({ users: [USER], bigFolderSize: size });
    try {
      await openFolder(server, false); // warm: index, cache and sort
      const plain = await openFolder(server, false);
      const deflate = await openFolder(server, true);
      if (!deflate.compressed) throw new Error('the server did not take COMPRESS DEFLATE');
      const ratio = Math.round((deflate.open.received / plain.open.received) * 1000) / 1000;
      folders.push({ messages: size, plain, deflate, openReceivedRatio: ratio });
      process.stderr.write(
        `compress: ${size} messages: open ${plain.open.received} -> ${deflate.open.received} bytes received (${ratio})\n`,
      );
    } finally {
      await server.stop();
    }
  }
  const result = {
    benchmark: 'imap-core COMPRESS=DEFLATE bytes on the wire',
    date: new Date().toISOString(),
    commands: [
      'SELECT Big',
      'UID SORT (REVERSE DATE) UTF-8 ALL',
      `UID FETCH <first ${FIRST_ROWS}> (row items)`,
    ],
    folders,
  };
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(new URL('imap-core-compress.json', resultsDir), `${JSON.stringify(result, null, 2)}\n`);
}
