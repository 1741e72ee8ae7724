import app from './app.ts';
import reader from './reader.ts';

export const en = { ...app, ...reader } as const;

export type MessageKey = keyof typeof en;
