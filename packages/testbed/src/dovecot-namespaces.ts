import type { FolderLayout } from './folder-layouts.ts';
import type { RunAs } from './run-as.ts';
import type { TestUser } from './types.ts';

// The namespaces and mail plugins of a testbed Dovecot: the personal namespace as the variant lays it out,
// the per-user quota namespace, and the shared namespace (with the ACL plugin) of the default variant.

/** The Maildir (in the user's home) of a `fullFolder` namespace. */
export const FULL_FOLDER_DIR = 'full-folder';
const FULL_FOLDER_NAMESPACE = 'full';
/** Where other users' shared folders appear in the default variant: `shared/<owner>/<folder>`. */
export const SHARED_PREFIX = 'shared/';
/** The public namespace's Maildir (in the state dir), for the cyrus variant's publicFolders. */
export const PUBLIC_DIR = 'public';
/** The ACL plugin's list of who shares with whom (a file dict in state_dir). */
export const SHARED_DICT_FILE = 'shared-mailboxes.db';

/**
 * Global mail plugins and the ones only imap loads (imap_* plugins cannot be loaded by lmtp or lda).
 * imap_zlib offers COMPRESS=DEFLATE (RFC 4978) after login in every variant.
 */
function plugins(layout: FolderLayout): { all: string[]; imap: string[] } {
  return layout.sharedNamespace || layout.acl
    ? { all: ['acl'], imap: ['imap_acl', 'imap_zlib'] }
    : { all: [], imap: ['imap_zlib'] };
}

/**
 * A user's quota as userdb fields, so nothing changes for users without one (not even the plugin list).
 * passwd-file splits extra fields at spaces: hence one-word quota root names and comma-separated plugins.
 * Grace is 0 (Dovecot's default lets the last message overshoot by 10 %), so the limit is exact.
 */
function quotaFields(user: TestUser, layout: FolderLayout): string[] {
  const { storageKb, fullFolder } = user.quota ?? {};
  if (storageKb === undefined && fullFolder === undefined) return [];
  // userdb's mail_plugins replaces the global list; %{service} keeps imap_* plugins out of lmtp and lda.
  const { all, imap } = plugins(layout);
  const forImap = ['quota', 'imap_quota', ...all, ...imap].join(',');
  const forOthers = ['quota', ...all].join(',');
  const fields = [`mail_plugins=%{if;%{service};eq;imap;${forImap};${forOthers}}`, 'quota_vsizes=yes'];
  let root = 0;
  const addRoot = (backend: string, rule: string): void => {
    const prefix = root++ === 0 ? 'quota' : `quota${root}`;
    fields.push(`${prefix}=${backend}`, `${prefix}_rule=*:storage=${rule}`, `${prefix}_grace=0`);
  };
  if (storageKb !== undefined) addRoot('count:User', `${storageKb}K`);
  if (fullFolder !== undefined) {
    // 1 byte: no message fits. The root covers only this namespace, so a MOVE into it must be checked.
    const prefix = `${fullFolder}${layout.separator}`;
    addRoot(`count:Full:ns=${prefix}`, '1B');
    fields.push(
      `namespace/${FULL_FOLDER_NAMESPACE}/disabled=no`,
      `namespace/${FULL_FOLDER_NAMESPACE}/prefix=${prefix}`,
    );
  }
  return fields.map((field) => `userdb_${field}`);
}

/** Dovecot's passwd-file: `user:{PLAIN}password:uid:gid::home::extra fields`. */
export function renderPasswdFile(
  users: readonly TestUser[],
  runAs: RunAs,
  homeOf: (user: string) => string,
  layout: FolderLayout,
): string {
  return users
    .map(
      (user) =>
        `${user.name}:{PLAIN}${user.password}:${runAs.uid}:${runAs.gid}::${homeOf(user.name)}::${quotaFields(user, layout).join(' ')}\n`,
    )
    .join('');
}

/** The personal namespace; its special folders are created (and subscribed) for every user, unless told not to. */
function personalNamespace(layout: FolderLayout): string {
  const mailboxes = [...layout.specialNames].map(([specialUse, name]) => {
    // Named inside the namespace: without its prefix.
    const use = layout.specialUse ? `\n    special_use = ${specialUse}` : '';
    const auto = layout.autoCreateSpecial === false ? 'no' : 'subscribe';
    return `  mailbox "${name}" {${use}\n    auto = ${auto}\n  }`;
  });
  const prefix = layout.prefix === '' ? '' : `\n  prefix = ${layout.prefix}`;
  return `namespace inbox {
  inbox = yes
  separator = ${layout.separator}${prefix}
${mailboxes.join('\n')}
}`;
}

/**
 * The namespace behind `TestQuota.fullFolder`, disabled unless a user's userdb fields enable it and set its
 * prefix. Its root (the prefix without the separator) is itself a selectable folder once its Maildir exists.
 */
function fullFolderNamespace(users: readonly TestUser[], layout: FolderLayout): string {
  if (!users.some((user) => user.quota?.fullFolder !== undefined)) return '';
  return `
namespace ${FULL_FOLDER_NAMESPACE} {
  disabled = yes
  separator = ${layout.separator}
  location = maildir:~/${FULL_FOLDER_DIR}:LAYOUT=fs
  list = yes
  # With an empty personal prefix, the personal namespace keeps every subscription; under INBOX. or INBOX/
  # it cannot hold "Full", so this namespace keeps its own.
  subscriptions = ${layout.prefix === '' ? 'no' : 'yes'}
}`;
}

/**
 * Other users' folders, as far as they share them (ACL, RFC 4314: `SETACL <folder> <user> lr`), under
 * `shared/<owner>/`. `list = children`: the namespace is listed only when something is shared.
 */
function sharedNamespace(layout: FolderLayout, stateDir: string): string {
  // acl_defaults_from_inbox: a folder without rights of its own has the Inbox's, and so does the namespace's
  // root, whose 'k' right lets a folder be created at the top (INBOX.Trash is at the top of the INBOX. namespace).
  if (!layout.sharedNamespace)
    return layout.acl ? '\nplugin {\n  acl = vfile\n  acl_defaults_from_inbox = yes\n}' : '';
  return `
namespace shared {
  type = shared
  separator = ${layout.separator}
  prefix = ${layout.sharedPrefix}%%u${layout.separator}
  location = maildir:%%h/Maildir:LAYOUT=fs:INBOX=%%h/Maildir
  subscriptions = no
  list = children
}
plugin {
  acl = vfile
  acl_shared_dict = file:${stateDir}/${SHARED_DICT_FILE}
}${publicNamespace(layout, stateDir)}`;
}

/**
 * Cyrus's shared folders: a public namespace with an empty prefix beside the INBOX/ one. Each folder's
 * dovecot-acl lets anyone read it; the indexes are each user's own (the Maildir is not theirs to write).
 */
function publicNamespace(layout: FolderLayout, stateDir: string): string {
  if (layout.publicFolders === undefined) return '';
  return `
namespace public {
  type = public
  separator = ${layout.separator}
  prefix =
  location = maildir:${stateDir}/${PUBLIC_DIR}:LAYOUT=fs:INDEX=~/public-index
  subscriptions = no
  list = yes
}`;
}

/** mail_plugins, the namespaces and what they need. */
export function renderNamespaces(layout: FolderLayout, users: readonly TestUser[], stateDir: string): string {
  const { all, imap } = plugins(layout);
  const imapPlugins =
    imap.length === 0 ? '' : `\nprotocol imap {\n  mail_plugins = $mail_plugins ${imap.join(' ')}\n}`;
  return `mail_plugins = ${all.join(' ')}${imapPlugins}
${personalNamespace(layout)}
${fullFolderNamespace(users, layout)}${sharedNamespace(layout, stateDir)}`;
}
