// Two real sessions on one Dovecot mailbox: while one lists, the other marks a message read. With CONDSTORE
// (QRESYNC) Dovecot then sends a second, flags-only FETCH for that message inside the lister's own row FETCH,
// `* 3 FETCH (UID 3 MODSEQ (7) FLAGS (\Seen))`, after the rows. The lister must see one message per UID, each
// with its envelope, and the new flags.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDovecot } from '@webmail/testbed';
import type { DovecotServer } from '@webmail/testbed';
import { ImapClient } from '../../src/client.ts';
import type { FetchedMessage } from '../../src/commands/fetch.ts';
import { connectTcp } from '../../src/node/index.ts';
import type { TraceEvent } from '../../src/session.ts';

const ERIN = { name: 'erin', password: 'erin-Secret-5' };

describe('Dovecot: another session changes a flag while this one lists', () => {
  let server: DovecotServer;
  beforeAll(async () => {
    server = await startDovecot({ users: [ERIN] });
  });
  afterAll(async () => {
    await server?.stop();
  });

  async function loggedIn(trace?: TraceEvent[]): Promise<ImapClient> {
    const transport = await connectTcp({
      host: server.host,
      port: server.imapsPort,
      ca: server.caPem,
      servername: 'localhost',
    });
    const client = await ImapClient.connect(transport, trace ? { trace: (e) => trace.push(e) } : {});
    await client.login(ERIN.name, ERIN.password);
    return client;
  }

  /** A folder of five messages, the lister's session on it (QRESYNC), and another session on it too. */
  async function listerAndOther(folder: string) {
    const setup = await loggedIn();
    await setup.create(folder);
    for (let i = 1; i <= 5; i++) {
      await setup.append(folder, `From: Carol <carol@example.org>\r\nSubject: row ${i}\r\n\r\nbody ${i}\r\n`);
    }
    await setup.logout();
    const trace: TraceEvent[] = [];
    const lister = await loggedIn(trace);
    await lister.enable(['QRESYNC']);
    await lister.select(folder);
    const other = await loggedIn();
    await other.select(folder);
    const [, , third] = Array.from(await other.search({ all: true }));
    return { lister, other, trace, third: third as number };
  }

  /** The server's FETCH responses for `uid` since the last UID FETCH went out. */
  function fetchesOf(trace: readonly TraceEvent[], uid: number): string[] {
    let start = trace.length - 1;
    while (
      start > 0 &&
      !(trace[start]?.direction === 'client' && / UID FETCH /.test(trace[start]?.text ?? ''))
    )
      start--;
    return trace
      .slice(start)
      .filter((e) => e.direction === 'server' && new RegExp(`^\\* \\d+ FETCH \\(UID ${uid} `).test(e.text))
      .map((e) => e.text);
  }

  it('collects one message per UID: the row keeps its envelope and takes the later flags', async () => {
    const { lister, other, trace, third } = await listerAndOther('Merge');
    await other.store([{ start: third, end: third }], { operation: 'add', flags: ['\\Seen'] });
    const { messages } = await lister.fetch([{ start: 1, end: Infinity }], { flags: true, envelope: true });
    // The server really sent the message twice, the second time flags only: the case this test is about.
    const sent = fetchesOf(trace, third);
    expect(sent).toHaveLength(2);
    expect(sent[1]).toMatch(/^\* 3 FETCH \(UID \d+ MODSEQ \(\d+\) FLAGS \(.*\)\)$/);
    expect(messages.map((m) => m.attributes.envelope?.subject)).toEqual(
      [1, 2, 3, 4, 5].map((i) => `row ${i}`),
    );
    const row = messages.find((m) => m.uid === third);
    expect(row?.attributes.flags).toContain('\\Seen');
    expect(typeof row?.attributes.modseq).toBe('bigint');
    await Promise.all([lister.logout(), other.logout()]);
  });

  it('streams the message again with everything merged, and no message without its envelope', async () => {
    const { lister, other, trace, third } = await listerAndOther('MergeStream');
    await other.store([{ start: third, end: third }], { operation: 'add', flags: ['\\Flagged'] });
    const calls: FetchedMessage[] = [];
    await lister.fetch(
      [{ start: 1, end: Infinity }],
      { flags: true, envelope: true },
      { onMessage: (message) => calls.push({ ...message, attributes: { ...message.attributes } }) },
    );
    expect(fetchesOf(trace, third)).toHaveLength(2);
    expect(calls.every((call) => call.attributes.envelope?.subject?.startsWith('row '))).toBe(true);
    const last = calls.filter((call) => call.uid === third).at(-1);
    expect(last?.attributes.flags).toContain('\\Flagged');
    expect(new Set(calls.map((call) => call.uid)).size).toBe(5);
    await Promise.all([lister.logout(), other.logout()]);
  });
});
