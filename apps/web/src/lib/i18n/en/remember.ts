// English strings of what the app remembers (issue 17): staying signed in, the mirror kept on the device,
// offline, addresses.
export default {
  'remember.keep': 'Keep me signed in on this device',
  'remember.keepHint':
    'Only on a device no one else uses: anyone who opens this browser can read your mail for 30 days, and someone who takes its disk could recover your password. Without it you stay signed in until this tab is closed.',
  'remember.restoring': 'Opening your mailbox…',
  'remember.offline':
    'Offline: this is the mail kept on this device. Flag changes are sent when the connection is back.',
  'remember.queued':
    '{count, plural, one {# message} other {# messages}} changed on this device; the change reaches the mail server when the connection is back.',
  'remember.needsConnection':
    'This needs the connection to the mail server. Nothing was changed; try again once it is back.',
  'remember.mirror': 'Keep mail on this device',
  'remember.mirrorHint':
    'An encrypted copy of the folders, recent lists and the messages you read (up to 200 MB), for an instant start and reading offline. Signing out deletes it.',
  'remember.messageGone': 'The message this address points to is no longer in {folder}.',
  'remember.signedOutElsewhere': 'You signed out in another tab.',
  'remember.tooManyConnections':
    'The mail server refuses another connection for this account: close other webmail tabs or mail apps, then try again. The server says: {text}',
} as const;
