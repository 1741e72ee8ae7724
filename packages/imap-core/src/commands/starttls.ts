// STARTTLS (RFC 9051 6.2.1). After the OK the session refuses any further plaintext byte (an injected response
// would otherwise be read as if it came over TLS) and waits for the client to upgrade the transport.

import type { Command } from './command.ts';
import { requireCapability } from './command.ts';

export function starttlsCommand(): Command<void> {
  return {
    name: 'STARTTLS',
    states: ['not-authenticated'],
    exclusive: true,
    effect: { kind: 'starttls' },
    check: (context) => requireCapability(context, 'STARTTLS', 'STARTTLS'),
    encode: (w) => void w.syntax('STARTTLS'),
    onOk: () => undefined,
  };
}
