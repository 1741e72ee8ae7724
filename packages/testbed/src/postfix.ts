import { existsSync, readFileSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { AUTH_SOCKET, LMTP_SOCKET } from './dovecot-config.ts';
import { layoutOf } from './layout.ts';
import { findFreePorts } from './ports.ts';
import {
  IDN_ADDRESS,
  MAP_FILES,
  renderMainCf,
  renderMasterCf,
  renderPostfixMaps,
  type PostfixConfigInput,
} from './postfix-config.ts';
import { masterBinary, spawnMaster, stopMaster, type PostfixProcess } from './postfix-process.ts';
import { RawSmtp } from './raw-smtp.ts';
import { accountIds, resolveRunAs } from './run-as.ts';
import { RunningPostfix, type PostfixLayout } from './running-postfix.ts';
import type { PostfixServer, StartPostfixOptions } from './types.ts';

// Starting the testbed's Postfix: a private config, queue and data directory in a temp dir of its own, the
// master in the foreground, ready once its submission port greets with our instance name.

/** Postfix's own default message_size_limit. */
const DEFAULT_MAX_MESSAGE_BYTES = 10_240_000;
const MAX_START_ATTEMPTS = 5;
const READY_TIMEOUT_MS = 15_000;
const CONNECT_RETRY_MS = 10;
const LOG_TAIL_LINES = 20;
// Users get `<name>@webmail.test`; '+' is the recipient delimiter and '@' cannot be in a local part.
const ADDRESSABLE_USER = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

// Postfix's queue layout (its postfix-files): owner, group, mode. The daemons run as mail_owner.
const QUEUE_DIRS: readonly (readonly [string, 'postfix' | 'root', 'postdrop' | 'root', number])[] = [
  ['active', 'postfix', 'root', 0o700],
  ['bounce', 'postfix', 'root', 0o700],
  ['corrupt', 'postfix', 'root', 0o700],
  ['defer', 'postfix', 'root', 0o700],
  ['deferred', 'postfix', 'root', 0o700],
  ['flush', 'postfix', 'root', 0o700],
  ['hold', 'postfix', 'root', 0o700],
  ['incoming', 'postfix', 'root', 0o700],
  ['private', 'postfix', 'root', 0o700],
  ['saved', 'postfix', 'root', 0o700],
  ['trace', 'postfix', 'root', 0o700],
  ['maildrop', 'postfix', 'postdrop', 0o730],
  ['public', 'postfix', 'postdrop', 0o710],
  ['pid', 'root', 'root', 0o755],
];

/** Another process owns one of the chosen ports; a start on harness-chosen ports is retried. */
class PortTakenError extends Error {}

function postfixLayout(baseDir: string): PostfixLayout {
  return {
    baseDir,
    confDir: path.join(baseDir, 'conf'),
    queueDir: path.join(baseDir, 'queue'),
    dataDir: path.join(baseDir, 'data'),
    logFile: path.join(baseDir, 'postfix.log'),
  };
}

function checkPrerequisites(options: StartPostfixOptions): void {
  if (process.getuid?.() !== 0)
    throw new Error("startPostfix needs root: Postfix's master runs as root, its daemons as 'postfix'");
  if (!existsSync(masterBinary()))
    throw new Error(`${masterBinary()} is missing: install Debian's postfix (scripts/run.sh does)`);
  if (options.delivery !== undefined && options.delivery !== 'lmtp' && options.delivery !== 'lda')
    throw new Error(`delivery must be 'lmtp' or 'lda', got ${String(options.delivery)}`);
  const max = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  if (!Number.isInteger(max) || max < 1)
    throw new Error('maxMessageBytes must be a whole number, at least 1');
  for (const [name, port] of Object.entries(options.ports ?? {})) {
    if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535))
      throw new Error(`ports.${name} must be a port number`);
  }
}

async function createDirectories(layout: PostfixLayout): Promise<void> {
  const ids = accountIds();
  // The daemons (as postfix) must reach the config and log files.
  await chmod(layout.baseDir, 0o755);
  await mkdir(layout.confDir, { mode: 0o755 });
  await mkdir(layout.queueDir, { mode: 0o755 });
  for (const [name, owner, group, mode] of QUEUE_DIRS) {
    const dir = path.join(layout.queueDir, name);
    await mkdir(dir);
    await chmod(dir, mode); // mkdir's mode is masked by the umask
    await chown(dir, ids.user(owner), ids.group(group));
  }
  await mkdir(layout.dataDir, { mode: 0o700 });
  await chown(layout.dataDir, ids.user('postfix'), ids.group('postfix'));
}

/**
 * Writes main.cf, master.cf and the tables, dated a minute back: Postfix reads a file again, every 300 ms,
 * while its mtime is within the last second or two (an editor may still be writing it), which would add
 * about 2 s to every start.
 */
async function writeConfig(layout: PostfixLayout, input: PostfixConfigInput, users: string[]): Promise<void> {
  const maps = renderPostfixMaps(users);
  const files: [string, string][] = [
    ['main.cf', renderMainCf(input)],
    ['master.cf', renderMasterCf(input)],
    ...(Object.entries(MAP_FILES) as [keyof typeof maps, string][]).map(([name, file]): [string, string] => [
      file,
      maps[name],
    ]),
  ];
  const settled = new Date(Date.now() - 60_000);
  for (const [file, text] of files) {
    const target = path.join(layout.confDir, file);
    await writeFile(target, text);
    await utimes(target, settled, settled);
  }
}

/** True when nothing listens on 127.0.0.1:port (a listen there succeeds). */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ host: '127.0.0.1', port, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

/**
 * Why the master may have failed: what it printed, the end of its log, and which ports are taken. A master
 * that cannot bind a port exits without a word (its logger, postlogd, is not up yet), so we look ourselves.
 */
async function startupReport(proc: PostfixProcess, layout: PostfixLayout, ports: number[]): Promise<string> {
  let log = '';
  try {
    log = readFileSync(layout.logFile, 'utf8').split('\n').slice(-LOG_TAIL_LINES).join('\n');
  } catch {
    // no log yet
  }
  const taken: string[] = [];
  for (const port of ports) {
    if (!(await portIsFree(port))) taken.push(`127.0.0.1:${port}: Address already in use`);
  }
  return [proc.outputTail(), log, ...taken].filter((part) => part.trim() !== '').join('\n');
}

async function connectWhenListening(
  proc: PostfixProcess,
  port: number,
  deadline: number,
  report: () => Promise<string>,
): Promise<RawSmtp> {
  for (;;) {
    if (proc.hasExited()) throw new Error(`postfix exited during start-up:\n${await report()}`);
    try {
      return await RawSmtp.connect({ port, timeoutMs: Math.max(1, deadline - Date.now()) });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ECONNREFUSED' && code !== 'ECONNRESET') throw error;
      if (Date.now() > deadline)
        throw new Error(`postfix did not listen on ${port} in time:\n${await report()}`, { cause: error });
      await sleep(CONNECT_RETRY_MS);
    }
  }
}

/** Ready: the submission port greets with our instance name. Fails as soon as the master exits. */
async function waitUntilReady(
  proc: PostfixProcess,
  port: number,
  instanceName: string,
  report: () => Promise<string>,
): Promise<void> {
  let client: RawSmtp | undefined;
  const ready = (async () => {
    client = await connectWhenListening(proc, port, Date.now() + READY_TIMEOUT_MS, report);
    const { code, text } = client.greeting;
    if (code !== 220 || !text.includes(instanceName))
      throw new PortTakenError(`port ${port} answered with another server's greeting: ${code} ${text}`);
    await client.command('QUIT');
  })();
  const died = proc.exited.then(async () => {
    await sleep(50); // the last output chunk and log line can arrive after 'exit'
    throw new Error(`postfix exited during start-up:\n${await report()}`);
  });
  try {
    await Promise.race([ready, died]);
  } finally {
    client?.close();
    ready.catch(() => undefined);
    died.catch(() => undefined);
  }
}

/**
 * Starts a private Postfix on 127.0.0.1 that authenticates against `dovecot` and delivers into it over LMTP;
 * resolves once its submission port greets. See README.md ("Postfix").
 */
export async function startPostfix(options: StartPostfixOptions): Promise<PostfixServer> {
  checkPrerequisites(options);
  const { dovecot } = options;
  const users = dovecot.users.map((user) => user.name).filter((name) => ADDRESSABLE_USER.test(name));
  if (users.length === 0)
    throw new Error('no testbed user has a name that can be a mail address ([A-Za-z0-9._-])');
  const dovecotLayout = layoutOf(dovecot.baseDir);
  const maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const layout = postfixLayout(await mkdtemp(path.join(os.tmpdir(), 'postfix-')));
  try {
    // Postfix's daemons run as 'postfix' and must reach Dovecot's sockets in <baseDir>/run (mode 0755).
    await chmod(dovecot.baseDir, 0o711);
    await createDirectories(layout);
    for (let attempt = 1; ; attempt++) {
      const [free1 = 0, free2 = 0, free3 = 0] = await findFreePorts(3);
      const instanceName = `pf-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
      const input: PostfixConfigInput = {
        instanceName,
        confDir: layout.confDir,
        queueDir: layout.queueDir,
        dataDir: layout.dataDir,
        logFile: layout.logFile,
        logPrefix: layout.baseDir,
        submissionPort: options.ports?.submission ?? free1,
        submissionsPort: options.ports?.submissions ?? free2,
        plainPort: options.ports?.plain ?? free3,
        maxMessageBytes,
        certFile: dovecotLayout.serverCertFile,
        keyFile: dovecotLayout.serverKeyFile,
        authSocket: path.join(dovecotLayout.runDir, AUTH_SOCKET),
        lmtpSocket: path.join(dovecotLayout.runDir, LMTP_SOCKET),
        delivery: options.delivery ?? 'lmtp',
        smtputf8: options.smtputf8 ?? true,
        dovecotConfigFile: dovecotLayout.configFile,
        dovecotUser: resolveRunAs().user,
      };
      await writeConfig(layout, input, users);
      const proc = spawnMaster(layout.confDir);
      try {
        const ports = [input.submissionPort, input.submissionsPort, input.plainPort];
        await waitUntilReady(proc, input.submissionPort, instanceName, () =>
          startupReport(proc, layout, ports),
        );
        const idnUser = users[1] ?? users[0] ?? '';
        return new RunningPostfix(proc, await proc.masterPid, layout, {
          ...input,
          users,
          idnAddress: IDN_ADDRESS,
          idnUser,
          caPem: dovecot.caPem,
          caFile: dovecot.caFile,
        });
      } catch (error) {
        await stopMaster(proc);
        const portsGiven = Object.values(options.ports ?? {}).some((port) => port !== undefined);
        const taken = error instanceof PortTakenError || /Address already in use/.test(String(error));
        if (!taken || portsGiven || attempt >= MAX_START_ATTEMPTS) throw error;
      }
    }
  } catch (error) {
    await rm(layout.baseDir, { recursive: true, force: true });
    throw error;
  }
}
