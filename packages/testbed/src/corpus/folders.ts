import { encodeMailboxName } from '../mutf7.ts';
import type { CorpusFolder, SpecialUse } from '../types.ts';

/** Folder names the corpus uses, by role. */
export const FOLDER = {
  inbox: 'INBOX',
  drafts: 'Drafts',
  sent: 'Sent',
  trash: 'Trash',
  junk: 'Junk',
  archive: 'Archive',
  workRu: 'Работа',
  workCn: '工作',
  projectCn: '工作/项目',
  listsDovecot: 'Lists/dovecot',
  listsAnnounce: 'Lists/announce',
  big: 'Big',
} as const;

/** Holds `bigFolderSize` generated messages; it exists whenever the corpus or a big folder is seeded. */
export const BIG_FOLDER = FOLDER.big;

/** Special-use mailboxes (RFC 6154); the Dovecot config creates and subscribes them for every user. */
export const SPECIAL_USE_FOLDERS: readonly { name: string; specialUse: SpecialUse }[] = [
  { name: FOLDER.drafts, specialUse: '\\Drafts' },
  { name: FOLDER.sent, specialUse: '\\Sent' },
  { name: FOLDER.trash, specialUse: '\\Trash' },
  { name: FOLDER.junk, specialUse: '\\Junk' },
  { name: FOLDER.archive, specialUse: '\\Archive' },
];

const specialUseOf = new Map(SPECIAL_USE_FOLDERS.map((folder) => [folder.name, folder.specialUse]));

/**
 * Every folder the seeded corpus has, parents before children. "Lists" itself is no folder: it exists only
 * as the parent directory of its children, so Dovecot lists it as \Noselect \HasChildren.
 */
export const CORPUS_FOLDERS: readonly CorpusFolder[] = Object.values(FOLDER).map((name) => {
  const specialUse = specialUseOf.get(name);
  return { name, wireName: encodeMailboxName(name), ...(specialUse ? { specialUse } : {}) };
});
