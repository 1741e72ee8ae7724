// What the commands behind the slow actions cost Dovecot, timed from a session of the bench's own on the same
// mailbox (no app, no relay), beside the alternatives a next change could pick. Each command runs `REPEATS`
// times; each result has the round trip from Node, the time Dovecot reports in its tagged reply, and the
// response's size in bytes (what the app would have to receive).
//
//   select        SELECT INBOX (CONDSTORE) as the app sends it (after QRESYNC is enabled), plain SELECT, EXAMINE;
//                 each time after Big was selected, so that INBOX is opened again
//   firstRows     the app's UID FETCH of the newest 40 rows (envelope and body structure)
//   sort          the app's UID SORT (REVERSE DATE) UTF-8 ALL (every UID of the folder, in order), against
//                 ESORT's RETURN (PARTIAL 1:100) (RFC 5267: only the first screens) and RETURN (COUNT)
//   search        one subject word: SUBJECT alone, FROM, TO, CC, the app's header key for its default field
//                 (OR FROM TO CC SUBJECT), and that key sorted as the app sends it
//   store         UID STORE +FLAGS.SILENT and -FLAGS.SILENT (\Flagged) on one message in turn, each timed (in a
//                 Maildir a flag is a rename in cur/, after which Dovecot may read the whole directory again),
//                 and UID MOVE of one message to Trash (moved back untimed)

import { quoted, type DovecotServer, type RawImap, type RawImapResult } from '@webmail/testbed';
import { benchImap } from './mailbox.ts';
import { stats, type Stats } from '../stats.ts';

const REPEATS = 3;

export interface CommandCost {
  readonly command: string;
  readonly roundTrip: Stats;
  readonly dovecot: Stats;
  readonly bytes: number;
}

async function session(server: DovecotServer): Promise<RawImap> {
  const imap = await benchImap(server);
  await imap.ok('ENABLE QRESYNC');
  return imap;
}

/** Dovecot's "(a + b [+ c] secs)" in a tagged reply: running plus waiting in its I/O loop (a + b), in ms. */
function reported(completion: string): number {
  const match = /\((\d+\.\d+) \+ (\d+\.\d+) (?:\+ \d+\.\d+ )?secs\)/.exec(completion);
  const ms = (secs: string | undefined) => Math.round(Number(secs) * 1000);
  return match ? ms(match[1]) + ms(match[2]) : NaN;
}

/** Runs `command` REPEATS times, `before` (untimed) ahead of each. */
async function cost(imap: RawImap, command: string, before?: string): Promise<CommandCost> {
  const trips: number[] = [];
  const dovecot: number[] = [];
  let bytes = 0;
  for (let i = 0; i < REPEATS; i++) {
    if (before) await imap.ok(before);
    const start = performance.now();
    const { untagged, completion } = await imap.ok(command);
    trips.push(performance.now() - start);
    dovecot.push(reported(completion));
    bytes =
      untagged.reduce((sum, r) => sum + r.text.length + 2 + r.literals.reduce((n, l) => n + l.length, 0), 0) +
      completion.length;
  }
  return { command, roundTrip: stats(trips), dovecot: stats(dovecot), bytes };
}

/** STORE +FLAGS and -FLAGS in turn, REPEATS times each, and UID MOVE to Trash (moved back untimed). */
async function flagCosts(imap: RawImap, first: number): Promise<CommandCost[]> {
  const times = new Map<string, { trips: number[]; dovecot: number[]; bytes: number }>();
  const timed = async (name: string, command: string): Promise<RawImapResult> => {
    const start = performance.now();
    const result = await imap.ok(command);
    const entry = times.get(name) ?? { trips: [], dovecot: [], bytes: 0 };
    entry.trips.push(performance.now() - start);
    entry.dovecot.push(reported(result.completion));
    entry.bytes = result.completion.length;
    times.set(name, entry);
    return result;
  };
  // RFC 4315 3: [COPYUID uidvalidity source-uids destination-uids], untagged before a MOVE's OK (RFC 6851 4.3).
  const copyUid = (result: RawImapResult) =>
    Number(
      /COPYUID \d+ \d+ (\d+)/.exec([...result.untagged.map((r) => r.text), result.completion].join(' '))?.[1],
    );
  let uid = first;
  for (let i = 0; i < REPEATS; i++) {
    await timed('UID STORE <uid> +FLAGS.SILENT (\\Flagged)', `UID STORE ${uid} +FLAGS.SILENT (\\Flagged)`);
    await timed('UID STORE <uid> -FLAGS.SILENT (\\Flagged)', `UID STORE ${uid} -FLAGS.SILENT (\\Flagged)`);
    const inTrash = copyUid(await timed('UID MOVE <uid> Trash', `UID MOVE ${uid} Trash`));
    await imap.ok('SELECT Trash');
    uid = copyUid(await imap.ok(`UID MOVE ${inTrash} INBOX`));
    await imap.ok('SELECT INBOX (CONDSTORE)');
    if (!Number.isInteger(uid)) throw new Error('no COPYUID for a move back to INBOX');
  }
  return [...times].map(([command, t]) => ({
    command,
    roundTrip: stats(t.trips),
    dovecot: stats(t.dovecot),
    bytes: t.bytes,
  }));
}

export async function serverCosts(
  server: DovecotServer,
  word: string,
  candidates: readonly number[],
): Promise<Record<string, CommandCost[]>> {
  const imap = await session(server);
  try {
    const select = [
      await cost(imap, 'SELECT INBOX (CONDSTORE)', 'SELECT Big'),
      await cost(imap, 'SELECT INBOX', 'SELECT Big'),
      await cost(imap, 'EXAMINE INBOX', 'SELECT Big'),
    ];
    await imap.ok('SELECT INBOX (CONDSTORE)');
    const { untagged } = await imap.ok('STATUS INBOX (UIDNEXT)');
    const uidNext = Number(/UIDNEXT (\d+)/.exec(untagged.map((r) => r.text).join(' '))?.[1] ?? 1);
    const firstRows = [
      await cost(
        imap,
        `UID FETCH ${Math.max(1, uidNext - 40)}:* (UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE)`,
      ),
    ];
    const sort = [
      await cost(imap, 'UID SORT (REVERSE DATE) UTF-8 ALL'),
      await cost(imap, 'UID SORT RETURN (PARTIAL 1:100) (REVERSE DATE) UTF-8 ALL'),
      await cost(imap, 'UID SORT RETURN (COUNT) (REVERSE DATE) UTF-8 ALL'),
    ];
    const w = quoted(word);
    const headers = `OR FROM ${w} OR TO ${w} OR CC ${w} SUBJECT ${w}`;
    const search = [
      await cost(imap, `UID SEARCH CHARSET UTF-8 SUBJECT ${w}`),
      await cost(imap, `UID SEARCH CHARSET UTF-8 FROM ${w}`),
      await cost(imap, `UID SEARCH CHARSET UTF-8 TO ${w}`),
      await cost(imap, `UID SEARCH CHARSET UTF-8 CC ${w}`),
      await cost(imap, `UID SEARCH CHARSET UTF-8 ${headers}`),
      await cost(imap, `UID SORT (REVERSE DATE) UTF-8 ${headers}`),
      await cost(imap, `UID SORT (REVERSE DATE) UTF-8 SUBJECT ${w}`),
    ];
    const present = await imap.ok(`UID SEARCH UID ${candidates.slice(0, 200).join(',')}`);
    const flagUid = Number(/^\* SEARCH (\d+)/m.exec(present.untagged.map((r) => r.text).join('\n'))?.[1]);
    if (!Number.isInteger(flagUid)) throw new Error('none of the generated messages is left in INBOX');
    const store = await flagCosts(imap, flagUid);
    return { select, firstRows, sort, search, store };
  } finally {
    await imap.ok('LOGOUT').catch(() => undefined);
    imap.close();
  }
}
