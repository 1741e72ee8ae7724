import type { Clock } from './clock.ts';
import { TZ } from './clock.ts';
import { defaultMessageId, type MailSpec } from './compose.ts';
import { FOLDER } from './folders.ts';
import { textPart } from './mime.ts';
import type { Person } from './people.ts';
import { ME, PEOPLE } from './people.ts';

// A twelve-message reply thread over two weeks with In-Reply-To and References, replies from the demo user
// filed in Sent, and the subject prefixes real clients add (Re:, RE:, AW:, 回复:, [ext]).

interface Turn {
  from: Person;
  subject: string;
  text: string;
  tz: number;
}

const SUBJECT = 'Release 2.0 planning';

const TURNS: Turn[] = [
  {
    from: PEOPLE.alice,
    tz: TZ.london,
    subject: SUBJECT,
    text: 'Kick-off: we aim to ship 2.0 by the end of the quarter. Scope proposals by Friday, please.',
  },
  {
    from: ME,
    tz: TZ.berlin,
    subject: `Re: ${SUBJECT}`,
    text: 'Proposal: CONDSTORE sync and the new reader pane. I can own the sync part.',
  },
  {
    from: PEOPLE.zhangWei,
    tz: TZ.beijing,
    subject: `回复: ${SUBJECT}`,
    text: 'GBK and GB18030 handling must be in scope; our users in Shenzhen depend on it.',
  },
  {
    from: PEOPLE.ivanov,
    tz: TZ.moscow,
    subject: `RE: ${SUBJECT}`,
    text: 'Agree with Zhang Wei. KOI8-R lists need the same care. I can test with Russian mailboxes.',
  },
  {
    from: ME,
    tz: TZ.berlin,
    subject: `Re: ${SUBJECT}`,
    text: 'Noted: charset handling goes in. I will write the corpus for it.',
  },
  {
    from: PEOPLE.bob,
    tz: TZ.berlin,
    subject: `AW: Re: ${SUBJECT}`,
    text: 'Can we keep the dark mode for 2.1? The design is not final.',
  },
  {
    from: PEOPLE.alice,
    tz: TZ.london,
    subject: `Re: ${SUBJECT}`,
    text: 'Fine with moving dark mode to 2.1. Updated scope is on the wiki.',
  },
  {
    from: PEOPLE.tanaka,
    tz: TZ.tokyo,
    subject: `Re: ${SUBJECT}`,
    text: 'ISO-2022-JP please, many of our customers still send it.',
  },
  {
    from: ME,
    tz: TZ.berlin,
    subject: `Re: ${SUBJECT}`,
    text: 'ISO-2022-JP is covered by the same decoder work, no extra scope.',
  },
  {
    from: PEOPLE.carol,
    tz: TZ.newYork,
    subject: `Re: [ext] ${SUBJECT}`,
    text: 'Security review slot booked for the week before the release.',
  },
  {
    from: PEOPLE.alice,
    tz: TZ.london,
    subject: `Re: ${SUBJECT}`,
    text: 'Release candidate cut on Monday. Thanks everyone.',
  },
  {
    from: PEOPLE.ivanov,
    tz: TZ.moscow,
    subject: `Re: ${SUBJECT}`,
    text: 'RC1 passes on all Russian test mailboxes. Ship it!',
  },
];

export function threadMessages(clock: Clock): MailSpec[] {
  const ids: string[] = [];
  return TURNS.map((turn, i) => {
    const id = `thread-${String(i + 1).padStart(2, '0')}`;
    const messageId = defaultMessageId(id, turn.from);
    const parent = ids.at(-1);
    const mine = turn.from === ME;
    const answered = !mine && TURNS[i + 1]?.from === ME;
    const quote = i === 0 ? '' : `\n\nOn an earlier message:\n> ${TURNS[i - 1]?.text ?? ''}\n`;
    const spec: MailSpec = {
      id,
      folder: mine ? FOLDER.sent : FOLDER.inbox,
      flags: i === TURNS.length - 1 ? [] : answered ? ['\\Seen', '\\Answered'] : ['\\Seen'],
      date: clock.daysAgo(Math.floor(20 - i * 1.5), 9 + (i % 8), (i * 13) % 60, turn.tz),
      tz: turn.tz,
      from: turn.from,
      to: [PEOPLE.alice, ME].filter((person) => person !== turn.from),
      cc: [PEOPLE.zhangWei, PEOPLE.ivanov].filter((person) => person !== turn.from),
      subject: turn.subject,
      messageId,
      ...(parent ? { inReplyTo: parent, references: [...ids] } : {}),
      body: textPart(`${turn.text}${quote}`, { encoding: 'quoted-printable' }),
      text: [turn.text.slice(0, 40)],
    };
    ids.push(messageId);
    return spec;
  });
}
