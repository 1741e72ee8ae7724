import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';

/** The one unprivileged account that every Dovecot process of a test server runs as. */
export interface RunAs {
  uid: number;
  gid: number;
  user: string;
  /** Undefined when the gid has no name in /etc/group; the config then leaves default_internal_group alone. */
  group: string | undefined;
  /** True when this process is root and Dovecot must be spawned with uid/gid switched and files chowned. */
  switchFromRoot: boolean;
}

// Dovecot 2.3 refuses to run imap-login as root ("This process must not be run as root") and refuses mail
// access for uid 0 ("Mail access not allowed for root"), so a root test process hands the whole Dovecot
// tree to `nobody`. A normal user runs Dovecot as itself: Dovecot supports a non-root master as long as no
// service needs chroot or setuid, which the private config arranges.
const ROOT_FALLBACK_USER = 'nobody';

function readColonFile(path: string): string[][] {
  try {
    return readFileSync(path, 'utf8')
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('#'))
      .map((line) => line.split(':'));
  } catch {
    return [];
  }
}

function groupName(gid: number): string | undefined {
  return readColonFile('/etc/group').find((fields) => Number(fields[2]) === gid)?.[0];
}

export function resolveRunAs(): RunAs {
  const uid = process.getuid?.() ?? -1;
  if (uid < 0) throw new Error('the testbed needs a POSIX system (process.getuid is missing)');
  if (uid !== 0) {
    const info = os.userInfo();
    return { uid, gid: info.gid, user: info.username, group: groupName(info.gid), switchFromRoot: false };
  }
  const entry = readColonFile('/etc/passwd').find((fields) => fields[0] === ROOT_FALLBACK_USER);
  if (entry === undefined)
    throw new Error(`running as root needs a '${ROOT_FALLBACK_USER}' user in /etc/passwd`);
  const nobodyUid = Number(entry[2]);
  const nobodyGid = Number(entry[3]);
  return {
    uid: nobodyUid,
    gid: nobodyGid,
    user: ROOT_FALLBACK_USER,
    group: groupName(nobodyGid),
    switchFromRoot: true,
  };
}

/**
 * Dovecot (as `runAs`) must be able to reach `dir`: every ancestor needs search permission for it. A root
 * test process that puts baseDir under a private directory (mode 0700) would otherwise get an obscure
 * "Permission denied" from Dovecot's config process.
 */
export function assertTraversable(dir: string, runAs: RunAs): void {
  if (!runAs.switchFromRoot) return;
  for (let current = path.dirname(path.resolve(dir)); ; current = path.dirname(current)) {
    const stat = statSync(current);
    const searchable =
      stat.uid === runAs.uid
        ? (stat.mode & 0o100) !== 0
        : stat.gid === runAs.gid
          ? (stat.mode & 0o010) !== 0
          : (stat.mode & 0o001) !== 0;
    if (!searchable) {
      throw new Error(
        `Dovecot runs as ${runAs.user} and cannot enter ${current} (mode ${(stat.mode & 0o777).toString(8)}); choose another baseDir`,
      );
    }
    if (current === path.dirname(current)) return;
  }
}

/** Numeric ids of system accounts and groups by name (Postfix's `postfix` and `postdrop`, and root). */
export function accountIds(): { user(name: string): number; group(name: string): number } {
  const lookup = (file: string, kind: string, name: string): number => {
    const entry = readColonFile(file).find((fields) => fields[0] === name);
    if (entry === undefined)
      throw new Error(`no ${kind} '${name}' in ${file} (is Debian's postfix installed?)`);
    return Number(entry[2]);
  };
  return {
    user: (name) => lookup('/etc/passwd', 'user', name),
    group: (name) => lookup('/etc/group', 'group', name),
  };
}
