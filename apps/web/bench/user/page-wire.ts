// How the page probe (page-probe.ts) reads one WebSocket's IMAP text through COMPRESS=DEFLATE (RFC 4978), as
// page source: a function declaration, `wireReader`, that PAGE_PROBE includes and the unit tests compile.
//
// Until the client's "<tag> COMPRESS DEFLATE" is answered "<tag> OK", both ways are plain. From then on:
//
//   sent      the app frames each send() as non-final stored DEFLATE blocks (RFC 1951 3.2.4: a byte whose
//             BTYPE bits are 00, then LEN and NLEN, little-endian, then LEN bytes as they are; see
//             packages/imap-core/src/deflate-stored-blocks.ts). Unwrapping them is exact and synchronous, and
//             kept as a state machine so a block cut across two frames still reads. Any other block type (a
//             client that really compresses) makes the rest of that direction unreadable: text '' from then on.
//   received  the server's bytes are one raw DEFLATE stream for the rest of the connection, so a copy of
//             every frame from the OK on (the bytes after the OK line in the same frame included) goes into
//             the probe's own DecompressionStream('deflate-raw'), in order, whether recording or not: the
//             stream cannot be joined midway (back-references reach 32 KiB back, RFC 1951 3.2.5).
//
// Each inflated piece is handed to the callback of the frame whose bytes produced it, and the probe stamps it
// with that frame's arrival. How close that is: the frame is the one that carried the last compressed bit of
// the piece, so a completion line is dated when its bytes reached the page, as in the plain case; the app's
// own inflater sees the same bytes at the same moment, and the microtasks either inflater then takes are the
// app's work, not the round trip's. The attribution rests on the stream's readable side having a high-water
// mark of 0 (the Compression Streams spec's default, which the app's inflate-stream.ts relies on too): an
// empty write after a frame's bytes is transformed only once everything those bytes gave has been read, so
// the callback is switched to the next frame only then.

export const PAGE_WIRE = `
function wireReader() {
  const latin1 = new TextDecoder('latin1');
  const EMPTY = new Uint8Array(0);
  let mode = 'plain';
  let compressTag = null;
  /** The received text since the last line end, while an answer to COMPRESS is awaited. */
  let carry = '';
  let unwrap = null;
  let inflate = null;

  /** A state machine over stored blocks: returns the bytes they hold, or null once a block is not stored. */
  const storedBlocks = () => {
    let header = [];
    let left = 0;
    let broken = false;
    return (bytes) => {
      if (broken) return null;
      const pieces = [];
      let i = 0;
      while (i < bytes.length) {
        if (left > 0) {
          const n = Math.min(left, bytes.length - i);
          pieces.push(bytes.subarray(i, i + n));
          i += n;
          left -= n;
          continue;
        }
        header.push(bytes[i++]);
        if (header.length === 1 && (header[0] & 0x06) !== 0) { broken = true; return null; }
        if (header.length < 5) continue;
        const length = header[1] | (header[2] << 8);
        const complement = header[3] | (header[4] << 8);
        header = [];
        if ((length ^ 0xffff) !== complement) { broken = true; return null; }
        left = length;
      }
      const out = new Uint8Array(pieces.reduce((sum, p) => sum + p.length, 0));
      let at = 0;
      for (const p of pieces) { out.set(p, at); at += p.length; }
      return out;
    };
  };

  /** Raw DEFLATE in, each frame's inflated bytes to that frame's callback, in order. */
  const inflater = () => {
    const stream = new DecompressionStream('deflate-raw');
    const writer = stream.writable.getWriter();
    const reader = stream.readable.getReader();
    let current = null;
    let queue = Promise.resolve();
    let broken = false;
    (async () => {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          if (value && value.length > 0 && current) current(value);
        }
      } catch {
        broken = true;
      }
    })();
    return (bytes, then) => {
      queue = queue.then(async () => {
        if (broken) return;
        current = then;
        await writer.write(bytes);
        await writer.write(EMPTY);
      }).catch(() => { broken = true; });
    };
  };

  return {
    get mode() { return mode; },
    /** The IMAP bytes of a frame the app sends (a Uint8Array; empty once unreadable). */
    sent(bytes) {
      if (mode === 'compressed') return unwrap(bytes) ?? EMPTY;
      const text = latin1.decode(bytes);
      const match = /(?:^|\\n)([A-Za-z0-9]+) COMPRESS DEFLATE\\r\\n/i.exec(text);
      if (match) compressTag = match[1];
      return bytes;
    },
    /** A frame from the server (a copy the probe owns): \`then\` gets its IMAP bytes, now or once inflated. */
    received(bytes, then) {
      if (mode === 'compressed') return inflate(bytes, then);
      if (compressTag === null) return then(bytes);
      const joined = carry + latin1.decode(bytes);
      const answer = new RegExp('(?:^|\\\\n)' + compressTag + ' (OK|NO|BAD)\\\\b[^\\\\r\\\\n]*\\\\r\\\\n', 'i').exec(joined);
      if (!answer) {
        carry = joined.slice(joined.lastIndexOf('\\n') + 1).slice(-1000);
        return then(bytes);
      }
      compressTag = null;
      carry = '';
      if (answer[1].toUpperCase() !== 'OK') return then(bytes);
      // Latin-1 decodes one character per byte, so the line's end in the joined text gives the byte offset.
      const end = answer.index + answer[0].length - (joined.length - bytes.length);
      then(bytes.subarray(0, end));
      mode = 'compressed';
      unwrap = storedBlocks();
      inflate = inflater();
      if (end < bytes.length) inflate(bytes.subarray(end), then);
    },
  };
}
`;
