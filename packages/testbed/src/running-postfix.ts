import { readdirSync } from 'node:fs';
import path from 'node:path';
import { MAIL_DOMAIN, type PostfixConfigInput } from './postfix-config.ts';
import {
  groupProcesses,
  registerPostfixForExitCleanup,
  stopMaster,
  type PostfixCleanupEntry,
  type PostfixProcess,
} from './postfix-process.ts';
import { removeTree } from './layout.ts';
import type { PostfixDelivery, PostfixServer } from './types.ts';

/** Where one Postfix instance keeps everything (README: "Postfix"). */
export interface PostfixLayout {
  baseDir: string;
  confDir: string;
  queueDir: string;
  dataDir: string;
  logFile: string;
}

export interface PostfixFacts extends PostfixConfigInput {
  users: string[];
  idnAddress: string;
  idnUser: string;
  caPem: string;
  caFile: string;
}

// Queue directories that hold messages not yet delivered or bounced (Postfix's QSHAPE_README).
const WAITING_QUEUES = ['maildrop', 'incoming', 'active', 'deferred', 'hold'];

function countFiles(dir: string): number {
  let count = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) count += entry.isDirectory() ? countFiles(path.join(dir, entry.name)) : 1;
  return count;
}

/** The PostfixServer that startPostfix() returns. */
export class RunningPostfix implements PostfixServer {
  readonly host = '127.0.0.1';
  readonly submissionPort: number;
  readonly submissionsPort: number;
  readonly plainPort: number;
  readonly domain = MAIL_DOMAIN;
  readonly idnAddress: string;
  readonly idnUser: string;
  readonly maxMessageBytes: number;
  readonly delivery: PostfixDelivery;
  readonly smtputf8: boolean;
  readonly caPem: string;
  readonly caFile: string;
  readonly baseDir: string;
  readonly logFile: string;
  readonly pid: number;
  readonly #proc: PostfixProcess;
  readonly #users: ReadonlySet<string>;
  readonly #queueDir: string;
  readonly #unregister: () => void;
  #stopping: Promise<void> | undefined;

  constructor(proc: PostfixProcess, masterPid: number, layout: PostfixLayout, facts: PostfixFacts) {
    this.#proc = proc;
    this.pid = masterPid;
    this.submissionPort = facts.submissionPort;
    this.submissionsPort = facts.submissionsPort;
    this.plainPort = facts.plainPort;
    this.idnAddress = facts.idnAddress;
    this.idnUser = facts.idnUser;
    this.maxMessageBytes = facts.maxMessageBytes;
    this.delivery = facts.delivery;
    this.smtputf8 = facts.smtputf8;
    this.caPem = facts.caPem;
    this.caFile = facts.caFile;
    this.baseDir = layout.baseDir;
    this.logFile = layout.logFile;
    this.#users = new Set(facts.users);
    this.#queueDir = layout.queueDir;
    const cleanup: PostfixCleanupEntry = { pid: masterPid, removeDir: layout.baseDir };
    this.#unregister = registerPostfixForExitCleanup(cleanup);
  }

  addressOf = (user: string): string => {
    if (!this.#users.has(user)) throw new Error(`${user} is not a testbed user with a mail address`);
    return `${user}@${MAIL_DOMAIN}`;
  };

  processes = (): number[] => groupProcesses(this.pid);

  queuedMessages = (): number =>
    WAITING_QUEUES.reduce((sum, queue) => sum + countFiles(path.join(this.#queueDir, queue)), 0);

  stop = (): Promise<void> => {
    this.#stopping ??= (async () => {
      await stopMaster(this.#proc);
      this.#unregister();
      await removeTree(this.baseDir);
    })();
    return this.#stopping;
  };
}
