import type { Clock } from './clock.ts';
import { TZ } from './clock.ts';
import type { MailSpec } from './compose.ts';
import { FOLDER } from './folders.ts';
import { multipart, textPart } from './mime.ts';
import { ME } from './people.ts';

// Spam as it arrives in Junk: GB2312 and windows-1251 bulk mail, flagged with both junk keywords in use
// ("Junk" from Thunderbird, "$Junk" from RFC 9051 / Apple Mail).

const JUNK_FLAGS = ['\\Seen', 'Junk', '$Junk'];

export function junkMessages(clock: Clock): MailSpec[] {
  return [
    {
      id: 'spam-gb2312-lottery',
      folder: FOLDER.junk,
      flags: JUNK_FLAGS,
      date: clock.daysAgo(3, 4, 12, TZ.beijing),
      tz: TZ.beijing,
      from: { name: '中奖通知', address: 'prize@lucky-draw.example' },
      to: [ME],
      encoding: { charset: 'GB2312', mode: 'B' },
      subject: '恭喜您中奖了！请尽快领取',
      body: textPart(
        '尊敬的用户：\n\n恭喜您获得一等奖，奖金十万元！请点击链接领取：http://lucky-draw.example/claim',
        {
          charset: 'GB2312',
          encoding: 'base64',
        },
      ),
      text: ['恭喜您获得一等奖'],
    },
    {
      id: 'spam-cp1251-earnings',
      folder: FOLDER.junk,
      flags: ['Junk', '$Junk'],
      date: clock.daysAgo(7, 1, 30, TZ.moscow),
      tz: TZ.moscow,
      from: { name: 'Быстрый заработок', address: 'money@easy-cash.example' },
      to: [ME],
      encoding: { charset: 'windows-1251', mode: 'B' },
      subject: 'Заработок без вложений — от 5000 руб. в день',
      body: multipart('alternative', [
        textPart('Узнайте секрет заработка без вложений: http://easy-cash.example/', {
          charset: 'windows-1251',
          encoding: 'quoted-printable',
        }),
        textPart(
          '<p>Узнайте <b>секрет заработка</b> без вложений!</p><img src="http://easy-cash.example/t.gif" width="1" height="1">',
          {
            subtype: 'html',
            charset: 'windows-1251',
            encoding: 'base64',
          },
        ),
      ]),
      text: ['без вложений'],
    },
    {
      id: 'spam-pharmacy',
      folder: FOLDER.junk,
      flags: JUNK_FLAGS,
      date: clock.daysAgo(12, 3, 3, TZ.utc),
      from: { name: 'Online Pharmacy', address: 'deals@pharmacy.example' },
      to: [ME],
      subject: 'Cheap meds, no prescription!!!',
      body: textPart('Best prices online. Visit http://pharmacy.example/ today.'),
      text: ['Best prices online'],
    },
  ];
}
