// UID STORE (RFC 9051 6.4.6, 6.4.9) of flags, with .SILENT and UNCHANGEDSINCE (RFC 7162 3.1.3). The MODIFIED
// code lists the UIDs the server refused to change because they moved on since `unchangedSince`.

import type { Flag, NumberRange, Uid } from '../types.ts';
import { intersectRanges, rangesInclude } from '../seqset.ts';
import type { Command } from './command.ts';
import { SELECTED_STATE, checkUidValidity, requireExplicitUids, requireCapability } from './command.ts';

export interface StoreOptions {
  /** '+FLAGS' adds, '-FLAGS' removes, 'FLAGS' replaces. */
  readonly operation: 'add' | 'remove' | 'set';
  readonly flags: readonly Flag[];
  /** .SILENT: no FETCH echo of the new flags (default true; other clients' changes still arrive). */
  readonly silent?: boolean;
  readonly unchangedSince?: bigint;
  readonly expectedUidValidity?: number;
}

export interface StoreResult {
  /** Flags echoed by the server (only without .SILENT, or under UNCHANGEDSINCE). */
  readonly updated: readonly {
    readonly uid: Uid;
    readonly flags: readonly Flag[];
    readonly modseq?: bigint;
  }[];
  /** UIDs not changed because of UNCHANGEDSINCE (MODIFIED code). */
  readonly modified: readonly NumberRange[];
}

const OPERATIONS = { add: '+FLAGS', remove: '-FLAGS', set: 'FLAGS' } as const;

export function uidStoreCommand(uids: readonly NumberRange[], options: StoreOptions): Command<StoreResult> {
  // By UID: a server may echo one message twice (another client's change right after ours); the last wins.
  const updated = new Map<number, StoreResult['updated'][number]>();
  return {
    name: 'UID STORE',
    uids,
    states: SELECTED_STATE,
    check(context) {
      requireExplicitUids('UID STORE', uids);
      checkUidValidity(context, options.expectedUidValidity);
      if (options.unchangedSince !== undefined) requireCapability(context, 'CONDSTORE', 'UNCHANGEDSINCE');
    },
    encode(w) {
      w.syntax('UID STORE ').sequenceSet(uids).sp();
      if (options.unchangedSince !== undefined)
        w.syntax('(UNCHANGEDSINCE ').number(options.unchangedSince).syntax(') ');
      w.syntax(OPERATIONS[options.operation] + ((options.silent ?? true) ? '.SILENT ' : ' ')).flagList(
        options.flags,
      );
    },
    onUntagged(response) {
      if (response.kind !== 'fetch') return;
      const { uid, flags, modseq } = response.attributes;
      // Another client's change to a message we did not name is not an echo of ours.
      if (uid === undefined || flags === undefined || !rangesInclude(uids, uid)) return;
      updated.set(uid, modseq === undefined ? { uid, flags } : { uid, flags, modseq });
    },
    onOk(response) {
      // Only UIDs we asked to change can have been left unchanged: the rest of a MODIFIED set is not ours.
      const modified = response.code?.name === 'MODIFIED' ? intersectRanges(response.code.set, uids) : [];
      return { updated: [...updated.values()], modified };
    },
  };
}
