import { SPECIAL_USE_FOLDERS } from './corpus/folders.ts';
import type { DovecotVariant, SpecialUse } from './types.ts';

// How each variant lays mail out as its clients see it: the personal namespace's prefix and separator,
// what the special folders are called, and which capabilities are advertised. On disk every variant is the
// same Maildir with LAYOUT=fs ('/' nests directories), so seeding, deliver() and resetUidValidity() only
// translate names.

// Dovecot 2.3.19's post-login CAPABILITY with the testbed's config (LITERAL+ appears twice in Dovecot's own
// list; once is enough). imap_capability also replaces the pre-login list, to which imap-login still adds
// STARTTLS and AUTH=. It also hides what plugins add, so COMPRESS=DEFLATE (imap_zlib, loaded everywhere) is
// listed here.
const DOVECOT_CAPABILITIES = [
  'IMAP4rev1', 'SASL-IR', 'LOGIN-REFERRALS', 'ID', 'ENABLE', 'IDLE', 'SORT', 'SORT=DISPLAY',
  'THREAD=REFERENCES', 'THREAD=REFS', 'THREAD=ORDEREDSUBJECT', 'MULTIAPPEND', 'URL-PARTIAL', 'CATENATE',
  'UNSELECT', 'CHILDREN', 'NAMESPACE', 'UIDPLUS', 'LIST-EXTENDED', 'I18NLEVEL=1', 'CONDSTORE', 'QRESYNC',
  'ESEARCH', 'ESORT', 'SEARCHRES', 'WITHIN', 'CONTEXT=SEARCH', 'LIST-STATUS', 'BINARY', 'MOVE',
  'SNIPPET=FUZZY', 'PREVIEW=FUZZY', 'PREVIEW', 'STATUS=SIZE', 'SAVEDATE', 'LITERAL+', 'NOTIFY', 'SPECIAL-USE',
  'COMPRESS=DEFLATE',
]; // prettier-ignore

const without = (removed: readonly string[]): readonly string[] =>
  Object.freeze(DOVECOT_CAPABILITIES.filter((capability) => !removed.includes(capability)));

/** What the 'no-move-uidplus' variant advertises: Dovecot's list minus MOVE and UIDPLUS. */
export const NO_MOVE_UIDPLUS_CAPABILITIES = without(['MOVE', 'UIDPLUS']);

/**
 * What the 'courier' and 'cyrus' variants advertise: Dovecot's list minus the extensions an older or
 * plainer server lacks (issue 13), and the ones that depend on them (ESORT and CONTEXT=SEARCH extend
 * SORT/ESEARCH, RFC 5267).
 */
export const PLAIN_SERVER_CAPABILITIES = without([
  'SPECIAL-USE',
  'LIST-STATUS',
  'NOTIFY',
  'LIST-EXTENDED',
  'ESEARCH',
  'SORT',
  'SORT=DISPLAY',
  'ESORT',
  'CONTEXT=SEARCH',
  'CONDSTORE',
  'QRESYNC',
]);

export interface FolderLayout {
  /** Personal namespace prefix: '' or 'INBOX.' (Courier) or 'INBOX/' (Cyrus with unixhierarchysep). */
  prefix: string;
  separator: '/' | '.';
  /** The special folders carry RFC 6154 attributes (\Sent, ...). */
  specialUse: boolean;
  /** Each special folder's name inside the namespace (without the prefix). */
  specialNames: ReadonlyMap<SpecialUse, string>;
  /** imap_capability; null: Dovecot's own list. */
  capabilities: readonly string[] | null;
  /** A namespace (ACL plugin) for folders other users share, under `sharedPrefix<user>/`. */
  sharedNamespace: boolean;
  /** Where other users' folders appear: 'shared/' (Dovecot's usual), 'user/' (Cyrus's). */
  sharedPrefix: string;
  /** Folders of a public namespace with an empty prefix (Cyrus's shared folders), in the state dir. */
  publicFolders?: readonly string[];
  /**
   * Dovecot creates (and subscribes) the special folders at login (`auto = subscribe`). False: `auto = no`, so a
   * special folder another client deleted stays gone, as on a server without such a setting.
   */
  autoCreateSpecial?: boolean;
  /** The ACL plugin without a shared namespace (StartDovecotOptions.acl). */
  acl?: boolean;
}

const DEFAULT_NAMES = new Map(SPECIAL_USE_FOLDERS.map((folder) => [folder.specialUse, folder.name]));

export const LAYOUTS: Readonly<Record<DovecotVariant, FolderLayout>> = Object.freeze({
  full: {
    prefix: '',
    separator: '/',
    specialUse: true,
    specialNames: DEFAULT_NAMES,
    capabilities: null,
    sharedNamespace: true,
    sharedPrefix: 'shared/',
  },
  'no-move-uidplus': {
    prefix: '',
    separator: '/',
    specialUse: true,
    specialNames: DEFAULT_NAMES,
    capabilities: NO_MOVE_UIDPLUS_CAPABILITIES,
    sharedNamespace: false,
    sharedPrefix: 'shared/',
  },
  // Courier-IMAP: everything under INBOX, '.' between levels, folders as the user (or client) named them.
  courier: {
    prefix: 'INBOX.',
    separator: '.',
    specialUse: false,
    specialNames: new Map<SpecialUse, string>([
      ['\\Drafts', 'Drafts'],
      ['\\Sent', 'Отправленные'],
      ['\\Trash', '已删除'],
      ['\\Junk', 'Junk'],
      ['\\Archive', 'Archive'],
    ]),
    capabilities: PLAIN_SERVER_CAPABILITIES,
    sharedNamespace: false,
    sharedPrefix: 'shared/',
  },
  // Cyrus with unixhierarchysep: everything under INBOX/, Outlook-style names for the special folders.
  cyrus: {
    prefix: 'INBOX/',
    separator: '/',
    specialUse: false,
    specialNames: new Map<SpecialUse, string>([
      ['\\Drafts', '草稿'],
      ['\\Sent', 'Sent Items'],
      ['\\Trash', 'Deleted Items'],
      ['\\Junk', 'Спам'],
      ['\\Archive', 'Archives'],
    ]),
    capabilities: PLAIN_SERVER_CAPABILITIES,
    sharedNamespace: false,
    sharedPrefix: 'user/',
  },
});

export const DOVECOT_VARIANTS = Object.freeze(Object.keys(LAYOUTS) as DovecotVariant[]);

const specialUseByDefaultName = new Map(
  SPECIAL_USE_FOLDERS.map((folder) => [folder.name, folder.specialUse]),
);

/**
 * The name a client of `variant` sees for a corpus folder (CorpusMessage.folder, CORPUS_FOLDERS[].name):
 * 'Sent' is 'INBOX.Отправленные' in 'courier', '工作/项目' is 'INBOX/工作/项目' in 'cyrus'. UTF-8, in the
 * variant's separator; encode with encodeMailboxName() for the wire.
 */
export function folderNameIn(variant: DovecotVariant, corpusFolder: string): string {
  const layout = LAYOUTS[variant];
  if (corpusFolder.toUpperCase() === 'INBOX') return 'INBOX';
  const special = specialUseByDefaultName.get(corpusFolder);
  const inside = special ? (layout.specialNames.get(special) ?? corpusFolder) : corpusFolder;
  return layout.prefix + inside.split('/').join(layout.separator);
}

/**
 * The '/'-separated path of a folder inside the Maildir, from the name a client of `variant` sees (the
 * prefix dropped, the separator made '/'). Throws for a name outside the personal namespace.
 */
export function diskNameOf(variant: DovecotVariant, visibleName: string): string {
  const layout = LAYOUTS[variant];
  if (visibleName.toUpperCase() === 'INBOX') return 'INBOX';
  if (!visibleName.startsWith(layout.prefix) || visibleName === layout.prefix)
    throw new Error(`folder ${visibleName} is not in the personal namespace "${layout.prefix}"`);
  return visibleName.slice(layout.prefix.length).split(layout.separator).join('/');
}
