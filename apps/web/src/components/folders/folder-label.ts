// The folder pane names folders as the state does (lib/state/folder-label.ts): one rule for the tree, the
// menus, the dialogs and the notices.
export { folderLabel } from '../../lib/state/folder-label.ts';
