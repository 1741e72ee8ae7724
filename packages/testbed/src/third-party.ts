import { encodeMailboxName } from './mutf7.ts';
import { quoted, RawImap, type RawImapResponse } from './raw-imap.ts';
import type { DovecotServer } from './types.ts';

// What a third party sees: fresh sessions of their own, for tests that check the mailbox behind the back of
// the client under test (data-safety tests compare UIDs, flags and Message-IDs before and after).

/** One message as a third session sees it. */
export interface SnapshotMessage {
  uid: number;
  /**
   * System flags, then keywords, each group in code-point order; without `\Recent` (it depends on who
   * looked first).
   */
  flags: string[];
  /** The Message-ID header's value as written (e.g. `<a1@example.org>`), or null when there is none. */
  messageId: string | null;
}

/** A new plaintext session on `server`, logged in as `user` (one of server.users). The caller closes it. */
export async function openSession(server: DovecotServer, user: string): Promise<RawImap> {
  const known = server.users.find((candidate) => candidate.name === user);
  if (!known) throw new Error(`unknown test user ${user}`);
  const client = await RawImap.connect({ host: server.host, port: server.imapPort });
  try {
    await client.ok(`LOGIN ${quoted(known.name)} ${quoted(known.password)}`);
    return client;
  } catch (error) {
    client.close();
    throw error;
  }
}

const mailbox = (folder: string): string => quoted(encodeMailboxName(folder));

const systemFirst = (a: string, b: string): number =>
  Number(b.startsWith('\\')) - Number(a.startsWith('\\')) || (a < b ? -1 : a > b ? 1 : 0);

function parseFlags(list: string): string[] {
  return list
    .split(' ')
    .filter((flag) => flag !== '' && flag !== '\\Recent')
    .sort(systemFirst);
}

/** `Message-ID:` from a header block (unfolded, trimmed); null when absent. */
function messageIdOf(header: Buffer | undefined): string | null {
  const unfolded = (header?.toString('latin1') ?? '').replace(/\r?\n[ \t]+/g, ' ');
  const match = /^message-id:[ \t]*(.*?)[ \t]*$/im.exec(unfolded);
  return match?.[1] || null;
}

function parseSnapshotFetch(response: RawImapResponse): SnapshotMessage | undefined {
  if (!/^\* \d+ FETCH /.test(response.text)) return undefined;
  const uid = /[( ]UID (\d+)/.exec(response.text)?.[1];
  const flags = /[( ]FLAGS \(([^)]*)\)/.exec(response.text)?.[1];
  if (uid === undefined || flags === undefined) return undefined;
  return { uid: Number(uid), flags: parseFlags(flags), messageId: messageIdOf(response.literals[0]) };
}

/**
 * Every message of `folder` by UID (ascending) with its flags and Message-ID, read by a fresh session with
 * EXAMINE (read-only: it changes no flag, not even \Recent) and
 * `UID FETCH 1:* (UID FLAGS BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])`.
 */
export async function snapshotFolder(
  server: DovecotServer,
  user: string,
  folder: string,
): Promise<SnapshotMessage[]> {
  const client = await openSession(server, user);
  try {
    await client.ok(`EXAMINE ${mailbox(folder)}`);
    const fetched = await client.ok('UID FETCH 1:* (UID FLAGS BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])');
    await client.ok('LOGOUT');
    return fetched.untagged
      .map(parseSnapshotFetch)
      .filter((message) => message !== undefined)
      .sort((a, b) => a.uid - b.uid);
  } finally {
    client.close();
  }
}

export interface AppendedMessage {
  uidValidity: number;
  uid: number;
}

/**
 * APPENDs `raw` to `folder` as `user` over IMAP (unlike deliver(), this goes through Dovecot: quota, the
 * index, and every session's notifications), with `flags` (system flags and keywords). Returns the new
 * message's UID from `[APPENDUID]`; throws with the server's answer when it says NO.
 */
export async function appendMessage(
  server: DovecotServer,
  user: string,
  folder: string,
  raw: Uint8Array | string,
  flags: readonly string[] = [],
): Promise<AppendedMessage> {
  const bytes = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : Buffer.from(raw);
  const client = await openSession(server, user);
  try {
    // LITERAL+ (RFC 7888): the literal follows at once, no continuation round trip.
    const command = Buffer.concat([
      Buffer.from(`APPEND ${mailbox(folder)} (${flags.join(' ')}) {${bytes.length}+}\r\n`),
      bytes,
    ]);
    const result = await client.ok(command);
    await client.ok('LOGOUT');
    const appendUid = /\[APPENDUID (\d+) (\d+)\]/.exec(result.completion);
    if (!appendUid) throw new Error(`APPEND answered without APPENDUID: ${result.completion}`);
    return { uidValidity: Number(appendUid[1]), uid: Number(appendUid[2]) };
  } finally {
    client.close();
  }
}
