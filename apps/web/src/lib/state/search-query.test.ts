import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CommandWriter, uidSearchCommand } from '@webmail/imap-core';
import type { CommandContext, EncoderOptions, SearchKey } from '@webmail/imap-core';
import {
  ATTACHMENT_CONTENT_TYPES,
  EMPTY_SEARCH_FORM,
  MAX_TERMS,
  searchKeyOf,
  searchPlanOf,
  searchTerms,
} from './search-query.ts';
import type { SearchField, SearchForm } from './search-query.ts';

const form = (patch: Partial<SearchForm>): SearchForm => ({ ...EMPTY_SEARCH_FORM, ...patch });
const utc = (y: number, m: number, d: number): Date => new Date(Date.UTC(y, m - 1, d));

describe('searchTerms', () => {
  it.each([
    ['', []],
    ['   \t ', []],
    ['invoice', ['invoice']],
    ['  alice   invoice ', ['alice', 'invoice']],
    ['"quarterly budget" review', ['quarterly budget', 'review']],
    ['"unclosed phrase here', ['unclosed phrase here']],
    ['"" lone', ['lone']],
    ['O"Neil', ['O"Neil']],
    ['Invoice invoice INVOICE', ['Invoice']],
    ['项目评审会议', ['项目评审会议']],
    ['Новосибирск  договор', ['Новосибирск', 'договор']],
    ['a\r\nb\u0000c', ['a', 'b', 'c']],
    ['"two\r\nlines"', ['two lines']],
  ])('reads %j as %j', (text, expected) => {
    expect(searchTerms(text)).toEqual(expected);
  });

  it(`keeps at most ${MAX_TERMS} words`, () => {
    const words = Array.from({ length: 40 }, (_, i) => `w${i}`);
    expect(searchTerms(words.join(' '))).toEqual(words.slice(0, MAX_TERMS));
  });
});

describe('searchPlanOf', () => {
  it('is null for a form that asks for nothing, so the whole folder shows', () => {
    expect(searchPlanOf(EMPTY_SEARCH_FORM)).toBeNull();
    expect(searchPlanOf(form({ text: '  " "  ', field: 'subject', scope: 'all' }))).toBeNull();
    expect(searchKeyOf(form({ since: 'not a date', before: '2024-02-30' }))).toBeNull();
  });

  it.each<[SearchField, SearchKey]>([
    ['from', { from: 'ann' }],
    ['subject', { subject: 'ann' }],
    ['body', { body: 'ann' }],
    ['to', { or: [{ to: 'ann' }, { cc: 'ann' }] }],
    [
      'all',
      {
        or: [
          { from: 'ann' },
          { or: [{ to: 'ann' }, { or: [{ cc: 'ann' }, { or: [{ subject: 'ann' }, { body: 'ann' }] }] }] },
        ],
      },
    ],
  ])('searches the %s field', (field, key) => {
    expect(searchKeyOf(form({ text: 'ann', field }))).toEqual(key);
  });

  it('ANDs the words, each of which may match a different field', () => {
    expect(searchKeyOf(form({ text: 'ann "budget 2025"', field: 'subject' }))).toEqual({
      and: [{ subject: 'ann' }, { subject: 'budget 2025' }],
    });
  });

  it('includes the whole "until" day: BEFORE names the next day', () => {
    expect(searchKeyOf(form({ since: '2024-02-28', before: '2024-02-29' }))).toEqual({
      and: [{ sentSince: utc(2024, 2, 28) }, { sentBefore: utc(2024, 3, 1) }],
    });
    expect(searchKeyOf(form({ before: '2024-12-31' }))).toEqual({ sentBefore: utc(2025, 1, 1) });
  });

  it.each(['2024-2-3', '2024-13-01', '2023-02-29', '0099-01-01', '2024-01-01T00:00', ''])(
    'ignores the date %j, which is no day',
    (day) => {
      expect(searchKeyOf(form({ since: day, before: day }))).toBeNull();
    },
  );

  it('adds unread and flagged as flag keys', () => {
    expect(searchKeyOf(form({ unread: true, flagged: true, text: 'x', field: 'from' }))).toEqual({
      and: [{ from: 'x' }, { flag: '\\Seen', set: false }, { flag: '\\Flagged', set: true }],
    });
  });

  it("uses the server's attachment keyword when the mailbox knows it", () => {
    const plan = searchPlanOf(form({ attachment: true }), ['\\Seen', '$hasattachment', '\\*']);
    expect(plan).toEqual({
      key: { flag: '$hasattachment', set: true },
      checkAttachments: false,
      headersKey: null,
    });
  });

  it('else narrows by Content-Type and asks for a BODYSTRUCTURE check', () => {
    const plan = searchPlanOf(form({ attachment: true }), ['\\Seen', '$Forwarded']);
    expect(plan?.checkAttachments).toBe(true);
    const headers: string[] = [];
    const walk = (key: SearchKey): void => {
      if ('or' in key) key.or.forEach(walk);
      else if ('header' in key) headers.push(`${key.header}: ${key.value}`);
      else throw new Error(`unexpected key ${JSON.stringify(key)}`);
    };
    walk(plan?.key as SearchKey);
    expect(headers).toEqual(ATTACHMENT_CONTENT_TYPES.map((type) => `Content-Type: ${type}`));
  });
});

describe('the header-only first pass of the all field', () => {
  it('is the same search without the body', () => {
    const plan = searchPlanOf(form({ text: 'ann bob', unread: true }));
    const headers = (t: string): SearchKey => ({
      or: [{ from: t }, { or: [{ to: t }, { or: [{ cc: t }, { subject: t }] }] }],
    });
    expect(plan?.headersKey).toEqual({
      and: [headers('ann'), headers('bob'), { flag: '\\Seen', set: false }],
    });
    expect(JSON.stringify(plan?.key)).toContain('"body":"bob"');
  });

  it.each<[string, Partial<SearchForm>]>([
    ['another field', { text: 'ann', field: 'subject' }],
    ['no text', { unread: true }],
    ['an attachment check', { text: 'ann', attachment: true }],
  ])('is not made for %s', (_what, patch) => {
    expect(searchPlanOf(form(patch))?.headersKey).toBeNull();
  });
});

describe('on the wire', () => {
  it('sends non-ASCII words with CHARSET UTF-8 as literals, or quoted under UTF8=ACCEPT', () => {
    const key = searchKeyOf(form({ text: '项目 Отчёт', field: 'subject' })) as SearchKey;
    expect(wireText(key)).toBe(
      `UID SEARCH CHARSET UTF-8 SUBJECT {${bytes('项目')}+}\r\n项目 SUBJECT {${bytes('Отчёт')}+}\r\nОтчёт\r\n`,
    );
    expect(wireText(key, { utf8: true, literalPlus: true })).toBe(
      'UID SEARCH SUBJECT "项目" SUBJECT "Отчёт"\r\n',
    );
  });

  it('quotes IMAP syntax typed as text', () => {
    const key = searchKeyOf(form({ text: 'a") OR ALL (', field: 'body' })) as SearchKey;
    expect(wireText(key)).toBe('UID SEARCH BODY "a\\")" BODY OR BODY ALL BODY "("\r\n');
  });

  it('never puts anything but the intended keys on the wire, whatever the user types', () => {
    // prettier-ignore
    const hostile = fc.constantFrom(
      '"', '\\', '(', ')', '{5}', '{5+}', '~{3}', '*', '%', ']', '[', ' ', '\r\n', '\r', '\n', '\0',
      'OR', 'ALL', 'NOT', 'UID 1:*', 'A1 LOGOUT', '\r\nA2 DELETE INBOX\r\n', 'CHARSET', '项目', 'Отчёт', '🎉',
    );
    const text = fc
      .array(fc.oneof(hostile, fc.string({ unit: 'binary', maxLength: 12 })), { maxLength: 24 })
      .map((parts) => parts.join(''));
    const day = fc.oneof(
      fc.constant(null),
      fc.date({ min: new Date('1900-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map(isoDay),
      fc.string({ maxLength: 12 }),
    );
    const forms = fc.record({
      text,
      field: fc.constantFrom<SearchField>('all', 'from', 'to', 'subject', 'body'),
      since: day,
      before: day,
      unread: fc.boolean(),
      flagged: fc.boolean(),
      attachment: fc.boolean(),
      scope: fc.constantFrom<'folder' | 'all'>('folder', 'all'),
    });
    const keywords = fc.constantFrom([], ['$HasAttachment'], ['\\Seen', '$Forwarded']);
    const encoder = fc.constantFrom<EncoderOptions>(
      {},
      { literalPlus: true },
      { utf8: true, literalMinus: true },
    );
    fc.assert(
      fc.property(forms, keywords, encoder, (f, kw, options) => {
        const key = searchKeyOf(f, kw);
        if (key === null) return;
        expect(parseSearchCommand(encode(key, options))).toEqual(wellFormed(key));
        const terms = searchTerms(f.text);
        for (const value of stringsOf(key).filter((s) => !ATTACHMENT_CONTENT_TYPES.includes(s))) {
          expect(terms).toContain(value);
        }
      }),
      { numRuns: 400 },
    );
  });
});

// --- a small reader of the SEARCH command grammar (RFC 9051 9: search-key), to check what went out ---------

function encode(key: SearchKey, options: EncoderOptions = {}): Uint8Array {
  const writer = new CommandWriter(options);
  uidSearchCommand(key).encode(writer, {} as CommandContext);
  const { chunks } = writer.finish();
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

function wireText(key: SearchKey, options: EncoderOptions = { literalPlus: true }): string {
  return new TextDecoder().decode(encode(key, options));
}

const bytes = (text: string): number => new TextEncoder().encode(text).length;

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The key as it must come back: strings as UTF-8 carries them (a lone surrogate becomes U+FFFD). */
function wellFormed(key: SearchKey): SearchKey {
  return JSON.parse(
    JSON.stringify(key, (_k, v: unknown) => (typeof v === 'string' ? utf8(v) : v)),
    (k, v) => (/^(sentSince|sentBefore)$/.test(k) ? new Date(v as string) : v),
  ) as SearchKey;
}

const utf8 = (s: string): string => new TextDecoder().decode(new TextEncoder().encode(s));

function stringsOf(key: SearchKey): string[] {
  if ('or' in key) return key.or.flatMap(stringsOf);
  if ('and' in key) return key.and.flatMap(stringsOf);
  if ('not' in key) return stringsOf(key.not);
  if ('header' in key) return [key.value];
  for (const name of ['from', 'to', 'cc', 'subject', 'body'] as const)
    if (name in key) return [(key as Record<string, string>)[name] as string];
  return [];
}

const FLAG_ATOMS = new Map<string, [string, boolean]>([
  ['SEEN', ['\\Seen', true]],
  ['UNSEEN', ['\\Seen', false]],
  ['FLAGGED', ['\\Flagged', true]],
  ['UNFLAGGED', ['\\Flagged', false]],
]);
const STRING_ATOMS = new Map([
  ['FROM', 'from'],
  ['TO', 'to'],
  ['CC', 'cc'],
  ['SUBJECT', 'subject'],
  ['BODY', 'body'],
  ['TEXT', 'text'],
]);
const DATE_ATOMS = new Map([
  ['SENTSINCE', 'sentSince'],
  ['SENTBEFORE', 'sentBefore'],
]);
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Reads "UID SEARCH [CHARSET UTF-8] key..." CRLF; throws unless the bytes are exactly one such command. */
function parseSearchCommand(wire: Uint8Array): SearchKey {
  let at = 0;
  const text = (from: number, to: number): string => new TextDecoder('utf-8').decode(wire.subarray(from, to));
  const peek = (): string => String.fromCharCode(wire[at] ?? 0);
  const expectText = (s: string): void => {
    if (text(at, at + s.length) !== s) throw new Error(`expected ${JSON.stringify(s)} at ${at}`);
    at += s.length;
  };
  const atom = (): string => {
    const start = at;
    while (at < wire.length && !' ()\r\n"{'.includes(peek())) at++;
    if (at === start) throw new Error(`expected an atom at ${at}`);
    return text(start, at);
  };
  const astring = (): string => {
    if (peek() === '"') {
      at++;
      const out: number[] = [];
      while (peek() !== '"') {
        if (at >= wire.length || peek() === '\r' || peek() === '\n') throw new Error('unterminated quoted');
        if (peek() === '\\') at++;
        out.push(wire[at++] as number);
      }
      at++;
      return new TextDecoder().decode(Uint8Array.from(out));
    }
    if (peek() === '{') {
      const close = wire.indexOf(0x7d, at);
      const length = Number(/^\{(\d+)\+?$/.exec(text(at, close))?.[1] ?? NaN);
      if (!Number.isInteger(length)) throw new Error(`bad literal at ${at}`);
      at = close + 1;
      expectText('\r\n');
      const value = text(at, at + length);
      at += length;
      return value;
    }
    return atom();
  };
  const date = (): Date => {
    const [d, m, y] = atom().split('-');
    return new Date(Date.UTC(Number(y), MONTHS.indexOf(m ?? ''), Number(d)));
  };
  const keys = (end: string): SearchKey => {
    const list: SearchKey[] = [key()];
    while (peek() === ' ') {
      at++;
      list.push(key());
    }
    expectText(end);
    return list.length === 1 ? (list[0] as SearchKey) : { and: list };
  };
  const key = (): SearchKey => {
    if (peek() === '(') {
      at++;
      const inner = keys(')');
      if (!('and' in inner)) throw new Error('a group of one key');
      return inner;
    }
    const name = atom();
    const flag = FLAG_ATOMS.get(name);
    if (flag) return { flag: flag[0], set: flag[1] };
    const field = STRING_ATOMS.get(name);
    if (field) {
      expectText(' ');
      return { [field]: astring() } as SearchKey;
    }
    const dateField = DATE_ATOMS.get(name);
    if (dateField) {
      expectText(' ');
      return { [dateField]: date() } as SearchKey;
    }
    switch (name) {
      case 'ALL':
        return { all: true };
      case 'KEYWORD':
        expectText(' ');
        return { flag: atom(), set: true };
      case 'HEADER': {
        expectText(' ');
        const header = astring();
        expectText(' ');
        return { header, value: astring() };
      }
      case 'NOT':
        expectText(' ');
        return { not: key() };
      case 'OR': {
        expectText(' ');
        const a = key();
        expectText(' ');
        return { or: [a, key()] };
      }
      default:
        throw new Error(`unexpected search key ${name}`);
    }
  };
  expectText('UID SEARCH ');
  if (text(at, at + 14) === 'CHARSET UTF-8 ') at += 14;
  const result = keys('\r\n');
  if (at !== wire.length) throw new Error(`bytes after the command at ${at}`);
  return result;
}
