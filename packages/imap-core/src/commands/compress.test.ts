// COMPRESS DEFLATE (RFC 4978 3) as the session sees it: plain transcripts, since inflating is the client's
// byte layer's job (deflate-transport.ts). What the session owes: the command only when offered and once,
// nothing pipelined behind it before its OK, the bytes that followed the OK handed over untouched, and a NO
// that changes nothing.

import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../errors.ts';
import { authenticatedHarness, bytes, createHarness } from '../../test/fixtures/harness.ts';
import { compressCommand } from './compress.ts';
import { noopCommand } from './noop.ts';

const CAPS = 'IMAP4rev1 COMPRESS=DEFLATE';

describe('COMPRESS DEFLATE', () => {
  it('is sent as "COMPRESS DEFLATE" and turns the session compressed on OK', async () => {
    const h = await authenticatedHarness(CAPS);
    const done = h.run(compressCommand());
    expect(h.takeSent()).toBe('A2 COMPRESS DEFLATE\r\n');
    expect(h.session.compressed).toBe(false);
    h.server('A2 OK DEFLATE active\r\n');
    await done;
    expect(h.session.compressed).toBe(true);
  });

  it('hands over the bytes that followed the OK in the same chunk, unread', async () => {
    const h = await authenticatedHarness(CAPS);
    const following: Uint8Array[] = [];
    h.session.events.on('compress', (event) => following.push(event.following));
    const done = h.run(compressCommand());
    // After the OK the server compresses: these bytes are deflate, not a response to parse.
    h.server(new Uint8Array([...bytes('A2 OK DEFLATE active\r\n'), 0x2a, 0x20, 0xff, 0x00, 0x0d, 0x0a]));
    await done;
    expect(following).toEqual([new Uint8Array([0x2a, 0x20, 0xff, 0x00, 0x0d, 0x0a])]);
    expect(h.closeError()).toBeUndefined();
  });

  it('hands over an empty buffer when the OK ended its chunk', async () => {
    const h = await authenticatedHarness(CAPS);
    const following: Uint8Array[] = [];
    h.session.events.on('compress', (event) => following.push(event.following));
    const done = h.run(compressCommand());
    h.server('A2 OK DEFLATE active\r\n', 3);
    await done;
    expect(following).toEqual([new Uint8Array(0)]);
  });

  it('sends nothing queued behind it until its OK, and announces compression before that output', async () => {
    const h = await authenticatedHarness(CAPS);
    const order: string[] = [];
    h.session.events.on('compress', () => order.push('compress'));
    h.session.events.on('output', (b) => order.push(new TextDecoder().decode(b)));
    const compress = h.run(compressCommand());
    const noop = h.run(noopCommand());
    expect(h.takeSent()).toBe('A2 COMPRESS DEFLATE\r\n');
    h.server('A2 OK DEFLATE active\r\n');
    expect(order).toEqual(['A2 COMPRESS DEFLATE\r\n', 'compress', 'A3 NOOP\r\n']);
    h.server('A3 OK\r\n');
    await Promise.all([compress, noop]);
  });

  it('leaves the session uncompressed and working after a NO', async () => {
    const h = await authenticatedHarness(CAPS);
    const compressEvents: unknown[] = [];
    h.session.events.on('compress', (e) => compressEvents.push(e));
    const compress = h.run(compressCommand());
    h.server('A2 NO [COMPRESSIONACTIVE] already\r\n');
    await expect(compress).rejects.toMatchObject({ code: ErrorCodes.NO });
    expect(h.session.compressed).toBe(false);
    const noop = h.run(noopCommand());
    expect(h.takeSent()).toBe('A2 COMPRESS DEFLATE\r\nA3 NOOP\r\n');
    h.server('A3 OK\r\n');
    await noop;
    expect(compressEvents).toEqual([]);
  });

  it.each([
    ['the server does not offer it', 'IMAP4rev1 COMPRESS=OTHER', ErrorCodes.UNSUPPORTED],
    ['before authentication', null, ErrorCodes.WRONG_STATE],
  ] as const)('is refused before any byte when %s', async (_name, caps, code) => {
    const h = caps === null ? createHarness() : await authenticatedHarness(caps);
    const attempt = (): Promise<void> => h.run(compressCommand());
    if (caps === null) expect(attempt).toThrow(expect.objectContaining({ code }) as Error);
    else await expect(attempt()).rejects.toMatchObject({ code });
    expect(h.takeSent()).toBe('');
  });

  it('is refused a second time on the same connection', async () => {
    const h = await authenticatedHarness(CAPS);
    const first = h.run(compressCommand());
    h.server('A2 OK\r\n');
    await first;
    h.takeSent();
    await expect(h.run(compressCommand())).rejects.toMatchObject({ code: ErrorCodes.WRONG_STATE });
    expect(h.takeSent()).toBe('');
  });
});
