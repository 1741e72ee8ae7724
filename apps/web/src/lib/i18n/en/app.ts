// English strings of the app shell: sign-in, errors, layout.
export default {
  'app.name': 'Webmail',
  'app.tagline': 'A self-hosted webmail whose IMAP client runs in your browser.',
  'app.language': 'Language',

  'servers.loading': 'Looking for mail servers…',
  'servers.heading': 'Mail servers',
  'servers.none': 'No mail server is configured. Ask your administrator.',
  'servers.unavailable': 'The list of mail servers could not be loaded. Reload the page to try again.',

  'signin.heading': 'Sign in',
  'signin.server': 'Mail server',
  'signin.user': 'User name',
  'signin.password': 'Password',
  'signin.submit': 'Sign in',
  'signin.submitting': 'Signing in…',
  'signin.privacy':
    'Your password goes only to your mail server. Nothing of your account or mail is stored in this browser: closing the tab signs you out.',

  'error.auth.failed': 'Sign-in failed. The server says: {text}',
  'error.auth.disabled': 'The mail server does not allow signing in over this connection.',
  'error.connect.refused': 'The mail server is not accepting connections. It may be down; try again later.',
  'error.connect.timeout': 'The mail server did not answer in time. Try again later.',
  'error.connect.unreachable': 'The mail server cannot be reached. Try again later.',
  'error.tls.verify':
    "The mail server's certificate could not be verified, so no connection was made. Tell your administrator.",
  'error.tls.handshake':
    'A secure connection to the mail server could not be set up. Tell your administrator.',
  'error.proxy.refused':
    'The webmail server refused the connection. Reload the page; if this persists, tell your administrator.',
  'error.proxy.unknownServer': 'This mail server is no longer configured. Reload the page.',
  'error.proxy.busy': 'There are too many connections right now. Wait a moment and try again.',
  'error.proxy.restarting': 'The webmail server is restarting. Try again in a moment.',
  'error.proxy.internal':
    'The webmail server ran into a problem. Try again; if this persists, tell your administrator.',
  'error.connection.closed': 'The connection to the mail server was closed.',
  'error.connection.idle': 'The connection was closed after a long time without activity.',
  'error.server.bye': 'The mail server ended the session: {text}',
  'error.server.refused': 'The mail server refused: {text}',
  'error.server.unsupported': 'The mail server lacks a feature this needs ({detail}).',
  'error.protocol':
    'The mail server sent something this app cannot understand, so the connection was closed.',
  'error.unexpected': 'Something went wrong ({detail}).',

  'shell.account': 'Signed in as {user}',
  'shell.signOut': 'Sign out',
  'shell.signingOut': 'Signing out…',
  'shell.alert': 'Message from your mail server: {text}',
  'shell.newMailTitle': '{count, plural, =0 {} other {(#) }}',
  'shell.desktopNotifications': 'Desktop notifications for new mail',
  'newMail.notification.title': 'New mail',
  'newMail.notification.body':
    '{count, plural, one {# new message in Inbox} other {# new messages in Inbox}}',
  'shell.dismiss': 'Dismiss',
  'shell.back': 'Back',
  'shell.backToFolders': 'Folders',
  'shell.backToList': 'Back to {folder}',
  'shell.skipToList': 'Skip to the message list',

  'layout.folders': 'Folders',
  'layout.messages': 'Messages',
  'layout.reader': 'Message',

  'readerStandIn.loading': 'Loading the reader…',
  'readerStandIn.empty': 'No message is open.',
  'readerStandIn.hint': 'Choose a message in the list to read it here.',
} as const;
