// The Simplified Chinese catalog, one file per pane as in en/. A chunk of its own, fetched when the language
// is chosen (i18n.svelte.ts).
import type { Catalog } from '../catalog.ts';
import actions from './actions.ts';
import composeCommands from './compose-commands.ts';
import compose from './compose.ts';
import app from './app.ts';
import connection from './connection.ts';
import folders from './folders.ts';
import messages from './messages.ts';
import reader from './reader.ts';
import remember from './remember.ts';
import search from './search.ts';
import settings from './settings.ts';

export const zhCN = {
  ...app,
  ...connection,
  ...folders,
  ...messages,
  ...actions,
  ...search,
  ...reader,
  ...settings,
  ...composeCommands,
  ...compose,
  ...remember,
} satisfies Catalog;
