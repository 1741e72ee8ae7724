// The composed messages of the MIME differential test (issue 11): each is built by buildMessage, parsed back
// by mailparser in Node (compose-mime.test.ts) and by the app's postal-mime worker in Chromium
// (e2e/compose-mime.e2e.ts), and both must give back what was composed (expectedOf). Where the right answer
// is not the input as it is (stripped control characters, an IDN written as A-labels, a fallback file name),
// the case says so in `expect`, written out by hand.
//
// Replies and forwards start from real corpus messages decoded by the app's own parser (parseMessage), the way
// the composer gets them; `mustInclude` holds corpus snippets the quoted text must carry undamaged.
import { buildCorpus, type CorpusMessage } from '@webmail/testbed';
import {
  forwardSubject,
  quotePlainText,
  referencesFor,
  replyRecipients,
  replySubject,
  type BuildOptions,
  type MailAddress,
  type OutgoingAttachment,
  type OutgoingMessage,
} from '../../src/lib/compose/index.ts';
import { parseMessage } from '../../src/lib/mail/parse-message.ts';
import type { KnownDifference } from './known-difference.ts';

export interface ExpectedAttachment {
  filename: string | null;
  /** Lower case, without parameters. */
  contentType: string;
  /** Without brackets, lower case; null without a Content-ID. */
  contentId: string | null;
  content: Uint8Array;
}

/** What a reader must get back. Addresses compared with IDN domains as A-labels (see differential.ts). */
export interface Expected {
  subject: string;
  from: Required<MailAddress>[];
  replyTo: Required<MailAddress>[];
  to: Required<MailAddress>[];
  cc: Required<MailAddress>[];
  bcc: Required<MailAddress>[];
  messageId: string;
  inReplyTo: string | null;
  references: string[];
  /** Milliseconds since the epoch (the Date header has whole seconds). */
  date: number;
  /** LF line ends, no final line breaks ('' for an empty body). */
  text: string;
  html: string | null;
  attachments: ExpectedAttachment[];
}

export interface ComposeCase {
  readonly id: string;
  readonly message: OutgoingMessage;
  readonly options: BuildOptions;
  readonly expect?: Partial<Expected>;
  /** Snippets the parsed text must contain (the quoted original's own words). */
  readonly mustInclude?: readonly string[];
  /** buildMessage must say the message needs 8BITMIME. */
  readonly eightBit?: boolean;
  /** A parser's reading that differs for a reason of its own (known-difference.ts). */
  readonly known?: readonly KnownDifference[];
}

const encoder = new TextEncoder();
const bytes = (text: string): Uint8Array => encoder.encode(text);

const ME: MailAddress = { name: 'Алиса Chen 陈', address: 'alice@webmail.test' };
const BOB: MailAddress = { name: 'Bob Smith', address: 'bob@example.org' };
const WANG: MailAddress = { name: '王芳', address: 'wangfang@example.com.cn' };
const IVAN: MailAddress = { name: 'Иван Петров', address: 'ivanov@example.ru' };
const base: OutgoingMessage = {
  from: ME,
  to: [BOB],
  cc: [],
  bcc: [],
  subject: 'Hello',
  date: new Date('2026-12-04T07:30:15Z'),
  messageId: '<compose.1@webmail.test>',
  text: 'Hi Bob,\nsee you tomorrow.\n\nAlice',
  attachments: [],
};
const SMTP: BuildOptions = { bcc: 'omit', utcOffsetMinutes: 180 };

/** A tiny valid PNG (1x1), so that both parsers see a real image. */
const PNG = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='),
  (c) => c.charCodeAt(0),
);
const ALL_BYTES = Uint8Array.from({ length: 1024 }, (_, i) => i & 0xff);
const pdf = (
  filename: string,
  content: Uint8Array = bytes('%PDF-1.4\n%\u00e2\u00e3\n1 0 obj\n'),
): OutgoingAttachment => ({
  filename,
  contentType: 'application/pdf',
  content,
});

function corpusMessage(corpus: CorpusMessage[], id: string): CorpusMessage {
  const found = corpus.find((m) => m.id === id);
  if (!found) throw new Error(`no corpus message ${id}`);
  return found;
}

/** A reply the way the composer writes one: recipients, subject, threading, the decoded original quoted. */
async function replyTo(original: CorpusMessage, id: string, mode: 'reply' | 'all'): Promise<ComposeCase> {
  const parsed = await parseMessage(original.raw);
  const { to, cc } = replyRecipients(parsed, ['me@webmail.test', ME.address], mode);
  const threading = referencesFor(parsed);
  const from = parsed.from[0]?.name || parsed.from[0]?.address || '';
  return {
    id,
    message: {
      ...base,
      to,
      cc,
      subject: replySubject(parsed.subject),
      ...(threading.inReplyTo === undefined ? {} : { inReplyTo: threading.inReplyTo }),
      references: threading.references,
      text: `Спасибо, получила. 收到，谢谢。\n\n${from} wrote:\n${quotePlainText(parsed.text ?? '')}`,
    },
    options: SMTP,
    mustInclude: original.expect.textIncludes ?? [],
  };
}

async function forwardInline(original: CorpusMessage, id: string): Promise<ComposeCase> {
  const parsed = await parseMessage(original.raw);
  const attachments = parsed.attachments.map((a) => ({
    filename: a.filename ?? 'attachment',
    contentType: a.mimeType,
    content: new Uint8Array(a.content),
  }));
  return {
    id,
    message: {
      ...base,
      subject: forwardSubject(parsed.subject),
      text: `FYI\n\n---------- Forwarded message ----------\nSubject: ${parsed.subject}\n\n${parsed.text ?? ''}`,
      attachments,
    },
    options: SMTP,
    mustInclude: original.expect.textIncludes ?? [],
  };
}

function forwardAttached(original: CorpusMessage, id: string, eightBit: boolean): ComposeCase {
  return {
    id,
    message: {
      ...base,
      subject: forwardSubject(original.expect.subject),
      text: 'The original is attached.',
      attachments: [
        { filename: `${original.expect.subject}.eml`, contentType: 'message/rfc822', content: original.raw },
      ],
    },
    options: SMTP,
    eightBit,
  };
}

export async function composeCases(): Promise<ComposeCase[]> {
  const corpus = buildCorpus();
  const longRussianName = `${'Протокол совещания по итогам квартала '.repeat(4).trim()}.docx`;
  const longOriginal = bytes(`From: a@example.org\r\nSubject: long\r\n\r\n${'x'.repeat(1200)}\r\n`);
  const cases: ComposeCase[] = [
    { id: 'ascii-text-only', message: base, options: SMTP },
    {
      id: 'chinese',
      message: {
        ...base,
        to: [WANG],
        subject: '关于下周项目评审会议的安排',
        text: '王芳，你好：\n\n下周三下午两点开会，请准备材料。\n\n陈',
      },
      options: SMTP,
    },
    {
      id: 'russian',
      message: {
        ...base,
        to: [IVAN],
        subject: 'Отчёт о командировке',
        text: 'Иван, добрый день!\n\nОтчёт во вложении.\n\nАлиса',
      },
      options: SMTP,
    },
    {
      id: 'japanese',
      message: {
        ...base,
        to: [{ name: '山田太郎', address: 'yamada@example.jp' }],
        subject: '来週の打ち合わせについて',
        text: '山田様\n\nお世話になっております。来週の打ち合わせの件でご連絡いたします。',
      },
      options: SMTP,
    },
    {
      id: 'arabic',
      message: {
        ...base,
        to: [{ name: 'أحمد علي', address: 'ahmed@example.eg' }],
        subject: 'اجتماع يوم الاثنين',
        text: 'مرحبا أحمد،\n\nالاجتماع يوم الاثنين الساعة العاشرة.',
      },
      options: SMTP,
    },
    {
      id: 'emoji',
      message: {
        ...base,
        to: [{ name: '🎉 Party People 👩‍👩‍👧', address: 'party@example.org' }],
        subject: '🎉 Team offsite confirmed! 🏔️🚀 🇨🇳🇷🇺',
        text: 'See you there 👋🏽\nFamily: 👨‍👩‍👧‍👦',
      },
      options: SMTP,
    },
    {
      id: 'names-in-every-script',
      message: {
        ...base,
        to: [
          WANG,
          IVAN,
          { name: 'Lee, Ann "AL"', address: 'ann@example.org' },
          { name: "O'Brien (work)", address: 'ob@example.ie' },
        ],
        cc: [
          { name: 'Ελένη Παπαδοπούλου', address: 'eleni@example.gr' },
          { name: 'שרה', address: 'sarah@example.il' },
        ],
        replyTo: [{ name: 'Команда проекта', address: 'team@webmail.test' }],
      },
      options: SMTP,
    },
    {
      id: 'long-ascii-lines',
      message: {
        ...base,
        text: `${'This is a very long line without any line break. '.repeat(50)}\nshort\n${'x'.repeat(1500)}`,
      },
      options: SMTP,
    },
    {
      id: 'long-chinese-lines',
      message: { ...base, subject: '长行', text: '这是一个非常长的没有换行的段落。'.repeat(120) },
      options: SMTP,
    },
    {
      id: 'subject-200-russian',
      message: {
        ...base,
        subject: 'Очень длинная тема письма, в которой больше двухсот символов, '.repeat(4).trim(),
      },
      options: SMTP,
    },
    {
      id: 'subject-200-ascii',
      message: {
        ...base,
        subject: 'A rather long subject line that keeps going and going, '.repeat(4).trim(),
      },
      options: SMTP,
    },
    {
      id: 'subject-long-word-ascii',
      message: { ...base, subject: `https://example.org/${'a1b2c3'.repeat(50)}?x=1` },
      options: SMTP,
    },
    {
      id: 'subject-long-word-chinese',
      message: { ...base, subject: '这是一个没有空格的非常长的中文主题用来测试编码字的拆分'.repeat(5) },
      options: SMTP,
    },
    {
      id: 'subject-looks-encoded',
      message: { ...base, subject: 'Literally =?UTF-8?B?5bel5L2c?= and =?x?q?y?= in text' },
      options: SMTP,
    },
    {
      id: 'subject-mixed-words-and-spaces',
      message: { ...base, subject: 'Re: 会议  at 10:00 —  Совещание   в 10:00' },
      options: SMTP,
    },
    {
      id: 'text-and-html',
      message: { ...base, html: '<p>Hi Bob,</p><p>see you <b>tomorrow</b>.</p><p>Alice</p>' },
      options: SMTP,
    },
    {
      id: 'text-and-html-chinese',
      message: {
        ...base,
        subject: '周报',
        text: '本周完成：\n1. 接口文档\n2. 测试',
        html: '<p>本周完成：</p><ol><li>接口文档</li><li>测试</li></ol>',
      },
      options: SMTP,
    },
    {
      id: 'html-inline-images',
      message: {
        ...base,
        html: '<p>Logo: <img src="cid:logo.1@webmail.test"> and <img src="cid:chart@webmail.test"></p>',
        attachments: [
          { filename: 'logo.png', contentType: 'image/png', content: PNG, contentId: 'logo.1@webmail.test' },
          { filename: '图表.png', contentType: 'image/png', content: PNG, contentId: '<chart@webmail.test>' },
        ],
      },
      options: SMTP,
    },
    {
      id: 'html-inline-and-attachments',
      message: {
        ...base,
        html: '<p><img src="cid:logo.1@webmail.test"> see attached</p>',
        attachments: [
          pdf('报告.pdf'),
          { filename: 'logo.png', contentType: 'image/png', content: PNG, contentId: 'logo.1@webmail.test' },
          pdf('Отчёт.pdf'),
        ],
      },
      options: SMTP,
    },
    {
      id: 'attachment-chinese-name',
      message: { ...base, attachments: [pdf('2025年度预算草案（第二版）.pdf')] },
      options: SMTP,
    },
    {
      id: 'attachment-russian-name',
      message: { ...base, attachments: [pdf('Отчёт за октябрь.pdf')] },
      options: SMTP,
    },
    {
      id: 'attachment-long-ascii-name',
      message: {
        ...base,
        attachments: [pdf(`${'quarterly-financial-report-final-version-'.repeat(5)}2026.pdf`)],
      },
      options: SMTP,
    },
    {
      id: 'attachment-long-russian-name',
      message: {
        ...base,
        attachments: [
          {
            filename: longRussianName,
            contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
            content: ALL_BYTES,
          },
        ],
      },
      options: SMTP,
    },
    {
      id: 'attachment-name-with-quotes-and-emoji',
      message: { ...base, attachments: [pdf('"quoted" \\ back; semi=colon 📎.pdf')] },
      options: SMTP,
    },
    {
      id: 'attachment-every-byte',
      message: {
        ...base,
        attachments: [{ filename: 'bytes.bin', contentType: 'application/octet-stream', content: ALL_BYTES }],
      },
      options: SMTP,
    },
    {
      id: 'attachment-text-with-crlf',
      message: {
        ...base,
        attachments: [
          {
            filename: 'отчёт.csv',
            contentType: 'text/csv; charset=utf-8',
            content: bytes('a;b\r\n1;2\r\nне;ASCII\r\n'),
          },
        ],
      },
      options: SMTP,
    },
    {
      id: 'attachment-empty-file',
      message: {
        ...base,
        attachments: [{ filename: 'empty.txt', contentType: 'text/plain', content: new Uint8Array(0) }],
      },
      options: SMTP,
    },
    {
      id: 'attachments-many',
      message: {
        ...base,
        attachments: [
          pdf('a.pdf'),
          pdf('б.pdf'),
          pdf('丙.pdf'),
          { filename: 'd.png', contentType: 'image/png', content: PNG },
          pdf('e.pdf', ALL_BYTES),
        ],
      },
      options: SMTP,
    },
    await replyTo(corpusMessage(corpus, 'gbk-b-subject'), 'reply-to-gbk', 'all'),
    await replyTo(corpusMessage(corpus, 'gbk-raw-8bit-subject'), 'reply-to-raw-8bit-gbk', 'reply'),
    await replyTo(corpusMessage(corpus, 'koi8r-b-subject'), 'reply-to-koi8r', 'reply'),
    {
      id: 'reply-with-long-references',
      message: {
        ...base,
        subject: replySubject('RE[3]: AW: Release 2.0 planning'),
        ...referencesFor({
          from: [],
          to: [],
          cc: [],
          messageId: '<m40@lists.example.org>',
          references: Array.from({ length: 40 }, (_, i) => `<m${i}@lists.example.org>`).join(' '),
        }),
      },
      options: SMTP,
      expect: {
        subject: 'Re: Release 2.0 planning',
        inReplyTo: '<m40@lists.example.org>',
        references: [
          '<m0@lists.example.org>',
          ...Array.from({ length: 19 }, (_, i) => `<m${i + 22}@lists.example.org>`),
        ],
      },
    },
    await forwardInline(corpusMessage(corpus, 'gbk-attachments-project'), 'forward-inline-with-attachments'),
    forwardAttached(corpusMessage(corpus, 'gbk-b-subject'), 'forward-rfc822-7bit', false),
    forwardAttached(corpusMessage(corpus, 'koi8r-b-subject'), 'forward-rfc822-8bit', true),
    {
      id: 'forward-rfc822-long-line',
      message: {
        ...base,
        subject: 'Fwd: long',
        attachments: [{ filename: 'Long line', contentType: 'message/rfc822', content: longOriginal }],
      },
      options: SMTP,
      expect: {
        attachments: [
          {
            filename: 'Long line.eml',
            contentType: 'application/octet-stream',
            contentId: null,
            content: longOriginal,
          },
        ],
      },
      known: [
        {
          parser: 'mailparser',
          path: 'attachments.0.contentType',
          value: 'message/rfc822',
          why: "mailparser replaces a part's application/octet-stream by the type its file name's extension suggests (.eml); the header says application/octet-stream, as postal-mime reports.",
        },
      ],
    },
    {
      id: 'bcc-kept',
      message: {
        ...base,
        bcc: [{ name: 'Секретарь', address: 'secretary@webmail.test' }, { address: 'boss@example.org' }],
      },
      options: { bcc: 'keep', utcOffsetMinutes: 180 },
    },
    {
      id: 'bcc-omitted',
      message: { ...base, bcc: [{ name: 'Секретарь', address: 'secretary@webmail.test' }] },
      options: SMTP,
    },
    { id: 'empty-body', message: { ...base, text: '' }, options: SMTP },
    { id: 'empty-subject-and-body', message: { ...base, subject: '', text: '' }, options: SMTP },
    {
      id: 'dots-and-from-lines',
      message: { ...base, text: '.\n..\n.hidden\nFrom the start\nFrom: not a header\n>From quoted\n.' },
      options: SMTP,
    },
    {
      id: 'crlf-input',
      message: { ...base, text: 'line one\r\nline two\r\n\r\nline four', html: '<p>a</p>\r\n<p>b</p>' },
      options: SMTP,
      expect: { text: 'line one\nline two\n\nline four', html: '<p>a</p>\n<p>b</p>' },
    },
    {
      id: 'bare-lf-and-cr-input',
      message: { ...base, text: 'unix\nline\rold mac\r\nwindows' },
      options: SMTP,
      expect: { text: 'unix\nline\nold mac\nwindows' },
    },
    {
      id: 'nul-and-control-characters',
      message: {
        ...base,
        subject: 'Tab\there\u0000 bell\u0007 escape\u001b[31m red',
        to: [{ name: 'Bob\u0000 \u0008Smith', address: 'bob@example.org' }],
        text: 'NUL:\u0000| BEL:\u0007| ESC:\u001b[0m| DEL:\u007f| C1:\u0085| tab:\t| form feed:\f|',
        attachments: [pdf('evil\u0000name\r\n.pdf')],
      },
      options: SMTP,
      expect: {
        subject: 'Tab here bell escape[31m red',
        to: [{ name: 'Bob Smith', address: 'bob@example.org' }],
        text: 'NUL:| BEL:| ESC:[0m| DEL:| C1:| tab:\t| form feed:\f|',
        attachments: [
          {
            filename: 'evilname .pdf',
            contentType: 'application/pdf',
            contentId: null,
            content: pdf('x').content,
          },
        ],
      },
    },
    {
      id: 'header-injection-attempts',
      message: {
        ...base,
        subject: 'Hi\r\nBcc: everyone@example.org',
        to: [{ name: 'Bob\r\nCc: evil@example.org', address: 'bob@example.org' }],
      },
      options: SMTP,
      expect: {
        subject: 'Hi Bcc: everyone@example.org',
        to: [{ name: 'Bob Cc: evil@example.org', address: 'bob@example.org' }],
      },
    },
    {
      id: 'trailing-spaces-and-tabs',
      message: { ...base, text: 'trailing spaces   \ntrailing tab\t\n\tleading tab\n   leading spaces' },
      options: SMTP,
    },
    {
      id: 'mostly-ascii-accents',
      message: {
        ...base,
        subject: 'Grüße aus Köln',
        text: `Grüße aus Köln! ${'The café on the corner serves crème brûlée. '.repeat(6)}`,
      },
      options: SMTP,
    },
    {
      id: 'idn-domains-in-ascii-headers',
      message: {
        ...base,
        from: { name: 'Иван', address: 'ivan@пример.рф' },
        to: [{ name: '王芳', address: 'wang@例子.中国' }, { address: 'bob@bücher.example' }],
      },
      options: SMTP,
    },
    {
      id: 'smtputf8-utf8-headers',
      message: {
        ...base,
        from: { name: '陈', address: '陈@例子.中国' },
        to: [
          { name: '用户', address: '用户@例子.测试' },
          { name: 'Юля', address: 'юля@пример.рф' },
        ],
        subject: '国际化地址测试 — тест',
      },
      options: { bcc: 'omit', utf8Headers: true, utcOffsetMinutes: 480 },
    },
    {
      id: 'date-in-a-negative-offset',
      message: { ...base, date: new Date('2027-01-01T03:04:05Z') },
      options: { bcc: 'omit', utcOffsetMinutes: -480 },
    },
    {
      id: 'draft-with-extra-header',
      message: { ...base, extraHeaders: [['X-Draft-Info', 'reply-to=<m1@x>; 草稿']] },
      options: { bcc: 'keep', utcOffsetMinutes: 0 },
    },
  ];
  return cases;
}
