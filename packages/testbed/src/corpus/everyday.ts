import type { Clock } from './clock.ts';
import { TZ } from './clock.ts';
import type { MailSpec } from './compose.ts';
import { FOLDER } from './folders.ts';
import { attachmentPart, multipart, textPart } from './mime.ts';
import { makeLogoPng } from './binary.ts';
import { ME, PEOPLE } from './people.ts';

// Ordinary mail that fills the other folders: format=flowed (RFC 3676), a calendar invitation (RFC 5545 /
// iTIP RFC 5546), drafts, sent mail, trash, archive, a bounce (RFC 3464), a signed message, "today" mail.

function calendarInvite(clock: Clock): string {
  const stamp = (date: Date): string =>
    date
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '');
  const start = clock.daysAgo(-3, 14, 0, TZ.utc);
  const end = new Date(start.getTime() + 3_600_000);
  return [
    'BEGIN:VCALENDAR',
    'PRODID:-//Example Corp//Calendar 1.0//EN',
    'VERSION:2.0',
    'METHOD:REQUEST',
    'BEGIN:VEVENT',
    'UID:design-review-2025@example.org',
    `DTSTAMP:${stamp(clock.daysAgo(1, 12, 0, TZ.utc))}`,
    `DTSTART:${stamp(start)}`,
    `DTEND:${stamp(end)}`,
    'SUMMARY:Design review: reader pane',
    'LOCATION:Room 4.12 / https://meet.example.org/design-review',
    'ORGANIZER;CN=Alice Martin:mailto:alice@example.org',
    'ATTENDEE;CN=Demo User;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:demo@testbed.example',
    'ATTENDEE;CN=Bob Schneider;ROLE=OPT-PARTICIPANT;PARTSTAT=ACCEPTED:mailto:bob.schneider@example.de',
    'DESCRIPTION:Walk through the new reader pane and the HTML sanitizer.',
    'SEQUENCE:0',
    'STATUS:CONFIRMED',
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

const FLOWED_TEXT =
  'Hi,\n\nthis paragraph is sent as format=flowed, so every line that ends in a space \n' +
  'is soft-broken and a client should rewrap it to the width of the reader pane \n' +
  'instead of showing ragged short lines.\n\n' +
  '> Quoted text can flow too, and quote depth is kept when \n' +
  '> the client rewraps it.\n\n' +
  '-- \nAlice\n';

const FLOWED_DELSP =
  'With DelSp=yes the trailing space of a soft line break is not part of the text, so long wo\n' +
  'rds can be split anywhere.\n';

// Shaped like a detached OpenPGP signature; it verifies nothing.
const PGP_SIGNATURE = Buffer.from(
  '-----BEGIN PGP SIGNATURE-----\r\n\r\niHUEARYKAB0WIQTestbedNotARealSignatureAAAAAAAAAAAAAAAAAAAAAAAAA\r\n=abcd\r\n-----END PGP SIGNATURE-----\r\n',
);

export function everydayMessages(clock: Clock): MailSpec[] {
  return [
    {
      id: 'flowed-text',
      folder: FOLDER.inbox,
      flags: ['\\Seen'],
      date: clock.daysAgo(17, 13, 13, TZ.london),
      from: PEOPLE.alice,
      to: [ME],
      subject: 'Reading format=flowed',
      headers: [['User-Agent', 'Mozilla Thunderbird 128.3']],
      body: textPart(FLOWED_TEXT, { params: 'format=flowed' }),
      text: ['this paragraph is sent as format=flowed'],
    },
    {
      id: 'flowed-delsp',
      folder: FOLDER.listsDovecot,
      flags: ['\\Seen'],
      date: clock.daysAgo(22, 8, 8, TZ.berlin),
      tz: TZ.berlin,
      from: PEOPLE.bob,
      to: [{ name: 'Dovecot list', address: 'dovecot@dovecot.example' }],
      subject: '[Dovecot] format=flowed with DelSp=yes',
      headers: [['List-Id', 'Dovecot Mailing List <dovecot.dovecot.example>']],
      body: textPart(FLOWED_DELSP.replace('long wo\n', 'long wo \n'), { params: 'format=flowed; delsp=yes' }),
      text: ['With DelSp=yes the trailing space'],
    },
    {
      id: 'calendar-invite',
      folder: FOLDER.inbox,
      date: clock.daysAgo(1, 12, 0, TZ.london),
      from: PEOPLE.calendar,
      replyTo: PEOPLE.alice,
      to: [ME, PEOPLE.bob],
      subject: 'Invitation: Design review: reader pane',
      body: multipart('mixed', [
        multipart('alternative', [
          textPart('You have been invited to: Design review: reader pane\nRoom 4.12\n'),
          textPart('<p>You have been invited to: <b>Design review: reader pane</b></p><p>Room 4.12</p>', {
            subtype: 'html',
          }),
          textPart(calendarInvite(clock), {
            subtype: 'calendar',
            params: 'method=REQUEST',
            encoding: '7bit',
          }),
        ]),
        attachmentPart(Buffer.from(calendarInvite(clock)), {
          contentType: 'application/ics',
          filename: 'invite.ics',
        }),
      ]),
      text: ['You have been invited to'],
    },
    {
      id: 'draft-reply',
      folder: FOLDER.drafts,
      flags: ['\\Draft', '\\Seen'],
      date: clock.minutesAgo(70),
      tz: TZ.berlin,
      from: ME,
      to: [PEOPLE.alice],
      subject: 'Re: Reading format=flowed',
      body: textPart('Thanks Alice, I will check how our reader pane rewraps'),
      text: ['how our reader pane rewraps'],
    },
    {
      id: 'draft-chinese',
      folder: FOLDER.drafts,
      flags: ['\\Draft'],
      date: clock.daysAgo(2, 22, 10, TZ.beijing),
      tz: TZ.beijing,
      from: ME,
      to: [PEOPLE.liNa],
      subject: '周末加班申请',
      body: textPart('李娜您好：\n\n本周六需要加班完成性能测试，特此申请。'),
      text: ['本周六需要加班'],
    },
    {
      id: 'sent-russian',
      folder: FOLDER.sent,
      flags: ['\\Seen'],
      date: clock.daysAgo(14, 15, 0, TZ.berlin),
      tz: TZ.berlin,
      from: ME,
      to: [PEOPLE.volkova],
      subject: 'Планирование отпусков на 2026 год',
      messageId: '<vacations-2026@example.su>',
      body: textPart('Ольга, пришлите, пожалуйста, даты отпусков до пятницы.'),
      text: ['даты отпусков до пятницы'],
    },
    {
      id: 'sent-with-image',
      folder: FOLDER.sent,
      flags: ['\\Seen'],
      date: clock.daysAgo(18, 15, 30, TZ.berlin),
      tz: TZ.berlin,
      from: ME,
      to: [PEOPLE.bob],
      subject: 'Re: Screenshots of the layout bug',
      body: multipart('mixed', [
        textPart('Fixed, see the attached screenshot.'),
        attachmentPart(makeLogoPng(96, 64, [30, 30, 200]), {
          contentType: 'image/png',
          filename: 'fixed.png',
        }),
      ]),
      text: ['Fixed, see the attached screenshot'],
    },
    {
      id: 'trash-old-promo',
      folder: FOLDER.trash,
      flags: ['\\Seen'],
      date: clock.daysAgo(45, 10, 0, TZ.newYork),
      tz: TZ.newYork,
      from: PEOPLE.noreply,
      to: [ME],
      subject: 'Last chance: 20% off annual plans',
      body: textPart('Upgrade today and save 20% on annual plans.'),
      text: ['save 20% on annual plans'],
    },
    {
      id: 'trash-deleted-flag',
      folder: FOLDER.trash,
      flags: ['\\Seen', '\\Deleted'],
      date: clock.daysAgo(50, 9, 0, TZ.london),
      from: PEOPLE.dave,
      to: [ME],
      subject: 'Lunch on Thursday?',
      body: textPart('Are you free for lunch on Thursday?'),
      text: ['free for lunch on Thursday'],
    },
    {
      id: 'archive-conference-2024',
      folder: FOLDER.archive,
      flags: ['\\Seen'],
      date: clock.daysAgo(700, 9, 15, TZ.berlin),
      tz: TZ.berlin,
      from: PEOPLE.bob,
      to: [ME],
      subject: 'Conference travel: hotel booked',
      body: textPart('Hotel is booked for three nights near the venue.'),
      text: ['Hotel is booked for three nights'],
    },
    {
      id: 'archive-old-chinese',
      folder: FOLDER.archive,
      flags: ['\\Seen', '\\Answered'],
      date: clock.daysAgo(600, 14, 0, TZ.beijing),
      tz: TZ.beijing,
      from: PEOPLE.zhangWei,
      to: [ME],
      encoding: { charset: 'GB2312', mode: 'B' },
      subject: '新年快乐！',
      body: textPart('祝你新年快乐，万事如意！\n\n张伟', { charset: 'GB2312', encoding: 'base64' }),
      text: ['万事如意'],
    },
    {
      id: 'today-standup',
      folder: FOLDER.inbox,
      date: clock.minutesAgo(190),
      receivedAfterMinutes: 0,
      from: PEOPLE.alice,
      to: [ME],
      subject: 'Stand-up moved to 10:30 today',
      body: textPart('Stand-up is at 10:30 today because of the all-hands.'),
      text: ['because of the all-hands'],
    },
    {
      id: 'bounce-dsn',
      folder: FOLDER.inbox,
      date: clock.daysAgo(5, 23, 59, TZ.utc),
      from: PEOPLE.mailerDaemon,
      to: [ME],
      subject: 'Undelivered Mail Returned to Sender',
      headers: [['Auto-Submitted', 'auto-replied']],
      body: multipart(
        'report',
        [
          textPart(
            "This is the mail system at host mx.testbed.example.\n\nI'm sorry to have to inform you that your message could not\nbe delivered to one or more recipients.\n\n<nobody@nonexistent.example>: host not found",
          ),
          {
            kind: 'leaf',
            headers: [['Content-Type', 'message/delivery-status']],
            body: Buffer.from(
              'Reporting-MTA: dns; mx.testbed.example\r\n\r\nFinal-Recipient: rfc822; nobody@nonexistent.example\r\n' +
                'Action: failed\r\nStatus: 5.1.2\r\nDiagnostic-Code: X-Postfix; Host or domain name not found\r\n',
            ),
          },
          {
            kind: 'leaf',
            headers: [['Content-Type', 'text/rfc822-headers']],
            body: Buffer.from(
              'From: Demo User <demo@testbed.example>\r\nTo: nobody@nonexistent.example\r\nSubject: Hello?\r\n',
            ),
          },
        ],
        { params: 'report-type=delivery-status' },
      ),
      text: ['your message could not'],
    },
    {
      id: 'pgp-signed',
      folder: FOLDER.listsDovecot,
      flags: ['\\Seen'],
      date: clock.daysAgo(27, 21, 0, TZ.berlin),
      tz: TZ.berlin,
      from: PEOPLE.dovecotList,
      to: [{ name: 'Dovecot list', address: 'dovecot@dovecot.example' }],
      subject: '[Dovecot] Security advisory: update recommended',
      headers: [['List-Id', 'Dovecot Mailing List <dovecot.dovecot.example>']],
      body: multipart(
        'signed',
        [
          textPart('A fix for a header parsing issue is available. Please update.\n'),
          {
            kind: 'leaf',
            headers: [
              ['Content-Type', 'application/pgp-signature; name="signature.asc"'],
              ['Content-Description', 'OpenPGP digital signature'],
              ['Content-Disposition', 'attachment; filename="signature.asc"'],
            ],
            body: PGP_SIGNATURE,
            attachment: { filename: 'signature.asc', size: PGP_SIGNATURE.length },
          },
        ],
        { params: 'micalg=pgp-sha256; protocol="application/pgp-signature"' },
      ),
      text: ['A fix for a header parsing issue is available'],
    },
    {
      id: 'mdn-requested',
      folder: FOLDER.inbox,
      flags: ['\\Seen', '$MDNSent'],
      date: clock.daysAgo(26, 10, 45, TZ.berlin),
      tz: TZ.berlin,
      from: PEOPLE.dave,
      to: [ME],
      subject: 'Please confirm receipt of the contract',
      headers: [['Disposition-Notification-To', 'Dave Kowalski <dave@example.net>']],
      body: textPart('Please confirm you received the contract draft.'),
      text: ['confirm you received the contract draft'],
    },
  ];
}
