import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

// Owning the Postfix master process: run it in the foreground, stop it and its daemons, and make sure no
// Postfix outlives the test process that started it. The master leads a process group of its own, and
// every daemon it starts stays in that group, so the group is the instance.

const MASTER_BIN = process.env['TESTBED_POSTFIX_MASTER'] ?? '/usr/lib/postfix/sbin/master';
const SETPRIV_BIN = '/usr/bin/setpriv';
const OUTPUT_TAIL_BYTES = 8_192;
const STOP_TIMEOUT_MS = 3_000;
const STRAGGLER_TIMEOUT_MS = 2_000;

export interface PostfixProcess {
  /** PID of the supervising shell (see spawnMaster). */
  pid: number;
  child: ChildProcess;
  /** Settles when the shell has exited, which it does right after the master. */
  exited: Promise<void>;
  hasExited(): boolean;
  /** Resolves with the master's PID once the shell has started it. */
  masterPid: Promise<number>;
  /** The last bytes written to stdout/stderr. */
  outputTail(): string;
}

export function masterBinary(): string {
  return MASTER_BIN;
}

// The master changes its effective uid and gid while it starts (files of mail_owner), and the kernel then
// clears PR_SET_PDEATHSIG, so setpriv cannot tie the master itself to our life. A shell between them keeps
// it: the shell dies with us (SIGTERM from the kernel), and its trap passes SIGTERM on to the master, which
// passes it to its daemons and exits. The shell prints the master's PID first.
const SUPERVISOR = `"$1" -c "$2" -s & master=$!
echo "master $master"
trap 'kill -TERM "$master" 2>/dev/null; exit 143' TERM INT HUP
wait "$master"`;

/**
 * `master -s` stays in the foreground and keeps stdout (Postfix 3.4+); `-c` points every daemon at our
 * config directory. It becomes the leader of a session and process group of its own (setsid), which holds
 * all its daemons.
 */
export function spawnMaster(confDir: string): PostfixProcess {
  const shellArgs = ['/bin/sh', '-c', SUPERVISOR, 'postfix-supervisor', MASTER_BIN, confDir];
  const [command, ...args] = existsSync(SETPRIV_BIN)
    ? [SETPRIV_BIN, '--pdeathsig', 'TERM', ...shellArgs]
    : shellArgs;
  const child = spawn(command ?? '/bin/sh', args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', MAIL_CONFIG: confDir },
  });
  if (child.pid === undefined) throw new Error(`could not spawn ${command}`);
  let tail = '';
  let announce: (pid: number) => void = () => undefined;
  const masterPid = new Promise<number>((resolve) => (announce = resolve));
  const collect = (chunk: Buffer): void => {
    tail = (tail + chunk.toString('utf8')).slice(-OUTPUT_TAIL_BYTES);
    const announced = /^master (\d+)$/m.exec(tail);
    if (announced) {
      announce(Number(announced[1]));
      tail = tail.replace(/^master \d+\n/m, '');
    }
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let done = false;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      done = true;
      resolve();
    });
  });
  child.unref();
  (child.stdout as Socket | null)?.unref();
  (child.stderr as Socket | null)?.unref();
  return { pid: child.pid, child, exited, hasExited: () => done, masterPid, outputTail: () => tail };
}

/**
 * PIDs of the live processes in the master's process group (the master and every daemon it started).
 * Zombies do not count: daemons orphaned by the master's exit wait for init to reap them, which can take a
 * second in a container.
 */
export function groupProcesses(pgid: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    // pid (comm) state ppid pgrp ...: comm may hold spaces and parentheses, so count from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === pgid && fields[0] !== 'Z') pids.push(Number(entry));
  }
  return pids;
}

function signalGroup(pgid: number, name: NodeJS.Signals): void {
  try {
    process.kill(-pgid, name);
  } catch {
    // the group is gone
  }
}

/**
 * SIGTERM to the master, which passes it to its daemons ("postfix abort"); queue files are ours to delete,
 * so nothing needs a graceful drain. SIGKILL to whatever is left after a few seconds.
 */
export async function stopMaster(proc: PostfixProcess): Promise<void> {
  // The shell announces the master at once; a shell that exited first never started one.
  const master = await Promise.race([proc.masterPid, proc.exited.then(() => undefined)]);
  if (!proc.hasExited()) {
    proc.child.ref();
    if (master !== undefined) signalGroup(master, 'SIGTERM');
    await proc.exited;
  }
  if (master === undefined) return;
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  for (let left = groupProcesses(master); left.length > 0; left = groupProcesses(master)) {
    signalGroup(master, Date.now() < deadline ? 'SIGTERM' : 'SIGKILL');
    await sleep(10);
    if (Date.now() > deadline + STRAGGLER_TIMEOUT_MS)
      throw new Error(`postfix processes ${left.join(', ')} survived SIGKILL`);
  }
}

export interface PostfixCleanupEntry {
  pid: number;
  removeDir: string | undefined;
}

const livePostfixes = new Set<PostfixCleanupEntry>();
let exitHookInstalled = false;

/** The process is exiting: synchronous work only, so SIGKILL each instance's group and remove its dir. */
function killAllOnExit(): void {
  for (const entry of livePostfixes) {
    signalGroup(entry.pid, 'SIGKILL');
    if (entry.removeDir === undefined) continue;
    try {
      rmSync(entry.removeDir, { recursive: true, force: true, maxRetries: 3 });
    } catch {
      // a daemon still exiting may write into it; the temp dir is then left behind
    }
  }
}

export function registerPostfixForExitCleanup(entry: PostfixCleanupEntry): () => void {
  if (!exitHookInstalled) {
    // Before Dovecot's hook: Postfix delivers into Dovecot's directory, which that hook removes.
    process.prependListener('exit', killAllOnExit);
    exitHookInstalled = true;
  }
  livePostfixes.add(entry);
  return () => livePostfixes.delete(entry);
}
