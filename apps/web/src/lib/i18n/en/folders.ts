// English strings of the folder pane.
export default {
  'folders.label': 'Folders',
  'folders.loading': 'Loading folders…',
  'folders.error': 'The folders could not be loaded. {reason}',
  'folders.retry': 'Try again',
  'folders.empty': 'No folders.',
  'folders.unread': '{count, plural, one {# unread message} other {# unread messages}}',

  'folder.inbox': 'Inbox',
  'folder.drafts': 'Drafts',
  'folder.sent': 'Sent',
  'folder.junk': 'Junk',
  'folder.trash': 'Trash',
  'folder.archive': 'Archive',
} as const;
