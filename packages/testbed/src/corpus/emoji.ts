import type { Clock } from './clock.ts';
import { TZ } from './clock.ts';
import type { MailSpec } from './compose.ts';
import { FOLDER } from './folders.ts';
import { multipart, textPart } from './mime.ts';
import { ME, PEOPLE } from './people.ts';

// Emoji outside the BMP: skin-tone modifiers, ZWJ families and flags, which break naive UTF-16 handling.

export function emojiMessages(clock: Clock): MailSpec[] {
  return [
    {
      id: 'emoji-subject',
      folder: FOLDER.inbox,
      flags: ['\\Seen', '\\Flagged'],
      date: clock.daysAgo(11, 19, 12, TZ.berlin),
      tz: TZ.berlin,
      from: PEOPLE.bob,
      to: [ME, PEOPLE.alice],
      subject: '🎉 Team offsite confirmed! 🏔️🚀',
      body: multipart('alternative', [
        textPart(
          'Hi all 👋🏽\n\nThe offsite is confirmed: 👨‍👩‍👧‍👦 families welcome, flags 🇨🇳 🇷🇺 🇯🇵 🇩🇪 for the quiz.\n\nBob 🍻',
          {
            encoding: 'quoted-printable',
          },
        ),
        textPart(
          '<p>Hi all 👋🏽</p><p>The offsite is <b>confirmed</b>: 👨‍👩‍👧‍👦 families welcome, flags 🇨🇳 🇷🇺 🇯🇵 🇩🇪 for the quiz.</p><p>Bob 🍻</p>',
          { subtype: 'html', encoding: 'base64' },
        ),
      ]),
      text: ['👨‍👩‍👧‍👦 families welcome', 'Bob 🍻'],
    },
    {
      id: 'today-hotpot',
      folder: FOLDER.inbox,
      date: clock.minutesAgo(35),
      tz: TZ.beijing,
      receivedAfterMinutes: 0,
      from: PEOPLE.chenJie,
      to: [ME],
      subject: '今晚一起吃火锅吗？🍲🌶️',
      body: textPart('老地方，七点？我订位子 😋\n\n陈杰'),
      text: ['老地方，七点？'],
    },
  ];
}
