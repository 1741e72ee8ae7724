// CAPABILITY (RFC 9051 6.1.1). The session records the answer; the command returns it too.

import type { Command } from './command.ts';
import { ALL_STATES } from './command.ts';

export function capabilityCommand(): Command<readonly string[]> {
  let capabilities: readonly string[] = [];
  return {
    name: 'CAPABILITY',
    states: ALL_STATES,
    collects: ['capability'],
    encode: (w) => void w.syntax('CAPABILITY'),
    onUntagged(response) {
      if (response.kind === 'capability') capabilities = response.capabilities;
    },
    onOk: () => capabilities,
  };
}
