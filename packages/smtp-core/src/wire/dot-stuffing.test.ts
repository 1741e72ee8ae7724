import { describe, expect, it } from 'vitest';
import { DotStuffer, scanMessage } from './dot-stuffing.ts';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** What the server receives for `message` written in pieces of `size` bytes, terminator included. */
function wire(message: string, size = Infinity): string {
  const bytes = encoder.encode(message);
  const stuffer = new DotStuffer();
  let out = '';
  const step = Math.min(size, Math.max(1, bytes.length));
  for (let at = 0; at < bytes.length; at += step)
    out += decoder.decode(stuffer.write(bytes.subarray(at, at + step)));
  return out + decoder.decode(stuffer.end());
}

describe('DotStuffer', () => {
  it.each([
    ['CRLF lines pass as they are', 'a\r\nb\r\n', 'a\r\nb\r\n.\r\n'],
    ['a line starting with a dot gets a second one', '.hidden\r\n', '..hidden\r\n.\r\n'],
    ['a line that is a lone dot cannot end the data', 'a\r\n.\r\nb\r\n', 'a\r\n..\r\nb\r\n.\r\n'],
    ['a dot inside a line is left alone', 'a.b\r\n', 'a.b\r\n.\r\n'],
    ['a bare LF becomes CRLF', 'a\nb\n', 'a\r\nb\r\n.\r\n'],
    ['a bare CR becomes CRLF', 'a\rb\r', 'a\r\nb\r\n.\r\n'],
    ['CR CR LF is two line ends', 'a\r\r\nb', 'a\r\n\r\nb\r\n.\r\n'],
    ['LF CR is two line ends', 'a\n\rb', 'a\r\n\r\nb\r\n.\r\n'],
    ['a bare LF before a dot still stuffs it (no smuggled end of data)', 'a\n.\nb', 'a\r\n..\r\nb\r\n.\r\n'],
    ['an unterminated last line gets its CRLF', 'no newline', 'no newline\r\n.\r\n'],
    ['an empty message is only the terminator', '', '.\r\n'],
    ['a message of one dot', '.', '..\r\n.\r\n'],
  ])('%s', (_name, message, expected) => {
    for (const size of [Infinity, 1, 2, 3]) expect(wire(message, size)).toBe(expected);
  });
});

describe('scanMessage', () => {
  it.each([
    ['counts CRLF lines as they are', 'a\r\nb\r\n', 6],
    ['counts a bare LF or CR as the CRLF it becomes', 'a\nb\rc', 7],
    ['does not count stuffed dots (RFC 1870 5)', '.a\r\n..\r\n', 8],
  ])('size %s', (_name, message, size) => {
    expect(scanMessage(encoder.encode(message)).size).toBe(size);
  });

  it.each([
    ['ASCII only', 'Subject: a\r\n\r\nb\r\n', false, false],
    ['8-bit body only', 'Subject: a\r\n\r\nпривет\r\n', true, false],
    ['UTF-8 header (RFC 6532)', 'Subject: 你好\r\n\r\nb\r\n', true, true],
    ['8-bit after a bare-LF blank line is body', 'Subject: a\n\nпривет\n', true, false],
  ])('8-bit: %s', (_name, message, eightBit, eightBitHeaders) => {
    expect(scanMessage(encoder.encode(message))).toMatchObject({ eightBit, eightBitHeaders });
  });
});
