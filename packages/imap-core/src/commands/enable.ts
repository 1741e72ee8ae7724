// ENABLE (RFC 5161): turns on extensions (CONDSTORE, QRESYNC, UTF8=ACCEPT, IMAP4rev2). Exclusive, because what
// is enabled changes how later commands are encoded and responses parsed (UTF-8 mailbox names); only a SELECT
// or EXAMINE may follow it on the wire, when it enables nothing that changes their encoding (pipeline.ts).

import type { Command } from './command.ts';
import { requireCapability } from './command.ts';

export function enableCommand(extensions: readonly string[]): Command<readonly string[]> {
  const enabled: string[] = [];
  return {
    name: 'ENABLE',
    states: ['authenticated'],
    exclusive: true,
    effect: { kind: 'enable', extensions },
    collects: ['enabled'],
    check: (context) => requireCapability(context, 'ENABLE', 'ENABLE'),
    encode(w) {
      w.syntax('ENABLE');
      for (const name of extensions) w.sp().atom(name, 'extension');
    },
    onUntagged(response) {
      if (response.kind === 'enabled') enabled.push(...response.capabilities);
    },
    onOk: () => enabled,
  };
}
