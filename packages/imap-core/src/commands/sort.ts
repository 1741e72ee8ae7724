// UID SORT (RFC 5256 3), when the server advertises SORT. Returns UIDs in the server's order.

import type { Command } from './command.ts';
import { SELECTED_STATE, requireCapability } from './command.ts';
import type { SearchKey } from './search-criteria.ts';
import { writeSearchKey } from './search-criteria.ts';

export type SortKey =
  'ARRIVAL' | 'CC' | 'DATE' | 'FROM' | 'SIZE' | 'SUBJECT' | 'TO' | 'DISPLAYFROM' | 'DISPLAYTO';

export interface SortCriterion {
  readonly key: SortKey;
  readonly reverse?: boolean;
}

export function uidSortCommand(sort: readonly SortCriterion[], criteria: SearchKey): Command<Uint32Array> {
  const parts: Uint32Array[] = [];
  return {
    name: 'UID SORT',
    states: SELECTED_STATE,
    collects: ['sort'],
    check(context) {
      requireCapability(context, 'SORT', 'UID SORT');
      if (sort.some((c) => c.key.startsWith('DISPLAY')))
        requireCapability(context, 'SORT=DISPLAY', 'SORT DISPLAY');
    },
    encode(w) {
      // RFC 5256 3: the charset is mandatory; UTF-8 is the one every SORT server must support.
      const keys = sort.map((c) => (c.reverse ? `REVERSE ${c.key}` : c.key)).join(' ');
      w.syntax(`UID SORT (${keys || 'ARRIVAL'}) UTF-8 `);
      writeSearchKey(w, criteria);
    },
    onUntagged(response) {
      if (response.kind === 'sort') parts.push(response.numbers);
    },
    onOk() {
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
