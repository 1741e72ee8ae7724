// The stored-block framer (RFC 1951 3.2.4) checked against zlib's inflater, which is what Dovecot runs.

import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { deflateStoredBlocks, MAX_STORED_BLOCK } from './deflate-stored-blocks.ts';

// Buffer.equals compares: a deep toEqual over hundreds of KB costs the runner seconds.

/** Inflates a stream that, like ours, never ends with a final block (zlib would call it truncated). */
function inflate(stream: Uint8Array): Uint8Array {
  return new Uint8Array(inflateRawSync(stream, { finishFlush: 2 /* Z_SYNC_FLUSH */ }));
}

function patterned(length: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (i * 7 + (i >> 9)) & 0xff);
}

describe('deflateStoredBlocks', () => {
  it('frames a command as one non-final stored block: header byte 0, LEN, NLEN, then the bytes', () => {
    const framed = deflateStoredBlocks(new TextEncoder().encode('A3 NOOP\r\n'));
    expect(Array.from(framed.subarray(0, 5))).toEqual([0x00, 9, 0, 0xf6, 0xff]);
    expect(new TextDecoder().decode(framed.subarray(5))).toBe('A3 NOOP\r\n');
  });

  it.each([0, 1, 9, MAX_STORED_BLOCK - 1, MAX_STORED_BLOCK, MAX_STORED_BLOCK + 1, 3 * MAX_STORED_BLOCK + 17])(
    'round-trips %i bytes through zlib',
    (length) => {
      const bytes = patterned(length);
      const framed = deflateStoredBlocks(bytes);
      expect(framed.length).toBe(length + 5 * Math.max(1, Math.ceil(length / MAX_STORED_BLOCK)));
      expect(Buffer.from(inflate(framed)).equals(bytes)).toBe(true);
    },
  );

  it('lets consecutive sends follow each other in one stream, as a connection does', () => {
    const sends: Uint8Array[] = [
      'A2 SELECT INBOX\r\n',
      'A3 UID SORT (REVERSE ARRIVAL) UTF-8 ALL\r\n',
      '',
    ].map((s) => new TextEncoder().encode(s));
    sends.push(patterned(MAX_STORED_BLOCK + 100));
    const stream = new Uint8Array(sends.reduce((n, s) => n + deflateStoredBlocks(s).length, 0));
    let at = 0;
    for (const s of sends) {
      const framed = deflateStoredBlocks(s);
      stream.set(framed, at);
      at += framed.length;
    }
    const expected = new Uint8Array(sends.reduce((n, s) => n + s.length, 0));
    at = 0;
    for (const s of sends) {
      expected.set(s, at);
      at += s.length;
    }
    expect(Buffer.from(inflate(stream)).equals(expected)).toBe(true);
  });
});
