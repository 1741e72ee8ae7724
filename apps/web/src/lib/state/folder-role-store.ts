// Where the roles a user gives folders are kept (folder-roles.ts says how they rank):
// - on the server, as the folder's /private/specialuse entry (RFC 6154 4) through IMAP METADATA (RFC 5464),
//   where the server has METADATA and accepts the entry (Cyrus does; Dovecot 2.3 answers NO [CANNOT]): then
//   every client of the account sees the choice;
// - else in this browser's localStorage, under `webmail.folderRoles`, per account: the key is a hash of the
//   server's and the user's names (so the user name is not written out), the value the folders' paths. That
//   is the only account data the app writes to web storage, and only when the user picks a role.

import { getMetadataCommand, setMetadataCommand } from '@webmail/imap-core';
import type { SpecialUse } from '@webmail/imap-core';
import { ASSIGNABLE_ROLES, ROLE_BY_SPECIAL_USE, SPECIAL_USE_OF_ROLE } from './folder-roles.ts';
import type { AssignableRole } from './folder-roles.ts';
import type { MailClient } from './mail-client.ts';

/** The RFC 6154 section 4 entry. */
export const SPECIAL_USE_ENTRY = '/private/specialuse';

/** The localStorage key. */
export const ROLE_STORAGE_KEY = 'webmail.folderRoles';

/** Most folders asked about at sign-in (one pipelined round trip); a larger tree is asked about its top. */
export const MAX_METADATA_FOLDERS = 500;

export type RoleChoices = ReadonlyMap<AssignableRole, string>;

export const NO_CHOICES: RoleChoices = new Map();

/** Both sets of choices, `over` winning where both name a role. */
export function mergedChoices(under: RoleChoices, over: RoleChoices): RoleChoices {
  if (under.size === 0) return over;
  return new Map([...under, ...over]);
}

/** `choices` with `role` set to `path` (or dropped), and no other role naming `path` (or `alsoDrop`). */
export function withChoice(
  choices: RoleChoices,
  role: AssignableRole,
  path: string | null,
  alsoDrop: string | null = path,
): RoleChoices {
  const next = new Map(choices);
  for (const [other, otherPath] of choices) if (otherPath === alsoDrop) next.delete(other);
  next.delete(role);
  if (path !== null) next.set(role, path);
  return next;
}

/** Whether the server can keep roles: METADATA (RFC 5464) for mailbox entries. */
export function canStoreRolesOnServer(client: Pick<MailClient, 'capabilities'>): boolean {
  return client.capabilities.has('METADATA');
}

/**
 * The roles kept on the server: GETMETADATA /private/specialuse of each of `paths`, all sent at once. A value
 * may list several uses (RFC 6154 4: space-separated); the first one that is a role counts. A folder the
 * server will not answer for is skipped.
 */
export async function readServerRoles(client: MailClient, paths: readonly string[]): Promise<RoleChoices> {
  const answers = await Promise.allSettled(
    paths
      .slice(0, MAX_METADATA_FOLDERS)
      .map((path) => client.run(getMetadataCommand(path, [SPECIAL_USE_ENTRY])).then((r) => ({ path, r }))),
  );
  const roles = new Map<AssignableRole, string>();
  for (const answer of answers) {
    if (answer.status !== 'fulfilled') continue;
    const value = answer.value.r.entries.get(SPECIAL_USE_ENTRY);
    const role = value ? roleOfSpecialUse(value) : null;
    if (role !== null && !roles.has(role)) roles.set(role, answer.value.path);
  }
  return roles;
}

/** Sets (or, for null, removes) `path`'s /private/specialuse. Rejects with the server's refusal. */
export async function writeServerRole(
  client: MailClient,
  path: string,
  role: AssignableRole | null,
): Promise<void> {
  const value = role === null ? null : SPECIAL_USE_OF_ROLE[role];
  await client.run(setMetadataCommand(path, new Map([[SPECIAL_USE_ENTRY, value]])));
}

function roleOfSpecialUse(value: string): AssignableRole | null {
  for (const use of value.split(/\s+/)) {
    const role = ROLE_BY_SPECIAL_USE.get(use as SpecialUse);
    if (role !== undefined) return role;
  }
  return null;
}

/** The roles chosen in this browser for one account. */
export interface BrowserRoleStore {
  load(): RoleChoices;
  save(choices: RoleChoices): void;
}

export interface RoleAccount {
  /** The proxy's name for the mail server. */
  readonly upstream: string;
  readonly user: string;
}

/** A store in `storage` (default: localStorage; none when the browser has none or refuses it). */
export function browserRoleStore(
  account: RoleAccount,
  storage: Storage | null = defaultStorage(),
): BrowserRoleStore {
  const key = accountKey(account);
  const readAll = (): Record<string, Record<string, unknown>> => {
    try {
      const parsed: unknown = JSON.parse(storage?.getItem(ROLE_STORAGE_KEY) ?? '{}');
      return parsed !== null && typeof parsed === 'object'
        ? (parsed as Record<string, Record<string, unknown>>)
        : {};
    } catch {
      return {};
    }
  };
  return {
    load() {
      const all = readAll();
      const saved: unknown = Object.hasOwn(all, key) ? all[key] : undefined;
      const choices = new Map<AssignableRole, string>();
      if (saved === null || typeof saved !== 'object') return choices;
      const entry = saved as Record<string, unknown>;
      for (const role of ASSIGNABLE_ROLES) {
        const path = Object.hasOwn(entry, role) ? entry[role] : undefined;
        if (typeof path === 'string' && path !== '') choices.set(role, path);
      }
      return choices;
    },
    save(choices) {
      if (storage === null) return;
      const all = readAll();
      const entry = Object.fromEntries(choices);
      if (choices.size === 0) delete all[key];
      else all[key] = entry;
      try {
        if (Object.keys(all).length === 0) storage.removeItem(ROLE_STORAGE_KEY);
        else storage.setItem(ROLE_STORAGE_KEY, JSON.stringify(all));
      } catch {
        // Storage full or refused (private mode): the choice holds for this session.
      }
    },
  };
}

function defaultStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/** Two FNV-1a hashes of "upstream NUL user" (32 bits each, two seeds): a stable key that is not the name. */
export function accountKey(account: RoleAccount): string {
  const text = `${account.upstream}\u0000${account.user}`;
  const hash = (seed: number): string => {
    let h = seed;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    return (h >>> 0).toString(16).padStart(8, '0');
  };
  return hash(0x811c9dc5) + hash(0x050c5d1f);
}
