// What a user (or a bug report) is shown of a response we could not read: its first bytes, every byte that is
// not printable ASCII written as an escape, so that no server byte can break the page or the log line.

/** At most about this many characters of evidence (an escape is never cut in half). */
export const EVIDENCE_LENGTH = 200;

const HEX = '0123456789ABCDEF';

export function evidenceOf(bytes: Uint8Array, max = EVIDENCE_LENGTH): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    if (out.length >= max) return out + '…';
    const b = bytes[i] as number;
    if (b === 0x0d) out += '\\r';
    else if (b === 0x0a) out += '\\n';
    else if (b === 0x5c) out += '\\\\';
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else out += `\\x${HEX[b >> 4]}${HEX[b & 15]}`;
  }
  return out;
}
