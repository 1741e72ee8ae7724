// imap-core's browser transport end to end: ImapClient over connectWebSocket, through a real proxy, to a real
// Dovecot with the multilingual corpus, in each upstream TLS mode. The proxy's close codes must arrive as the
// typed errors the UI switches on, and no trace of a login may hold the password.
//
// Node 20 has no global WebSocket, so ws's stands in for the browser's; it is wrapped to send the Origin header
// a browser would (the proxy refuses upgrades from origins not on its list).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startProxy } from '@webmail/proxy';
import type { LogRecord, RunningProxy } from '@webmail/proxy';
import { buildCorpus, findFreePort, startDovecot } from '@webmail/testbed';
import type { DovecotServer } from '@webmail/testbed';
import {
  CommandError,
  ConnectionError,
  ErrorCodes,
  ImapClient,
  connectWebSocket,
  imapWebSocketUrl,
} from '@webmail/imap-core';
import type { BodyStructure, TraceEvent, WebSocketConstructor } from '@webmail/imap-core';

const ORIGIN = 'https://mail.test';
const INBOX = buildCorpus().filter((m) => m.folder === 'INBOX');

/** ws's WebSocket with what a browser adds by itself: the page's Origin. */
class BrowserWebSocket extends WebSocket {
  constructor(url: string) {
    super(url, { origin: ORIGIN, perMessageDeflate: false });
  }
}
// ws types its event listeners with its own event classes; at run time they carry the WHATWG fields
// (data, code, reason) that imap-core's WebSocketLike names.
const BrowserWebSocketConstructor = BrowserWebSocket as unknown as WebSocketConstructor;

function partsOf(body: BodyStructure | undefined): BodyStructure[] {
  if (body === undefined) return [];
  if (body.kind === 'multipart') return [body, ...body.children.flatMap(partsOf)];
  if (body.kind === 'message') return [body, ...partsOf(body.body)];
  return [body];
}

describe('imap-core over the proxy WebSocket to Dovecot', () => {
  let dovecot: DovecotServer;
  let proxy: RunningProxy;
  const logs: LogRecord[] = [];

  beforeAll(async () => {
    dovecot = await startDovecot({ corpus: true });
    const tls = { ca: dovecot.caPem, servername: 'localhost' };
    // A port nobody listens on: findFreePort bound it and let it go.
    const closedPort = await findFreePort();
    proxy = await startProxy(
      {
        listen: { host: '127.0.0.1', port: 0 },
        allowedOrigins: [ORIGIN],
        upstreams: [
          { name: 'plain', host: dovecot.host, port: dovecot.imapPort, tls: 'none' },
          { name: 'implicit', host: dovecot.host, port: dovecot.imapsPort, tls: 'implicit', ...tls },
          { name: 'starttls', host: dovecot.host, port: dovecot.imapPort, tls: 'starttls', ...tls },
          { name: 'refused', host: '127.0.0.1', port: closedPort, tls: 'none' },
        ],
        timeouts: { connectMs: 5_000, setupMs: 5_000, shutdownGraceMs: 500 },
      },
      { log: (record) => logs.push(record) },
    );
  });

  afterAll(async () => {
    await proxy?.close();
    await dovecot?.stop();
  });

  /** What the web app does: the WebSocket to /imap/<name>, then the client over it. */
  async function open(upstream: string, trace: TraceEvent[] = []): Promise<ImapClient> {
    const transport = await connectWebSocket(imapWebSocketUrl(proxy.url, upstream), {
      WebSocket: BrowserWebSocketConstructor,
    });
    return ImapClient.connect(transport, { trace: (event) => trace.push(event) });
  }

  function user(): { name: string; password: string } {
    const first = dovecot.users[0];
    if (first === undefined) throw new Error('the testbed has no user');
    return first;
  }

  it.each(['plain', 'implicit', 'starttls'])(
    'over upstream TLS mode %s: login, list, select, fetch, store, IDLE, logout',
    async (upstream) => {
      const { name, password } = user();
      const trace: TraceEvent[] = [];
      const client = await open(upstream, trace);
      // The proxy did STARTTLS before the first byte reached the browser, whose client never sends it.
      if (upstream === 'starttls') expect(client.capabilities.has('STARTTLS')).toBe(false);
      expect(trace.some((event) => event.direction === 'client' && event.text.includes('STARTTLS'))).toBe(
        false,
      );
      await client.login(name, password);
      expect(client.state).toBe('authenticated');

      const { mailboxes } = await client.list({ status: ['MESSAGES'] });
      const byName = new Map(mailboxes.map((m) => [m.name, m]));
      expect(byName.get('Работа')?.wireName).toBe('&BCAEMAQxBD4EQgQw-');
      expect(byName.get('工作/项目')?.wireName).toBe('&XeVPXA-/&mHl27g-');
      expect(byName.get('Sent')?.specialUse).toBe('\\Sent');

      const inbox = await client.select('INBOX');
      expect(inbox.uidValidity).toBe(1700000000);
      expect(inbox.exists).toBeGreaterThanOrEqual(INBOX.length);

      const { messages } = await client.fetch([{ start: 1, end: Infinity }], {
        flags: true,
        envelope: true,
        bodyStructure: true,
      });
      const byUid = new Map(messages.map((m) => [m.uid as number, m.attributes]));
      for (const expected of INBOX) {
        expect(byUid.get(expected.uid)?.envelope?.messageId ?? null).toBe(expected.expect.messageId ?? null);
      }
      const invoice = INBOX.find((m) => m.id === 'attachment-pdf-invoice');
      const pdf = partsOf(byUid.get(invoice?.uid ?? 0)?.bodyStructure).find((p) => p.subtype === 'pdf');
      expect(pdf).toMatchObject({ type: 'application', disposition: { type: 'attachment' } });
      const raw = INBOX.find((m) => m.id === 'gbk-raw-8bit-subject');
      expect(byUid.get(raw?.uid ?? 0)?.envelope?.subjectBytes).toBeInstanceOf(Uint8Array);

      const uid = INBOX[0]?.uid ?? 1;
      const flagged = await client.store([{ start: uid, end: uid }], {
        operation: 'add',
        flags: ['\\Flagged'],
        silent: false,
        expectedUidValidity: 1700000000,
      });
      expect(flagged.updated).toEqual([
        expect.objectContaining({ uid, flags: expect.arrayContaining(['\\Flagged']) }),
      ]);
      await client.store([{ start: uid, end: uid }], { operation: 'remove', flags: ['\\Flagged'] });
      const after = await client.fetch([{ start: uid, end: uid }], { flags: true });
      expect(after.messages[0]?.attributes.flags).not.toContain('\\Flagged');

      const arrived = new Promise<number>((resolve) => client.on('exists', (event) => resolve(event.count)));
      const idle = await client.idle();
      const subject = `delivered during IDLE over ${upstream}`;
      await dovecot.deliver(name, 'INBOX', `From: a@example.org\r\nSubject: ${subject}\r\n\r\nhello\r\n`);
      expect(await arrived).toBe(client.mailbox?.exists);
      await idle.stop();
      expect((await client.search({ subject })).length).toBe(1);

      const closed = new Promise<unknown>((resolve) => client.on('close', ({ error }) => resolve(error)));
      await client.logout();
      expect(client.state).toBe('logout');
      expect(await closed).toBeNull();

      const text = trace.map((event) => event.text).join('\n');
      expect(text).toContain('AUTHENTICATE PLAIN ***');
      expect(text).not.toContain(password);
      expect(text).not.toContain(Buffer.from(`\0${name}\0${password}`).toString('base64'));
      expect(JSON.stringify(logs)).not.toContain(password);
    },
  );

  it('an unknown upstream name is a ConnectionError with transportCode 4001', async () => {
    const error = await open('nowhere').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ code: ErrorCodes.TRANSPORT, transportCode: 4001 });
  });

  it('an upstream that refuses the connection is a ConnectionError with transportCode 4010', async () => {
    const error = await open('refused').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ code: ErrorCodes.TRANSPORT, transportCode: 4010 });
  });

  it('a wrong password is a CommandError NO [AUTHENTICATIONFAILED], and no trace holds it', async () => {
    const { name } = user();
    const wrong = 'not-the-Password-7';
    const trace: TraceEvent[] = [];
    const client = await open('implicit', trace);
    const error = await client.login(name, wrong).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect(error).toMatchObject({
      code: ErrorCodes.NO,
      status: 'NO',
      responseCode: { name: 'AUTHENTICATIONFAILED' },
    });
    expect(client.state).toBe('not-authenticated');
    client.close();
    const text = [...trace.map((event) => event.text), (error as Error).message, JSON.stringify(logs)].join(
      '\n',
    );
    expect(text).not.toContain(wrong);
    expect(text).not.toContain(Buffer.from(`\0${name}\0${wrong}`).toString('base64'));
  });
});
