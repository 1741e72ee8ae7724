// The composer's commands, shown before its chunk is loaded (the toolbar, the reader, the row menu, the
// composer's place in the layout): bundled with the app, unlike the rest of the composer's messages (compose.ts).
export default {
  'compose.action.compose': 'Compose',
  'compose.action.reply': 'Reply',
  'compose.action.replyAll': 'Reply all',
  'compose.action.forward': 'Forward',
  'compose.action.forwardAttachment': 'Forward as attachment',
  'compose.rowMenu': 'Reply or forward',
  'compose.window': 'New message',
} as const;
