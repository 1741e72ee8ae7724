import type { Clock } from './clock.ts';
import { TZ } from './clock.ts';
import type { MailSpec } from './compose.ts';
import { FOLDER } from './folders.ts';
import { attachmentPart, multipart, textPart } from './mime.ts';
import { makePdf } from './binary.ts';
import { encodeText } from './charsets.ts';
import { ME, PEOPLE } from './people.ts';

// Russian mail: KOI8-R (old Unix mailers, still common on .ru lists) and windows-1251 (Outlook, The Bat!),
// in bodies, encoded-word headers and RFC 2231 file names.

const KOI8R_B = { charset: 'KOI8-R', mode: 'B' } as const;
const CP1251_Q = { charset: 'windows-1251', mode: 'Q' } as const;

export function russianMessages(clock: Clock): MailSpec[] {
  return [
    {
      id: 'koi8r-b-subject',
      folder: FOLDER.inbox,
      flags: ['\\Seen'],
      date: clock.daysAgo(4, 9, 40, TZ.moscow),
      tz: TZ.moscow,
      from: PEOPLE.ivanov,
      to: [ME],
      encoding: KOI8R_B,
      subject: 'Отчёт о командировке в Новосибирск',
      headers: [['X-Mailer', 'Mutt/1.5.21 (2010-09-15)']],
      body: textPart(
        'Добрый день!\n\nКомандировка в Новосибирск прошла успешно. Договор с заказчиком подписан,\n' +
          'следующая встреча назначена на 20 ноября.\n\nС уважением,\nИван Петров',
        { charset: 'KOI8-R', encoding: '8bit' },
      ),
      text: ['Командировка в Новосибирск', 'Договор с заказчиком подписан'],
    },
    {
      id: 'cp1251-q-subject-invoice',
      folder: FOLDER.inbox,
      date: clock.daysAgo(6, 13, 15, TZ.moscow),
      tz: TZ.moscow,
      from: PEOPLE.smirnova,
      to: [ME],
      encoding: CP1251_Q,
      subject: 'Счёт на оплату №1542 от 15.09',
      headers: [['X-Mailer', 'The Bat! (v9.4.5) Professional']],
      body: multipart('mixed', [
        textPart(
          'Здравствуйте!\n\nВо вложении счёт на оплату №1542. Просим оплатить до конца месяца.\n\nАнна Смирнова\nбухгалтерия',
          {
            charset: 'windows-1251',
            encoding: 'quoted-printable',
          },
        ),
        attachmentPart(makePdf('Invoice 1542', ['Amount due: 48 500.00 RUB', 'Due: end of month']), {
          contentType: 'application/pdf',
          filename: 'Счёт №1542.pdf',
          filenameCharset: 'windows-1251',
        }),
      ]),
      text: ['счёт на оплату №1542', 'до конца месяца'],
    },
    {
      id: 'koi8r-q-meeting',
      folder: FOLDER.workRu,
      flags: ['\\Seen', '\\Flagged'],
      date: clock.daysAgo(8, 18, 2, TZ.moscow),
      tz: TZ.moscow,
      from: PEOPLE.kuznetsov,
      to: [ME, PEOPLE.ivanov],
      encoding: { charset: 'KOI8-R', mode: 'Q' },
      subject: 'Совещание в понедельник в 10:00',
      body: textPart(
        'Коллеги,\n\nсовещание по бюджету переносится на понедельник, 10:00, переговорная "Байкал".\n\nДмитрий',
        {
          charset: 'KOI8-R',
          encoding: 'quoted-printable',
        },
      ),
      text: ['переговорная "Байкал"'],
    },
    {
      id: 'cp1251-html-report',
      folder: FOLDER.workRu,
      flags: ['\\Seen'],
      date: clock.daysAgo(40, 11, 0, TZ.moscow),
      tz: TZ.moscow,
      from: PEOPLE.smirnova,
      to: [ME],
      encoding: { charset: 'windows-1251', mode: 'B' },
      subject: 'Квартальный отчёт: выручка и расходы',
      body: textPart(
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251"></head><body>' +
          '<h2>Квартальный отчёт</h2><table border="1"><tr><th>Показатель</th><th>Сумма, руб.</th></tr>' +
          '<tr><td>Выручка</td><td>12 400 000</td></tr><tr><td>Расходы</td><td>9 150 000</td></tr></table>' +
          '<p>Подробности — в приложении к следующему письму.</p></body></html>',
        { subtype: 'html', charset: 'windows-1251', encoding: 'base64' },
      ),
      text: ['Квартальный отчёт', 'Выручка'],
    },
    {
      id: 'utf8-russian-vacation',
      folder: FOLDER.workRu,
      flags: ['\\Seen', '\\Answered'],
      date: clock.daysAgo(15, 16, 30, TZ.moscow),
      tz: TZ.moscow,
      from: PEOPLE.volkova,
      to: [ME],
      subject: 'Re: Планирование отпусков на 2026 год',
      inReplyTo: '<vacations-2026@example.su>',
      references: ['<vacations-2026@example.su>'],
      body: textPart(
        'Мой отпуск: с 14 по 28 июля.\n\n> Пришлите, пожалуйста, даты отпусков до пятницы.\n\nОльга',
        {
          encoding: 'quoted-printable',
        },
      ),
      text: ['с 14 по 28 июля'],
    },
    {
      id: 'cp1251-attachment-protocol',
      folder: FOLDER.workRu,
      date: clock.daysAgo(1, 10, 25, TZ.moscow),
      tz: TZ.moscow,
      from: PEOPLE.ivanov,
      to: [ME],
      cc: [PEOPLE.kuznetsov, PEOPLE.volkova],
      encoding: CP1251_Q,
      subject: 'Протокол встречи с заказчиком',
      body: multipart('mixed', [
        textPart('Коллеги, протокол встречи во вложении.\n\nИван', {
          charset: 'windows-1251',
          encoding: '8bit',
        }),
        attachmentPart(
          encodeText(
            'Протокол встречи\r\n1. Сроки поставки: декабрь\r\n2. Оплата: 50% аванс\r\n',
            'windows-1251',
          ),
          {
            contentType: 'text/plain; charset=windows-1251',
            filename: 'Протокол встречи 2025-10.txt',
            filenameCharset: 'windows-1251',
          },
        ),
        attachmentPart(encodeText('Отчёт за октябрь: всё по плану.\r\n', 'utf-8'), {
          contentType: 'text/plain; charset=utf-8',
          filename: 'Отчёт за октябрь.txt',
        }),
      ]),
      text: ['протокол встречи во вложении'],
    },
  ];
}
