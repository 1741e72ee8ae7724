import type { Clock } from './clock.ts';
import { TZ } from './clock.ts';
import { defaultMessageId, type MailSpec } from './compose.ts';
import { FOLDER } from './folders.ts';
import { textPart } from './mime.ts';
import type { Header } from './mime.ts';
import type { Person } from './people.ts';
import { PEOPLE } from './people.ts';

// Mailing-list traffic (RFC 2369 / RFC 2919 headers) in a nested folder, Lists/dovecot.

const LIST: Person = { name: 'Dovecot Mailing List', address: 'dovecot@dovecot.example' };

function listHeaders(): Header[] {
  return [
    ['List-Id', 'Dovecot Mailing List <dovecot.dovecot.example>'],
    ['List-Post', '<mailto:dovecot@dovecot.example>'],
    ['List-Help', '<mailto:dovecot-request@dovecot.example?subject=help>'],
    [
      'List-Subscribe',
      '<https://dovecot.example/mailman/listinfo/dovecot>, <mailto:dovecot-request@dovecot.example?subject=subscribe>',
    ],
    [
      'List-Unsubscribe',
      '<https://dovecot.example/mailman/options/dovecot>, <mailto:dovecot-request@dovecot.example?subject=unsubscribe>',
    ],
    ['Precedence', 'list'],
    ['Sender', '"dovecot" <dovecot-bounces@dovecot.example>'],
  ];
}

interface ListPost {
  from: Person;
  subject: string;
  text: string;
  replyTo?: number;
}

const POSTS: ListPost[] = [
  {
    from: PEOPLE.dave,
    subject: 'Maildir LAYOUT=fs and non-ASCII folder names',
    text: 'Are folder names stored as modified UTF-7 on disk with LAYOUT=fs?',
  },
  {
    from: PEOPLE.dovecotList,
    subject: 'Re: Maildir LAYOUT=fs and non-ASCII folder names',
    text: 'Yes, unless you add the UTF-8 option to mail_location.',
    replyTo: 0,
  },
  {
    from: PEOPLE.kuznetsov,
    subject: 'IDLE notifications delayed with NFS',
    text: 'With mail on NFS our IDLE clients see new mail only after 30 seconds.',
  },
  {
    from: PEOPLE.dovecotList,
    subject: 'Re: IDLE notifications delayed with NFS',
    text: 'inotify does not work over NFS; lower mailbox_idle_check_interval.',
    replyTo: 2,
  },
  {
    from: PEOPLE.chenJie,
    subject: 'Announcing a webmail client with GBK support',
    text: 'We built a browser IMAP client that handles GBK, KOI8-R and ISO-2022-JP.',
  },
];

export function listMessages(clock: Clock): MailSpec[] {
  const ids = POSTS.map((post, i) => defaultMessageId(`list-dovecot-${i + 1}`, post.from));
  return POSTS.map((post, i) => {
    const parentId = post.replyTo === undefined ? undefined : ids[post.replyTo];
    return {
      id: `list-dovecot-${i + 1}`,
      folder: FOLDER.listsDovecot,
      flags: i < 3 ? ['\\Seen'] : [],
      date: clock.daysAgo(30 - i * 5, 7 + i * 2, 5 * i, TZ.berlin),
      tz: TZ.berlin,
      from: post.from,
      to: [LIST],
      subject: `[Dovecot] ${post.subject}`,
      messageId: ids[i] ?? null,
      ...(parentId ? { inReplyTo: parentId, references: [parentId] } : {}),
      headers: listHeaders(),
      body: textPart(
        `${post.text}\n\n_______________________________________________\ndovecot mailing list\ndovecot@dovecot.example\n`,
      ),
      text: [post.text],
    };
  });
}
