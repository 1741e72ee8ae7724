// @vitest-environment node
// MailConnection end to end: a browser's WebSocket (jsdom's, sending the page's Origin) through the real
// proxy to a real Dovecot. The proxy is stopped and started again on the same port, and Dovecot's IMAP
// processes are killed under a signed-in session; each time the connection must come back by itself, with
// QRESYNC enabled again, the listeners still attached and commands working, and the password in no trace.
//
// Node's environment, not jsdom's: the proxy runs in this process, and under the jsdom environment its `ws`
// would resolve to ws's browser stub.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startProxy } from '@webmail/proxy';
import type { RunningProxy } from '@webmail/proxy';
import { findFreePort, proxyUpstream, startDovecot } from '@webmail/testbed';
import type { DovecotServer, TestUser } from '@webmail/testbed';
import { connectWebSocket, imapWebSocketUrl } from '@webmail/imap-core';
import type { TraceEvent, WebSocketConstructor } from '@webmail/imap-core';
import { MailConnection } from './connection.svelte.ts';

/** A hang guard, not a measure: the backoff tries again 1 and then 2 s after the drop. */
const BACK_WITHIN_MS = 15_000;
const PAGE_ORIGIN = 'https://mail.test';
// jsdom ships no type declarations (and @types/jsdom is not installed): the one member used, typed here.
const { JSDOM } = createRequire(import.meta.url)('jsdom') as {
  JSDOM: new (html: string, options: { url: string }) => { window: { WebSocket: WebSocketConstructor } };
};
const BrowserWebSocket = new JSDOM('', { url: `${PAGE_ORIGIN}/` }).window.WebSocket;

function message(subject: string): string {
  return `From: Carol <carol@example.org>\r\nTo: demo@example.org\r\nSubject: ${subject}\r\nDate: Mon, 1 Jan 2024 10:00:00 +0000\r\nMessage-ID: <${subject.replace(/\W/g, '')}@example.org>\r\n\r\nBody of ${subject}\r\n`;
}

describe('MailConnection through the proxy to Dovecot', () => {
  let dovecot: DovecotServer;
  let port: number;
  let proxy: RunningProxy | null = null;
  let user: TestUser;

  const startOurProxy = () =>
    startProxy(
      {
        listen: { host: '127.0.0.1', port },
        allowedOrigins: [PAGE_ORIGIN],
        upstreams: [proxyUpstream(dovecot)],
        timeouts: { shutdownGraceMs: 200 },
      },
      { log: () => {} },
    );

  beforeAll(async () => {
    dovecot = await startDovecot();
    const first = dovecot.users[0];
    if (!first) throw new Error('the testbed has no user');
    user = first;
    port = await findFreePort();
    proxy = await startOurProxy();
  });

  afterAll(async () => {
    await proxy?.close();
    await dovecot?.stop();
  });

  async function signedIn(trace: TraceEvent[]) {
    const url = imapWebSocketUrl(`http://127.0.0.1:${port}`, 'demo');
    const connection = new MailConnection(user.name, user.password, {
      openTransport: () => connectWebSocket(url, { WebSocket: BrowserWebSocket }),
      clientOptions: { trace: (event) => trace.push(event) },
      random: () => 0.5,
    });
    await connection.connect();
    // Online once ENABLE QRESYNC is sent; Dovecot's answer follows.
    await vi.waitFor(() => expect(connection.qresync).toBe(true));
    return connection;
  }

  it("sends a reload's SELECT (QRESYNC) right behind ENABLE QRESYNC, and Dovecot answers it", async () => {
    const before = await signedIn([]);
    const known = await before.client.select('INBOX', { condstore: true });
    before.dispose();
    const trace: TraceEvent[] = [];
    const url = imapWebSocketUrl(`http://127.0.0.1:${port}`, 'demo');
    const connection = new MailConnection(user.name, user.password, {
      openTransport: () => connectWebSocket(url, { WebSocket: BrowserWebSocket }),
      clientOptions: { trace: (event) => trace.push(event), compress: true },
      random: () => 0.5,
    });
    await expect(connection.connectOrKeepTrying()).resolves.toBe('online');
    const qresync = { uidValidity: known.uidValidity ?? 0, modseq: BigInt(known.highestModseq ?? 0) };
    const selected = await connection.client.select('INBOX', { qresync });
    expect(selected.uidValidity).toBe(known.uidValidity);
    expect(connection.qresync).toBe(true);
    const lines = trace.map((e) => `${e.direction === 'client' ? 'C' : 'S'}: ${e.text}`);
    const enable = lines.findIndex((line) => /^C: \S+ ENABLE QRESYNC$/.test(line));
    const tag = lines[enable]?.split(' ')[1];
    const select = lines.findIndex((line) => /^C: \S+ SELECT INBOX \(QRESYNC/.test(line));
    const enabled = lines.findIndex((line) => line.startsWith(`S: ${tag} OK`));
    // COMPRESS (RFC 4978 3) was answered before ENABLE went out; the SELECT went before ENABLE's answer.
    const compressed = lines.findIndex((line) => /^C: \S+ COMPRESS DEFLATE$/.test(line));
    const compressTag = lines[compressed]?.split(' ')[1];
    const compressOk = lines.findIndex((line) => line.startsWith(`S: ${compressTag} OK`));
    expect([compressed >= 0, compressOk > compressed, enable > compressOk]).toEqual([true, true, true]);
    expect([enable >= 0, select === enable + 1, enabled > select]).toEqual([true, true, true]);
    connection.dispose();
  });

  it('comes back by itself after the proxy restarts on the same port', async () => {
    const trace: TraceEvent[] = [];
    const connection = await signedIn(trace);
    expect(connection.qresync).toBe(true);
    const exists = vi.fn();
    connection.client.on('exists', exists);
    const reselected = vi.fn(async () => {
      await connection.client.select('INBOX');
    });
    connection.onReconnected(reselected);
    const before = (await connection.client.select('INBOX')).exists;

    await proxy?.close();
    proxy = null;
    await vi.waitFor(() => expect(connection.status).toBe('reconnecting'));
    expect(connection.lastError?.key).toBe('error.proxy.restarting');
    await expect(connection.client.noop()).rejects.toMatchObject({ code: 'IMAP_CONNECTION_CLOSED' });
    // The first attempt finds no proxy; the second, 2 s later, finds it back.
    await vi.waitFor(() => expect(connection.attempt).toBe(2), { timeout: 5_000 });
    expect(connection.lastError?.key).toBe('error.proxy.refused');
    proxy = await startOurProxy();

    await vi.waitFor(() => expect(reselected).toHaveBeenCalledOnce(), { timeout: BACK_WITHIN_MS });
    expect(connection.status).toBe('online');
    expect(connection.qresync).toBe(true);
    expect(connection.client.mailbox?.name).toBe('INBOX');
    // IDLE on the new connection; the listener registered before the restart hears the delivery.
    const idle = await connection.client.idle();
    await dovecot.deliver(user.name, 'INBOX', message('after the restart'));
    await vi.waitFor(
      () => expect(exists).toHaveBeenLastCalledWith(expect.objectContaining({ count: before + 1 })),
      {
        timeout: 5_000,
      },
    );
    await idle.stop();
    const text = trace.map((event) => event.text).join('\n');
    expect(text).not.toContain(user.password);
    expect(text).not.toContain(btoa(`\0${user.name}\0${user.password}`));
    await connection.logout();
  }, 30_000);

  it("comes back by itself when Dovecot's IMAP sessions are cut", async () => {
    const connection = await signedIn([]);
    await connection.client.select('INBOX');
    const imapProcesses = dovecot
      .processes()
      .filter((pid) => readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'imap');
    expect(imapProcesses.length).toBeGreaterThan(0);
    for (const pid of imapProcesses) process.kill(pid, 'SIGKILL');

    await vi.waitFor(() => expect(connection.status).toBe('reconnecting'));
    expect(connection.lastError?.key).toBe('error.connection.closed');
    await vi.waitFor(() => expect(connection.status).toBe('online'), { timeout: BACK_WITHIN_MS });
    const { mailboxes } = await connection.client.list();
    expect(mailboxes.map((m) => m.name)).toContain('INBOX');
    await connection.logout();
  }, 30_000);
});
