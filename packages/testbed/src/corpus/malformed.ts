import type { Clock } from './clock.ts';
import { TZ } from './clock.ts';
import type { MailSpec } from './compose.ts';
import { FOLDER } from './folders.ts';
import { attachmentPart, multipart, textPart } from './mime.ts';
import { ME, PEOPLE } from './people.ts';

// Mail that breaks the rules the way real senders do. Each `expect` is what a lenient decoder (Thunderbird,
// postal-mime, mailparser) shows, which is what users expect to see.

function splitEncodedWords(text: string, splitAt: number): string {
  const bytes = Buffer.from(text, 'utf8');
  const word = (part: Buffer): string => `=?UTF-8?B?${part.toString('base64')}?=`;
  // Cutting inside a multi-byte character breaks RFC 2047 §5; decoders join adjacent words before decoding.
  return `${word(bytes.subarray(0, splitAt))} ${word(bytes.subarray(splitAt))}`;
}

const MANY_RECIPIENTS = Array.from(
  { length: 40 },
  (_, i) => `"Recipient ${i + 1}" <user${i + 1}@example.net>`,
).join(', ');

export function malformedMessages(clock: Clock): MailSpec[] {
  return [
    {
      id: 'malformed-missing-date',
      folder: FOLDER.inbox,
      flags: ['\\Seen'],
      date: clock.daysAgo(8, 6, 6, TZ.utc),
      omitDate: true,
      from: PEOPLE.dave,
      to: [ME],
      subject: 'No Date header in this one',
      body: textPart('This message has no Date header; clients fall back to INTERNALDATE.'),
      text: ['fall back to INTERNALDATE'],
    },
    {
      id: 'malformed-split-encoded-word',
      folder: FOLDER.inbox,
      flags: ['\\Seen'],
      date: clock.daysAgo(9, 9, 9, TZ.beijing),
      tz: TZ.beijing,
      from: PEOPLE.chenJie,
      to: [ME],
      subject: '多字节字符被拆开了',
      subjectHeader: splitEncodedWords('多字节字符被拆开了', 4),
      body: textPart('主题的编码字被拆在一个汉字中间。'),
      text: ['编码字被拆在一个汉字中间'],
    },
    {
      id: 'malformed-8bit-utf8-headers',
      folder: FOLDER.inbox,
      date: clock.daysAgo(6, 20, 20, TZ.moscow),
      tz: TZ.moscow,
      from: PEOPLE.volkova,
      to: [ME],
      encoding: { charset: 'UTF-8', mode: 'raw' },
      subject: 'Привет! Заголовки в сыром UTF-8',
      body: textPart('Тема и имя отправителя записаны байтами UTF-8 без кодирования.', { encoding: '8bit' }),
      text: ['без кодирования'],
    },
    {
      id: 'malformed-unterminated-multipart',
      folder: FOLDER.inbox,
      flags: ['\\Seen'],
      date: clock.daysAgo(23, 13, 0, TZ.london),
      from: PEOPLE.carol,
      to: [ME],
      subject: 'Truncated multipart (no closing boundary)',
      body: multipart(
        'mixed',
        [
          textPart('The closing boundary of this message is missing.'),
          attachmentPart(Buffer.from('col1,col2\r\n1,2\r\n'), {
            contentType: 'text/csv',
            filename: 'data.csv',
          }),
        ],
        { unterminated: true, preamble: 'This is a multi-part message in MIME format.' },
      ),
      text: ['closing boundary of this message is missing'],
    },
    {
      id: 'malformed-bad-date',
      folder: FOLDER.inbox,
      flags: ['\\Seen'],
      date: clock.daysAgo(31, 10, 11, TZ.utc),
      rawDate: '2024-03-05 10:11:12',
      from: { name: 'Legacy ERP', address: 'erp@legacy.example' },
      to: [ME],
      subject: 'Nightly export finished',
      body: textPart('Export finished: 1532 records.'),
      text: ['1532 records'],
    },
    {
      id: 'malformed-no-from',
      folder: FOLDER.inbox,
      flags: ['\\Seen'],
      date: clock.daysAgo(10, 2, 0, TZ.utc),
      messageId: null,
      to: [ME],
      subject: 'Cron <root@build> /usr/local/bin/backup.sh',
      omitMimeVersion: true,
      body: { kind: 'leaf', headers: [], body: Buffer.from('backup.sh: 14 files, 0 errors\r\n') },
      text: ['14 files, 0 errors'],
    },
    {
      id: 'malformed-encoded-word-in-quotes',
      folder: FOLDER.inbox,
      flags: ['\\Seen'],
      date: clock.daysAgo(24, 8, 30, TZ.beijing),
      tz: TZ.beijing,
      from: PEOPLE.zhangWei,
      fromHeader: `"=?UTF-8?B?${Buffer.from(PEOPLE.zhangWei.name).toString('base64')}?=" <${PEOPLE.zhangWei.address}>`,
      to: [ME],
      subject: 'Encoded word inside a quoted display name',
      body: textPart('RFC 2047 forbids encoded words inside quotes, yet many mailers write them.'),
      text: ['forbids encoded words inside quotes'],
    },
    {
      id: 'malformed-long-header-lines',
      folder: FOLDER.inbox,
      flags: ['\\Seen'],
      date: clock.daysAgo(28, 16, 0, TZ.newYork),
      tz: TZ.newYork,
      from: PEOPLE.alice,
      subject: 'Announcement to a very long recipient list',
      headers: [
        ['To', Buffer.from(MANY_RECIPIENTS)],
        ['X-Long-Header', Buffer.from('x'.repeat(3_000))],
      ],
      body: textPart('Unfolded header lines longer than 998 characters still arrive.'),
      text: ['Unfolded header lines'],
    },
    {
      id: 'malformed-undeclared-latin1',
      folder: FOLDER.inbox,
      flags: ['\\Seen'],
      date: clock.daysAgo(44, 12, 12, TZ.berlin),
      tz: TZ.berlin,
      from: PEOPLE.bob,
      to: [ME],
      subject: 'Menu for Friday',
      omitMimeVersion: true,
      body: textPart('Friday menu: Café au lait, Crème brûlée, Käsespätzle.', {
        charset: 'ISO-8859-1',
        omitCharset: true,
        encoding: '8bit',
      }),
      text: ['Friday menu'],
    },
    {
      id: 'malformed-lowercase-q-word',
      folder: FOLDER.inbox,
      flags: ['\\Seen'],
      date: clock.daysAgo(47, 18, 18, TZ.berlin),
      tz: TZ.berlin,
      from: PEOPLE.bob,
      to: [ME],
      subject: 'Grüße aus Köln',
      subjectHeader: '=?utf-8?q?Gr=C3=BC=C3=9Fe_aus_K=C3=B6ln?=',
      body: textPart('Lower-case charset and encoding letters in the encoded word.'),
      text: ['Lower-case charset'],
    },
  ];
}
