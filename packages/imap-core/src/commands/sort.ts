// UID SORT (RFC 5256 3), when the server advertises SORT. Returns UIDs in the server's order.
//
// With `compact` (ESORT, RFC 5267 3.2) the answer is `UID SORT RETURN (ALL)`: one sequence-set in sort order,
// where each run of UIDs that follow one another in the order is written as `a:b`. Mail mostly arrives in
// date order, so a folder sorted by ascending DATE is a few runs (Dovecot answers `ALL 1:100000` for 100,000
// such messages instead of 600 KB of numbers). The set is the server's word about our mailbox: it is checked
// against the mailbox's size before it is expanded.

import { UntrustedResultError } from '../errors.ts';
import { countRanges, listedCount } from '../seqset.ts';
import type { NumberRange } from '../types.ts';
import type { Command, CommandContext } from './command.ts';
import { SELECTED_STATE, requireCapability } from './command.ts';
import type { SearchKey } from './search-criteria.ts';
import { writeSearchKey } from './search-criteria.ts';

export type SortKey =
  'ARRIVAL' | 'CC' | 'DATE' | 'FROM' | 'SIZE' | 'SUBJECT' | 'TO' | 'DISPLAYFROM' | 'DISPLAYTO';

export interface SortCriterion {
  readonly key: SortKey;
  readonly reverse?: boolean;
}

export interface SortOptions {
  /** Ask for the order as ESORT's compact ALL (needs ESORT). */
  readonly compact?: boolean;
}

export function uidSortCommand(
  sort: readonly SortCriterion[],
  criteria: SearchKey,
  options: SortOptions = {},
): Command<Uint32Array> {
  const parts: Uint32Array[] = [];
  let runs: readonly NumberRange[] | null = null;
  return {
    name: 'UID SORT',
    states: SELECTED_STATE,
    collects: ['sort', 'esearch'],
    check(context) {
      requireCapability(context, 'SORT', 'UID SORT');
      if (options.compact) requireCapability(context, 'ESORT', 'UID SORT RETURN');
      if (sort.some((c) => c.key.startsWith('DISPLAY')))
        requireCapability(context, 'SORT=DISPLAY', 'SORT DISPLAY');
    },
    encode(w) {
      // RFC 5256 3: the charset is mandatory; UTF-8 is the one every SORT server must support.
      const keys = sort.map((c) => (c.reverse ? `REVERSE ${c.key}` : c.key)).join(' ');
      w.syntax(`UID SORT ${options.compact ? 'RETURN (ALL) ' : ''}(${keys || 'ARRIVAL'}) UTF-8 `);
      writeSearchKey(w, criteria);
    },
    onUntagged(response) {
      if (response.kind === 'sort') parts.push(response.numbers);
      // No ALL at all: nothing matched (RFC 5267 3.2 leaves ALL out of an empty result).
      else if (response.kind === 'esearch') runs = response.all ?? [];
    },
    onOk(_response, context) {
      if (runs !== null) return expandRuns(runs, context);
      const out = new Uint32Array(parts.reduce((n, p) => n + p.length, 0));
      let at = 0;
      for (const part of parts) {
        out.set(part, at);
        at += part.length;
      }
      return out;
    },
  };
}

/**
 * ESORT's ALL in its order, each run `a:b` from a to b (downwards when a > b). Refused (UNTRUSTED_RESULT)
 * before anything is expanded when it names more UIDs than the mailbox holds, or one UID twice.
 */
function expandRuns(runs: readonly NumberRange[], context: CommandContext): Uint32Array {
  const exists = context.mailbox?.exists ?? 0;
  const listed = listedCount(runs);
  if (listed > exists) {
    throw new UntrustedResultError(
      'UID SORT',
      `the server's ALL names ${listed} UIDs, the mailbox has ${exists}`,
    );
  }
  if (countRanges(runs) !== listed)
    throw new UntrustedResultError('UID SORT', "the server's ALL names a UID twice");
  const out = new Uint32Array(listed);
  let at = 0;
  for (const { start, end } of runs) {
    const step = start <= end ? 1 : -1;
    for (let uid = start; ; uid += step) {
      out[at++] = uid;
      if (uid === end) break;
    }
  }
  return out;
}
