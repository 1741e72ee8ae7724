// The organize bench's folders and its own IMAP session beside the app's: it makes the folders before the
// app signs in, and afterwards checks on the server that what the app showed is what happened (the moved
// messages are in the destination, the flag is stored, a search's count is the server's).

import { quoted, type RawImap } from '@webmail/testbed';

export interface OrganizeFolders {
  /** The generated folder of `bigSize` messages the others are copied from (testbed's Big). */
  readonly big: string;
  readonly bigSize: number;
  /** Gets the newest `smallSize` messages of Big. */
  readonly small: string;
  readonly smallSize: number;
  /** One source folder per bulk move (warm-up included), each with `bulkSize` messages. */
  readonly bulkFrom: readonly string[];
  readonly bulkSize: number;
  /** Where the bulk moves go; emptied behind the app's back after each one. */
  readonly bulkTo: string;
}

export class OrganizeFixture {
  readonly #imap: RawImap;

  private constructor(imap: RawImap) {
    this.#imap = imap;
  }

  /**
   * Makes the folders from Big with UID COPY (Maildir copies are hard links: seconds for tens of thousands),
   * subscribed (the folder tree lists subscribed folders), then warms every index as run.ts does: SORT by
   * date and every flag, but no header search, so the first subject search finds Dovecot's cache as a folder
   * that was never searched has it.
   */
  static async create(imap: RawImap, folders: OrganizeFolders): Promise<OrganizeFixture> {
    const create = async (folder: string) => {
      await imap.ok(`CREATE ${quoted(folder)}`);
      await imap.ok(`SUBSCRIBE ${quoted(folder)}`);
    };
    await imap.ok(`SELECT ${quoted(folders.big)}`);
    await create(folders.bulkTo);
    await create(folders.small);
    const newest = folders.bigSize - folders.smallSize + 1;
    await imap.ok(`UID COPY ${newest}:${folders.bigSize} ${quoted(folders.small)}`);
    for (const source of folders.bulkFrom) {
      await create(source);
      await imap.ok(`UID COPY 1:${folders.bulkSize} ${quoted(source)}`);
    }
    for (const folder of [folders.big, folders.small, ...folders.bulkFrom]) {
      await imap.ok(`SELECT ${quoted(folder)}`);
      await imap.ok('UID SORT (REVERSE DATE) UTF-8 ALL');
      await imap.ok('UID FETCH 1:* (FLAGS)');
    }
    await imap.ok('UNSELECT');
    return new OrganizeFixture(imap);
  }

  async messagesIn(folder: string): Promise<number> {
    const { untagged } = await this.#imap.ok(`STATUS ${quoted(folder)} (MESSAGES)`);
    return Number(/MESSAGES (\d+)/.exec(untagged.map((r) => r.text).join('\n'))?.[1] ?? NaN);
  }

  /** The server's count of messages whose Subject holds `word`. */
  async subjectMatches(folder: string, word: string): Promise<number> {
    await this.#imap.ok(`EXAMINE ${quoted(folder)}`);
    const { untagged } = await this.#imap.ok(`UID SEARCH CHARSET UTF-8 SUBJECT ${quoted(word)}`);
    await this.#imap.ok('UNSELECT');
    const line = untagged.find((r) => r.text.startsWith('* SEARCH'))?.text ?? '* SEARCH';
    return line.split(' ').length - 2;
  }

  async flaggedOnServer(folder: string, uid: number): Promise<boolean> {
    await this.#imap.ok(`EXAMINE ${quoted(folder)}`);
    const { untagged } = await this.#imap.ok(`UID FETCH ${uid} (FLAGS)`);
    await this.#imap.ok('UNSELECT');
    return untagged.some((r) => r.text.includes('\\Flagged'));
  }

  /** Removes every message of `folder` (not open in the app), so each bulk move lands in an empty folder. */
  async empty(folder: string): Promise<void> {
    await this.#imap.ok(`SELECT ${quoted(folder)}`);
    await this.#imap.ok('UID STORE 1:* +FLAGS.SILENT (\\Deleted)');
    await this.#imap.ok('EXPUNGE');
    await this.#imap.ok('UNSELECT');
  }

  async close(): Promise<void> {
    await this.#imap.ok('LOGOUT').catch(() => undefined);
    this.#imap.close();
  }
}
