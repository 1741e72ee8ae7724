// The English catalog, one file per pane. Its keys are the type of every other locale's catalog.
import app from './app.ts';
import folders from './folders.ts';
import messages from './messages.ts';
import reader from './reader.ts';

export const en = { ...app, ...folders, ...messages, ...reader } as const;

export type MessageKey = keyof typeof en;
