// A typed SEARCH criteria builder (RFC 9051 6.4.4 search-key). Every user string goes through the encoder as an
// astring (quoted or literal), every flag through the atom validator, so no search text can inject syntax.

import { ErrorCodes, UsageError } from '../errors.ts';
import type { Flag, NumberRange } from '../types.ts';
import { formatSearchDate } from '../wire/encoder.ts';
import type { CommandWriter } from '../wire/encoder.ts';

export type SearchKey =
  | { readonly all: true }
  | { readonly uid: readonly NumberRange[] }
  /** A system flag or keyword, present (set: true) or absent. */
  | { readonly flag: Flag; readonly set: boolean }
  | { readonly from: string }
  | { readonly to: string }
  | { readonly cc: string }
  | { readonly bcc: string }
  | { readonly subject: string }
  | { readonly body: string }
  | { readonly text: string }
  | { readonly header: string; readonly value: string }
  | { readonly since: Date }
  | { readonly before: Date }
  | { readonly on: Date }
  | { readonly sentSince: Date }
  | { readonly sentBefore: Date }
  | { readonly larger: number }
  | { readonly smaller: number }
  /** RFC 7162 3.1.5. */
  | { readonly modseq: bigint }
  | { readonly not: SearchKey }
  | { readonly or: readonly [SearchKey, SearchKey] }
  | { readonly and: readonly SearchKey[] };

const FLAG_KEYS = new Map<string, readonly [string, string]>([
  ['\\seen', ['SEEN', 'UNSEEN']],
  ['\\answered', ['ANSWERED', 'UNANSWERED']],
  ['\\flagged', ['FLAGGED', 'UNFLAGGED']],
  ['\\deleted', ['DELETED', 'UNDELETED']],
  ['\\draft', ['DRAFT', 'UNDRAFT']],
]);

const STRING_KEYS = ['from', 'to', 'cc', 'bcc', 'subject', 'body', 'text'] as const;
const DATE_KEYS = [
  ['since', 'SINCE'],
  ['before', 'BEFORE'],
  ['on', 'ON'],
  ['sentSince', 'SENTSINCE'],
  ['sentBefore', 'SENTBEFORE'],
] as const;

/** Whether any string of the criteria is non-ASCII (then CHARSET UTF-8 is needed, RFC 9051 6.4.4). */
function needsUtf8(key: SearchKey): boolean {
  const strings: string[] = [];
  collectStrings(key, strings);
  return strings.some((s) => /[^\p{ASCII}]/u.test(s));
}

function collectStrings(key: SearchKey, out: string[]): void {
  if ('not' in key) collectStrings(key.not, out);
  else if ('or' in key) key.or.forEach((k) => collectStrings(k, out));
  else if ('and' in key) key.and.forEach((k) => collectStrings(k, out));
  else if ('header' in key) out.push(key.header, key.value);
  else
    for (const name of STRING_KEYS)
      if (name in key) out.push((key as Record<string, string>)[name] as string);
}

export function writeSearchKey(w: CommandWriter, key: SearchKey): void {
  if ('all' in key) w.syntax('ALL');
  else if ('uid' in key) w.syntax('UID ').sequenceSet(key.uid);
  else if ('flag' in key) {
    const names = FLAG_KEYS.get(key.flag.toLowerCase());
    if (names) w.syntax(key.set ? names[0] : names[1]);
    else if (key.flag.startsWith('\\'))
      throw new UsageError(ErrorCodes.INVALID_ARGUMENT, `cannot search ${key.flag}`);
    else w.syntax(key.set ? 'KEYWORD ' : 'UNKEYWORD ').atom(key.flag, 'keyword');
  } else if ('header' in key) w.syntax('HEADER ').astring(key.header).sp().astring(key.value);
  else if ('larger' in key) w.syntax('LARGER ').number(key.larger);
  else if ('smaller' in key) w.syntax('SMALLER ').number(key.smaller);
  else if ('modseq' in key) w.syntax('MODSEQ ').number(key.modseq);
  else if ('not' in key) {
    w.syntax('NOT ');
    writeSearchKey(w, key.not);
  } else if ('or' in key) {
    w.syntax('OR ');
    writeGrouped(w, key.or[0]);
    w.sp();
    writeGrouped(w, key.or[1]);
  } else if ('and' in key) {
    if (key.and.length === 0) return void w.syntax('ALL');
    key.and.forEach((k, i) => {
      if (i > 0) w.sp();
      writeGrouped(w, k);
    });
  } else writeLeaf(w, key);
}

/** A conjunction inside OR/NOT must be parenthesized (RFC 9051 9: search-key "(" search-key *(SP ...) ")"). */
function writeGrouped(w: CommandWriter, key: SearchKey): void {
  if ('and' in key && key.and.length > 1) {
    w.syntax('(');
    writeSearchKey(w, key);
    w.syntax(')');
  } else writeSearchKey(w, key);
}

function writeLeaf(w: CommandWriter, key: SearchKey): void {
  const record = key as unknown as Record<string, unknown>;
  for (const name of STRING_KEYS) {
    if (name in record) return void w.syntax(name.toUpperCase() + ' ').astring(record[name] as string);
  }
  for (const [name, atom] of DATE_KEYS) {
    if (name in record) return void w.syntax(`${atom} ${formatSearchDate(record[name] as Date)}`);
  }
  throw new UsageError(
    ErrorCodes.INVALID_ARGUMENT,
    `unknown search key ${JSON.stringify(Object.keys(record))}`,
  );
}

/** "CHARSET UTF-8 " when needed, unless UTF-8 is already the session's encoding (RFC 6855 3). */
export function writeCharset(w: CommandWriter, key: SearchKey): void {
  if (!w.options.utf8 && needsUtf8(key)) w.syntax('CHARSET UTF-8 ');
}
