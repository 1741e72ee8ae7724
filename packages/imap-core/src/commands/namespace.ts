// NAMESPACE (RFC 2342, RFC 9051 6.3.10): personal, other users' and shared prefixes.

import type { Namespace } from '../wire/response.ts';
import type { Command } from './command.ts';
import { AUTHENTICATED_STATES } from './command.ts';

export interface Namespaces {
  readonly personal: readonly Namespace[];
  readonly other: readonly Namespace[];
  readonly shared: readonly Namespace[];
}

export function namespaceCommand(): Command<Namespaces> {
  let result: Namespaces = { personal: [], other: [], shared: [] };
  return {
    name: 'NAMESPACE',
    states: AUTHENTICATED_STATES,
    collects: ['namespace'],
    encode: (w) => void w.syntax('NAMESPACE'),
    onUntagged(response) {
      if (response.kind !== 'namespace') return;
      result = {
        personal: response.personal ?? [],
        other: response.other ?? [],
        shared: response.shared ?? [],
      };
    },
    onOk: () => result,
  };
}
