import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { startDovecot } from '../src/dovecot.ts';
import { RawImap } from '../src/raw-imap.ts';
import { appendMessage, openSession, snapshotFolder } from '../src/third-party.ts';
import type { DovecotServer, StartDovecotOptions } from '../src/types.ts';

const started: DovecotServer[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.stop()));
});

async function start(options: StartDovecotOptions = {}): Promise<DovecotServer> {
  const server = await startDovecot(options);
  started.push(server);
  return server;
}

function isRunning(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

/** Everything the server sends until it closes the connection. */
async function untilClosed(client: RawImap): Promise<string[]> {
  const texts: string[] = [];
  for (;;) {
    try {
      texts.push((await client.next(5_000)).text);
    } catch (error) {
      expect((error as Error).message).toBe('connection closed by server');
      return texts;
    }
  }
}

describe('restart()', () => {
  it('comes back on the same ports with the same mail, UIDs and UIDVALIDITY', async () => {
    const server = await start({ corpus: true });
    const { imapPort, imapsPort, pid } = server;
    const oldPids = server.processes();
    const before = await snapshotFolder(server, 'demo', 'INBOX');
    const t0 = performance.now();
    await server.restart();
    console.info(`restart() took ${(performance.now() - t0).toFixed(0)} ms`);
    expect([server.imapPort, server.imapsPort]).toEqual([imapPort, imapsPort]);
    expect(server.pid).not.toBe(pid);
    expect(oldPids.filter(isRunning)).toEqual([]);
    expect(await snapshotFolder(server, 'demo', 'INBOX')).toEqual(before);
    const client = await openSession(server, 'demo');
    const status = await client.ok('STATUS INBOX (UIDVALIDITY)');
    expect(status.untagged[0]?.text).toBe('* STATUS INBOX (UIDVALIDITY 1700000000)');
    client.close();
  });

  it('drops every open session with BYE, selected, idling or not', async () => {
    const server = await start();
    await appendMessage(server, 'demo', 'INBOX', 'Subject: x\r\n\r\nx\r\n');
    const loggedIn = await openSession(server, 'demo');
    const selected = await openSession(server, 'demo');
    await selected.ok('SELECT INBOX');
    const idling = await openSession(server, 'demo');
    await idling.ok('SELECT INBOX');
    idling.write('I1 IDLE\r\n');
    await idling.waitFor((response) => response.text.startsWith('+'));
    const greeted = await RawImap.connect({ port: server.imapPort }); // not logged in

    await server.restart();
    for (const client of [loggedIn, selected, idling])
      expect(await untilClosed(client)).toEqual(['* BYE Server shutting down.']);
    // imap-login words it differently for a connection that has not logged in.
    expect(await untilClosed(greeted)).toEqual(['* BYE Shutting down']);
    for (const client of [loggedIn, selected, idling, greeted]) client.close();
  });

  it('accepts connections again on the same port and keeps delivering', async () => {
    const server = await start();
    await server.restart();
    await server.restart();
    await server.deliver('demo', 'INBOX', 'Message-ID: <after@example.org>\r\n\r\nafter two restarts\r\n');
    expect(await snapshotFolder(server, 'demo', 'INBOX')).toEqual([
      { uid: 1, flags: [], messageId: '<after@example.org>' },
    ]);
  });

  it('runs overlapping restarts one after the other, and stop() waits for a running one', async () => {
    const server = await start();
    await Promise.all([server.restart(), server.restart()]);
    const restarting = server.restart();
    await server.stop();
    await restarting;
    expect(server.processes()).toEqual([]);
    await expect(server.restart()).rejects.toThrow('restart() after stop()');
  });
});
