import { describe, expect, it } from 'vitest';
import { formatDateHeader } from './date-header.ts';
import { messageIdsIn, MSG_ID, newMessageId } from './message-id.ts';

describe('newMessageId', () => {
  it.each([
    ['example.com', 'example.com'],
    ['Example.COM', 'example.com'],
    ['пример.рф', 'xn--e1afmkfd.xn--p1ai'],
    ['', 'webmail.invalid'],
    ['not a host!', 'webmail.invalid'],
  ])('names the domain %j as %s', (domain, right) => {
    const id = newMessageId(domain);
    expect(id).toMatch(MSG_ID);
    expect(id.endsWith(`@${right}>`)).toBe(true);
  });

  it('is new every time', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newMessageId('example.com')));
    expect(ids.size).toBe(1000);
  });
});

describe('messageIdsIn', () => {
  it.each([
    [null, []],
    ['', []],
    ['<a@b>', ['<a@b>']],
    ['a@b', ['<a@b>']],
    ['<a@b> <c@d>\r\n\t<e@f>', ['<a@b>', '<c@d>', '<e@f>']],
    ['<a@b>,<c@d> (comment <x@y>)', ['<a@b>', '<c@d>']],
    ['<a@b> <a@b>', ['<a@b>']],
    ['<a b@c> <ok@d>', ['<ok@d>']],
    ['<ид@пример>', []],
    ['junk', []],
  ])('%j -> %j', (text, ids) => {
    expect(messageIdsIn(text)).toEqual(ids);
  });
});

describe('formatDateHeader', () => {
  it.each([
    ['2026-01-05T00:00:00Z', 0, 'Mon, 5 Jan 2026 00:00:00 +0000'],
    ['2026-02-28T23:59:59Z', 60, 'Sun, 1 Mar 2026 00:59:59 +0100'],
    ['2028-02-29T12:00:00Z', -570, 'Tue, 29 Feb 2028 02:30:00 -0930'],
    ['2026-12-31T20:00:00Z', 840, 'Fri, 1 Jan 2027 10:00:00 +1400'],
  ])('%s at offset %i is %s', (iso, offset, expected) => {
    expect(formatDateHeader(new Date(iso), offset)).toBe(expected);
  });

  it('uses the platform offset of that very date by default (summer time included)', () => {
    const date = new Date('2026-07-01T12:00:00Z');
    const offset = -date.getTimezoneOffset();
    expect(formatDateHeader(date)).toBe(formatDateHeader(date, offset));
  });

  it('refuses an invalid date', () => {
    expect(() => formatDateHeader(new Date(Number.NaN))).toThrow(RangeError);
  });
});
