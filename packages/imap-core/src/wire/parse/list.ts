// mailbox-list = "(" [mbx-list-flags] ")" SP (DQUOTE QUOTED-CHAR DQUOTE / nil) SP mailbox
//                [SP mbox-list-extended]                        (RFC 9051 7.3.1; RFC 5258 LIST-EXTENDED)
// mbox-list-extended = "(" [mbox-list-extended-item *(SP mbox-list-extended-item)] ")"
// mbox-list-extended-item = mbox-list-extended-item-tag SP tagged-ext-val

import type { ListedMailbox, SpecialUse } from '../../types.ts';
import type { ParseOptions } from '../response.ts';
import { CLOSE_PAREN, OPEN_PAREN, SP, StringForm, type Reader } from '../reader.ts';
import { utf8String } from '../strings.ts';
import { readMailboxAttributes } from './flags.ts';
import { readMailbox } from './mailbox-name.ts';

/** RFC 6154 special-use attributes, keyed lower-case (attributes are case-insensitive). */
const SPECIAL_USE: ReadonlyMap<string, SpecialUse> = new Map(
  (['\\All', '\\Archive', '\\Drafts', '\\Flagged', '\\Junk', '\\Sent', '\\Trash'] as const).map((a) => [
    a.toLowerCase(),
    a,
  ]),
);

/** The rest of "* LIST ..." / "* LSUB ...", positioned after the keyword. */
export function readMailboxList(reader: Reader, options: ParseOptions | undefined): ListedMailbox {
  reader.sp();
  const attributes = readMailboxAttributes(reader);
  reader.sp();
  let delimiter: string | null = null;
  const form = reader.stringToken('hierarchy delimiter', true);
  if (form !== StringForm.Nil) delimiter = reader.spanString(form);
  reader.sp();
  const { name, wireName } = readMailbox(reader, options);
  let extended: Map<string, unknown> | undefined;
  if (reader.accept(SP)) extended = readExtendedItems(reader, options);

  let specialUse: SpecialUse | undefined;
  for (const attribute of attributes) {
    specialUse = SPECIAL_USE.get(attribute.toLowerCase());
    if (specialUse !== undefined) break;
  }
  const mailbox: { -readonly [K in keyof ListedMailbox]: ListedMailbox[K] } = {
    name,
    wireName,
    attributes,
    delimiter,
  };
  if (specialUse !== undefined) mailbox.specialUse = specialUse;
  if (extended !== undefined) mailbox.extended = extended;
  return mailbox;
}

/**
 * OLDNAME (RFC 9051 7.3.1) becomes the decoded old name; CHILDINFO (RFC 5258 4) the list of its options,
 * upper-cased; any other item the raw text of its value.
 */
function readExtendedItems(reader: Reader, options: ParseOptions | undefined): Map<string, unknown> {
  const items = new Map<string, unknown>();
  reader.open("'(' of mbox-list-extended");
  if (reader.accept(CLOSE_PAREN)) {
    reader.depth--;
    return items;
  }
  for (;;) {
    const tag = reader.astring('mbox-list-extended-item-tag').toUpperCase();
    reader.sp();
    if (tag === 'OLDNAME' && reader.peek() === OPEN_PAREN) {
      reader.open("'(' of OLDNAME");
      items.set(tag, readMailbox(reader, options, 'OLDNAME mailbox').name);
      reader.close("')' of OLDNAME");
    } else if (tag === 'CHILDINFO' && reader.peek() === OPEN_PAREN) {
      reader.open("'(' of CHILDINFO");
      const childInfo: string[] = [];
      for (;;) {
        childInfo.push(reader.astring('CHILDINFO option').toUpperCase());
        if (reader.accept(CLOSE_PAREN)) break;
        reader.sp();
      }
      reader.depth--;
      items.set(tag, childInfo);
    } else {
      const start = reader.pos;
      reader.skipValue('tagged-ext-val');
      items.set(tag, utf8String(reader.bytes, start, reader.pos));
    }
    if (reader.accept(CLOSE_PAREN)) break;
    reader.sp("SP or ')' in mbox-list-extended");
  }
  reader.depth--;
  return items;
}
