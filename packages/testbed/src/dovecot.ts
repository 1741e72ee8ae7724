import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { renderDovecotConfig, renderPasswdFile } from './dovecot-config.ts';
import { instanceProcesses, registerForExitCleanup, spawnDovecot, stopDovecot } from './dovecot-process.ts';
import type { DovecotProcess } from './dovecot-process.ts';
import { SPECIAL_USE_FOLDERS } from './corpus/folders.ts';
import { deliverToMaildir, type Owner } from './maildir.ts';
import { encodeMailboxName } from './mutf7.ts';
import { createCertificateAuthority, issueCertificate } from './pki.ts';
import { findFreePorts } from './ports.ts';
import { quoted, RawImap } from './raw-imap.ts';
import { assertTraversable, resolveRunAs, type RunAs } from './run-as.ts';
import { ensureMaildir, isSeeded, seedMaildir } from './seed.ts';
import type { DovecotServer, DovecotVariant, StartDovecotOptions, TestUser } from './types.ts';

export const DEMO_USER: Readonly<TestUser> = Object.freeze({ name: 'demo', password: 'demo-password' });

const MAX_START_ATTEMPTS = 5;
const READY_TIMEOUT_MS = 15_000;
const CONNECT_RETRY_MS = 10;
// Dovecot's sockets live in <baseDir>/run; unix socket paths stop at 108 bytes and Dovecot adds up to ~30.
const MAX_BASE_DIR_LENGTH = 70;
const MARKER_FILE = '.webmail-testbed';
// passwd-file fields are ':'-separated and the name becomes a directory name.
const USER_NAME = /^[A-Za-z0-9][A-Za-z0-9._@+-]*$/;

interface Layout {
  baseDir: string;
  runDir: string;
  stateDir: string;
  tlsDir: string;
  configFile: string;
  passwdFile: string;
  logFile: string;
  home: (user: string) => string;
  maildir: (user: string) => string;
}

function layoutOf(baseDir: string): Layout {
  const home = (user: string): string => path.join(baseDir, 'home', user);
  return {
    baseDir,
    runDir: path.join(baseDir, 'run'),
    stateDir: path.join(baseDir, 'state'),
    tlsDir: path.join(baseDir, 'tls'),
    configFile: path.join(baseDir, 'dovecot.conf'),
    passwdFile: path.join(baseDir, 'passwd'),
    logFile: path.join(baseDir, 'dovecot.log'),
    home,
    maildir: (user) => path.join(home(user), 'Maildir'),
  };
}

function validateUsers(users: readonly TestUser[]): void {
  if (users.length === 0) throw new Error('startDovecot needs at least one user');
  for (const user of users) {
    if (!USER_NAME.test(user.name)) throw new Error(`bad test user name ${JSON.stringify(user.name)}`);
    if (/[:\r\n]/.test(user.password))
      throw new Error(`password of ${user.name} must not contain ':' or line breaks`);
  }
}

async function claimBaseDir(requested: string | undefined): Promise<{ baseDir: string; created: boolean }> {
  if (requested === undefined) {
    return { baseDir: await mkdtemp(path.join(os.tmpdir(), 'testbed-')), created: true };
  }
  const baseDir = path.resolve(requested);
  const entries = existsSync(baseDir) ? readdirSync(baseDir) : [];
  if (entries.length > 0 && !entries.includes(MARKER_FILE)) {
    throw new Error(`refusing to use ${baseDir}: not empty and not made by the testbed`);
  }
  await mkdir(baseDir, { recursive: true });
  return { baseDir, created: entries.length === 0 };
}

/** Another process owns one of the chosen ports; the start is retried with fresh ports. */
class PortTakenError extends Error {}

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

/**
 * Ready means: our own greeting (it names the instance) received and the first user logged in. Also
 * subscribes freshly seeded folders. Fails as soon as the master exits, whatever the socket is doing.
 */
async function waitUntilReady(
  proc: DovecotProcess,
  instanceName: string,
  port: number,
  user: TestUser,
  subscribe: string[],
): Promise<void> {
  let client: RawImap | undefined;
  const ready = (async () => {
    client = await connectWhenListening(proc, port, Date.now() + READY_TIMEOUT_MS);
    const greeting = client.greeting.text;
    if (!greeting.startsWith('* OK') || !greeting.includes(instanceName)) {
      throw new PortTakenError(`port ${port} answered with another server's greeting: ${greeting}`);
    }
    await client.ok(`LOGIN ${quoted(user.name)} ${quoted(user.password)}`);
    for (const folder of subscribe) await client.ok(`SUBSCRIBE ${quoted(encodeMailboxName(folder))}`);
    await client.ok('LOGOUT');
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

interface LaunchInput {
  layout: Layout;
  runAs: RunAs;
  variant: DovecotVariant;
  users: TestUser[];
  ports: { imap?: number; imaps?: number } | undefined;
  certFile: string;
  keyFile: string;
  subscribe: string[];
}

interface Launched {
  proc: DovecotProcess;
  instanceName: string;
  imapPort: number;
  imapsPort: number;
}

/** Picks ports, writes the config, spawns Dovecot and waits until a LOGIN works; retries on EADDRINUSE. */
async function launch(input: LaunchInput): Promise<Launched> {
  const { layout } = input;
  for (let attempt = 1; ; attempt++) {
    const [freeImap = 0, freeImaps = 0] = await findFreePorts(2);
    const imapPort = input.ports?.imap ?? freeImap;
    const imapsPort = input.ports?.imaps ?? freeImaps;
    const instanceName = `testbed-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    await rm(layout.runDir, { recursive: true, force: true });
    await mkdir(layout.runDir);
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
        variant: input.variant,
        specialUse: SPECIAL_USE_FOLDERS,
      }),
    );
    if (input.runAs.switchFromRoot) await chownTree(layout.runDir, input.runAs);
    const proc = spawnDovecot(layout.configFile, input.runAs);
    try {
      const firstUser = input.users[0] as TestUser;
      await waitUntilReady(proc, instanceName, imapPort, firstUser, input.subscribe);
      return { proc, instanceName, imapPort, imapsPort };
    } catch (error) {
      await stopDovecot(proc, instanceName, layout.configFile);
      const portTaken =
        error instanceof PortTakenError || proc.outputTail().includes('Address already in use');
      // Fresh ports can only help when the harness chose them.
      const portsGiven = input.ports?.imap !== undefined || input.ports?.imaps !== undefined;
      if (!portTaken || portsGiven || attempt >= MAX_START_ATTEMPTS) throw error;
    }
  }
}

const execFileAsync = promisify(execFile);

/**
 * `rm -rf` in a child process: faster than fs.rm for 100 000 files, and it leaves the event loop idle, so a
 * parent such as tsx, which SIGKILLs a child that is slow to acknowledge a relayed signal, waits for us.
 */
async function removeTree(dir: string): Promise<void> {
  await execFileAsync('rm', ['-rf', '--', dir]);
}

async function chownTree(dir: string, owner: Owner): Promise<void> {
  await execFileAsync('chown', ['-R', `${owner.uid}:${owner.gid}`, dir]);
}

/**
 * Starts a private Dovecot on 127.0.0.1 and resolves once a LOGIN over a raw socket has worked.
 * See README.md for the layout of baseDir and what each option does.
 */
export async function startDovecot(options: StartDovecotOptions = {}): Promise<DovecotServer> {
  const users = (options.users ?? [DEMO_USER]).map((user) => ({ ...user }));
  validateUsers(users);
  const bigFolderSize = options.bigFolderSize ?? 0;
  if (!Number.isInteger(bigFolderSize) || bigFolderSize < 0)
    throw new Error('bigFolderSize must be a whole number');
  const runAs = resolveRunAs();
  if (options.baseDir !== undefined) assertTraversable(options.baseDir, runAs);
  const { baseDir, created } = await claimBaseDir(options.baseDir);
  const removeOnStop = !options.keepData;
  if (baseDir.length > MAX_BASE_DIR_LENGTH) {
    if (created) await rm(baseDir, { recursive: true, force: true });
    throw new Error(
      `baseDir ${baseDir} is longer than ${MAX_BASE_DIR_LENGTH} characters (unix socket paths)`,
    );
  }
  const layout = layoutOf(baseDir);
  try {
    await writeFile(
      path.join(baseDir, MARKER_FILE),
      'Made by @webmail/testbed; removed by stop() unless keepData.\n',
    );
    await mkdir(layout.stateDir, { recursive: true });
    await mkdir(layout.tlsDir, { recursive: true });
    const ca = await createCertificateAuthority(layout.tlsDir);
    const server = await issueCertificate(ca, layout.tlsDir, { names: ['localhost', '127.0.0.1'] });
    await writeFile(layout.passwdFile, renderPasswdFile(users, runAs, layout.home), { mode: 0o600 });

    const firstMaildir = layout.maildir(users[0]?.name ?? '');
    const fresh = !isSeeded(firstMaildir);
    const subscribe = fresh
      ? seedMaildir(firstMaildir, {
          corpus: options.corpus ?? false,
          corpusNow: options.corpusNow,
          bigFolderSize,
        })
      : [];
    for (const user of users) ensureMaildir(layout.maildir(user.name));
    if (runAs.switchFromRoot) await chownTree(baseDir, runAs);

    const launched = await launch({
      layout,
      runAs,
      variant: options.variant ?? 'full',
      users,
      ports: options.ports,
      certFile: server.certFile,
      keyFile: server.keyFile,
      subscribe: subscribe.length > 0 ? ['INBOX', ...subscribe] : [],
    });
    // The config already keeps auth from finding the penalty socket; removing it too costs nothing.
    await rm(path.join(layout.runDir, 'anvil-auth-penalty'), { force: true });
    return new RunningDovecot(layout, launched, ca, users, options.variant ?? 'full', runAs, removeOnStop);
  } catch (error) {
    if (removeOnStop) await rm(baseDir, { recursive: true, force: true });
    throw error;
  }
}

class RunningDovecot implements DovecotServer {
  readonly host = '127.0.0.1';
  readonly imapPort: number;
  readonly imapsPort: number;
  readonly caPem: string;
  readonly caFile: string;
  readonly users: TestUser[];
  readonly baseDir: string;
  readonly variant: DovecotVariant;
  readonly logFile: string;
  readonly pid: number;
  private readonly layout: Layout;
  private readonly launched: Launched;
  private readonly owner: Owner | undefined;
  private readonly removeOnStop: boolean;
  private readonly unregister: () => void;
  private stopping: Promise<void> | undefined;

  constructor(
    layout: Layout,
    launched: Launched,
    ca: { certPem: string; certFile: string },
    users: TestUser[],
    variant: DovecotVariant,
    runAs: RunAs,
    removeOnStop: boolean,
  ) {
    this.layout = layout;
    this.launched = launched;
    this.imapPort = launched.imapPort;
    this.imapsPort = launched.imapsPort;
    this.caPem = ca.certPem;
    this.caFile = ca.certFile;
    this.users = users;
    this.baseDir = layout.baseDir;
    this.variant = variant;
    this.logFile = layout.logFile;
    this.pid = launched.proc.pid;
    this.owner = runAs.switchFromRoot ? { uid: runAs.uid, gid: runAs.gid } : undefined;
    this.removeOnStop = removeOnStop;
    this.unregister = registerForExitCleanup({
      pid: this.pid,
      instanceName: launched.instanceName,
      configFile: layout.configFile,
      removeDir: removeOnStop ? layout.baseDir : undefined,
    });
  }

  maildir = (user: string): string => {
    this.requireUser(user);
    return this.layout.maildir(user);
  };

  deliver = async (
    user: string,
    folder: string,
    raw: Uint8Array | string,
    flags: string[] = [],
  ): Promise<void> => {
    this.requireUser(user);
    const bytes = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
    await deliverToMaildir(this.layout.maildir(user), folder, bytes, flags, this.owner);
  };

  /** PIDs of all processes of this Dovecot instance (master and services); empty after stop(). */
  processes = (): number[] => instanceProcesses(this.launched.instanceName, this.layout.configFile);

  stop = (): Promise<void> => {
    this.stopping ??= (async () => {
      await stopDovecot(this.launched.proc, this.launched.instanceName, this.layout.configFile);
      this.unregister();
      if (this.removeOnStop) await removeTree(this.layout.baseDir);
    })();
    return this.stopping;
  };

  private requireUser(user: string): void {
    if (!this.users.some((known) => known.name === user)) throw new Error(`unknown test user ${user}`);
  }
}
