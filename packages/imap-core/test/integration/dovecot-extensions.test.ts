// Against a real Dovecot from @webmail/testbed: the extension paths of issue 3 that unit transcripts cannot
// prove on their own. QRESYNC resynchronisation after another session changed the mailbox, CONDSTORE on
// EXAMINE, APPEND of a message holding NUL as literal8 and BINARY[] reading it back byte for byte, and CREATE
// with a special use (Dovecot 2.3 does not advertise CREATE-SPECIAL-USE: refused before any byte), a raw
// 8-bit GBK From name and subject kept as bytes for the app to decode, and LIST RETURN (SUBSCRIBED) marking
// exactly the subscribed folders in the one listing.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCorpus, startDovecot } from '@webmail/testbed';
import type { DovecotServer } from '@webmail/testbed';
import { ImapClient } from '../../src/client.ts';
import { ErrorCodes } from '../../src/errors.ts';
import { connectTcp } from '../../src/node/index.ts';
import { rangesFromNumbers } from '../../src/seqset.ts';
import type { TraceEvent } from '../../src/session.ts';

const CAROL = { name: 'carol', password: 'carol-Secret-3' };
const encoder = new TextEncoder();

function message(subject: string): string {
  return `From: Dave <dave@example.org>\r\nSubject: ${subject}\r\n\r\nBody of ${subject}\r\n`;
}

describe('Dovecot extensions', () => {
  let server: DovecotServer;
  beforeAll(async () => {
    server = await startDovecot({ users: [CAROL] });
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
    await client.login(CAROL.name, CAROL.password);
    return client;
  }

  it('QRESYNC: SELECT with the cached state reports what vanished and what changed meanwhile', async () => {
    const first = await loggedIn();
    await first.create('Resync');
    for (let i = 1; i <= 5; i++) await first.append('Resync', message(`resync ${i}`));
    expect(await first.enable(['QRESYNC'])).toEqual(['QRESYNC']);
    const cached = await first.select('Resync', { condstore: true });
    const uids = Array.from(await first.search({ all: true }));
    expect(uids.length).toBe(5);
    const [, second, third, fourth] = uids as [number, number, number, number, number];
    await first.logout();

    const other = await loggedIn();
    await other.select('Resync');
    await other.store(rangesFromNumbers([second, fourth]), { operation: 'add', flags: ['\\Deleted'] });
    await other.uidExpunge(rangesFromNumbers([second, fourth]));
    await other.store(rangesFromNumbers([third]), { operation: 'add', flags: ['\\Flagged'] });
    await other.logout();

    const again = await loggedIn();
    await again.enable(['QRESYNC']);
    const resynced = await again.select('Resync', {
      qresync: {
        uidValidity: cached.uidValidity ?? 0,
        modseq: BigInt(cached.highestModseq ?? '0'),
        knownUids: rangesFromNumbers(uids),
      },
    });
    expect(resynced.uidValidity).toBe(cached.uidValidity);
    expect(resynced.exists).toBe(3);
    expect(BigInt(resynced.highestModseq ?? '0')).toBeGreaterThan(BigInt(cached.highestModseq ?? '0'));
    expect(resynced.vanished).toEqual(rangesFromNumbers([second, fourth]));
    expect(resynced.changed.map((c) => [c.uid, c.attributes.flags])).toEqual([[third, ['\\Flagged']]]);
    expect(again.mailbox?.seqOf(third)).toBe(2);

    // Under QRESYNC another session's expunge arrives as VANISHED and renumbers the map.
    const expunged: (number | null)[] = [];
    again.on('expunge', (e) => expunged.push(e.uid));
    const remover = await loggedIn();
    await remover.select('Resync');
    await remover.store(rangesFromNumbers([third]), { operation: 'add', flags: ['\\Deleted'] });
    await remover.uidExpunge(rangesFromNumbers([third]));
    await remover.logout();
    await again.noop();
    expect(expunged).toEqual([third]);
    expect(again.mailbox?.exists).toBe(2);
    expect(Array.from(await again.search({ all: true }))).toEqual([uids[0], uids[4]]);

    const changes = await again.fetch(
      [{ start: 1, end: Infinity }],
      { flags: true },
      { changedSince: BigInt(cached.highestModseq ?? '0'), vanished: true },
    );
    expect(changes.vanished).toEqual(rangesFromNumbers([second, third, fourth]));
    expect(changes.messages).toEqual([]);
    await again.logout();
  });

  it('CONDSTORE: EXAMINE reports HIGHESTMODSEQ read-only, and FETCH MODSEQ follows a flag change', async () => {
    const client = await loggedIn();
    await client.append('INBOX', message('condstore'));
    const examined = await client.examine('INBOX', { condstore: true });
    expect(examined.access).toBe('read-only');
    expect(examined.highestModseq).not.toBeNull();
    await client.unselect();
    await client.select('INBOX', { condstore: true });
    const [uid] = Array.from(await client.search({ subject: 'condstore' })) as [number];
    const before = await client.fetch([{ start: uid, end: uid }], { modseq: true });
    const stored = await client.store([{ start: uid, end: uid }], {
      operation: 'add',
      flags: ['\\Seen'],
      unchangedSince: before.messages[0]?.attributes.modseq ?? 0n,
    });
    expect(stored.modified).toEqual([]);
    const after = await client.fetch([{ start: uid, end: uid }], { modseq: true, flags: true });
    expect(after.messages[0]?.attributes.modseq).toBeGreaterThan(before.messages[0]?.attributes.modseq ?? 0n);
    expect(after.messages[0]?.attributes.flags).toContain('\\Seen');
    await client.logout();
  });

  it('APPENDs a message holding NUL bytes as literal8 and reads it back byte for byte with BINARY[]', async () => {
    const trace: TraceEvent[] = [];
    const client = await loggedIn(trace);
    expect(client.capabilities.has('BINARY')).toBe(true);
    const header = encoder.encode(
      'Subject: binary part\r\nContent-Type: application/octet-stream\r\n' +
        'Content-Transfer-Encoding: binary\r\n\r\n',
    );
    const body = Uint8Array.from({ length: 300 }, (_, i) => (i * 7) % 256);
    const raw = new Uint8Array(header.length + body.length);
    raw.set(header);
    raw.set(body, header.length);
    expect(raw.includes(0)).toBe(true);
    const appended = await client.append('INBOX', raw);
    expect(trace.some((e) => /APPEND INBOX ~\{\d+\+?\}/.test(e.text))).toBe(true);
    await client.select('INBOX');
    const uid = appended.uids[0]?.start ?? 0;
    const fetched = await client.fetch([{ start: uid, end: uid }], {
      size: true,
      bodyStructure: true,
      sections: [{ binary: true }, { part: '1', binary: true }, {}],
    });
    const attributes = fetched.messages[0]?.attributes;
    const [whole, part, asBody] = attributes?.sections ?? [];
    expect(whole).toMatchObject({ item: 'BINARY', section: '', data: raw });
    expect(part).toMatchObject({ item: 'BINARY', section: '1', data: body });
    // BODY[] cannot carry NUL: Dovecot re-encodes the binary part (base64) for it, and the literal still frames.
    expect(asBody?.item).toBe('BODY');
    expect(asBody?.data?.includes(0)).toBe(false);
    expect(attributes?.bodyStructure).toMatchObject({ type: 'application', subtype: 'octet-stream' });
    await client.logout();
  });

  it('keeps a raw 8-bit GBK From name and subject as bytes that decode to what the sender wrote', async () => {
    const corpus = buildCorpus().find((m) => m.id === 'gbk-raw-8bit-subject');
    if (corpus === undefined) throw new Error('corpus message gbk-raw-8bit-subject is gone');
    const client = await loggedIn();
    const { uids } = await client.append('INBOX', corpus.raw);
    await client.select('INBOX');
    const uid = uids[0]?.start ?? 0;
    const { messages } = await client.fetch([{ start: uid, end: uid }], { envelope: true });
    const envelope = messages[0]?.attributes.envelope;
    const from = envelope?.from[0];
    const gbk = new TextDecoder('gbk');
    expect(from?.name).toContain('\ufffd');
    expect(gbk.decode(from?.nameBytes)).toBe(corpus.expect.fromName);
    expect(gbk.decode(envelope?.subjectBytes)).toBe(corpus.expect.subject);
    expect(envelope?.to[0]?.nameBytes).toBeUndefined(); // an ASCII or encoded-word name keeps no bytes
    await client.logout();
  });

  it('CREATE with a special use is refused before any byte: Dovecot 2.3 lacks CREATE-SPECIAL-USE', async () => {
    const trace: TraceEvent[] = [];
    const client = await loggedIn(trace);
    expect(client.capabilities.has('CREATE-SPECIAL-USE')).toBe(false);
    await expect(client.create('Outbox', { specialUse: '\\Sent' })).rejects.toMatchObject({
      code: ErrorCodes.UNSUPPORTED,
    });
    expect(trace.some((e) => e.text.includes('CREATE'))).toBe(false);
    const { mailboxes } = await client.list();
    expect(mailboxes.map((m) => m.name)).not.toContain('Outbox');
    await client.logout();
  });

  it('LIST RETURN (SUBSCRIBED): \\Subscribed on exactly the subscribed folders, counts in the same listing', async () => {
    const trace: TraceEvent[] = [];
    const client = await loggedIn(trace);
    for (const name of ['Followed', 'Ignored', 'Работа', 'Vanished']) await client.create(name);
    for (const name of ['Followed', 'Работа', 'Vanished']) await client.subscribe(name);
    await client.delete('Vanished'); // its subscription stays (RFC 9051 6.3.7)
    const from = trace.length;
    const listed = await client.list({ returnSubscribed: true, status: ['MESSAGES', 'UNSEEN'] });
    expect(
      trace
        .slice(from)
        .filter((e) => e.direction === 'client')
        .map((e) => e.text.slice(e.text.indexOf(' ') + 1)),
    ).toEqual(['LIST "" * RETURN (SUBSCRIBED SPECIAL-USE STATUS (MESSAGES UNSEEN))']);
    expect(listed).toMatchObject({ subscribedIncluded: true, statusIncluded: true });
    const marked = (m: { attributes: readonly string[] }) => m.attributes.includes('\\Subscribed');
    const subscribed = listed.mailboxes.filter(marked).map((m) => m.name);
    expect(subscribed).toEqual(expect.arrayContaining(['Followed', 'Работа']));
    expect(subscribed).not.toContain('Ignored');
    expect(listed.status.get('Ignored')).toEqual({ messages: 0, unseen: 0 });
    // The return option lists only what exists (RFC 5258 3.2); the selection option also lists a subscribed
    // name that does not, marked \NonExistent (3.1). Apart from that the two agree.
    expect(listed.mailboxes.map((m) => m.name)).not.toContain('Vanished');
    const selected = await client.list({ subscribedOnly: true, specialUse: false });
    expect(selected.subscribedIncluded).toBe(true);
    expect(selected.mailboxes.find((m) => m.name === 'Vanished')?.attributes).toEqual(
      expect.arrayContaining(['\\NonExistent', '\\Subscribed']),
    );
    const existing = selected.mailboxes.filter((m) => !m.attributes.includes('\\NonExistent'));
    expect(existing.every(marked)).toBe(true);
    expect(subscribed.sort()).toEqual(existing.map((m) => m.name).sort());
    await client.logout();
  });

  it('ESORT: the compact order is the plain order, and mail in date order comes as one run', async () => {
    const trace: TraceEvent[] = [];
    const client = await loggedIn(trace);
    await client.create('Dated');
    const dated = (day: number, subject: string): string =>
      `Date: ${new Date(Date.UTC(2026, 0, day, 9)).toUTCString().replace('GMT', '+0000')}\r\n${message(subject)}`;
    // Out of date order, two on one date, then a run in date order.
    for (const [day, subject] of [
      [5, 'e'],
      [2, 'b'],
      [3, 'c'],
      [3, 'c2'],
      [1, 'a'],
      [10, 'f'],
      [11, 'g'],
      [12, 'h'],
    ] as const)
      await client.append('Dated', dated(day, subject));
    await client.select('Dated');
    const byDate = [{ key: 'DATE' as const }];
    const plain = await client.sort(byDate, { all: true });
    const compact = await client.sort(byDate, { all: true }, { compact: true });
    expect(Array.from(compact)).toEqual(Array.from(plain));
    expect(Array.from(compact)).toEqual([5, 2, 3, 4, 1, 6, 7, 8]);
    // 2,3,4 and 1,6,7,8... as Dovecot writes runs: whatever it chose, it named each UID once and fewer times
    // than the plain answer's numbers.
    const answer = trace.filter((e) => e.text.startsWith('* ESEARCH')).at(-1)?.text ?? '';
    expect(answer).toMatch(/ALL [\d:,]+/);
    expect(answer.split(/[,]/).length).toBeLessThan(plain.length);

    await client.create('InOrder');
    for (let day = 1; day <= 20; day++) await client.append('InOrder', dated(day, `day ${day}`));
    await client.select('InOrder');
    expect(Array.from(await client.sort(byDate, { all: true }, { compact: true }))).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    expect(trace.filter((e) => e.text.startsWith('* ESEARCH')).at(-1)?.text).toMatch(/ALL 1:20\b/);
    await client.logout();
  });

  it('IDLE: the next SELECT goes out right behind DONE, and Dovecot answers the IDLE first', async () => {
    const trace: TraceEvent[] = [];
    const client = await loggedIn(trace);
    await client.create('AfterIdle');
    await client.append('AfterIdle', message('after idle'));
    await client.select('INBOX');
    const idle = await client.idle();
    const selected = await client.select('AfterIdle');
    expect(selected.exists).toBe(1);
    expect(client.mailbox?.name).toBe('AfterIdle');
    const lines = trace.map((e) => `${e.direction} ${e.text}`);
    const done = lines.findIndex((line) => line.endsWith('DONE'));
    const select = lines.findIndex((line) => line.includes('SELECT AfterIdle'));
    const idleAnswered = lines.findIndex((line, i) => i > done && / OK Idle/i.test(line));
    expect(done).toBeGreaterThan(0);
    expect([done < select, select < idleAnswered]).toEqual([true, true]);
    await idle.stop();
    await client.logout();
  });
});
