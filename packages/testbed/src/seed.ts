import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { writeBigFolder } from './big-folder.ts';
import { CORPUS_NOW } from './corpus/clock.ts';
import { buildCorpus } from './corpus/index.ts';
import { BIG_FOLDER, CORPUS_FOLDERS } from './corpus/folders.ts';
import { diskNameOf, folderNameIn } from './folder-layouts.ts';
import { folderDir, MaildirFolderWriter } from './maildir.ts';
import type { DovecotVariant } from './types.ts';

// Seeding a user's Maildir before Dovecot starts: plain file writes, no IMAP round trips, so even 100 000
// messages take seconds. Each folder gets a fixed UIDVALIDITY so UIDs are the same on every run.

export interface SeedOptions {
  /** Decides the folders' names (CORPUS_FOLDERS as the variant's clients see them). */
  variant: DovecotVariant;
  corpus: boolean;
  corpusNow: Date | undefined;
  bigFolderSize: number;
}

/** UIDVALIDITY of the n-th corpus folder: fixed, distinct, and plausible as a timestamp. */
const uidValidityOf = (folderIndex: number): number => 1_700_000_000 + folderIndex;

/** Creates an empty Maildir (INBOX) for a user if it is not there yet. */
export function ensureMaildir(maildirRoot: string): void {
  for (const sub of ['cur', 'new', 'tmp']) mkdirSync(path.join(maildirRoot, sub), { recursive: true });
}

/**
 * Writes the corpus and/or the big folder; returns the folders that exist afterwards (to subscribe), named
 * as the variant's clients see them.
 */
export function seedMaildir(maildirRoot: string, options: SeedOptions): string[] {
  const folders: string[] = [];
  const visible = (corpusFolder: string): string => folderNameIn(options.variant, corpusFolder);
  const dirOf = (corpusFolder: string): string =>
    folderDir(maildirRoot, diskNameOf(options.variant, visible(corpusFolder)));
  if (options.corpus) {
    const corpus = buildCorpus(options.corpusNow ? { now: options.corpusNow } : {});
    CORPUS_FOLDERS.forEach((folder, index) => {
      if (folder.name === BIG_FOLDER) return;
      const writer = new MaildirFolderWriter(dirOf(folder.name), uidValidityOf(index));
      for (const message of corpus) {
        if (message.folder !== folder.name) continue;
        const uid = writer.add(message.raw, message.flags, message.internalDate);
        if (uid !== message.uid)
          throw new Error(`corpus UID mismatch for ${message.id}: ${uid} != ${message.uid}`);
      }
      writer.finish();
      folders.push(visible(folder.name));
    });
  }
  if (options.corpus || options.bigFolderSize > 0) {
    const index = CORPUS_FOLDERS.findIndex((folder) => folder.name === BIG_FOLDER);
    writeBigFolder(
      dirOf(BIG_FOLDER),
      options.bigFolderSize,
      options.corpusNow ?? CORPUS_NOW,
      uidValidityOf(index),
    );
    folders.push(visible(BIG_FOLDER));
  }
  return folders;
}

export function isSeeded(maildirRoot: string): boolean {
  return existsSync(path.join(maildirRoot, 'cur'));
}
