// expunged-resp = "VANISHED" [SP "(EARLIER)"] SP known-uids   (RFC 7162 3.2.10; known-uids = sequence-set)

import { OPEN_PAREN, type Reader } from '../reader.ts';
import type { NumberRange } from '../../types.ts';

export interface VanishedData {
  readonly earlier: boolean;
  readonly uids: readonly NumberRange[];
}

export function readVanished(reader: Reader): VanishedData {
  reader.sp();
  let earlier = false;
  if (reader.peek() === OPEN_PAREN) {
    reader.open("'(' of (EARLIER)");
    reader.keyword('EARLIER');
    reader.close("')' after EARLIER");
    reader.sp();
    earlier = true;
  }
  // UIDs only: "*" has no meaning in a list of expunged messages.
  return { earlier, uids: reader.sequenceSet(false, 'known-uids') };
}
