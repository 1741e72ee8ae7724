// The probe's reading of COMPRESS=DEFLATE connections (page-wire.ts), with real DEFLATE data: what the app
// sends framed by imap-core's own deflateStoredBlocks, what the server sends deflated by zlib as Dovecot does
// (one raw stream, a sync flush after each response, so later responses refer back into earlier ones).
//
// Which frame an inflated piece belongs to rests on the Compression Streams spec's ordering (a chunk is inflated
// and its output enqueued within its transform, the readable side's high-water mark is 0), which Chromium
// follows. Node's own DecompressionStream does not (an adapter over its zlib stream that resolves a write
// before inflating it), so the frame-by-frame tests give the page code a spec-ordered DecompressionStream over
// node:zlib's inflater, and one test reads through Node's own for the text as a whole.

import { constants, deflateRawSync } from 'node:zlib';
import { deflateStoredBlocks } from '@webmail/imap-core';
import { describe, expect, it, vi } from 'vitest';
import { PAGE_WIRE } from './page-wire.ts';
import {
  SpecOrderedDecompressionStream,
  ascii,
  concat,
  deflatedResponses,
  latin1,
} from './testing-deflate.ts';

interface WireReader {
  readonly mode: 'plain' | 'compressed';
  sent(bytes: Uint8Array): Uint8Array;
  received(bytes: Uint8Array, then: (imap: Uint8Array) => void): void;
}

const compile = (Decompression: unknown) =>
  new Function('DecompressionStream', `${PAGE_WIRE}; return wireReader;`)(Decompression) as () => WireReader;
const wireReader = compile(SpecOrderedDecompressionStream);
const wireReaderOverNodeStreams = compile(DecompressionStream);

/** A reader that has seen COMPRESS sent and answered: the answer's frame carries `following` behind the OK. */
function compressedReader(
  following: Uint8Array = new Uint8Array(0),
  create = wireReader,
): { reader: WireReader; texts: string[] } {
  const reader = create();
  const texts: string[] = [];
  reader.sent(ascii('C3 COMPRESS DEFLATE\r\n'));
  reader.received(concat(ascii('C3 OK DEFLATE active\r\n'), following), (imap) => texts.push(latin1(imap)));
  return { reader, texts };
}

/** Feeds frames in and collects each one's IMAP text, once all `expected` characters have come out. */
async function inflatedPerFrame(
  reader: WireReader,
  frames: Uint8Array[],
  expected: number,
): Promise<string[]> {
  const texts = frames.map(() => '');
  frames.forEach((frame, i) => reader.received(frame, (imap) => (texts[i] += latin1(imap))));
  if (expected > 0) await vi.waitFor(() => expect(texts.join('').length).toBe(expected));
  return texts;
}

describe('wireReader, what the app sends', () => {
  it('passes plain frames as they are, also the COMPRESS command itself', () => {
    const reader = wireReader();
    expect(latin1(reader.sent(ascii('C1 LOGIN u p\r\n')))).toBe('C1 LOGIN u p\r\n');
    expect(latin1(reader.sent(ascii('C2 COMPRESS DEFLATE\r\n')))).toBe('C2 COMPRESS DEFLATE\r\n');
    expect(reader.mode).toBe('plain');
  });

  it('unwraps the stored blocks of every send after the OK', () => {
    const { reader } = compressedReader();
    expect(reader.mode).toBe('compressed');
    const send = (text: string) => latin1(reader.sent(deflateStoredBlocks(ascii(text))));
    expect(send('C4 NOOP\r\n')).toBe('C4 NOOP\r\n');
    expect(send('C5 UID FETCH 1:* (FLAGS)\r\nC6 IDLE\r\n')).toBe('C5 UID FETCH 1:* (FLAGS)\r\nC6 IDLE\r\n');
  });

  it('unwraps a send of several blocks (over 64 KiB) and a block cut across two frames', () => {
    const { reader } = compressedReader();
    const literal = 'x'.repeat(70_000);
    const big = `C7 APPEND INBOX {70000+}\r\n${literal}\r\n`;
    expect(latin1(reader.sent(deflateStoredBlocks(ascii(big))))).toBe(big);
    const framed = deflateStoredBlocks(ascii('C8 SELECT INBOX\r\n'));
    for (const cut of [1, 3, 5, 9]) {
      const head = latin1(reader.sent(framed.subarray(0, cut)));
      expect(head + latin1(reader.sent(framed.subarray(cut)))).toBe('C8 SELECT INBOX\r\n');
    }
  });

  it('reads nothing more from a client that really compresses (a block that is not stored)', () => {
    const { reader } = compressedReader();
    const fixed = deflateRawSync(ascii('C9 NOOP\r\n'), { finishFlush: constants.Z_SYNC_FLUSH });
    expect(reader.sent(new Uint8Array(fixed))).toHaveLength(0);
    expect(reader.sent(deflateStoredBlocks(ascii('C10 NOOP\r\n')))).toHaveLength(0);
  });

  it('stays plain when the server refuses COMPRESS', () => {
    const reader = wireReader();
    const texts: string[] = [];
    reader.sent(ascii('C2 COMPRESS DEFLATE\r\n'));
    reader.received(ascii('C2 NO [COMPRESSIONACTIVE] already\r\n'), (imap) => texts.push(latin1(imap)));
    expect(reader.mode).toBe('plain');
    expect(latin1(reader.sent(ascii('C3 NOOP\r\n')))).toBe('C3 NOOP\r\n');
    expect(texts).toEqual(['C2 NO [COMPRESSIONACTIVE] already\r\n']);
  });
});

describe('wireReader, what the server sends', () => {
  const RESPONSES = [
    '* 3 EXISTS\r\nC4 OK NOOP completed (0.001 + 0.000 secs).\r\n',
    '* 1 FETCH (UID 7 FLAGS (\\Seen))\r\n* 2 FETCH (UID 8 FLAGS (\\Seen))\r\nC5 OK Fetch completed.\r\n',
    '* 3 FETCH (UID 9 FLAGS (\\Seen))\r\nC6 OK Fetch completed (0.002 + 0.000 secs).\r\n',
  ];

  it('inflates each frame into that frame’s text, later responses referring back into earlier ones', async () => {
    const deflated = await deflatedResponses(RESPONSES);
    // The same FETCH lines again: the second and third compress to far less than their text.
    expect(deflated[2]!.length).toBeLessThan(RESPONSES[2]!.length / 2);
    const { reader } = compressedReader();
    const texts = await inflatedPerFrame(reader, deflated, RESPONSES.join('').length);
    expect(texts).toEqual(RESPONSES);
  });

  it('reads the same text through Node’s own DecompressionStream', async () => {
    const deflated = await deflatedResponses(RESPONSES);
    const { reader, texts } = compressedReader(deflated[0], wireReaderOverNodeStreams);
    const rest = await inflatedPerFrame(reader, deflated.slice(1), 0);
    await vi.waitFor(() =>
      expect(texts.join('') + rest.join('')).toBe(`C3 OK DEFLATE active\r\n${RESPONSES.join('')}`),
    );
  });

  it('inflates the bytes behind the OK in the frame of the OK (the plain line first)', async () => {
    const deflated = await deflatedResponses(RESPONSES);
    const { reader, texts } = compressedReader(deflated[0]);
    const rest = await inflatedPerFrame(reader, deflated.slice(1), RESPONSES.slice(1).join('').length);
    await vi.waitFor(() => expect(texts).toEqual(['C3 OK DEFLATE active\r\n', RESPONSES[0]]));
    expect(rest).toEqual(RESPONSES.slice(1));
  });

  it('finds the OK line when it is cut across frames', async () => {
    const [deflated] = await deflatedResponses([RESPONSES[0]!]);
    const reader = wireReader();
    const texts = ['', ''];
    reader.sent(ascii('C3 COMPRESS DEFLATE\r\n'));
    reader.received(ascii('* CAPABILITY IMAP4rev1\r\nC3 OK DEFL'), (imap) => (texts[0] += latin1(imap)));
    reader.received(concat(ascii('ATE active\r\n'), deflated!), (imap) => (texts[1] += latin1(imap)));
    await vi.waitFor(() => expect(texts[1]).toBe(`ATE active\r\n${RESPONSES[0]}`));
    expect(texts[0]).toBe('* CAPABILITY IMAP4rev1\r\nC3 OK DEFL');
  });

  it('dates a response cut mid-block by the frame that completes it', async () => {
    const deflated = await deflatedResponses(RESPONSES);
    const joined = concat(...deflated);
    const { reader } = compressedReader();
    // Cuts 10 bytes into the first and the last response: the completion line of each comes with the next frame.
    const third = deflated[0]!.length + deflated[1]!.length;
    const cuts = [0, 10, third, third + 10, joined.length];
    const frames = cuts.slice(1).map((end, i) => joined.subarray(cuts[i], end));
    const texts = await inflatedPerFrame(reader, frames, RESPONSES.join('').length);
    expect(texts.join('')).toBe(RESPONSES.join(''));
    expect(texts[0]).not.toContain('secs).\r\n');
    expect(texts[1]).toMatch(
      /C4 OK NOOP completed \(0\.001 \+ 0\.000 secs\)\.\r\n\* 1 FETCH[^]*C5 OK Fetch completed\.\r\n$/,
    );
    expect(texts[2]).not.toContain('C6 OK Fetch');
    expect(texts[3]).toMatch(/ OK Fetch completed \(0\.002 \+ 0\.000 secs\)\.\r\n$/);
  });
});
