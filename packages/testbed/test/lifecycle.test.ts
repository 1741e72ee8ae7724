import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startDovecot } from '../src/dovecot.ts';
import { findFreePorts } from '../src/ports.ts';
import { RawImap } from '../src/raw-imap.ts';
import type { DovecotServer, StartDovecotOptions } from '../src/types.ts';
import { login } from './support/imap.ts';

const started: DovecotServer[] = [];
const cleanupDirs: string[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.stop()));
  for (const dir of cleanupDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function start(options: StartDovecotOptions = {}): Promise<DovecotServer> {
  const server = await startDovecot(options);
  started.push(server);
  return server;
}

/** True while the process exists and is not a zombie waiting to be reaped. */
function isRunning(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

async function canLogin(server: { imapPort: number }): Promise<boolean> {
  const client = await RawImap.connect({ port: server.imapPort });
  const result = await client.command('LOGIN demo demo-password');
  client.close();
  return result.status === 'OK';
}

describe('server lifecycle', () => {
  it('runs two servers side by side on different ports and directories', async () => {
    const [a, b] = await Promise.all([start(), start()]);
    expect(a?.imapPort).not.toBe(b?.imapPort);
    expect(a?.baseDir).not.toBe(b?.baseDir);
    expect(await canLogin(a as DovecotServer)).toBe(true);
    expect(await canLogin(b as DovecotServer)).toBe(true);
    await a?.stop();
    expect(await canLogin(b as DovecotServer)).toBe(true);
  });

  it('stop() leaves no process and no directory behind, and may be called twice', async () => {
    const server = await start();
    const client = await login(server);
    await client.ok('SELECT INBOX');
    const pids = server.processes();
    expect(pids.length).toBeGreaterThan(3);
    await server.stop();
    await server.stop();
    expect(pids.filter(isRunning)).toEqual([]);
    expect(server.processes()).toEqual([]);
    expect(existsSync(server.baseDir)).toBe(false);
    await expect(client.next(2_000)).resolves.toMatchObject({ text: expect.stringMatching(/^\* BYE/) });
    client.close();
  });

  it('uses the ports it is given', async () => {
    const [imap = 0, imaps = 0] = await findFreePorts(2);
    const server = await start({ ports: { imap, imaps } });
    expect([server.imapPort, server.imapsPort]).toEqual([imap, imaps]);
    expect(await canLogin(server)).toBe(true);
  });

  it('fails fast and says why when a given port is taken by something that never greets', async () => {
    const squatter = net.createServer(() => undefined);
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const port = (squatter.address() as net.AddressInfo).port;
    try {
      await expect(startDovecot({ ports: { imap: port } })).rejects.toThrow(/Address already in use/);
    } finally {
      squatter.close();
    }
    // Hang guard: waiting for a greeting that never comes would outlast it.
  }, 5_000);

  it('serves several users, seeding the corpus for the first one only', async () => {
    const server = await start({
      corpus: true,
      users: [
        { name: 'alice', password: 'a' },
        { name: 'bob', password: 'b' },
      ],
    });
    const alice = await login(server, { name: 'alice', password: 'a' });
    const bob = await login(server, { name: 'bob', password: 'b' });
    const count = async (client: RawImap): Promise<number> =>
      Number(
        /MESSAGES (\d+)/.exec((await client.ok('STATUS INBOX (MESSAGES)')).untagged[0]?.text ?? '')?.[1],
      );
    expect(await count(alice)).toBeGreaterThan(30);
    expect(await count(bob)).toBe(0);
    expect((await bob.command('STATUS Drafts (MESSAGES)')).status).toBe('OK');
    alice.close();
    bob.close();
  });

  it('keeps its data with keepData, and a later start on that baseDir reuses the mail', async () => {
    const parent = mkdtempSync(path.join(os.tmpdir(), 'keep-'));
    cleanupDirs.push(parent);
    chmodSync(parent, 0o755); // Dovecot may run as another user (nobody, when tests run as root)
    const baseDir = path.join(parent, 'data');
    const first = await startDovecot({ baseDir, keepData: true, corpus: true });
    await first.deliver('demo', 'INBOX', 'Subject: kept\r\n\r\nstill here\r\n');
    const inboxCount = async (server: DovecotServer): Promise<number> => {
      const client = await login(server);
      const count = Number(
        /MESSAGES (\d+)/.exec((await client.ok('STATUS INBOX (MESSAGES)')).untagged[0]?.text ?? '')?.[1],
      );
      client.close();
      return count;
    };
    const before = await inboxCount(first);
    await first.stop();
    expect(existsSync(path.join(baseDir, 'home', 'demo', 'Maildir'))).toBe(true);
    const second = await startDovecot({ baseDir, keepData: true, corpus: true });
    expect(await inboxCount(second)).toBe(before);
    await second.stop();
  });

  it.runIf(process.getuid?.() === 0)(
    'explains when Dovecot could not reach a baseDir under a private directory',
    async () => {
      const parent = mkdtempSync(path.join(os.tmpdir(), 'private-'));
      cleanupDirs.push(parent);
      await expect(startDovecot({ baseDir: path.join(parent, 'data') })).rejects.toThrow(
        /cannot enter .*private-.*mode 700/,
      );
    },
  );

  it('refuses a non-empty baseDir it did not make', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'foreign-'));
    cleanupDirs.push(dir);
    rmSync(dir, { recursive: true });
    mkdirSync(path.join(dir, 'precious'), { recursive: true });
    await expect(startDovecot({ baseDir: dir })).rejects.toThrow(/not made by the testbed/);
    expect(existsSync(path.join(dir, 'precious'))).toBe(true);
  });
});
