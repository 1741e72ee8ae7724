// What the composer writes to the mailbox, on its own connection (compose-imap.ts):
//   - a draft version: APPEND to Drafts (special-use \Drafts, created when missing) with \Draft \Seen, THEN the
//     version before removed: UID STORE +FLAGS.SILENT (\Deleted) and UID EXPUNGE of exactly its UID (RFC 4315
//     2.1), the UID APPENDUID gave (RFC 4315 3). A refused APPEND leaves the version before untouched. Without
//     UIDPLUS there is neither APPENDUID nor UID EXPUNGE: the new version's UID is found by its Message-ID (the
//     highest UID with it: UIDs only grow), and older versions are marked \Deleted and left for the server's
//     next expunge. Never a bare EXPUNGE, never a sequence number.
//   - the Sent copy: APPEND to Sent with \Seen.
//   - \Answered or $Forwarded on the original of a reply or forward, by UID under the UIDVALIDITY captured when
//     the reply was opened.

import { rangesFromNumbers } from '@webmail/imap-core';
import type { AppendResult, ImapClient, NumberRange } from '@webmail/imap-core';
import { canExpungeByUid } from '../bulk.ts';
import type { ComposeImap } from './compose-imap.ts';

/** Where one version of a draft is on the server. */
export interface SavedDraft {
  readonly mailbox: string;
  readonly uidValidity: number;
  readonly uid: number;
}

/** A message by UID under the UIDVALIDITY it was read under. */
export interface MessageAddress {
  readonly mailbox: string;
  readonly uidValidity: number;
  readonly uid: number;
}

export type SpecialFolder = 'drafts' | 'sent';

/** The folder tree's part: the folder with a role, created when missing (FolderTree.ensureRole). */
export interface ComposeFolders {
  ensureRole(role: SpecialFolder): Promise<{ path: string; created: boolean }>;
}

export interface SaveOutcome {
  readonly saved: SavedDraft | null;
  /** The Drafts folder had to be created for it. */
  readonly createdFolder: string | null;
  /** What became of the version before: 'expunged', 'flagged' (\Deleted, left), 'kept' (removing it failed). */
  readonly previous: 'expunged' | 'flagged' | 'kept' | 'none';
}

export class DraftStore {
  readonly #imap: ComposeImap;
  readonly #folders: ComposeFolders;

  constructor(imap: ComposeImap, folders: ComposeFolders) {
    this.#imap = imap;
    this.#folders = folders;
  }

  /**
   * Appends a new version of a draft and then removes `previous`. Rejects (leaving `previous` in place) when the
   * APPEND fails; a failure to remove `previous` is reported in the outcome, not thrown: two versions are
   * better than none.
   */
  async save(
    bytes: Uint8Array,
    messageId: string,
    previous: SavedDraft | null,
    onProgress?: (fraction: number) => void,
  ): Promise<SaveOutcome> {
    const { path, created } = await this.#folders.ensureRole('drafts');
    const result = await this.#imap.run((client) => {
      const append = () => client.append(path, bytes, { flags: ['\\Draft', '\\Seen'] });
      return onProgress ? this.#imap.withProgress(bytes.length, onProgress, append) : append();
    });
    let saved = singleUid(path, result);
    let outcome: SaveOutcome['previous'] = 'none';
    if (saved === null) {
      // No APPENDUID (no UIDPLUS): look for it by Message-ID; older versions found with it are flagged.
      const found = await this.#findByMessageId(path, messageId).catch(() => null);
      if (found && found.uids.length > 0) {
        const newest = Math.max(...found.uids);
        saved = { mailbox: path, uidValidity: found.uidValidity, uid: newest };
        const older = found.uids.filter((uid) => uid !== newest);
        if (older.length > 0) outcome = await this.#removeUids(path, found.uidValidity, older);
      }
      if (previous !== null && outcome === 'none' && !sameDraft(previous, saved))
        outcome = await this.#removeUids(previous.mailbox, previous.uidValidity, [previous.uid]);
    } else if (previous !== null) {
      outcome = await this.#removeUids(previous.mailbox, previous.uidValidity, [previous.uid]);
    }
    return { saved, createdFolder: created ? path : null, previous: outcome };
  }

  /** Removes a draft (sent, or discarded by the user). Rejects when it could not be removed. */
  async remove(draft: SavedDraft): Promise<'expunged' | 'flagged'> {
    const outcome = await this.#remove(draft.mailbox, draft.uidValidity, [draft.uid]);
    return outcome;
  }

  /** The Sent copy, with \Seen. Resolves with the folder it went to and whether it had to be created. */
  async appendSent(bytes: Uint8Array, date?: Date): Promise<{ path: string; created: boolean }> {
    const folder = await this.#folders.ensureRole('sent');
    await this.#imap.run((client) =>
      client.append(folder.path, bytes, { flags: ['\\Seen'], ...(date ? { date } : {}) }),
    );
    return folder;
  }

  /** Adds a flag to one message, by UID, only under the UIDVALIDITY it was read under. */
  async addFlag(message: MessageAddress, flag: '\\Answered' | '$Forwarded'): Promise<void> {
    await this.#imap.inMailbox(message.mailbox, message.uidValidity, (client) =>
      client.store(uidSet([message.uid]), {
        operation: 'add',
        flags: [flag],
        silent: true,
        expectedUidValidity: message.uidValidity,
      }),
    );
  }

  async #removeUids(
    mailbox: string,
    uidValidity: number,
    uids: readonly number[],
  ): Promise<SaveOutcome['previous']> {
    try {
      return await this.#remove(mailbox, uidValidity, uids);
    } catch {
      return 'kept';
    }
  }

  async #remove(
    mailbox: string,
    uidValidity: number,
    uids: readonly number[],
  ): Promise<'expunged' | 'flagged'> {
    return this.#imap.inMailbox(mailbox, uidValidity, async (client) => {
      const set = uidSet(uids);
      const guard = { expectedUidValidity: uidValidity };
      await client.store(set, { operation: 'add', flags: ['\\Deleted'], silent: true, ...guard });
      if (!canExpungeByUid(client.capabilities)) return 'flagged';
      await client.uidExpunge(set, guard);
      return 'expunged';
    });
  }

  async #findByMessageId(
    mailbox: string,
    messageId: string,
  ): Promise<{ uidValidity: number; uids: number[] }> {
    return this.#imap.inMailbox(mailbox, null, async (client: ImapClient, uidValidity) => {
      const uids = await client.search({ header: 'Message-ID', value: messageId });
      return { uidValidity, uids: [...uids] };
    });
  }
}

/** The one UID of an APPENDUID, or null without one (or with a set that is not one UID: not trusted). */
function singleUid(mailbox: string, result: AppendResult): SavedDraft | null {
  const [range, ...more] = result.uids;
  if (result.uidValidity === null || range === undefined || more.length > 0 || range.start !== range.end)
    return null;
  return { mailbox, uidValidity: result.uidValidity, uid: range.start };
}

function sameDraft(a: SavedDraft, b: SavedDraft | null): boolean {
  return b !== null && a.mailbox === b.mailbox && a.uidValidity === b.uidValidity && a.uid === b.uid;
}

function uidSet(uids: readonly number[]): NumberRange[] {
  return rangesFromNumbers(uids);
}
