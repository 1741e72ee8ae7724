// UID SEARCH (RFC 9051 6.4.4) and its ESEARCH form with RETURN options (RFC 4731). Plain results come as a
// sorted Uint32Array of UIDs (4 bytes each); ESEARCH ALL stays as ranges.

import { UntrustedResultError } from '../errors.ts';
import { countRanges, listedCount, normalizeRanges, rangesFromNumbers } from '../seqset.ts';
import type { NumberRange } from '../types.ts';
import type { Command, CommandContext } from './command.ts';
import { SELECTED_STATE, requireCapability } from './command.ts';
import type { SearchKey } from './search-criteria.ts';
import { writeCharset, writeSearchKey } from './search-criteria.ts';

export type SearchReturn = 'MIN' | 'MAX' | 'COUNT' | 'ALL';

export interface ESearchResult {
  readonly min?: number;
  readonly max?: number;
  readonly count?: number;
  readonly all?: readonly NumberRange[];
  readonly modseq?: bigint;
}

export function uidSearchCommand(criteria: SearchKey): Command<Uint32Array> {
  const parts: Uint32Array[] = [];
  return {
    name: 'UID SEARCH',
    states: SELECTED_STATE,
    collects: ['search', 'esearch'],
    encode(w) {
      w.syntax('UID SEARCH ');
      writeCharset(w, criteria);
      writeSearchKey(w, criteria);
    },
    onUntagged(response) {
      if (response.kind === 'search') parts.push(response.numbers);
    },
    onOk() {
      // Servers may split the answer over several SEARCH responses; join and sort once.
      const total = parts.reduce((n, p) => n + p.length, 0);
      const out = new Uint32Array(total);
      let at = 0;
      for (const part of parts) {
        out.set(part, at);
        at += part.length;
      }
      return out.sort();
    },
  };
}

export function uidEsearchCommand(
  criteria: SearchKey,
  returns: readonly SearchReturn[],
): Command<ESearchResult> {
  let result: ESearchResult = {};
  return {
    name: 'UID SEARCH',
    states: SELECTED_STATE,
    collects: ['search', 'esearch'],
    check: (context) => {
      if (!context.capabilities.has('IMAP4REV2')) requireCapability(context, 'ESEARCH', 'SEARCH RETURN');
    },
    encode(w) {
      w.syntax(`UID SEARCH RETURN (${returns.join(' ')}) `);
      writeCharset(w, criteria);
      writeSearchKey(w, criteria);
    },
    onUntagged(response) {
      if (response.kind === 'esearch') {
        const { min, max, count, all, modseq } = response;
        result = {
          ...(min === undefined ? {} : { min }),
          ...(max === undefined ? {} : { max }),
          ...(count === undefined ? {} : { count }),
          ...(all === undefined ? {} : { all: all.map(lowToHigh) }),
          ...(modseq === undefined ? {} : { modseq }),
        };
      } else if (response.kind === 'search') {
        result = { all: rangesFromNumbers(response.numbers) };
      }
    },
    onOk(_response, context) {
      checkEsearch(result, context);
      return result;
    },
  };
}

/** A search's ALL is a set: `5:3` names what `3:5` does. */
function lowToHigh(range: NumberRange): NumberRange {
  return range.start <= range.end ? range : { start: range.end, end: range.start };
}

/**
 * ESEARCH is the server's word about our mailbox, checked before anyone expands it: ALL can name no more
 * messages than the mailbox holds, nor any UID twice, and COUNT, MIN and MAX must agree with it. A result that
 * does not fit is unknown, so the search fails (UNTRUSTED_RESULT) instead of handing on a set that could
 * cover the whole UID space.
 */
function checkEsearch(result: ESearchResult, context: CommandContext): void {
  const fail = (why: string): never => {
    throw new UntrustedResultError('UID SEARCH', `the server's ESEARCH ${why}`);
  };
  const exists = context.mailbox?.exists ?? 0;
  const { all, count, min, max } = result;
  if (count !== undefined && count > exists) fail(`COUNT ${count} exceeds the ${exists} messages`);
  if (min !== undefined && max !== undefined && min > max) fail(`MIN ${min} is above MAX ${max}`);
  if (all === undefined) return;
  const listed = listedCount(all);
  if (listed > exists) fail(`ALL names ${listed} UIDs, the mailbox has ${exists} messages`);
  if (listed !== countRanges(all)) fail('ALL names a UID twice');
  if (count !== undefined && count !== listed) fail(`COUNT ${count} disagrees with ALL (${listed})`);
  const sorted = normalizeRanges(all);
  if (min !== undefined && sorted[0]?.start !== min) fail(`MIN ${min} is not the lowest UID of ALL`);
  if (max !== undefined && sorted.at(-1)?.end !== max) fail(`MAX ${max} is not the highest UID of ALL`);
}
