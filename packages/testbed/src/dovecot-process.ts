import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RunAs } from './run-as.ts';

// Owning the Dovecot master process: spawn it in the foreground, stop it by PID, and make sure no Dovecot
// outlives the test process that started it.

const DOVECOT_BIN = process.env['TESTBED_DOVECOT_BIN'] ?? '/usr/sbin/dovecot';
// util-linux's setpriv sets PR_SET_PDEATHSIG before exec'ing Dovecot, so the kernel sends the master SIGTERM
// when the spawning process dies in any way (SIGKILL, a crashed vitest worker) — cases where no 'exit'
// hook of ours runs. Without setpriv we fall back to the 'exit' hook alone.
const SETPRIV_BIN = '/usr/bin/setpriv';
const STDERR_TAIL_BYTES = 8_192;
const STOP_TIMEOUT_MS = 3_000;
const STRAGGLER_TIMEOUT_MS = 2_000;

export interface DovecotExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface DovecotProcess {
  pid: number;
  child: ChildProcess;
  /** Settles when the master has exited. */
  exited: Promise<DovecotExit>;
  hasExited(): boolean;
  /** The last bytes Dovecot wrote to stdout/stderr (fatal start-up errors land here). */
  outputTail(): string;
}

function signal(pids: readonly number[], name: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, name);
    } catch {
      // exited meanwhile
    }
  }
}

export interface CleanupEntry {
  pid: number;
  instanceName: string;
  configFile: string;
  removeDir: string | undefined;
}

const liveServers = new Set<CleanupEntry>();
let exitHookInstalled = false;

/** The process is exiting: only synchronous work is possible, so signal everything and remove the dirs. */
function killAllOnExit(): void {
  for (const entry of liveServers) {
    signal([entry.pid], 'SIGKILL');
    signal(instanceProcesses(entry.instanceName, entry.configFile), 'SIGTERM');
    if (entry.removeDir !== undefined) {
      try {
        rmSync(entry.removeDir, { recursive: true, force: true, maxRetries: 3 });
      } catch {
        // A service still shutting down may write into it; the temp dir is then left behind.
      }
    }
  }
}

/** Registers a running server with the process 'exit' hook; returns the function that unregisters it. */
export function registerForExitCleanup(entry: CleanupEntry): () => void {
  if (!exitHookInstalled) {
    process.on('exit', killAllOnExit);
    exitHookInstalled = true;
  }
  liveServers.add(entry);
  return () => liveServers.delete(entry);
}

export function spawnDovecot(configFile: string, runAs: RunAs): DovecotProcess {
  const dovecotArgs = [DOVECOT_BIN, '-F', '-c', configFile];
  const [command, ...args] = existsSync(SETPRIV_BIN)
    ? [SETPRIV_BIN, '--pdeathsig', 'TERM', ...dovecotArgs]
    : dovecotArgs;
  const child = spawn(command ?? DOVECOT_BIN, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: a Ctrl-C in the terminal reaches only us, and we decide how Dovecot stops.
    detached: true,
    // A root test process hands Dovecot to the unprivileged account; libuv also drops supplementary groups.
    ...(runAs.switchFromRoot ? { uid: runAs.uid, gid: runAs.gid } : {}),
  });
  if (child.pid === undefined) throw new Error(`could not spawn ${command}`);
  let tail = '';
  const collect = (chunk: Buffer): void => {
    tail = (tail + chunk.toString('utf8')).slice(-STDERR_TAIL_BYTES);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let done = false;
  const exited = new Promise<DovecotExit>((resolve) => {
    child.once('exit', (code, signal) => {
      done = true;
      resolve({ code, signal });
    });
  });
  // A forgotten server must not keep the test process alive; the exit hook and PDEATHSIG then stop it.
  child.unref();
  (child.stdout as Socket | null)?.unref();
  (child.stderr as Socket | null)?.unref();
  return { pid: child.pid, child, exited, hasExited: () => done, outputTail: () => tail };
}

/** PIDs of every process that belongs to this Dovecot instance (titles read `dovecot-<instance>/<service>`). */
export function instanceProcesses(instanceName: string, configFile: string): number[] {
  const title = `dovecot-${instanceName}/`;
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (cmdline.startsWith(title) || cmdline.includes(configFile)) pids.push(Number(entry));
  }
  return pids;
}

/**
 * Stops the instance in a few milliseconds. A SIGTERM to the master would do, but Dovecot's master then
 * sleeps a full second waiting for its children; and a master killed alone leaves busy imap processes
 * running for ~10 s. So: SIGKILL the master (nothing respawns), SIGTERM every service process (each shuts
 * down cleanly: imap sends "BYE Server shutting down" and writes its indexes), SIGKILL any straggler.
 */
export async function stopDovecot(
  proc: DovecotProcess,
  instanceName: string,
  configFile: string,
): Promise<void> {
  if (!proc.hasExited()) {
    // The child is unref()'d; while stop() waits for it, it must keep the event loop alive.
    proc.child.ref();
    proc.child.kill('SIGKILL');
    await proc.exited;
  }
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  for (let left = instanceProcesses(instanceName, configFile); left.length > 0;) {
    signal(left, Date.now() < deadline ? 'SIGTERM' : 'SIGKILL');
    await sleep(10);
    left = instanceProcesses(instanceName, configFile);
    if (Date.now() > deadline + STRAGGLER_TIMEOUT_MS) {
      throw new Error(`dovecot processes ${left.join(', ')} survived SIGKILL`);
    }
  }
}
