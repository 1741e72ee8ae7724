// The English catalog, one file per pane. Its keys are the type of every other locale's catalog.
import actions from './actions.ts';
import compose from './compose.ts';
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
  ...compose,
  ...remember,
} as const;

export type MessageKey = keyof typeof en;
