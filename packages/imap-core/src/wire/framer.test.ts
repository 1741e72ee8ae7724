import { describe, expect, it } from 'vitest';
import { ErrorCodes, ProtocolError, UsageError } from '../errors.ts';
import { bytesOf, frameChunks, splitAt, textOf } from '../../test/support/wire-fixtures.ts';
import { Framer, type Frame, type FrameLimits } from './framer.ts';
import { DEFAULT_FRAME_LIMITS } from './limits.ts';

function framesOf(stream: string | Uint8Array, limits?: ConstructorParameters<typeof Framer>[0]): string[] {
  const bytes = typeof stream === 'string' ? bytesOf(stream) : stream;
  return frameChunks([bytes], limits).map(textOf);
}

function errorOf(action: () => unknown): ProtocolError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(ProtocolError);
    return error as ProtocolError;
  }
  throw new Error('expected a ProtocolError');
}

/** Pushes everything, then drains: the error (if any) surfaces from next(). */
function drain(framer: Framer, ...chunks: Uint8Array[]): Frame[] {
  const frames: Frame[] = [];
  for (const chunk of chunks) {
    framer.push(chunk);
    let frame: Frame | null;
    while ((frame = framer.next()) !== null) frames.push(frame);
  }
  return frames;
}

describe('Framer', () => {
  const streams: ReadonlyArray<readonly [name: string, stream: string, frames: string[]]> = [
    ['one line', '* OK ready\r\n', ['* OK ready\r\n']],
    ['two lines', '* 1 EXISTS\r\n* 0 RECENT\r\n', ['* 1 EXISTS\r\n', '* 0 RECENT\r\n']],
    [
      'a literal and the rest of its response',
      '* 1 FETCH (BODY[] {5}\r\nhello UID 9)\r\nA1 OK done\r\n',
      ['* 1 FETCH (BODY[] {5}\r\nhello UID 9)\r\n', 'A1 OK done\r\n'],
    ],
    [
      'two literals in one response',
      '* 1 FETCH (BODY[1] {3}\r\nabc BODY[2] {4}\r\nd\r\nf)\r\n',
      ['* 1 FETCH (BODY[1] {3}\r\nabc BODY[2] {4}\r\nd\r\nf)\r\n'],
    ],
    [
      'a literal holding CRLF and something that looks like a literal announcement',
      '* 1 FETCH (BODY[] {12}\r\nx {99}\r\nyz\r\n)\r\n',
      ['* 1 FETCH (BODY[] {12}\r\nx {99}\r\nyz\r\n)\r\n'],
    ],
    ['an empty literal', '* 1 FETCH (BODY[] {0}\r\n)\r\n', ['* 1 FETCH (BODY[] {0}\r\n)\r\n']],
    [
      'a literal8 (RFC 3516)',
      '* 1 FETCH (BINARY[] ~{3}\r\n\0\x01\x02)\r\n',
      ['* 1 FETCH (BINARY[] ~{3}\r\n\0\x01\x02)\r\n'],
    ],
    [
      'a literal announced with "+"',
      '* 1 FETCH (BODY[] {2+}\r\nhi)\r\n',
      ['* 1 FETCH (BODY[] {2+}\r\nhi)\r\n'],
    ],
    [
      'leading zeros in a literal size',
      '* 1 FETCH (BODY[] {0002}\r\nhi)\r\n',
      ['* 1 FETCH (BODY[] {0002}\r\nhi)\r\n'],
    ],
    ['a line ending in "}" that is not a literal', '* OK [X] see {docs}\r\n', ['* OK [X] see {docs}\r\n']],
    ['a bare continuation', '+\r\n', ['+\r\n']],
  ];

  it.each(streams)('frames %s', (_name, stream, expected) => {
    expect(framesOf(stream)).toEqual(expected);
  });

  it.each(streams)('frames %s identically whatever the chunking', (_name, stream, expected) => {
    const bytes = bytesOf(stream);
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(frameChunks(splitAt(bytes, cut)).map(textOf)).toEqual(expected);
    }
    for (let cut = 1; cut + 3 < bytes.length; cut += 3) {
      expect(frameChunks(splitAt(bytes, cut, cut + 1, cut + 3)).map(textOf)).toEqual(expected);
    }
    expect(frameChunks(Array.from(bytes, (b) => Uint8Array.of(b))).map(textOf)).toEqual(expected);
  });

  it('reads a literal split across two chunks', () => {
    const framer = new Framer();
    expect(drain(framer, bytesOf('* 1 FETCH (BODY[] {10}\r\nhello'))).toEqual([]);
    expect(framer.bufferedLength).toBe(29);
    const frames = drain(framer, bytesOf(' you)\r\n'));
    expect(frames.map(textOf)).toEqual(['* 1 FETCH (BODY[] {10}\r\nhello you)\r\n']);
    expect(frames[0]?.literals).toEqual([{ start: 24, length: 10, binary: false }]);
    expect(framer.bufferedLength).toBe(0);
  });

  it('records where each literal lies and whether it is a literal8', () => {
    const [frame] = frameChunks([bytesOf('* 1 FETCH (BODY[1] {3}\r\nabc BINARY[2] ~{2}\r\n\0\0)\r\n')]);
    expect(frame?.literals).toEqual([
      { start: 24, length: 3, binary: false },
      { start: 44, length: 2, binary: true },
    ]);
  });

  it('accepts zero-length chunks anywhere', () => {
    const empty = new Uint8Array(0);
    const frames = frameChunks([empty, bytesOf('* OK'), empty, bytesOf(' hi\r\n'), empty]);
    expect(frames.map(textOf)).toEqual(['* OK hi\r\n']);
  });

  it('returns a view of the pushed chunk, not a copy, when a response lies inside it', () => {
    const chunk = bytesOf('* 1 EXISTS\r\n* 2 EXISTS\r\n');
    const frames = frameChunks([chunk]);
    expect(frames[1]?.bytes.buffer).toBe(chunk.buffer);
    expect(frames[1]?.bytes.byteOffset).toBe(12);
  });

  it('never overwrites the bytes of a frame it already returned', () => {
    const framer = new Framer();
    const first = drain(framer, bytesOf('* 1 EX'), bytesOf('ISTS\r\n* 2 EX'));
    const second = drain(framer, bytesOf('ISTS\r\n* 3 EX'), bytesOf('ISTS\r\n'));
    expect([...first, ...second].map(textOf)).toEqual(['* 1 EXISTS\r\n', '* 2 EXISTS\r\n', '* 3 EXISTS\r\n']);
  });

  it('reports bytes buffered after a response, such as bytes injected after a STARTTLS OK', () => {
    const framer = new Framer();
    const frames = drain(framer, bytesOf('A1 OK Begin TLS negotiation now\r\n* OK injected\r\n'));
    // drain() took both; feed again and stop after the first to see what the session would see.
    expect(frames).toHaveLength(2);
    const session = new Framer();
    session.push(bytesOf('A1 OK Begin TLS negotiation now\r\n* OK injected\r\n'));
    expect(textOf(session.next() as Frame)).toBe('A1 OK Begin TLS negotiation now\r\n');
    expect(session.bufferedLength).toBe(15);
  });

  describe('limits', () => {
    it('documents defaults that pass a 25 MB attachment and refuse a 1 GB literal', () => {
      expect(DEFAULT_FRAME_LIMITS.maxLiteralSize).toBeGreaterThan(Math.ceil((25e6 * 4) / 3) + 1e6);
      expect(DEFAULT_FRAME_LIMITS.maxLiteralSize).toBeLessThan(1e9);
    });

    it('accepts a literal the size of a base64-encoded 25 MB attachment by default', () => {
      const size = Math.ceil((25e6 * 4) / 3);
      const framer = new Framer();
      framer.push(bytesOf(`* 1 FETCH (BODY[] {${size}}\r\n`));
      expect(framer.next()).toBeNull();
      const block = new Uint8Array(1 << 20).fill(0x41);
      for (let sent = 0; sent < size; sent += block.length)
        framer.push(block.subarray(0, Math.min(block.length, size - sent)));
      framer.push(bytesOf(')\r\n'));
      const frame = framer.next();
      expect(frame?.literals[0]?.length).toBe(size);
    });

    it('refuses a 1 GB literal on its announcement, before any of its data arrives', () => {
      const framer = new Framer();
      framer.push(bytesOf('* 1 FETCH (BODY[] {1073741824}\r\n'));
      const error = errorOf(() => framer.next());
      expect(error.code).toBe(ErrorCodes.LITERAL_TOO_LARGE);
      expect(error.offset).toBe(18);
    });

    const badLiterals: ReadonlyArray<readonly [string, string, RegExp]> = [
      ['a negative size', '* 1 FETCH (BODY[] {-1}\r\n', /negative/],
      ['a signed size', '* 1 FETCH (BODY[] {+5}\r\n', /signed/],
      ['no digits', '* 1 FETCH (BODY[] {}\r\n', /without digits/],
      ['more digits than maxLiteralDigits', '* 1 FETCH (BODY[] {12345678901}\r\n', /more than 10 digits/],
      ['a size beyond 2^64', '* 1 FETCH (BODY[] {99999999999999999999999}\r\n', /digits/],
    ];

    it.each(badLiterals)('refuses a literal announcement with %s', (_name, line, message) => {
      const error = errorOf(() => frameChunks([bytesOf(line)]));
      expect(error.code).toBe(ErrorCodes.BAD_LITERAL);
      expect(error.message).toMatch(message);
    });

    it('refuses a line longer than maxLineLength before its end arrives', () => {
      const framer = new Framer({ maxLineLength: 100 });
      framer.push(bytesOf(`* OK ${'x'.repeat(90)}`));
      expect(framer.next()).toBeNull();
      framer.push(bytesOf('x'.repeat(20)));
      expect(errorOf(() => framer.next()).code).toBe(ErrorCodes.LINE_TOO_LONG);
    });

    it('accepts a line of exactly maxLineLength bytes', () => {
      const line = `* OK ${'x'.repeat(95)}`;
      expect(framesOf(`${line}\r\n`, { maxLineLength: 100 })).toEqual([`${line}\r\n`]);
      expect(errorOf(() => framesOf(`${line}x\r\n`, { maxLineLength: 100 })).code).toBe(
        ErrorCodes.LINE_TOO_LONG,
      );
    });

    it('counts every literal and line of a response against maxResponseSize', () => {
      const stream =
        '* 1 FETCH (BODY[1] {40}\r\n' + 'a'.repeat(40) + ' BODY[2] {40}\r\n' + 'b'.repeat(40) + ')\r\n';
      expect(framesOf(stream, { maxResponseSize: 200 })).toHaveLength(1);
      const error = errorOf(() => framesOf(stream, { maxResponseSize: 100 }));
      expect(error.code).toBe(ErrorCodes.RESPONSE_TOO_LARGE);
    });

    it('refuses an announced literal that would overflow maxResponseSize before its data arrives', () => {
      const framer = new Framer({ maxResponseSize: 1000 });
      framer.push(bytesOf('* 1 FETCH (BODY[] {2000}\r\n'));
      expect(errorOf(() => framer.next()).code).toBe(ErrorCodes.RESPONSE_TOO_LARGE);
    });

    it('counts the literals of one response against maxLiterals, before storing the one past it', () => {
      const literals = (n: number) =>
        '* 1 FETCH (' + Array.from({ length: n }, (_, i) => `X-${i} {1}\r\nx`).join(' ') + ')\r\n';
      expect(framesOf(literals(3), { maxLiterals: 3 })).toHaveLength(1);
      expect(framesOf(literals(3) + literals(3), { maxLiterals: 3 })).toHaveLength(2);
      const error = errorOf(() => framesOf(literals(4), { maxLiterals: 3 }));
      expect(error.code).toBe(ErrorCodes.RESPONSE_TOO_LARGE);
      expect(error.message).toContain('more than 3 literals');
    });

    it('rejects limits that are not positive integers, and maxLiteralDigits above 15', () => {
      expect(() => new Framer({ maxLineLength: 0 })).toThrow(UsageError);
      expect(() => new Framer({ maxLiteralSize: 1.5 })).toThrow(UsageError);
      expect(() => new Framer({ maxLiteralDigits: 16 })).toThrow(/at most 15/);
    });

    it('takes the default for a limit left out or undefined, and ignores unrelated options', () => {
      const options = { maxLineLength: undefined, unrelated: 'x' } as unknown as Partial<FrameLimits>;
      expect(() => new Framer(options)).not.toThrow();
    });
  });

  describe('syntax', () => {
    it('refuses a NUL byte in a line (RFC 9051 9: CHAR8 excludes NUL)', () => {
      const error = errorOf(() => framesOf('* OK hel\0lo\r\n'));
      expect(error.code).toBe(ErrorCodes.PARSE);
      expect(error.message).toBe('NUL byte outside a literal at byte 8');
    });

    it('finds a NUL in a later line after skipping one inside literal8 data', () => {
      const stream = '* 1 FETCH (BINARY[] ~{1}\r\n\0)\r\n* OK a\0\r\n';
      const error = errorOf(() => framesOf(stream));
      expect(error.message).toBe('NUL byte outside a literal at byte 6');
    });

    it('refuses a line ending in a bare LF', () => {
      const error = errorOf(() => framesOf('* OK hi\n'));
      expect(error.code).toBe(ErrorCodes.PARSE);
      expect(error.message).toMatch(/bare LF at byte 7/);
    });

    it('stays failed after an error: nothing after it can be framed reliably', () => {
      const framer = new Framer();
      framer.push(bytesOf('* OK a\0\r\n* OK b\r\n'));
      const first = errorOf(() => framer.next());
      expect(errorOf(() => framer.next())).toBe(first);
    });
  });
});
