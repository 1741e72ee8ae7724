// mailbox-data =/ "STATUS" SP mailbox SP "(" [status-att-list] ")"     (RFC 9051 7.3.3)
// status-att-val = ("MESSAGES" / "UIDNEXT" / "UIDVALIDITY" / "UNSEEN" / "DELETED") SP number
//                / "SIZE" SP number64 / "RECENT" SP number (RFC 3501) / "HIGHESTMODSEQ" SP mod-sequence-value
//                (RFC 7162 3.1.2); unknown attributes are skipped.

import type { MailboxStatus } from '../../types.ts';
import type { ParseOptions } from '../response.ts';
import { CLOSE_PAREN, type Reader } from '../reader.ts';
import { readMailbox } from './mailbox-name.ts';

export interface StatusData {
  readonly mailbox: string;
  readonly wireName: string;
  readonly status: MailboxStatus;
}

export function readStatus(reader: Reader, options: ParseOptions | undefined): StatusData {
  reader.sp();
  const { name, wireName } = readMailbox(reader, options);
  reader.sp();
  const status: { -readonly [K in keyof MailboxStatus]: MailboxStatus[K] } = {};
  reader.open("'(' of status-att-list");
  while (!reader.accept(CLOSE_PAREN)) {
    const start = reader.pos;
    const end = reader.atomSpan('status-att');
    reader.sp('SP after status-att');
    if (reader.isKeyword(start, end, 'MESSAGES')) status.messages = reader.number('MESSAGES');
    else if (reader.isKeyword(start, end, 'UIDNEXT')) status.uidNext = reader.nzNumber('UIDNEXT');
    else if (reader.isKeyword(start, end, 'UIDVALIDITY')) status.uidValidity = reader.nzNumber('UIDVALIDITY');
    else if (reader.isKeyword(start, end, 'UNSEEN')) status.unseen = reader.number('UNSEEN');
    else if (reader.isKeyword(start, end, 'DELETED')) status.deleted = reader.number('DELETED');
    else if (reader.isKeyword(start, end, 'RECENT')) status.recent = reader.number('RECENT');
    else if (reader.isKeyword(start, end, 'SIZE')) status.size = reader.number64AsNumber('SIZE');
    else if (reader.isKeyword(start, end, 'HIGHESTMODSEQ'))
      status.highestModseq = reader.number64('HIGHESTMODSEQ');
    else reader.skipValue('status-att value');
    if (reader.accept(CLOSE_PAREN)) break;
    reader.sp("SP or ')' in status-att-list");
  }
  reader.depth--;
  return { mailbox: name, wireName, status };
}
