import type { CorpusMessage } from '../types.ts';
import { attachmentMessages } from './attachments.ts';
import { chineseMessages } from './chinese.ts';
import { CORPUS_NOW, makeClock } from './clock.ts';
import { compose } from './compose.ts';
import { emojiMessages } from './emoji.ts';
import { everydayMessages } from './everyday.ts';
import { CORPUS_FOLDERS } from './folders.ts';
import { hostileMessages } from './hostile.ts';
import { japaneseMessages } from './japanese.ts';
import { junkMessages } from './junk.ts';
import { listMessages } from './lists.ts';
import { malformedMessages } from './malformed.ts';
import { newsletterMessages } from './newsletters.ts';
import { russianMessages } from './russian.ts';
import { threadMessages } from './thread.ts';

export interface BuildCorpusOptions {
  /** The clock all dates count back from. Default CORPUS_NOW, which makes the corpus byte-identical. */
  now?: Date;
}

const THEMES = [
  chineseMessages,
  russianMessages,
  japaneseMessages,
  emojiMessages,
  newsletterMessages,
  hostileMessages,
  attachmentMessages,
  threadMessages,
  everydayMessages,
  listMessages,
  junkMessages,
  malformedMessages,
];

const folderOrder = new Map(CORPUS_FOLDERS.map((folder, i) => [folder.name, i]));

/**
 * The standard corpus, ordered by folder (CORPUS_FOLDERS order) and then by UID. UIDs follow INTERNALDATE
 * inside each folder, as they would for mail that arrived over time.
 */
export function buildCorpus(options: BuildCorpusOptions = {}): CorpusMessage[] {
  const clock = makeClock(options.now ?? CORPUS_NOW);
  const messages = THEMES.flatMap((theme) => theme(clock)).map(compose);
  const ids = new Set<string>();
  for (const message of messages) {
    if (ids.has(message.id)) throw new Error(`duplicate corpus id ${message.id}`);
    ids.add(message.id);
    if (!folderOrder.has(message.folder))
      throw new Error(`corpus message ${message.id} names unknown folder ${message.folder}`);
  }
  messages.sort(
    (a, b) =>
      (folderOrder.get(a.folder) ?? 0) - (folderOrder.get(b.folder) ?? 0) ||
      a.internalDate.getTime() - b.internalDate.getTime() ||
      (a.id < b.id ? -1 : 1),
  );
  let previousFolder = '';
  let uid = 0;
  for (const message of messages) {
    uid = message.folder === previousFolder ? uid + 1 : 1;
    previousFolder = message.folder;
    message.uid = uid;
  }
  return messages;
}
