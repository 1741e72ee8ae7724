// LOGOUT (RFC 9051 6.1.3): the server sends BYE, then the tagged OK, then closes.

import type { Command } from './command.ts';
import { ALL_STATES } from './command.ts';

export function logoutCommand(): Command<void> {
  return {
    name: 'LOGOUT',
    states: ALL_STATES,
    exclusive: true,
    effect: { kind: 'logout' },
    encode: (w) => void w.syntax('LOGOUT'),
    onOk: () => undefined,
  };
}
