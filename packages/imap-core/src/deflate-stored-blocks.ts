// Client-to-server half of COMPRESS=DEFLATE (RFC 4978): each send() becomes non-final "stored" DEFLATE blocks
// (RFC 1951 3.2.4: BFINAL=0, BTYPE=00, then LEN and its one's complement NLEN, then the bytes as they are).
//
// Why no compression this way: a command must reach the server whole the moment it is sent, and the browser's
// CompressionStream cannot sync-flush, so a command would sit in its buffer. Stored blocks are flushed by
// construction, every inflater accepts them (RFC 4978 4 allows any valid DEFLATE stream), and commands are
// small (tens of bytes; a search or an APPEND literal is the exception), so the 5-byte header per 64 KiB costs
// next to nothing. The bytes that matter, the server's answers, are compressed by the server.

/** A stored block holds at most this many bytes (LEN is 16 bits). */
export const MAX_STORED_BLOCK = 0xffff;
const HEADER = 5;

/** `bytes` as a run of non-final stored blocks, byte-aligned so that the next send() can follow directly. */
export function deflateStoredBlocks(bytes: Uint8Array): Uint8Array {
  const blocks = Math.max(1, Math.ceil(bytes.length / MAX_STORED_BLOCK));
  const out = new Uint8Array(bytes.length + blocks * HEADER);
  let at = 0;
  for (let from = 0; from < bytes.length || at === 0; from += MAX_STORED_BLOCK) {
    const length = Math.min(MAX_STORED_BLOCK, bytes.length - from);
    // One header byte: BFINAL=0 (bit 0), BTYPE=00 (bits 1-2), the rest padding to the byte boundary.
    out[at] = 0;
    out[at + 1] = length & 0xff;
    out[at + 2] = length >>> 8;
    out[at + 3] = ~length & 0xff;
    out[at + 4] = (~length >>> 8) & 0xff;
    out.set(bytes.subarray(from, from + length), at + HEADER);
    at += HEADER + length;
  }
  return out;
}
