// CLOSE (RFC 9051 6.4.1: expunges \Deleted messages silently, no EXPUNGE responses) and UNSELECT (RFC 3691,
// RFC 9051 6.4.2: leaves them). Both return to the authenticated state.

import type { Command } from './command.ts';
import { SELECTED_STATE, requireCapability } from './command.ts';

export function closeCommand(): Command<void> {
  return {
    name: 'CLOSE',
    states: SELECTED_STATE,
    exclusive: true,
    effect: { kind: 'deselect' },
    encode: (w) => void w.syntax('CLOSE'),
    onOk: () => undefined,
  };
}

export function unselectCommand(): Command<void> {
  return {
    name: 'UNSELECT',
    states: SELECTED_STATE,
    exclusive: true,
    effect: { kind: 'deselect' },
    check(context) {
      if (!context.capabilities.has('IMAP4REV2')) requireCapability(context, 'UNSELECT', 'UNSELECT');
    },
    encode: (w) => void w.syntax('UNSELECT'),
    onOk: () => undefined,
  };
}
