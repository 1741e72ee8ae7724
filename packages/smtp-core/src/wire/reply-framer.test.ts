import { describe, expect, it } from 'vitest';
import { SmtpError, SmtpErrorCodes } from '../errors.ts';
import { ReplyFramer } from './reply-framer.ts';
import type { ReplyFrame, ReplyLimits } from './reply-framer.ts';

const encoder = new TextEncoder();

/** Feeds `text` in pieces of `size` bytes and collects every reply. */
function frames(text: string | Uint8Array, size = Infinity, limits?: Partial<ReplyLimits>): ReplyFrame[] {
  const bytes = typeof text === 'string' ? encoder.encode(text) : text;
  const framer = new ReplyFramer(limits);
  const out: ReplyFrame[] = [];
  const step = Math.min(size, Math.max(1, bytes.length));
  for (let at = 0; at < bytes.length; at += step) {
    framer.push(bytes.slice(at, at + step));
    for (let frame = framer.next(); frame !== null; frame = framer.next())
      out.push({ ...frame, lines: [...frame.lines] });
  }
  return out;
}

describe('ReplyFramer', () => {
  it.each([
    ['a single-line reply', '250 OK\r\n', [{ code: 250, lines: ['OK'] }]],
    ['a code alone (RFC 5321 4.2: the text is optional)', '250\r\n', [{ code: 250, lines: [''] }]],
    ['a code and a space', '354 \r\n', [{ code: 354, lines: [''] }]],
    [
      'a multiline reply',
      '250-mx.example.org\r\n250-PIPELINING\r\n250 SIZE 1000\r\n',
      [{ code: 250, lines: ['mx.example.org', 'PIPELINING', 'SIZE 1000'] }],
    ],
    ['an empty continuation line', '250-\r\n250 end\r\n', [{ code: 250, lines: ['', 'end'] }]],
    [
      'two replies in one read',
      '250 a\r\n550 b\r\n',
      [
        { code: 250, lines: ['a'] },
        { code: 550, lines: ['b'] },
      ],
    ],
    ['UTF-8 text (SMTPUTF8 servers)', '550 用户不存在\r\n', [{ code: 550, lines: ['用户不存在'] }]],
    ['a tab in the text', '250 a\tb\r\n', [{ code: 250, lines: ['a\tb'] }]],
  ] as const)('frames %s', (_name, text, expected) => {
    for (const size of [Infinity, 1, 2, 3, 7]) expect(frames(text, size)).toEqual(expected);
  });

  it('decodes invalid UTF-8 leniently (U+FFFD) instead of failing', () => {
    expect(frames(Uint8Array.of(0x32, 0x35, 0x30, 0x20, 0xff, 0x0d, 0x0a))).toEqual([
      { code: 250, lines: ['\ufffd'] },
    ]);
  });

  it('returns nothing until the last line of a multiline reply arrives', () => {
    const framer = new ReplyFramer();
    framer.push(encoder.encode('250-first\r\n250-second\r\n'));
    expect(framer.next()).toBeNull();
    expect(framer.inReply).toBe(true);
    expect(framer.bufferedLength).toBe(0);
    framer.push(encoder.encode('250 last\r\n'));
    expect(framer.next()).toEqual({ code: 250, lines: ['first', 'second', 'last'] });
    expect(framer.inReply).toBe(false);
  });

  it('counts the bytes after a complete reply as buffered (what STARTTLS checks)', () => {
    const framer = new ReplyFramer();
    framer.push(encoder.encode('220 go\r\n250 injected\r\n'));
    expect(framer.next()).toEqual({ code: 220, lines: ['go'] });
    expect(framer.bufferedLength).toBe('250 injected\r\n'.length);
  });

  it.each([
    ['a line of exactly maxLineLength bytes passes', `250 ${'x'.repeat(96)}\r\n`, null],
    ['a line one byte longer fails', `250 ${'x'.repeat(97)}\r\n`, 'longer than 100 bytes'],
    [
      'an unterminated line fails as soon as it passes the limit',
      `250 ${'x'.repeat(200)}`,
      'longer than 100 bytes',
    ],
    ['maxLines lines pass', `${'250-x\r\n'.repeat(3)}250 y\r\n`, null],
    ['one line more fails', `${'250-x\r\n'.repeat(4)}250 y\r\n`, 'more than 4 lines'],
  ])('limits: %s', (_name, text, failure) => {
    const limits = { maxLineLength: 100, maxLines: 4 };
    for (const size of [Infinity, 1, 5]) {
      if (failure === null) expect(frames(text, size, limits)).toHaveLength(1);
      else expect(() => frames(text, size, limits)).toThrow(failure);
    }
  });

  it('stays failed after a protocol error', () => {
    const framer = new ReplyFramer();
    framer.push(encoder.encode('hello\r\n'));
    expect(() => framer.next()).toThrow(SmtpError);
    framer.push(encoder.encode('250 OK\r\n'));
    expect(() => framer.next()).toThrow(/valid reply code/);
  });

  it('names the offending line, printable and bounded, in the error', () => {
    const error = (() => {
      try {
        frames(`2\x01x ${'y'.repeat(100)}\r\n`);
      } catch (e) {
        return e as SmtpError;
      }
      return null;
    })();
    expect(error?.code).toBe(SmtpErrorCodes.PROTOCOL);
    expect(error?.message).toContain('"2\\x01x yyyy');
    expect(error?.message.length).toBeLessThan(140);
  });

  it('refuses impossible limits', () => {
    expect(() => new ReplyFramer({ maxLines: 0 })).toThrow(/positive integer/);
    expect(() => new ReplyFramer({ maxLineLength: 1.5 })).toThrow(/positive integer/);
  });
});
