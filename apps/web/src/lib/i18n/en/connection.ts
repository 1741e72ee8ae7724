// English strings of the connection banner: a dropped connection coming back, or lost for good.
export default {
  'connection.reconnectingIn': 'Connection lost. Reconnecting in {seconds} s…',
  'connection.reconnecting': 'Connection lost. Reconnecting…',
  'connection.retryNow': 'Retry now',
  'connection.reconnected': 'Reconnected',
  'connection.offline': 'The connection to the mail server was lost and could not be restored. {reason}',
  'connection.signInAgain': 'Sign in again',
} as const;
