import type { Clock } from './clock.ts';
import { TZ } from './clock.ts';
import type { MailSpec } from './compose.ts';
import { FOLDER } from './folders.ts';
import { textPart } from './mime.ts';
import { ME, PEOPLE } from './people.ts';

// Japanese mail: ISO-2022-JP (RFC 1468, still the default of many Japanese mailers) and Shift_JIS.

export function japaneseMessages(clock: Clock): MailSpec[] {
  return [
    {
      id: 'iso2022jp-subject',
      folder: FOLDER.inbox,
      flags: ['\\Seen'],
      date: clock.daysAgo(7, 10, 0, TZ.tokyo),
      tz: TZ.tokyo,
      from: PEOPLE.tanaka,
      to: [ME],
      encoding: { charset: 'ISO-2022-JP', mode: 'B' },
      subject: '来週の打ち合わせについて',
      body: textPart(
        'お世話になっております。田中です。\n\n来週火曜日の午後二時から打ち合わせをお願いできますでしょうか。\n' +
          '場所は弊社の会議室Ａを予定しております。\n\nよろしくお願いいたします。',
        { charset: 'ISO-2022-JP', encoding: '7bit' },
      ),
      text: ['打ち合わせをお願いできますでしょうか', 'よろしくお願いいたします'],
    },
    {
      id: 'shift-jis-invoice',
      folder: FOLDER.archive,
      flags: ['\\Seen'],
      date: clock.daysAgo(420, 15, 45, TZ.tokyo),
      tz: TZ.tokyo,
      from: PEOPLE.suzuki,
      to: [ME],
      encoding: { charset: 'Shift_JIS', mode: 'B' },
      subject: '請求書送付のご案内',
      body: textPart(
        'いつもお世話になっております。\n\n今月分の請求書を送付いたします。ご確認ください。\n\n鈴木花子',
        {
          charset: 'Shift_JIS',
          encoding: 'base64',
        },
      ),
      text: ['請求書を送付いたします'],
    },
  ];
}
