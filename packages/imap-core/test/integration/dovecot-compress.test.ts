// COMPRESS=DEFLATE (RFC 4978) against the testbed's real Dovecot with imap_zlib: what the app does to open a
// folder (SELECT, UID SORT, the first rows' FETCH) and to read a large message gives the same answers
// compressed as uncompressed, with far fewer bytes on the wire; a large APPEND goes out in stored blocks and
// reads back byte for byte; LOGOUT still ends cleanly.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIG_FOLDER, startDovecot } from '@webmail/testbed';
import type { DovecotServer } from '@webmail/testbed';
import { ImapClient } from '../../src/client.ts';
import type { FetchItems } from '../../src/commands/fetch.ts';
import { connectTcp } from '../../src/node/index.ts';
import { rangesFromNumbers } from '../../src/seqset.ts';
import type { TraceEvent } from '../../src/session.ts';
import { CountingTransport } from '../support/counting-transport.ts';

const FRANK = { name: 'frank', password: 'frank-Secret-6' };
const BIG_SIZE = 2_000;
/** What the app's message list fetches per row (apps/web message-row.ts). */
const ROW_ITEMS: FetchItems = {
  flags: true,
  envelope: true,
  size: true,
  internalDate: true,
  bodyStructure: true,
};
const FIRST_ROWS = 40;

/** A ~1.5 MB message: text in three scripts and a base64 attachment, as mail is. */
function largeMessage(): Uint8Array {
  const lines = [
    'From: =?UTF-8?B?5byg5Lyf?= <zhang.wei@example.cn>',
    'To: Frank <frank@example.org>',
    'Subject: =?UTF-8?B?0L7RgtGH0ZHRgiDQt9CwINC60LLQsNGA0YLQsNC7?=',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
  ];
  for (let i = 0; i < 8_000; i++) {
    lines.push(
      `${i}: The quarterly numbers look fine. 预算审批已经完成。 Отчёт за квартал готов, строка ${i}.`,
    );
  }
  lines.push('--b1', 'Content-Type: application/octet-stream', 'Content-Transfer-Encoding: base64', '');
  let seed = 7;
  const random = Buffer.from(
    Uint8Array.from({ length: 300_000 }, () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24),
  );
  lines.push(...(random.toString('base64').match(/.{1,76}/g) ?? []), '--b1--', '');
  return new TextEncoder().encode(lines.join('\r\n'));
}

describe('Dovecot: COMPRESS=DEFLATE', () => {
  let server: DovecotServer;
  const message = largeMessage();
  let messageUid = 0;

  beforeAll(async () => {
    server = await startDovecot({ users: [FRANK], bigFolderSize: BIG_SIZE });
    const { client } = await signedIn(false);
    const appended = await client.append(BIG_FOLDER, message);
    messageUid = appended.uids?.[0]?.start ?? 0;
    // \Recent goes to the first session that selects the folder (RFC 3501 2.3.2): this one, so that the two
    // compared below see the same answers.
    await client.select(BIG_FOLDER);
    await client.logout();
  });
  afterAll(async () => {
    await server?.stop();
  });

  async function signedIn(compress: boolean, trace?: TraceEvent[]) {
    const wire = new CountingTransport(
      await connectTcp({
        host: server.host,
        port: server.imapsPort,
        ca: server.caPem,
        servername: 'localhost',
      }),
    );
    const client = await ImapClient.connect(wire, {
      compress,
      ...(trace ? { trace: (e) => trace.push(e) } : {}),
    });
    await client.login(FRANK.name, FRANK.password);
    return { client, wire };
  }

  /** Opens Big as the app does, then reads the large message; returns the answers and the bytes it took. */
  async function openAndRead(compress: boolean) {
    const trace: TraceEvent[] = [];
    const { client, wire } = await signedIn(compress, trace);
    const before = { received: wire.received, sent: wire.sent };
    const selected = await client.select(BIG_FOLDER);
    const order = await client.sort([{ key: 'DATE', reverse: true }], { all: true });
    const rows = await client.fetch(rangesFromNumbers(Array.from(order.subarray(0, FIRST_ROWS))), ROW_ITEMS);
    const opened = wire.delta(before);
    const read = await client.fetch(rangesFromNumbers([messageUid]), { sections: [{}] });
    const body = read.messages[0]?.attributes.sections?.[0]?.data ?? null;
    const compressed = client.session.compressed;
    await client.logout();
    return {
      selected,
      order,
      rows: rows.messages,
      body,
      opened,
      total: wire.received,
      compressed,
      trace,
      client,
    };
  }

  it('opens a folder and reads a large message with the same answers and far fewer bytes', async () => {
    const plain = await openAndRead(false);
    const deflated = await openAndRead(true);
    expect(plain.compressed).toBe(false);
    expect(deflated.compressed).toBe(true);
    const commands = deflated.trace.filter((e) => e.direction === 'client').map((e) => e.text.split(' ')[1]);
    expect(commands.slice(0, 3)).toEqual(['AUTHENTICATE', 'COMPRESS', 'SELECT']);

    expect(deflated.selected.exists).toBe(BIG_SIZE + 1);
    expect(deflated.selected).toEqual(plain.selected);
    expect(deflated.order.length).toBe(BIG_SIZE + 1);
    expect(Array.from(deflated.order)).toEqual(Array.from(plain.order));
    expect(deflated.rows.length).toBe(FIRST_ROWS);
    expect(deflated.rows).toEqual(plain.rows);
    expect(deflated.body?.length).toBe(message.length);
    expect(Buffer.from(deflated.body ?? []).equals(message)).toBe(true);

    // The server's answers are compressed; ours are stored blocks, so a little larger than plain.
    expect(deflated.opened.received).toBeLessThan(plain.opened.received / 3);
    expect(deflated.total).toBeLessThan(plain.total / 2);
    expect(deflated.opened.sent).toBeGreaterThan(plain.opened.sent);
    expect(deflated.opened.sent).toBeLessThan(plain.opened.sent + 5 * 3 + 1);
    // LOGOUT's BYE and OK arrived compressed just before Dovecot closed: still a clean end.
    expect(deflated.client.session.closeError).toBeNull();
  });

  it('sends a literal larger than one stored block and reads it back byte for byte', async () => {
    const { client, wire } = await signedIn(true);
    expect(client.session.compressed).toBe(true);
    const big = new TextEncoder().encode(
      `Subject: upload\r\n\r\n${'0123456789abcdef'
        .repeat(12_000)
        .match(/.{1,64}/g)
        ?.join('\r\n')}\r\n`,
    );
    const sentBefore = wire.sent;
    const appended = await client.append('INBOX', big);
    expect(wire.sent - sentBefore).toBeGreaterThan(big.length);
    const uid = appended.uids?.[0]?.start ?? 0;
    await client.select('INBOX');
    const read = await client.fetch(rangesFromNumbers([uid]), { sections: [{}] });
    expect(Buffer.from(read.messages[0]?.attributes.sections?.[0]?.data ?? []).equals(big)).toBe(true);
    await client.logout();
  });
});
