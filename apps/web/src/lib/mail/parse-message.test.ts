import { describe, expect, it } from 'vitest';
import { parseMessage } from './parse-message.ts';

const message = (subject: string): Uint8Array =>
  new TextEncoder().encode(`Subject: ${subject}\r\nFrom: a@example.org\r\n\r\nbody\r\n`);

/** `text` as UTF-8 base64 encoded words of `bytesPerWord` bytes each, split wherever that falls. */
function splitWords(text: string, bytesPerWord: number): string {
  const bytes = new TextEncoder().encode(text);
  const words: string[] = [];
  for (let i = 0; i < bytes.length; i += bytesPerWord) {
    const chunk = String.fromCharCode(...bytes.subarray(i, i + bytesPerWord));
    words.push(`=?UTF-8?B?${btoa(chunk)}?=`);
  }
  return words.join('\r\n ');
}

describe('parseMessage: the Subject', () => {
  it.each([
    ['a Chinese subject split inside its characters', '多字节字符被拆开了', 4],
    ['a Russian subject split inside its characters', 'Отчёт о командировке', 5],
    ['an emoji split across three words', 'Offsite 🏔️ confirmed', 7],
  ])('decodes %s whole, as the list does', async (_what, subject, bytesPerWord) => {
    const parsed = await parseMessage(message(splitWords(subject, bytesPerWord)));
    expect(parsed.subject).toBe(subject);
  });

  it.each([
    ['plain text', 'Quarterly report', 'Quarterly report'],
    ['Q encoding with underscores', '=?utf-8?q?Gr=C3=BC=C3=9Fe_aus_K=C3=B6ln?=', 'Grüße aus Köln'],
    ['a KOI8-R word beside plain text', 'Re: =?koi8-r?B?8NLJ18XU?=', 'Re: Привет'],
    ['no Subject at all', null, ''],
  ])('keeps %s as before', async (_what, header, expected) => {
    const raw =
      header === null ? new TextEncoder().encode('From: a@example.org\r\n\r\nbody\r\n') : message(header);
    expect((await parseMessage(raw)).subject).toBe(expected);
  });
});
