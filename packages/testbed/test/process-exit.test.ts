import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { RawImap } from '../src/raw-imap.ts';

// Each case starts a server in a child Node process (test/support/child-server.ts) and checks what is left
// once that process goes away.

interface ChildFacts {
  pid: number;
  baseDir: string;
  imapPort: number;
  processes: number[];
  uid: number;
}

const PACKAGE_DIR = path.resolve(import.meta.dirname, '..');
const children: ChildProcess[] = [];
const leftovers: string[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  for (const dir of leftovers.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function isRunning(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

async function eventually(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return check();
}

async function startChild(
  asUid?: number,
): Promise<{ child: ChildProcess; facts: ChildFacts; lines: AsyncIterator<string> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/child-server.ts', '{}'], {
    cwd: PACKAGE_DIR,
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, HOME: '/tmp' },
    ...(asUid === undefined ? {} : { uid: asUid, gid: asUid }),
  });
  children.push(child);
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream })[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.done) throw new Error('child server printed nothing');
  const facts = JSON.parse(first.value) as ChildFacts;
  leftovers.push(facts.baseDir);
  return { child, facts, lines };
}

async function canLogin(port: number): Promise<boolean> {
  const client = await RawImap.connect({ port });
  const result = await client.command('LOGIN demo demo-password');
  client.close();
  return result.status === 'OK';
}

const isRoot = process.getuid?.() === 0;

describe('when the test process goes away', () => {
  it('an exit without stop() still stops Dovecot and removes the temp dir (exit hook)', async () => {
    const { child, facts } = await startChild();
    expect(await canLogin(facts.imapPort)).toBe(true);
    child.stdin?.write('exit\n');
    expect(await eventually(() => facts.processes.every((pid) => !isRunning(pid)), 5_000)).toBe(true);
    expect(await eventually(() => !existsSync(facts.baseDir), 5_000)).toBe(true);
  });

  it.runIf(existsSync('/usr/bin/setpriv'))(
    'a SIGKILLed test process takes Dovecot with it (PDEATHSIG)',
    async () => {
      const { child, facts } = await startChild();
      child.kill('SIGKILL');
      expect(await eventually(() => facts.processes.every((pid) => !isRunning(pid)), 5_000)).toBe(true);
    },
  );
});

describe('a script that only starts and stops', () => {
  it('runs to completion: waiting on Dovecot keeps the event loop alive', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/start-stop.ts'], {
      cwd: PACKAGE_DIR,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect({ code, output }).toEqual({ code: 0, output: 'stopped\n' });
  });
});

describe('as a normal user', () => {
  it.runIf(isRoot)('starts, serves and stops when the test process is not root', async () => {
    const { child, facts, lines } = await startChild(65534);
    expect(facts.uid).toBe(65534);
    expect(await canLogin(facts.imapPort)).toBe(true);
    child.stdin?.write('stop\n');
    expect((await lines.next()).value).toBe('stopped');
    expect(facts.processes.filter(isRunning)).toEqual([]);
    expect(existsSync(facts.baseDir)).toBe(false);
  });
});
