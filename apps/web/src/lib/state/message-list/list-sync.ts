// What the message list asks the server after a reconnect (RFC 7162): a SELECT that reports what changed since
// the HIGHESTMODSEQ we had (QRESYNC), else a plain SELECT and the flags of the rows we hold, again (only those
// changed since that HIGHESTMODSEQ when the server has CONDSTORE). Plain functions over the client.

import { CommandError, UsageError, rangesFromNumbers } from '@webmail/imap-core';
import type { Flag, SelectOptions, SelectResult } from '@webmail/imap-core';
import type { MailClient } from '../mail-client.ts';

/** QRESYNC known-uids (RFC 7162 3.2.5) are sent only when they fit in this many ranges: a line stays short. */
export const MAX_KNOWN_RANGES = 200;

export interface Reselected {
  readonly selected: SelectResult;
  /** The SELECT was a QRESYNC one: `selected.vanished` and `selected.changed` say what changed. */
  readonly quick: boolean;
}

export interface ReselectOptions {
  readonly uidValidity: number;
  readonly modseq: bigint | null;
  /** The UIDs the list holds, ascending. */
  readonly known: Uint32Array;
  /** Options of a plain SELECT. */
  readonly plain: SelectOptions;
  /**
   * Whether the list still wants this folder. The plain SELECT that follows a refused QRESYNC one goes out
   * only while it does: sent after another folder's SELECT, it would select this folder under the other's list.
   */
  readonly wanted?: () => boolean;
}

/**
 * SELECT with QRESYNC when the server has it and this connection ENABLEd it, else a plain SELECT. Null when the
 * list no longer wanted the folder by the time a plain SELECT would follow (`wanted`).
 */
export async function reselect(
  client: MailClient,
  path: string,
  options: ReselectOptions,
): Promise<Reselected | null> {
  if (client.capabilities.has('QRESYNC') && options.modseq !== null) {
    const known = rangesFromNumbers(options.known);
    const qresync = {
      uidValidity: options.uidValidity,
      modseq: options.modseq,
      ...(known.length > 0 && known.length <= MAX_KNOWN_RANGES ? { knownUids: known } : {}),
    };
    try {
      return { selected: await client.select(path, { qresync }), quick: true };
    } catch (error) {
      // imap-core refuses before sending when QRESYNC was not ENABLEd on this connection. Sent right behind an
      // ENABLE QRESYNC that the server then refused, the SELECT gets BAD (RFC 7162 3.2.5): a plain one follows.
      const refused = error instanceof CommandError && error.status === 'BAD';
      if (!(error instanceof UsageError) && !refused) throw error;
    }
    if (options.wanted?.() === false) return null;
  }
  return { selected: await client.select(path, options.plain), quick: false };
}

/** Flags of `uids` now (only those changed since `modseq`, with CONDSTORE). */
export async function fetchFlags(
  client: MailClient,
  uids: readonly number[],
  modseq: bigint | null,
  expectedUidValidity: number,
): Promise<{ uid: number; flags: readonly Flag[] }[]> {
  const fetched: { uid: number; flags: readonly Flag[] }[] = [];
  if (uids.length === 0) return fetched;
  const changedSince =
    modseq !== null && client.capabilities.has('CONDSTORE') ? { changedSince: modseq } : {};
  await client.fetch(
    rangesFromNumbers(uids),
    { flags: true },
    {
      ...(expectedUidValidity === 0 ? {} : { expectedUidValidity }),
      ...changedSince,
      onMessage: (message) => {
        const flags = message.attributes.flags;
        if (flags) fetched.push({ uid: message.uid, flags });
      },
    },
  );
  return fetched;
}

export function modseqOf(selected: SelectResult): bigint | null {
  return selected.highestModseq === null ? null : BigInt(selected.highestModseq);
}

/** SELECT (CONDSTORE) when offered: HIGHESTMODSEQ for resync, MODSEQ with every flag change (RFC 7162 3.1.8). */
export function selectOptions(client: Pick<MailClient, 'capabilities'>): SelectOptions {
  return client.capabilities.has('CONDSTORE') ? { condstore: true } : {};
}
