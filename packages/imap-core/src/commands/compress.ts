// COMPRESS DEFLATE (RFC 4978 3). Valid once authenticated; exclusive, because compression starts in both
// directions right after the tagged OK and a command pipelined behind it would straddle the switch. The
// session announces the OK with its 'compress' event; the client then swaps in the deflate layer
// (deflate-transport.ts). A NO or BAD leaves the connection as it was, uncompressed.

import { ErrorCodes, UsageError } from '../errors.ts';
import type { Command } from './command.ts';
import { AUTHENTICATED_STATES, requireCapability } from './command.ts';

export const COMPRESS_DEFLATE = 'COMPRESS=DEFLATE';

export function compressCommand(): Command<void> {
  return {
    name: 'COMPRESS',
    states: AUTHENTICATED_STATES,
    exclusive: true,
    effect: { kind: 'compress' },
    check(context) {
      // RFC 4978 3: a second COMPRESS gets NO [COMPRESSIONACTIVE]; deflating twice gains nothing.
      if (context.compressed) {
        throw new UsageError(ErrorCodes.WRONG_STATE, 'the connection is already compressed');
      }
      requireCapability(context, COMPRESS_DEFLATE, 'COMPRESS DEFLATE');
    },
    encode: (w) => void w.syntax('COMPRESS DEFLATE'),
    onOk: () => undefined,
  };
}
