// What a folder is called on screen: special-use folders by their localized role name (the server's name is
// often English or a mailer's choice: "Sent Items", "Gesendet"), the others by their own last name segment.
import { t } from '../../lib/i18n/i18n.svelte.ts';
import type { MessageKey } from '../../lib/i18n/i18n.svelte.ts';
import type { FolderNode, FolderRole } from '../../lib/state/folder-model.ts';

const ROLE_KEYS: Readonly<Record<FolderRole, MessageKey>> = {
  inbox: 'folder.inbox',
  drafts: 'folder.drafts',
  sent: 'folder.sent',
  junk: 'folder.junk',
  trash: 'folder.trash',
  archive: 'folder.archive',
};

export function folderLabel(node: Pick<FolderNode, 'role' | 'name'>): string {
  return node.role === null ? node.name : t(ROLE_KEYS[node.role]);
}
