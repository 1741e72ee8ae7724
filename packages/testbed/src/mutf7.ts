// Modified UTF-7 for IMAP mailbox names (RFC 3501 §5.1.3): printable ASCII stands for itself except '&',
// which becomes "&-"; every other run is UTF-16BE in base64 with ',' for '/', no padding, between '&' and '-'.

function isDirectChar(code: number): boolean {
  return code >= 0x20 && code <= 0x7e;
}

/** Encodes one mailbox name (the hierarchy separator '/' is printable ASCII and passes through). */
export function encodeMailboxName(name: string): string {
  let out = '';
  let pending: number[] = [];
  const flush = (): void => {
    if (pending.length === 0) return;
    const bytes = Buffer.alloc(pending.length * 2);
    pending.forEach((unit, i) => bytes.writeUInt16BE(unit, i * 2));
    out += '&' + bytes.toString('base64').replace(/=+$/, '').replace(/\//g, ',') + '-';
    pending = [];
  };
  for (let i = 0; i < name.length; i++) {
    const unit = name.charCodeAt(i);
    if (isDirectChar(unit)) {
      flush();
      out += unit === 0x26 ? '&-' : name[i];
    } else {
      pending.push(unit);
    }
  }
  flush();
  return out;
}

/** Decodes a modified UTF-7 mailbox name; throws on a malformed shift sequence. */
export function decodeMailboxName(wire: string): string {
  let out = '';
  let i = 0;
  while (i < wire.length) {
    const amp = wire.indexOf('&', i);
    if (amp < 0) {
      out += wire.slice(i);
      break;
    }
    out += wire.slice(i, amp);
    const dash = wire.indexOf('-', amp + 1);
    if (dash < 0) throw new Error(`unterminated '&' shift at byte ${amp} in ${JSON.stringify(wire)}`);
    if (dash === amp + 1) {
      out += '&';
    } else {
      const bytes = Buffer.from(wire.slice(amp + 1, dash).replace(/,/g, '/'), 'base64');
      if (bytes.length % 2 !== 0)
        throw new Error(`odd UTF-16 byte count at byte ${amp} in ${JSON.stringify(wire)}`);
      for (let b = 0; b < bytes.length; b += 2) out += String.fromCharCode(bytes.readUInt16BE(b));
    }
    i = dash + 1;
  }
  return out;
}
