// Which folder plays which role (Drafts, Sent, Junk, Trash, Archive). In order of precedence:
// 1. the server's SPECIAL-USE attribute (RFC 6154), which always wins when the server lists one;
// 2. the user's choice (the settings view), kept on the server as /private/specialuse (RFC 6154 4, RFC 5464)
//    where it accepts it, else in the browser;
// 3. the folder's name, on servers without SPECIAL-USE (Courier, Cyrus, old Dovecot configurations, Exchange):
//    the names real servers and mail clients create, in the languages our users read.
// Names are matched only at the top of the personal namespace (RFC 2342: "INBOX." on Courier, "INBOX/" on
// Cyrus, "" on Dovecot) and directly under INBOX: a "Lists/Spam" or "Projects/Archive" deeper down is a folder
// the user made for themselves, not the account's Junk or Archive.

import type { SpecialUse } from '@webmail/imap-core';

export type FolderRole = 'inbox' | 'drafts' | 'sent' | 'junk' | 'trash' | 'archive';

/** The roles a user can give a folder (Inbox is always INBOX). */
export type AssignableRole = Exclude<FolderRole, 'inbox'>;

export const ASSIGNABLE_ROLES: readonly AssignableRole[] = ['drafts', 'sent', 'junk', 'trash', 'archive'];

export const ROLE_BY_SPECIAL_USE: ReadonlyMap<SpecialUse, AssignableRole> = new Map<
  SpecialUse,
  AssignableRole
>([
  ['\\Drafts', 'drafts'],
  ['\\Sent', 'sent'],
  ['\\Junk', 'junk'],
  ['\\Trash', 'trash'],
  ['\\Archive', 'archive'],
]);

export const SPECIAL_USE_OF_ROLE: Readonly<Record<AssignableRole, SpecialUse>> = {
  drafts: '\\Drafts',
  sent: '\\Sent',
  junk: '\\Junk',
  trash: '\\Trash',
  archive: '\\Archive',
};

/**
 * Names that mean a role, most usual first (when two folders match one role, the earlier name wins). English
 * as Thunderbird, Apple Mail, Outlook/Exchange, Yahoo and Courier's defaults spell them; Russian as Yandex,
 * Mail.ru and Outlook's Russian edition do; Chinese as QQ Mail, 163/126, Foxmail and Outlook's Chinese
 * editions do (Simplified and Traditional); and the German, French and Spanish defaults of the same clients.
 * Compared case-insensitively after Unicode NFC and trimming.
 */
const ROLE_NAMES: Readonly<Record<AssignableRole, readonly string[]>> = {
  drafts: [
    'Drafts', 'Draft', 'Черновики', 'Черновик', '草稿箱', '草稿', '草稿夹', '草稿匣', '草稿夾',
    'Entwürfe', 'Brouillons', 'Borradores',
  ],
  sent: [
    'Sent', 'Sent Items', 'Sent Messages', 'Sent Mail', 'Отправленные', '已发送', '已发送邮件',
    '已发邮件', '已傳送', '寄件備份', '寄件备份', '已寄出', 'Gesendet', 'Gesendete Elemente',
    'Gesendete Objekte', 'Envoyés', 'Éléments envoyés', 'Enviados', 'Elementos enviados',
  ],
  junk: [
    'Junk', 'Spam', 'Junk E-mail', 'Junk Email', 'Junk Mail', 'Bulk Mail', 'Спам', 'Нежелательная почта',
    '垃圾邮件', '垃圾郵件', '垃圾箱', 'Spamverdacht', 'Courrier indésirable', 'Indésirables',
    'Correo no deseado',
  ],
  trash: [
    'Trash', 'Deleted Items', 'Deleted Messages', 'Deleted', 'Bin', 'Корзина', 'Удаленные', 'Удалённые',
    '已删除', '已删除邮件', '已删邮件', '已刪除', '已刪除郵件', '回收站', '废纸篓', '垃圾桶',
    'Papierkorb', 'Gelöschte Elemente', 'Corbeille', 'Éléments supprimés', 'Papelera',
    'Elementos eliminados',
  ],
  archive: ['Archive', 'Archives', 'Архив', '归档', '存档', '封存', '歸檔', 'Archiv', 'Archivo'],
}; // prettier-ignore

const normalize = (name: string): string => name.normalize('NFC').trim().toLowerCase();

/** Role and rank (lower is more usual) of each known name. A name is never listed for two roles. */
const ROLE_BY_NAME: ReadonlyMap<string, { role: AssignableRole; rank: number }> = new Map(
  ASSIGNABLE_ROLES.flatMap((role) =>
    ROLE_NAMES[role].map((name, rank) => [normalize(name), { role, rank }] as const),
  ),
);

/** The role a folder of this (last segment) name plays on a server without SPECIAL-USE, and its rank. */
export function roleByName(name: string): { readonly role: AssignableRole; readonly rank: number } | null {
  return ROLE_BY_NAME.get(normalize(name)) ?? null;
}

/** The role each SPECIAL-USE attribute gives, to the first folder listed with it: role -> path. */
export function rolesByAttribute(
  folders: readonly { readonly path: string; readonly specialUse: SpecialUse | null }[],
): ReadonlyMap<AssignableRole, string> {
  const roles = new Map<AssignableRole, string>();
  for (const folder of folders) {
    const role = folder.specialUse === null ? undefined : ROLE_BY_SPECIAL_USE.get(folder.specialUse);
    if (role !== undefined && !roles.has(role)) roles.set(role, folder.path);
  }
  return roles;
}

/** A folder that may be given a role: its path, and how the server and the user describe it. */
export interface RoleCandidate {
  readonly path: string;
  /** The last segment of its name, as the server spelled it. */
  readonly name: string;
  readonly specialUse: SpecialUse | null;
  /** At the top of the personal namespace, or directly under INBOX: where a role's name counts. */
  readonly nameCounts: boolean;
}

/**
 * Which folder has which role. `chosen` are the user's choices (role -> path); a choice naming a folder that
 * is not listed, or that the server gave another role by attribute, is ignored. No folder has two roles,
 * and no role two folders: the first attribute for a role wins, then the choice, then the best name.
 */
export function assignRoles(
  candidates: readonly RoleCandidate[],
  chosen: ReadonlyMap<AssignableRole, string> = new Map(),
): Map<string, AssignableRole> {
  const byPath = new Map<string, AssignableRole>();
  const claimed = new Set<AssignableRole>();
  const give = (path: string, role: AssignableRole): void => {
    if (claimed.has(role) || byPath.has(path)) return;
    byPath.set(path, role);
    claimed.add(role);
  };
  for (const candidate of candidates) {
    const role = candidate.specialUse === null ? undefined : ROLE_BY_SPECIAL_USE.get(candidate.specialUse);
    if (role !== undefined) give(candidate.path, role);
  }
  const listed = new Set(candidates.map((candidate) => candidate.path));
  for (const role of ASSIGNABLE_ROLES) {
    const path = chosen.get(role);
    if (path !== undefined && listed.has(path)) give(path, role);
  }
  const byName = candidates
    .filter((candidate) => candidate.nameCounts)
    .flatMap((candidate) => {
      const match = roleByName(candidate.name);
      return match === null ? [] : [{ path: candidate.path, ...match }];
    })
    .sort((a, b) => a.rank - b.rank);
  for (const { path, role } of byName) give(path, role);
  return byPath;
}
