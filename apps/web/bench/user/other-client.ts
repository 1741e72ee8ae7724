// Another mail client on the same account, as a raw IMAP session: what changes a folder while the app's tab is
// away (reloading), for the reconcile measure (measure-remember.ts). Its changes follow the project's rules even
// here: UID commands on UIDs it has just read, and UID EXPUNGE of exactly the messages it marked.

import { quoted, type DovecotServer, type RawImap } from '@webmail/testbed';
import { benchImap } from './mailbox.ts';

export interface ServerRow {
  readonly uid: number;
  readonly flagged: boolean;
  readonly seen: boolean;
}

/** What one round of changes does: flags flipped, messages expunged, new messages delivered (whole, raw). */
export interface ChangePlan {
  readonly flip: readonly { uid: number; flag: '\\Flagged' | '\\Seen' }[];
  readonly expunge: readonly number[];
  readonly append: readonly Buffer[];
}

export class OtherClient {
  readonly #imap: RawImap;

  private constructor(imap: RawImap) {
    this.#imap = imap;
  }

  static async connect(server: DovecotServer): Promise<OtherClient> {
    return new OtherClient(await benchImap(server));
  }

  /** `folder`'s display order (UID SORT (REVERSE DATE), as the app sorts it), newest first. */
  async order(folder: string): Promise<number[]> {
    await this.#imap.ok(`EXAMINE ${quoted(folder)}`);
    const { untagged } = await this.#imap.ok('UID SORT (REVERSE DATE) UTF-8 ALL');
    await this.#imap.ok('UNSELECT');
    const line = untagged.find((r) => r.text.startsWith('* SORT'))?.text ?? '* SORT';
    return line.split(' ').slice(2).map(Number);
  }

  /** UIDNEXT of `folder`: the UID the next message delivered there gets. */
  async uidNext(folder: string): Promise<number> {
    const { untagged } = await this.#imap.ok(`STATUS ${quoted(folder)} (UIDNEXT)`);
    const uidNext = Number(/UIDNEXT (\d+)/.exec(untagged.map((r) => r.text).join('\n'))?.[1]);
    if (!Number.isInteger(uidNext)) throw new Error(`no UIDNEXT for ${folder}`);
    return uidNext;
  }

  /** The flags of `uids` in `folder`, in the order given. */
  async rows(folder: string, uids: readonly number[]): Promise<ServerRow[]> {
    await this.#imap.ok(`EXAMINE ${quoted(folder)}`);
    const { untagged } = await this.#imap.ok(`UID FETCH ${uids.join(',')} (UID FLAGS)`);
    await this.#imap.ok('UNSELECT');
    const byUid = new Map<number, string>();
    for (const { text } of untagged) {
      const uid = Number(/UID (\d+)/.exec(text)?.[1]);
      if (Number.isInteger(uid)) byUid.set(uid, /FLAGS \(([^)]*)\)/.exec(text)?.[1] ?? '');
    }
    return uids.map((uid) => {
      const flags = byUid.get(uid);
      if (flags === undefined) throw new Error(`UID ${uid} is not in ${folder}`);
      const list = flags.split(' ');
      return { uid, flagged: list.includes('\\Flagged'), seen: list.includes('\\Seen') };
    });
  }

  /** Applies `plan` to `folder`: each flag flipped from what the message has now. */
  async change(folder: string, plan: ChangePlan): Promise<void> {
    const now = new Map(
      (
        await this.rows(
          folder,
          plan.flip.map((f) => f.uid),
        )
      ).map((row) => [row.uid, row]),
    );
    await this.#imap.ok(`SELECT ${quoted(folder)}`);
    for (const { uid, flag } of plan.flip) {
      const row = now.get(uid);
      const on = flag === '\\Flagged' ? row?.flagged : row?.seen;
      await this.#imap.ok(`UID STORE ${uid} ${on ? '-' : '+'}FLAGS.SILENT (${flag})`);
    }
    if (plan.expunge.length > 0) {
      const set = plan.expunge.join(',');
      await this.#imap.ok(`UID STORE ${set} +FLAGS.SILENT (\\Deleted)`);
      // RFC 4315 2.1: only the messages named, whatever else another client marked \Deleted.
      await this.#imap.ok(`UID EXPUNGE ${set}`);
    }
    await this.#imap.ok('UNSELECT');
    for (const raw of plan.append) {
      // LITERAL+ (RFC 7888): the message follows the command at once. No flags: unread.
      await this.#imap.ok(
        Buffer.concat([Buffer.from(`APPEND ${quoted(folder)} () {${raw.length}+}\r\n`), raw]),
      );
    }
  }

  async close(): Promise<void> {
    await this.#imap.ok('LOGOUT').catch(() => undefined);
    this.#imap.close();
  }
}
