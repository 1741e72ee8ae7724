// The English catalog, one file per pane. Its keys, the composer's included, are the type of every other
// locale's catalog. The composer's own messages (compose.ts) are not bundled here: they come with the composer's
// chunk (lib/state/compose/compose-messages.ts adds them), so the sign-in screen does not carry them.
import actions from './actions.ts';
import composeCommands from './compose-commands.ts';
import type compose from './compose.ts';
import app from './app.ts';
import connection from './connection.ts';
import folders from './folders.ts';
import messages from './messages.ts';
import reader from './reader.ts';
import remember from './remember.ts';
import search from './search.ts';
import settings from './settings.ts';

export const en = {
  ...app,
  ...connection,
  ...folders,
  ...messages,
  ...actions,
  ...search,
  ...reader,
  ...settings,
  ...composeCommands,
  ...remember,
} as const;

/** The composer's messages, added when its chunk loads. */
export type ComposeMessages = typeof compose;

export type MessageKey = keyof typeof en | keyof ComposeMessages;
