import { existsSync } from 'node:fs';
import { spawnUntilReady, type Launched, type ReadyCheck } from './dovecot-launch.ts';
import { registerForExitCleanup, instanceProcesses, stopDovecot } from './dovecot-process.ts';
import type { CleanupEntry, DovecotProcess } from './dovecot-process.ts';
import { removeTree, type Layout } from './layout.ts';
import { deliverToMaildir, folderDir, type Owner } from './maildir.ts';
import type { RunAs } from './run-as.ts';
import type {
  DovecotServer,
  DovecotVariant,
  PostfixServer,
  TestUser,
  UidValidityReset,
  UidValidityResetOptions,
} from './types.ts';
import { resetMaildirUidValidity } from './uid-validity.ts';
import { diskNameOf, folderNameIn, LAYOUTS } from './folder-layouts.ts';

/** A folder as Maildir sees it: the Maildir root of its namespace, and its name inside that namespace. */
interface MaildirFolder {
  root: string;
  folder: string;
}

/** The DovecotServer that startDovecot() returns. */
export class RunningDovecot implements DovecotServer {
  readonly host = '127.0.0.1';
  readonly imapPort: number;
  readonly imapsPort: number;
  readonly caPem: string;
  readonly caFile: string;
  readonly users: TestUser[];
  readonly baseDir: string;
  readonly variant: DovecotVariant;
  readonly logFile: string;
  private readonly layout: Layout;
  private readonly instanceName: string;
  private readonly runAs: RunAs;
  private readonly owner: Owner | undefined;
  private readonly removeOnStop: boolean;
  private readonly cleanup: CleanupEntry;
  private readonly unregister: () => void;
  private proc: DovecotProcess;
  #smtp: PostfixServer | undefined;
  private restarting: Promise<void> | undefined;
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
    this.proc = launched.proc;
    this.instanceName = launched.instanceName;
    this.imapPort = launched.imapPort;
    this.imapsPort = launched.imapsPort;
    this.caPem = ca.certPem;
    this.caFile = ca.certFile;
    this.users = users;
    this.baseDir = layout.baseDir;
    this.variant = variant;
    this.logFile = layout.logFile;
    this.runAs = runAs;
    this.owner = runAs.switchFromRoot ? { uid: runAs.uid, gid: runAs.gid } : undefined;
    this.removeOnStop = removeOnStop;
    this.cleanup = {
      pid: launched.proc.pid,
      instanceName: launched.instanceName,
      configFile: layout.configFile,
      removeDir: removeOnStop ? layout.baseDir : undefined,
    };
    this.unregister = registerForExitCleanup(this.cleanup);
  }

  /** The Postfix started with `startDovecot({ smtp })`; stop() stops it first. */
  get smtp(): PostfixServer | undefined {
    return this.#smtp;
  }

  /** Called once by startDovecot() when it started a Postfix for this server. */
  adoptSmtp(smtp: PostfixServer): void {
    if (this.#smtp) throw new Error('this Dovecot already has a Postfix');
    this.#smtp = smtp;
  }

  /** PID of the current master (a new one after restart()). */
  get pid(): number {
    return this.proc.pid;
  }

  maildir = (user: string): string => {
    this.requireUser(user);
    return this.layout.maildir(user);
  };

  folderName = (corpusFolder: string): string => folderNameIn(this.variant, corpusFolder);

  deliver = async (
    user: string,
    folder: string,
    raw: Uint8Array | string,
    flags: string[] = [],
  ): Promise<void> => {
    const target = this.locate(user, folder);
    const bytes = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
    await deliverToMaildir(target.root, target.folder, bytes, flags, this.owner);
  };

  /** PIDs of all processes of this Dovecot instance (master and services); empty after stop(). */
  processes = (): number[] => instanceProcesses(this.instanceName, this.layout.configFile);

  restart = (): Promise<void> => {
    if (this.stopping) return Promise.reject(new Error('restart() after stop()'));
    // Two restarts at once run one after the other; a failed one does not stop the next from trying.
    const previous = this.restarting?.catch(() => undefined);
    this.restarting = (async () => {
      await previous;
      await stopDovecot(this.proc, this.instanceName, this.layout.configFile);
      // Same config file, so same instance name and ports: the greeting check still knows it is ours.
      this.proc = await spawnUntilReady(this.readyCheck());
      this.cleanup.pid = this.proc.pid;
    })();
    return this.restarting;
  };

  resetUidValidity = async (
    user: string,
    folder: string,
    options: UidValidityResetOptions = {},
  ): Promise<UidValidityReset> => {
    const target = this.locate(user, folder);
    const dir = folderDir(target.root, target.folder);
    if (!existsSync(`${dir}/cur`)) throw new Error(`${user} has no folder ${folder}`);
    return resetMaildirUidValidity(dir, this.owner, options);
  };

  stop = (): Promise<void> => {
    this.stopping ??= (async () => {
      await this.restarting?.catch(() => undefined);
      // Postfix first: it delivers into Dovecot's LMTP socket and authenticates against its auth socket.
      await this.#smtp?.stop();
      await stopDovecot(this.proc, this.instanceName, this.layout.configFile);
      this.unregister();
      if (this.removeOnStop) await removeTree(this.layout.baseDir);
    })();
    return this.stopping;
  };

  private readyCheck(): ReadyCheck {
    return {
      layout: this.layout,
      runAs: this.runAs,
      instanceName: this.instanceName,
      imapPort: this.imapPort,
      user: this.users[0] as TestUser,
    };
  }

  /**
   * Where a folder, named as this variant's clients see it, is on disk. `quota.fullFolder` (and anything
   * under it) lives in a namespace with a Maildir of its own.
   */
  private locate(user: string, folder: string): MaildirFolder {
    const fullFolder = this.requireUser(user).quota?.fullFolder;
    const { separator } = LAYOUTS[this.variant];
    if (
      fullFolder !== undefined &&
      (folder === fullFolder || folder.startsWith(`${fullFolder}${separator}`))
    ) {
      const inside = folder
        .slice(fullFolder.length + 1)
        .split(separator)
        .join('/');
      return { root: this.layout.fullFolder(user), folder: inside === '' ? 'INBOX' : inside };
    }
    return { root: this.layout.maildir(user), folder: diskNameOf(this.variant, folder) };
  }

  private requireUser(user: string): TestUser {
    const known = this.users.find((candidate) => candidate.name === user);
    if (!known) throw new Error(`unknown test user ${user}`);
    return known;
  }
}
