import { RawImap, quoted, type RawImapResponse } from '../../src/raw-imap.ts';
import type { DovecotServer, TestUser } from '../../src/types.ts';

/** A plaintext session logged in as `user` (default: the server's first user). */
export async function login(
  server: DovecotServer,
  user: TestUser | undefined = server.users[0],
): Promise<RawImap> {
  if (!user) throw new Error('server has no users');
  const client = await RawImap.connect({ port: server.imapPort });
  await client.ok(`LOGIN ${quoted(user.name)} ${quoted(user.password)}`);
  return client;
}

export interface ListEntry {
  attributes: string[];
  delimiter: string;
  name: string;
}

/** `* LIST (attrs) "/" name` lines (RFC 3501 §7.2.2); names here are atoms or quoted strings. */
export function parseList(responses: readonly RawImapResponse[]): ListEntry[] {
  const entries: ListEntry[] = [];
  for (const { text } of responses) {
    const match = /^\* LIST \(([^)]*)\) "(.)" (.+)$/.exec(text);
    if (!match) continue;
    const rawName = match[3] ?? '';
    const name = rawName.startsWith('"') ? rawName.slice(1, -1).replace(/\\(.)/g, '$1') : rawName;
    entries.push({
      attributes: (match[1] ?? '').split(' ').filter(Boolean),
      delimiter: match[2] ?? '',
      name,
    });
  }
  return entries;
}

/** `* n FETCH (...)` responses keyed by UID, with the FLAGS list parsed. */
export function parseFetchFlags(responses: readonly RawImapResponse[]): Map<number, string[]> {
  const flags = new Map<number, string[]>();
  for (const { text } of responses) {
    const uid = /UID (\d+)/.exec(text)?.[1];
    const list = /FLAGS \(([^)]*)\)/.exec(text)?.[1];
    if (uid !== undefined && list !== undefined) flags.set(Number(uid), list.split(' ').filter(Boolean));
  }
  return flags;
}

/** Numbers from `* SEARCH 1 2 3` or `* ESEARCH ... ALL 1:3,5`. */
export function parseSearch(responses: readonly RawImapResponse[]): number[] {
  for (const { text } of responses) {
    if (text.startsWith('* SEARCH'))
      return text.slice('* SEARCH'.length).split(' ').filter(Boolean).map(Number);
  }
  return [];
}

export const sortFlags = (flags: readonly string[]): string[] =>
  [...flags].filter((f) => f !== '\\Recent').sort();

/** A tagged completion without Dovecot's timing suffix: `OK Move completed (0.001 + 0.000 secs).` -> `OK Move completed`. */
export const withoutTiming = (completion: string): string => completion.replace(/ \([\d.+ ]+ secs\)\.$/, '');

/** Untagged response texts, for comparing whole answers. */
export const untaggedTexts = (responses: readonly RawImapResponse[]): string[] =>
  responses.map((response) => response.text);
