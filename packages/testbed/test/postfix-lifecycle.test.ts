import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDovecot } from '../src/dovecot.ts';
import { findFreePorts } from '../src/ports.ts';
import { startPostfix } from '../src/postfix.ts';
import { proxyUpstream } from '../src/proxy-upstream.ts';
import { RawSmtp } from '../src/raw-smtp.ts';
import type { DovecotServer, PostfixServer } from '../src/types.ts';

// Starting and stopping the testbed's Postfix: alone or with Dovecot, on given or free ports, and what is
// left when the test process goes away.

const PACKAGE_DIR = path.resolve(import.meta.dirname, '..');

function isRunning(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

/** Polls `check` until it holds (hang guard, not a timing claim). */
async function eventually(check: () => boolean, timeoutMs = 5_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await sleep(20);
  }
  return check();
}

async function greets(port: number, ca: string): Promise<boolean> {
  const client = await RawSmtp.connect({ port, tls: { ca } });
  const ok = client.greeting.code === 220;
  client.close();
  return ok;
}

let dovecot: DovecotServer;
const started: PostfixServer[] = [];
beforeAll(async () => {
  dovecot = await startDovecot();
});
afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.stop()));
});
afterAll(() => dovecot?.stop());

describe('startPostfix()', () => {
  it('starts beside a running Dovecot; stop() leaves no process and no directory, and may be called twice', async () => {
    const t0 = performance.now();
    const smtp = await startPostfix({ dovecot });
    console.info(`startPostfix() took ${(performance.now() - t0).toFixed(0)} ms`);
    started.push(smtp);
    expect(await greets(smtp.submissionsPort, smtp.caPem)).toBe(true);
    const pids = smtp.processes();
    expect(pids).toContain(smtp.pid);
    await smtp.stop();
    await smtp.stop();
    expect(pids.filter(isRunning)).toEqual([]);
    expect(smtp.processes()).toEqual([]);
    expect(existsSync(smtp.baseDir)).toBe(false);
    await expect(RawSmtp.connect({ port: smtp.submissionPort })).rejects.toThrow(/ECONNREFUSED/);
  });

  it('uses the ports it is given', async () => {
    const [submission = 0, submissions = 0, plain = 0] = await findFreePorts(3);
    const smtp = await startPostfix({ dovecot, ports: { submission, submissions, plain } });
    started.push(smtp);
    expect([smtp.submissionPort, smtp.submissionsPort, smtp.plainPort]).toEqual([
      submission,
      submissions,
      plain,
    ]);
    expect((await RawSmtp.connect({ port: plain })).greeting.code).toBe(220);
  });

  it('says which port was taken when a given one is, and leaves nothing behind', async () => {
    const squatter = net.createServer(() => undefined);
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const port = (squatter.address() as net.AddressInfo).port;
    try {
      await expect(startPostfix({ dovecot, ports: { submissions: port } })).rejects.toThrow(
        `postfix exited during start-up:\n127.0.0.1:${port}: Address already in use`,
      );
    } finally {
      squatter.close();
    }
  });

  it.each([
    [{ maxMessageBytes: 0 }, 'maxMessageBytes must be a whole number, at least 1'],
    [{ maxMessageBytes: 1.5 }, 'maxMessageBytes must be a whole number, at least 1'],
    [{ ports: { plain: 70_000 } }, 'ports.plain must be a port number'],
    [{ delivery: 'smtp' as 'lmtp' }, "delivery must be 'lmtp' or 'lda', got smtp"],
  ])('refuses bad options before starting anything: %j', async (options, message) => {
    await expect(startPostfix({ dovecot, ...options })).rejects.toThrow(message);
  });

  it('gives the proxy an upstream with the smtp section and the mail domain', async () => {
    const smtp = await startPostfix({ dovecot });
    started.push(smtp);
    expect(proxyUpstream(dovecot)).not.toHaveProperty('smtp');
    expect(proxyUpstream(dovecot, 'demo', 'Demo mail', { smtp })).toEqual({
      name: 'demo',
      label: 'Demo mail',
      host: '127.0.0.1',
      port: dovecot.imapsPort,
      tls: 'implicit',
      ca: dovecot.caPem,
      servername: 'localhost',
      smtp: {
        host: '127.0.0.1',
        port: smtp.submissionsPort,
        tls: 'implicit',
        ca: smtp.caPem,
        servername: 'localhost',
      },
      mailDomain: 'webmail.test',
    });
    expect(proxyUpstream(dovecot, 'a', 'A', { smtp, smtpTls: 'starttls' }).smtp).toMatchObject({
      port: smtp.submissionPort,
      tls: 'starttls',
    });
    expect(proxyUpstream(dovecot, 'a', 'A', { smtp, smtpTls: 'none' }).smtp).toEqual({
      host: '127.0.0.1',
      port: smtp.plainPort,
      tls: 'none',
    });
  });
});

describe('startDovecot({ smtp })', () => {
  it('stops its Postfix with it', async () => {
    const server = await startDovecot({ smtp: true });
    const smtp = server.smtp as PostfixServer;
    expect(proxyUpstream(server).smtp?.port).toBe(smtp.submissionsPort);
    const pids = smtp.processes();
    await server.stop();
    expect(pids.filter(isRunning)).toEqual([]);
    expect(existsSync(smtp.baseDir)).toBe(false);
  });
});

interface ChildFacts {
  baseDir: string;
  processes: number[];
  smtp: { baseDir: string; processes: number[]; port: number };
}

describe('when the test process goes away', () => {
  const children: ChildProcess[] = [];
  const leftovers: string[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
    for (const dir of leftovers.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  async function startChild(): Promise<{ child: ChildProcess; facts: ChildFacts }> {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/support/child-server.ts', '{"smtp":true}'],
      { cwd: PACKAGE_DIR, stdio: ['pipe', 'pipe', 'inherit'] },
    );
    children.push(child);
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream })[Symbol.asyncIterator]();
    const first = await lines.next();
    if (first.done) throw new Error('child server printed nothing');
    const facts = JSON.parse(first.value) as ChildFacts;
    leftovers.push(facts.baseDir, facts.smtp.baseDir);
    return { child, facts };
  }

  it('an exit without stop() still stops Postfix and removes its directory (exit hook)', async () => {
    const { child, facts } = await startChild();
    expect(facts.smtp.processes.length).toBeGreaterThan(1);
    child.stdin?.write('exit\n');
    expect(await eventually(() => facts.smtp.processes.every((pid) => !isRunning(pid)))).toBe(true);
    expect(await eventually(() => !existsSync(facts.smtp.baseDir))).toBe(true);
    expect(await eventually(() => !existsSync(facts.baseDir))).toBe(true);
  });

  it.runIf(existsSync('/usr/bin/setpriv'))(
    'a SIGKILLed test process takes Postfix with it (PDEATHSIG)',
    async () => {
      const { child, facts } = await startChild();
      child.kill('SIGKILL');
      expect(await eventually(() => facts.smtp.processes.every((pid) => !isRunning(pid)))).toBe(true);
      expect(await eventually(() => facts.processes.every((pid) => !isRunning(pid)))).toBe(true);
    },
  );
});
