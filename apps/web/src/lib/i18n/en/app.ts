// English strings of the app shell: sign-in, folders, message list, layout.
export default {
  'app.name': 'Webmail',
  'app.tagline': 'A self-hosted webmail whose IMAP client runs in your browser.',
  'servers.loading': 'Looking for mail servers…',
  'servers.heading': 'Mail servers',
  'servers.none': 'No mail server is configured.',
  'servers.comingSoon': 'Sign-in is on its way.',
} as const;
