// ID (RFC 2971): tells the server who we are and returns what it says about itself (null for NIL).

import type { Command } from './command.ts';
import { ALL_STATES } from './command.ts';

export type IdParams = ReadonlyMap<string, string | null>;

export function idCommand(params: IdParams | null): Command<IdParams | null> {
  let server: IdParams | null = null;
  return {
    name: 'ID',
    states: ALL_STATES,
    collects: ['id'],
    encode(w) {
      w.syntax('ID ');
      if (params === null || params.size === 0) {
        w.syntax('NIL');
        return;
      }
      w.syntax('(');
      let first = true;
      for (const [key, value] of params) {
        if (!first) w.sp();
        first = false;
        w.string(key).sp().nstring(value);
      }
      w.syntax(')');
    },
    onUntagged(response) {
      if (response.kind === 'id') server = response.params;
    },
    onOk: () => server,
  };
}
