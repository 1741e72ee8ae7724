import { mkdir, rm, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { renderDovecotConfig } from './dovecot-config.ts';
import { spawnDovecot, stopDovecot, type DovecotProcess } from './dovecot-process.ts';
import { chownTree, type Layout } from './layout.ts';
import { encodeMailboxName } from './mutf7.ts';
import { findFreePorts } from './ports.ts';
import { quoted, RawImap } from './raw-imap.ts';
import type { RunAs } from './run-as.ts';
import type { FolderLayout } from './folder-layouts.ts';
import type { TestUser } from './types.ts';

// Bringing a Dovecot up from a written config: spawn, wait for our own greeting and a LOGIN, retry with
// fresh ports when another process took one. Used by startDovecot() and by restart().

const MAX_START_ATTEMPTS = 5;
const READY_TIMEOUT_MS = 15_000;
const CONNECT_RETRY_MS = 10;

/** Another process owns one of the chosen ports; a start on harness-chosen ports is retried. */
class PortTakenError extends Error {}

/** Folders to SUBSCRIBE once Dovecot is up (freshly seeded ones, as the client sees them), per user. */
export interface Subscriptions {
  user: TestUser;
  folders: string[];
}

/** What it takes to spawn a written config again and know it is ours and ready. */
export interface ReadyCheck {
  layout: Layout;
  runAs: RunAs;
  instanceName: string;
  imapPort: number;
  /** The first user: its LOGIN is the readiness check. */
  user: TestUser;
}

/** Connects, retrying while the listener is not up yet; fails at once if the master has exited. */
async function connectWhenListening(proc: DovecotProcess, port: number, deadline: number): Promise<RawImap> {
  for (;;) {
    if (proc.hasExited()) throw new Error(`dovecot exited during start-up:\n${proc.outputTail()}`);
    try {
      return await RawImap.connect({ port, timeoutMs: Math.max(1, deadline - Date.now()) });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ECONNREFUSED' && code !== 'ECONNRESET') throw error;
      if (Date.now() > deadline) {
        throw new Error(`dovecot did not listen on ${port} in time:\n${proc.outputTail()}`, { cause: error });
      }
      await sleep(CONNECT_RETRY_MS);
    }
  }
}

async function subscribe(client: RawImap, folders: readonly string[]): Promise<void> {
  for (const folder of folders) await client.ok(`SUBSCRIBE ${quoted(encodeMailboxName(folder))}`);
}

/** Subscriptions of users other than the one the readiness check logged in as, one session each. */
async function subscribeOthers(port: number, subscriptions: readonly Subscriptions[]): Promise<void> {
  for (const { user, folders } of subscriptions) {
    const client = await RawImap.connect({ port });
    try {
      await client.ok(`LOGIN ${quoted(user.name)} ${quoted(user.password)}`);
      await subscribe(client, folders);
      await client.ok('LOGOUT');
    } finally {
      client.close();
    }
  }
}

/**
 * Ready means: our own greeting (it names the instance) received and the first user logged in. Also
 * subscribes freshly seeded folders. Fails as soon as the master exits, whatever the socket is doing.
 */
async function waitUntilReady(
  proc: DovecotProcess,
  check: ReadyCheck,
  subscriptions: readonly Subscriptions[],
): Promise<void> {
  let client: RawImap | undefined;
  const { imapPort: port, user } = check;
  const ready = (async () => {
    client = await connectWhenListening(proc, port, Date.now() + READY_TIMEOUT_MS);
    const greeting = client.greeting.text;
    if (!greeting.startsWith('* OK') || !greeting.includes(check.instanceName)) {
      throw new PortTakenError(`port ${port} answered with another server's greeting: ${greeting}`);
    }
    await client.ok(`LOGIN ${quoted(user.name)} ${quoted(user.password)}`);
    const mine = (entry: Subscriptions): boolean => entry.user.name === user.name;
    await subscribe(
      client,
      subscriptions.filter(mine).flatMap((entry) => entry.folders),
    );
    await client.ok('LOGOUT');
    await subscribeOthers(
      port,
      subscriptions.filter((entry) => !mine(entry) && entry.folders.length > 0),
    );
  })();
  const died = proc.exited.then(async () => {
    await sleep(20); // let the last stderr chunk arrive: 'exit' can come before it
    throw new Error(`dovecot exited during start-up:\n${proc.outputTail()}`);
  });
  try {
    await Promise.race([ready, died]);
  } finally {
    client?.close();
    // Whichever lost the race may still settle (the master exits at stop()); that is expected.
    ready.catch(() => undefined);
    died.catch(() => undefined);
  }
}

/**
 * Spawns Dovecot on the config already written and waits until it is ready; stops it again if it is not.
 * Throws PortTakenError (with Dovecot's message) when a port was not free.
 */
export async function spawnUntilReady(
  check: ReadyCheck,
  subscriptions: readonly Subscriptions[] = [],
): Promise<DovecotProcess> {
  const { layout, runAs } = check;
  // A master killed with SIGKILL leaves its sockets and pid file behind.
  await rm(layout.runDir, { recursive: true, force: true });
  await mkdir(layout.runDir);
  if (runAs.switchFromRoot) await chownTree(layout.runDir, runAs);
  const proc = spawnDovecot(layout.configFile, runAs);
  try {
    await waitUntilReady(proc, check, subscriptions);
    // The config already keeps auth from finding the penalty socket; removing it too costs nothing.
    await rm(`${layout.runDir}/anvil-auth-penalty`, { force: true });
    return proc;
  } catch (error) {
    await stopDovecot(proc, check.instanceName, layout.configFile);
    if (error instanceof PortTakenError || !proc.outputTail().includes('Address already in use')) throw error;
    throw new PortTakenError((error as Error).message, { cause: error });
  }
}

export interface LaunchInput {
  layout: Layout;
  runAs: RunAs;
  folderLayout: FolderLayout;
  users: TestUser[];
  ports: { imap?: number; imaps?: number } | undefined;
  metadata: boolean;
  certFile: string;
  keyFile: string;
  subscriptions: Subscriptions[];
}

export interface Launched {
  proc: DovecotProcess;
  instanceName: string;
  imapPort: number;
  imapsPort: number;
}

/** Picks ports, writes the config, spawns Dovecot and waits until a LOGIN works; retries on EADDRINUSE. */
export async function launch(input: LaunchInput): Promise<Launched> {
  const { layout } = input;
  for (let attempt = 1; ; attempt++) {
    const [freeImap = 0, freeImaps = 0] = await findFreePorts(2);
    const imapPort = input.ports?.imap ?? freeImap;
    const imapsPort = input.ports?.imaps ?? freeImaps;
    const instanceName = `testbed-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    await writeFile(
      layout.configFile,
      renderDovecotConfig({
        instanceName,
        runDir: layout.runDir,
        stateDir: layout.stateDir,
        logFile: layout.logFile,
        passwdFile: layout.passwdFile,
        certFile: input.certFile,
        keyFile: input.keyFile,
        imapPort,
        imapsPort,
        runAs: input.runAs,
        folderLayout: input.folderLayout,
        users: input.users,
        metadata: input.metadata,
      }),
    );
    const check = { layout, runAs: input.runAs, instanceName, imapPort, user: input.users[0] as TestUser };
    try {
      const proc = await spawnUntilReady(check, input.subscriptions);
      return { proc, instanceName, imapPort, imapsPort };
    } catch (error) {
      // Fresh ports can only help when the harness chose them.
      const portsGiven = input.ports?.imap !== undefined || input.ports?.imaps !== undefined;
      if (!(error instanceof PortTakenError) || portsGiven || attempt >= MAX_START_ATTEMPTS) throw error;
    }
  }
}
