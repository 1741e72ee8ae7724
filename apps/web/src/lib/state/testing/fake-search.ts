// The SEARCH criteria of the fake IMAP server (RFC 9051 6.4.4, RFC 7162 3.1.5 MODSEQ): a small parser over the
// command's tokens and a matcher over FakeMessage. Strings match case-insensitively as substrings, as Dovecot
// does; dates compare by day in UTC. Only for tests.

import { parseSequenceSet } from '@webmail/imap-core';
import type { NumberRange } from '@webmail/imap-core';
import type { FakeMessage } from './fake-message.ts';

export type Token = string | { readonly text: string } | '(' | ')';

/** Atoms and parentheses as strings, quoted strings (and literals) as { text }. */
export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s*(?:(\()|(\))|"((?:[^"\\]|\\.)*)"|([^\s()"]+))/gy;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(input)) !== null && match[0] !== '') {
    if (match[1]) tokens.push('(');
    else if (match[2]) tokens.push(')');
    else if (match[3] !== undefined) tokens.push({ text: match[3].replace(/\\(.)/g, '$1') });
    else if (match[4] !== undefined) tokens.push(match[4]);
  }
  return tokens;
}

export type Matcher = (message: FakeMessage, seq: number, context: MatchContext) => boolean;

export interface MatchContext {
  /** Highest UID and message count, for '*' in UID and sequence sets. */
  readonly highestUid: number;
  readonly count: number;
}

const FLAG_KEYS = new Map<string, [string, boolean]>([
  ['ANSWERED', ['\\Answered', true]],
  ['UNANSWERED', ['\\Answered', false]],
  ['DELETED', ['\\Deleted', true]],
  ['UNDELETED', ['\\Deleted', false]],
  ['DRAFT', ['\\Draft', true]],
  ['UNDRAFT', ['\\Draft', false]],
  ['FLAGGED', ['\\Flagged', true]],
  ['UNFLAGGED', ['\\Flagged', false]],
  ['SEEN', ['\\Seen', true]],
  ['UNSEEN', ['\\Seen', false]],
]);

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

/** Parses search keys (all of `tokens` from `at`, ANDed) into one matcher. */
export function parseCriteria(tokens: readonly Token[]): Matcher {
  let at = 0;
  const next = (): Token => {
    const token = tokens[at++];
    if (token === undefined) throw new Error('search criteria end early');
    return token;
  };
  const text = (): string => {
    const token = next();
    return typeof token === 'string' ? token : token.text;
  };
  const number = (): number => Number(text());
  const date = (): number => {
    const [day = '', month = '', year = ''] = text().split('-');
    const index = MONTHS.indexOf(month.toUpperCase());
    if (index < 0) throw new Error('bad search date');
    return Date.UTC(Number(year), index, Number(day));
  };
  const key = (): Matcher => {
    const token = next();
    if (token === '(') {
      const parts: Matcher[] = [];
      while (tokens[at] !== ')') parts.push(key());
      at++;
      return and(parts);
    }
    if (typeof token !== 'string') throw new Error('a search key cannot be a string');
    const name = token.toUpperCase();
    const flag = FLAG_KEYS.get(name);
    if (flag) return (m) => hasFlag(m, flag[0]) === flag[1];
    switch (name) {
      case 'ALL':
      case 'OLD':
        return () => true;
      case 'NEW':
      case 'RECENT':
        return () => false;
      case 'KEYWORD':
      case 'UNKEYWORD': {
        const keyword = text();
        return (m) => hasFlag(m, keyword) === (name === 'KEYWORD');
      }
      case 'FROM':
      case 'TO':
      case 'CC':
      case 'BCC':
      case 'SUBJECT':
      case 'BODY':
      case 'TEXT': {
        const needle = text().toLowerCase();
        return (m) => fieldText(m, name).toLowerCase().includes(needle);
      }
      case 'HEADER': {
        const field = text();
        const needle = text().toLowerCase();
        return (m) => {
          const value = headerValue(m, field);
          return value !== null && value.toLowerCase().includes(needle);
        };
      }
      case 'SINCE':
      case 'BEFORE':
      case 'ON':
      case 'SENTSINCE':
      case 'SENTBEFORE':
      case 'SENTON': {
        const day = date();
        const sent = name.startsWith('SENT');
        const test = name.replace('SENT', '');
        return (m) => {
          const time = sent && m.date !== undefined ? Date.parse(m.date) : m.internalDate.getTime();
          const start = dayStart(time);
          return test === 'SINCE' ? start >= day : test === 'BEFORE' ? start < day : start === day;
        };
      }
      case 'LARGER': {
        const n = number();
        return (m) => (m.size ?? 1234) > n;
      }
      case 'SMALLER': {
        const n = number();
        return (m) => (m.size ?? 1234) < n;
      }
      case 'MODSEQ': {
        const n = number();
        return (m) => (m.modseq ?? 1) >= n;
      }
      case 'UID': {
        const ranges = parseSequenceSet(text());
        return (m, _seq, context) => inRanges(ranges, m.uid, context.highestUid);
      }
      case 'NOT': {
        const inner = key();
        return (m, seq, context) => !inner(m, seq, context);
      }
      case 'OR': {
        const left = key();
        const right = key();
        return (m, seq, context) => left(m, seq, context) || right(m, seq, context);
      }
      default: {
        if (/^[\d*:,]+$/.test(name)) {
          const ranges = parseSequenceSet(name);
          return (_m, seq, context) => inRanges(ranges, seq, context.count);
        }
        throw new Error(`unknown search key ${name}`);
      }
    }
  };
  const parts: Matcher[] = [];
  while (at < tokens.length) parts.push(key());
  return and(parts);
}

function and(parts: readonly Matcher[]): Matcher {
  return (m, seq, context) => parts.every((part) => part(m, seq, context));
}

function hasFlag(message: FakeMessage, flag: string): boolean {
  const lower = flag.toLowerCase();
  return (message.flags ?? []).some((f) => f.toLowerCase() === lower);
}

function dayStart(time: number): number {
  const date = new Date(time);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
}

type Person = { name?: string; mailbox: string; host: string };

function people(list: readonly Person[] | undefined): string {
  return (list ?? []).map((p) => `${p.name ?? ''} <${p.mailbox}@${p.host}>`).join(', ');
}

/** The recipients the fake's ENVELOPE shows when a message names none. */
const DEFAULT_TO: readonly Person[] = [{ name: 'Demo', mailbox: 'demo', host: 'example.org' }];

export function subjectText(message: FakeMessage): string {
  const subject = message.subject;
  if (subject === undefined) return '';
  return typeof subject === 'string' ? subject : new TextDecoder().decode(subject);
}

function fieldText(message: FakeMessage, name: string): string {
  const from = people(message.from ? [message.from] : []);
  const to = people(message.to ?? DEFAULT_TO);
  switch (name) {
    case 'FROM':
      return from;
    case 'TO':
      return to;
    case 'CC':
    case 'BCC':
      return '';
    case 'SUBJECT':
      return subjectText(message);
    case 'BODY':
      return message.body ?? '';
    default:
      return [subjectText(message), from, to, message.body ?? ''].join('\n');
  }
}

function headerValue(message: FakeMessage, field: string): string | null {
  const name = field.toLowerCase();
  const extra = Object.entries(message.headers ?? {}).find(([key]) => key.toLowerCase() === name);
  if (extra) return extra[1];
  switch (name) {
    case 'subject':
      return message.subject === undefined ? null : subjectText(message);
    case 'from':
      return message.from ? people([message.from]) : null;
    case 'to':
      return people(message.to ?? DEFAULT_TO);
    case 'date':
      return message.date ?? null;
    case 'message-id':
      return `<m${message.uid}@example.org>`;
    case 'content-type':
      return message.attachment ? 'multipart/mixed; boundary="b"' : 'text/plain; charset=UTF-8';
    default:
      return null;
  }
}

export function inRanges(ranges: readonly NumberRange[], n: number, highest: number): boolean {
  return ranges.some((range) => {
    const end = range.end === Infinity ? highest : range.end;
    // RFC 9051 6.4.8: n:* when n is above every UID still means the highest one.
    const start = range.end === Infinity ? Math.min(range.start, highest) : range.start;
    return n >= Math.min(start, end) && n <= Math.max(start, end);
  });
}
