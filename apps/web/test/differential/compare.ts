// The fields the differential test compares, extracted the same way from both parsers.
import type { MailparserAddressObject, MailparserMail } from './mailparser.ts';

export interface ComparableAddress {
  name: string;
  address: string;
}

export interface Comparable {
  subject: string;
  from: ComparableAddress[];
  to: ComparableAddress[];
  cc: ComparableAddress[];
  text: string | null;
  attachments: { filename: string | null; size: number }[];
}

/** Line ends and trailing blanks differ by construction (both parsers strip or keep a final newline). */
export function normalizeText(text: string | null | undefined): string | null {
  if (text === null || text === undefined || text === '') return null;
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[ \t]+$/, ''))
    .join('\n')
    .replace(/\n+$/, '');
}

function addresses(
  field: MailparserAddressObject | MailparserAddressObject[] | undefined,
): ComparableAddress[] {
  const list = field === undefined ? [] : Array.isArray(field) ? field : [field];
  const out: ComparableAddress[] = [];
  for (const object of list) {
    for (const entry of object.value) {
      if (entry.group)
        for (const member of entry.group) out.push({ name: member.name, address: member.address ?? '' });
      else out.push({ name: entry.name, address: entry.address ?? '' });
    }
  }
  return out;
}

export function fromMailparser(mail: MailparserMail): Comparable {
  return {
    subject: mail.subject ?? '',
    from: addresses(mail.from),
    to: addresses(mail.to),
    cc: addresses(mail.cc),
    text: normalizeText(mail.text),
    attachments: mail.attachments.map((a) => ({ filename: a.filename ?? null, size: a.size })),
  };
}
