// What a folder is called on screen: special-use folders by their localized role name (the server's name is
// often English or a mailer's choice: "Sent Items", "Gesendet", "INBOX.Отправленные"), the sections of other
// users' and shared folders by what they are, the others by their own last name segment.
import { t } from '../i18n/i18n.svelte.ts';
import type { MessageKey } from '../i18n/i18n.svelte.ts';
import type { FolderNode, FolderRole, SectionKind } from './folder-model.ts';

export const ROLE_KEYS: Readonly<Record<FolderRole, MessageKey>> = {
  inbox: 'folder.inbox',
  drafts: 'folder.drafts',
  sent: 'folder.sent',
  junk: 'folder.junk',
  trash: 'folder.trash',
  archive: 'folder.archive',
};

const SECTION_KEYS: Readonly<Record<SectionKind, MessageKey>> = {
  other: 'folders.section.other',
  shared: 'folders.section.shared',
};

export function folderLabel(
  node: Pick<FolderNode, 'role' | 'name'> & { section?: SectionKind | null },
): string {
  if (node.section) return t(SECTION_KEYS[node.section]);
  return node.role === null ? node.name : t(ROLE_KEYS[node.role]);
}
