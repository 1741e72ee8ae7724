// English strings of the settings view for special folders (which folder is Drafts, Sent, Junk, Trash, Archive).
export default {
  'settings.roles.open': 'Special folders',
  'settings.roles.title': 'Special folders',
  'settings.roles.intro':
    'Choose the folder the app uses for each purpose. “Automatic” uses what the server says, or a folder with a usual name; a missing folder is created when it is first needed.',
  'settings.roles.automatic': 'Automatic',
  'settings.roles.automaticNow': 'Automatic: {folder}',
  'settings.roles.automaticNone': 'Automatic: none yet',
  'settings.roles.fixed': 'Set by the server: {folder}',
  'settings.roles.save': 'Save',
  'settings.roles.cancel': 'Cancel',
  'settings.roles.savedServer': 'Saved on the mail server: every mail app of this account sees it.',
  'settings.roles.savedBrowser':
    'Saved in this browser only: the mail server does not keep this choice, so other browsers and mail apps do not see it.',
  'settings.roles.failed': 'The choice could not be saved: {reason}',
} as const;
