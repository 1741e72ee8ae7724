// flag-list (RFC 9051 7.3.5 FLAGS, 7.5.2 FLAGS fetch item, 7.1 PERMANENTFLAGS) and mbx-list-flags (7.3.1).
//
// Lists are parsed once per distinct byte span and shared (frozen): a mailbox of 100,000 messages has a handful
// of distinct flag combinations.

import type { Flag } from '../../types.ts';
import { BACKSLASH, CLOSE_PAREN, type Reader } from '../reader.ts';
import { internString } from '../strings.ts';
import { SpanCache, exactCopy } from './span-cache.ts';

const EMPTY_FLAGS: readonly Flag[] = Object.freeze([]);

/** System flags in their canonical case (RFC 9051 2.3.2); flags are case-insensitive, so "\SEEN" is "\Seen". */
const SYSTEM_FLAGS: ReadonlyMap<string, Flag> = new Map(
  ['\\Seen', '\\Answered', '\\Flagged', '\\Deleted', '\\Draft', '\\Recent', '\\*'].map((f) => [
    f.toLowerCase(),
    f,
  ]),
);

const messageFlagCache = new SpanCache<readonly Flag[]>(512);
const mailboxAttributeCache = new SpanCache<readonly string[]>(256);

/**
 * "(" [flag *(SP flag)] ")" where flag = "\" atom / atom. System flags come back in canonical case; other
 * flags and keywords as sent. Also accepts "\*" (flag-perm, RFC 9051 7.1 PERMANENTFLAGS).
 */
export function readFlagList(reader: Reader, what = 'flag-list'): readonly Flag[] {
  return readList(reader, what, messageFlagCache, true);
}

/** mbx-list-flags: "(" [flag *(SP flag)] ")" as sent (RFC 9051 7.3.1: "\HasNoChildren", "\Sent", ...). */
export function readMailboxAttributes(reader: Reader): readonly string[] {
  return readList(reader, 'mbx-list-flags', mailboxAttributeCache, false);
}

function readList(
  reader: Reader,
  what: string,
  cache: SpanCache<readonly string[]>,
  canonicalize: boolean,
): readonly string[] {
  const bytes = reader.bytes;
  const start = reader.pos;
  // Flags hold no parentheses or quotes, so the list ends at the first ")".
  let close = bytes.indexOf(CLOSE_PAREN, start);
  if (close >= reader.end) close = -1;
  if (close !== -1) {
    const cached = cache.lookup(bytes, start, close + 1);
    if (cached !== undefined) {
      reader.pos = close + 1;
      return cached;
    }
  }
  reader.open(`'(' of ${what}`);
  const flags: string[] = [];
  if (!reader.accept(CLOSE_PAREN)) {
    for (;;) {
      flags.push(readFlag(reader, canonicalize));
      if (reader.accept(CLOSE_PAREN)) break;
      reader.sp(`SP or ')' in ${what}`);
      // A trailing space before ")" (seen from older Exchange servers) is tolerated.
      if (reader.accept(CLOSE_PAREN)) break;
    }
  }
  reader.depth--;
  const list = flags.length === 0 ? EMPTY_FLAGS : Object.freeze(exactCopy(flags));
  if (close !== -1 && reader.pos === close + 1) cache.store(bytes, start, close + 1, list);
  return list;
}

/** flag = "\" atom / atom ; plus "\*" (flag-perm). */
function readFlag(reader: Reader, canonicalize = true): Flag {
  const start = reader.pos;
  const system = reader.accept(BACKSLASH);
  if (system && reader.accept(0x2a)) return '\\*';
  const end = reader.atomSpan(system ? 'flag name after "\\"' : 'flag');
  const flag = internString(reader.bytes, start, end);
  return system && canonicalize ? (SYSTEM_FLAGS.get(flag.toLowerCase()) ?? flag) : flag;
}
