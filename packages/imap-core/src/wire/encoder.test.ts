import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ErrorCodes, UsageError } from '../errors.ts';
import { CommandWriter, formatDateTime, formatSearchDate, utf8ByteLength, utf8Encode } from './encoder.ts';
import type { EncoderOptions } from './encoder.ts';

const text = (chunks: readonly Uint8Array[]): string[] => chunks.map((c) => Buffer.from(c).toString('utf8'));

function encode(build: (w: CommandWriter) => void, options: EncoderOptions = {}): string[] {
  const writer = new CommandWriter(options);
  build(writer);
  return text(writer.finish().chunks);
}

describe('CommandWriter.astring', () => {
  it.each([
    ['INBOX', 'INBOX\r\n'],
    ['a]b', 'a]b\r\n'],
    ['', '""\r\n'],
    ['two words', '"two words"\r\n'],
    ['say "hi"', '"say \\"hi\\""\r\n'],
    ['back\\slash', '"back\\\\slash"\r\n'],
    ['100%', '"100%"\r\n'],
    ['a*b', '"a*b"\r\n'],
    ['(paren', '"(paren"\r\n'],
    ['{5}', '"{5}"\r\n'],
  ])('writes %j as %j', (value, wire) => {
    expect(encode((w) => w.astring(value))).toEqual([wire]);
  });

  it('sends a value holding CRLF as a synchronizing literal, never inside quotes', () => {
    expect(encode((w) => w.syntax('LOGIN ').astring('a\r\nA2 DELETE INBOX'))).toEqual([
      'LOGIN {18}\r\n',
      'a\r\nA2 DELETE INBOX\r\n',
    ]);
  });

  it('counts UTF-8 bytes, not characters, in literal lengths', () => {
    expect(encode((w) => w.astring('Привет'))).toEqual(['{12}\r\n', 'Привет\r\n']);
    expect(encode((w) => w.astring('😀'))).toEqual(['{4}\r\n', '😀\r\n']);
  });

  it('quotes UTF-8 when UTF8=ACCEPT is enabled', () => {
    expect(encode((w) => w.astring('Привет мир'), { utf8: true })).toEqual(['"Привет мир"\r\n']);
  });

  it('refuses NUL with a UsageError before producing any byte', () => {
    expect(() => encode((w) => w.astring('a\0b'))).toThrow(UsageError);
    try {
      encode((w) => w.string('\0'));
    } catch (error) {
      expect((error as UsageError).code).toBe(ErrorCodes.INVALID_ARGUMENT);
    }
  });

  it('never lets CR, LF or NUL reach the wire outside a literal, for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.boolean(), (value, utf8) => {
        let chunks: string[];
        try {
          chunks = encode((w) => w.syntax('X ').astring(value), { utf8 });
        } catch (error) {
          expect(error).toBeInstanceOf(UsageError);
          expect(value.includes('\0')).toBe(true);
          return;
        }
        const first = chunks[0] as string;
        if (chunks.length === 1) {
          // Quoted or atom: exactly one CRLF, at the end.
          expect(first.indexOf('\r')).toBe(first.length - 2);
          expect(first.indexOf('\n')).toBe(first.length - 1);
        } else {
          expect(first).toMatch(/^X \{\d+\}\r\n$/);
          const n = Number(/\{(\d+)\}/.exec(first)?.[1]);
          expect(n).toBe(utf8ByteLength(value));
        }
      }),
    );
  });
});

describe('CommandWriter.literal', () => {
  const body = new Uint8Array(5000).fill(0x61);

  it.each<[string, EncoderOptions, number, string]>([
    ['synchronizing without extensions', {}, 10, '{10}'],
    ['non-synchronizing with LITERAL+', { literalPlus: true }, 5000, '{5000+}'],
    ['non-synchronizing with LITERAL- up to 4096', { literalMinus: true }, 4096, '{4096+}'],
    ['synchronizing with LITERAL- above 4096', { literalMinus: true }, 4097, '{4097}'],
  ])('is %s', (_name, options, size, marker) => {
    const chunks = encode((w) => w.syntax('APPEND X ').literal(body.subarray(0, size)), options);
    expect(chunks[0]?.startsWith(`APPEND X ${marker}\r\n`)).toBe(true);
    expect(chunks.length).toBe(marker.endsWith('+}') ? 1 : 2);
  });

  it('refuses NUL in a literal but allows it in literal8', () => {
    expect(() => encode((w) => w.literal(Uint8Array.of(1, 0, 2)))).toThrow(UsageError);
    expect(encode((w) => w.literal(Uint8Array.of(0x61, 0, 0x62), { binary: true }))[0]).toBe('~{3}\r\n');
  });

  it('redacts secrets and elides literal contents in the trace text', () => {
    const writer = new CommandWriter();
    writer.syntax('LOGIN ').astring('alice').sp().astring('hunter2', { secret: true });
    expect(writer.finish().redacted).toBe('LOGIN alice ***');
    const w2 = new CommandWriter();
    w2.syntax('LOGIN alice ').astring('pass\nword', { secret: true });
    expect(w2.finish().redacted).toBe('LOGIN alice {9}<***>');
  });
});

describe('CommandWriter.mailbox', () => {
  it('encodes names in modified UTF-7 by default', () => {
    expect(encode((w) => w.mailbox('Entwürfe'))).toEqual(['Entw&APw-rfe\r\n']);
    expect(encode((w) => w.mailbox('A & B'))).toEqual(['"A &- B"\r\n']);
  });

  it('sends names as UTF-8 under UTF8=ACCEPT', () => {
    expect(encode((w) => w.mailbox('Entwürfe'), { utf8: true })).toEqual(['"Entwürfe"\r\n']);
  });

  it('keeps list wildcards bare in patterns', () => {
    expect(encode((w) => w.listMailbox('INBOX.*'))).toEqual(['INBOX.*\r\n']);
    expect(encode((w) => w.listMailbox('%'))).toEqual(['%\r\n']);
    expect(encode((w) => w.listMailbox('My Folder/%'))).toEqual(['"My Folder/%"\r\n']);
  });
});

describe('CommandWriter atoms, flags and sets', () => {
  it('writes flags and refuses flag names that would change the syntax', () => {
    expect(encode((w) => w.flagList(['\\Seen', '$Forwarded']))).toEqual(['(\\Seen $Forwarded)\r\n']);
    expect(() => encode((w) => w.flag('a b'))).toThrow(UsageError);
    expect(() => encode((w) => w.flag('x)'))).toThrow(UsageError);
    expect(() => encode((w) => w.flag('\\'))).toThrow(UsageError);
  });

  it('keeps sets as ranges, never expanding them', () => {
    expect(
      encode((w) =>
        w.sequenceSet([
          { start: 1, end: 4294967295 },
          { start: 7, end: Infinity },
        ]),
      ),
    ).toEqual(['1:4294967295,7:*\r\n']);
  });

  it('refuses syntax holding CR or LF', () => {
    expect(() => encode((w) => w.syntax('NOOP\r\nA2 LOGOUT'))).toThrow(UsageError);
  });
});

describe('helpers', () => {
  it('encodes UTF-8 like Buffer does', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        expect(Buffer.from(utf8Encode(s)).equals(Buffer.from(s, 'utf8'))).toBe(true);
      }),
    );
  });

  it('formats dates for SEARCH and APPEND', () => {
    const date = new Date(Date.UTC(2024, 1, 3, 4, 5, 6));
    expect(formatSearchDate(date)).toBe('3-Feb-2024');
    expect(formatDateTime(date)).toBe('03-Feb-2024 04:05:06 +0000');
  });
});
